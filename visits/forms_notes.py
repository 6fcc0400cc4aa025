"""The visit note form, read from a plain post or from the page's autosave.

Judgement and action rows are numbered fields (`judgement-0-area`,
`action-2-owner`) so the page can add rows without a management form, and a
row left blank is ignored.
"""

import re

from django import forms
from django.http import QueryDict

from schools.models import ImprovementArea

from .models import QualityLevel
from .notes import SECTIONS

ROW = re.compile(r"^(judgement|action)-(\d+)-")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class VisitNoteForm(forms.Form):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    purpose = forms.CharField(required=False, widget=TEXTAREA)
    focus_areas = forms.ModelMultipleChoiceField(
        queryset=ImprovementArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    latest_data = forms.CharField(label="Latest data", required=False, widget=TEXTAREA)
    improvement_priorities = forms.CharField(
        label="Improvement priorities", required=False, widget=TEXTAREA
    )
    self_evaluation = forms.CharField(
        label="Self-evaluation", required=False, widget=TEXTAREA
    )
    plan_progress = forms.CharField(
        label="Progress against the plan", required=False, widget=TEXTAREA
    )
    summary = forms.CharField(
        required=False,
        widget=TEXTAREA,
        help_text="A short summary that governors can read.",
    )
    is_shared_with_school = forms.BooleanField(
        label="Share the note with the school", required=False
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = areas
        self.sections = [self[name] for name in SECTIONS]


class JudgementRowForm(forms.Form):
    area = forms.ModelChoiceField(queryset=ImprovementArea.objects.none())
    judgement = forms.ChoiceField(choices=QualityLevel.choices)
    comment = forms.CharField(required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ActionRowForm(forms.Form):
    action = forms.CharField()
    owner = forms.CharField(max_length=200)
    due_on = forms.DateField(
        label="Due date", widget=forms.DateInput(attrs={"type": "date"})
    )


class VisitNoteForms:
    """The note form with its judgement and action rows, validated together."""

    def __init__(self, data=None, *, areas, note=None, blank_rows=1):
        self.areas = areas
        self.main = VisitNoteForm(data, areas=areas, initial=_initial(note))
        if data is None:
            judgements, actions = _rows_of(note)
        else:
            judgements, actions = _posted_rows(data)
        self.judgements = [
            JudgementRowForm(
                data, prefix=f"judgement-{index}", areas=areas, initial=row
            )
            for index, row in judgements
        ]
        self.actions = [
            ActionRowForm(data, prefix=f"action-{index}", initial=row)
            for index, row in actions
        ]
        self._add_blank_rows(blank_rows)

    def _add_blank_rows(self, count):
        next_judgement = _next_index(self.judgements)
        next_action = _next_index(self.actions)
        for offset in range(count):
            self.judgements.append(
                JudgementRowForm(
                    prefix=f"judgement-{next_judgement + offset}", areas=self.areas
                )
            )
            self.actions.append(ActionRowForm(prefix=f"action-{next_action + offset}"))

    def filled_rows(self, rows):
        return [row for row in rows if row.is_bound and _is_filled(row)]

    def is_valid(self):
        judgements = self.filled_rows(self.judgements)
        actions = self.filled_rows(self.actions)
        valid = self.main.is_valid()
        # Every row is checked, not only up to the first bad one, so the page
        # shows all errors at once.
        rows_valid = [row.is_valid() for row in judgements + actions]
        valid = all(rows_valid) and valid
        areas = [row.cleaned_data.get("area") for row in judgements]
        if len(set(areas)) != len(areas):
            self.main.add_error(None, "Give each area one judgement.")
            valid = False
        return valid

    @property
    def errors(self):
        errors = dict(self.main.errors)
        for row in self.filled_rows(self.judgements) + self.filled_rows(self.actions):
            for field, messages in row.errors.items():
                errors[f"{row.prefix}-{field}"] = messages
        return errors

    @property
    def cleaned_data(self):
        data = dict(self.main.cleaned_data)
        data["judgements"] = [
            row.cleaned_data for row in self.filled_rows(self.judgements)
        ]
        data["actions"] = [row.cleaned_data for row in self.filled_rows(self.actions)]
        return data


def querydict_from_json(payload):
    """The autosave's JSON object as form data: lists stay lists, true
    becomes a ticked box and false an unticked one."""
    if not isinstance(payload, dict):
        raise ValueError("The draft must be a JSON object.")
    data = QueryDict(mutable=True)
    for key, value in payload.items():
        if isinstance(value, list):
            data.setlist(key, [str(item) for item in value])
        elif value is True:
            data[key] = "on"
        elif value is not False and value is not None:
            data[key] = str(value)
    return data


def _initial(note):
    if note is None:
        return {"revision": 0}
    initial = {field: getattr(note, field) for field in VisitNoteForm.base_fields}
    initial["focus_areas"] = list(note.focus_areas.all())
    return initial


def _rows_of(note):
    if note is None:
        return [], []
    judgements = [
        {"area": row.area_id, "judgement": row.judgement, "comment": row.comment}
        for row in note.judgements.all()
    ]
    actions = [
        {"action": row.action, "owner": row.owner, "due_on": row.due_on}
        for row in note.actions.all()
    ]
    return list(enumerate(judgements)), list(enumerate(actions))


def _posted_rows(data):
    indexes = {"judgement": set(), "action": set()}
    for key in data:
        match = ROW.match(key)
        if match:
            indexes[match[1]].add(int(match[2]))
    return (
        [(index, None) for index in sorted(indexes["judgement"])],
        [(index, None) for index in sorted(indexes["action"])],
    )


def _next_index(rows):
    return max((int(row.prefix.rsplit("-", 1)[1]) for row in rows), default=-1) + 1


def _is_filled(row):
    return any(
        str(row.data.get(row.add_prefix(name), "")).strip() for name in row.fields
    )
