"""The visit note form, read from a plain post or from the page's autosave.

Judgement and action rows are numbered fields (`judgement-0-area`,
`action-2-owner`) so the page can add rows without a management form, and a
row left blank is ignored. A posted form must be whole; an autosaved draft
(`is_draft`) leaves out the rows not finished yet and names them.
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
    noun = "Judgement"
    # What a row still needs, by field, for "it needs an area and ...".
    needs = {"area": "an area", "judgement": "a judgement"}

    area = forms.ModelChoiceField(queryset=ImprovementArea.objects.none())
    judgement = forms.ChoiceField(choices=QualityLevel.choices)
    comment = forms.CharField(required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ActionRowForm(forms.Form):
    noun = "Action"
    needs = {"action": "what is to be done", "owner": "an owner", "due_on": "a date"}

    action = forms.CharField()
    owner = forms.CharField(max_length=200)
    due_on = forms.DateField(
        label="Due date", widget=forms.DateInput(attrs={"type": "date"})
    )


class VisitNoteForms:
    """The note form with its judgement and action rows, validated together.

    With `is_draft`, a row that is not valid yet does not make the whole
    invalid: it is left out of `cleaned_data` and listed in `not_saved`
    (after `is_valid()`), so the rest of an autosaved draft is saved.
    """

    def __init__(self, data=None, *, areas, note=None, blank_rows=1, is_draft=False):
        self.areas = areas
        self.is_draft = is_draft
        self.not_saved = []
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
        if self.is_draft:
            self.not_saved = _unfinished_rows(judgements + actions)
            return valid
        if not all(rows_valid):
            # Said above the form too, where the page lists the errors.
            self.main.add_error(None, "Finish or clear each row that is not complete.")
            valid = False
        areas = [row.cleaned_data.get("area") for row in judgements]
        if len(set(areas)) != len(areas):
            self.main.add_error(None, "Give each area one judgement.")
            valid = False
        return valid

    @property
    def errors(self):
        errors = dict(self.main.errors)
        for row in self.saved_rows(self.judgements) + self.saved_rows(self.actions):
            for field, messages in row.errors.items():
                errors[f"{row.prefix}-{field}"] = messages
        return errors

    def saved_rows(self, rows):
        left_out = {row for row, _message in self.not_saved}
        return [row for row in self.filled_rows(rows) if row not in left_out]

    @property
    def cleaned_data(self):
        data = dict(self.main.cleaned_data)
        data["judgements"] = [
            row.cleaned_data for row in self.saved_rows(self.judgements)
        ]
        data["actions"] = [row.cleaned_data for row in self.saved_rows(self.actions)]
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


def _unfinished_rows(rows):
    """(row, message) for each row a draft leaves out: one not valid yet,
    or a second judgement of an area already judged above it."""
    unfinished, judged = [], set()
    for row in rows:
        reason = _what_is_wrong(row)
        area = row.cleaned_data.get("area")
        if not reason and area in judged:
            reason = "its area already has a judgement"
        elif not reason and area is not None:
            judged.add(area)
        if reason:
            number = int(row.prefix.rsplit("-", 1)[1]) + 1
            unfinished.append((row, f"{row.noun} {number} is not saved yet: {reason}"))
    return unfinished


def _what_is_wrong(row):
    errors = row.errors.as_data()
    missing = [name for name, found in errors.items() if _is_required(found)]
    reasons = [
        f"the {row[name].label.lower()} is not valid"
        for name in errors
        if name not in missing
    ]
    if missing:
        needs = " and ".join(row.needs[name] for name in missing)
        reasons.insert(0, f"it needs {needs}")
    return "; ".join(reasons)


def _is_required(errors):
    return any(error.code == "required" for error in errors)


def _is_filled(row):
    return any(
        str(row.data.get(row.add_prefix(name), "")).strip() for name in row.fields
    )
