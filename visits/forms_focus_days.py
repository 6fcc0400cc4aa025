"""Forms of the focus day: the headteacher's request, the central team's
schedule and the reviewer's report. The rules about dates, tiers and
states live in visits.focus_days; these forms only collect and shape."""

from django import forms

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput
from schools.models import ImprovementArea

from .models import FindingKind, FocusDayActivityKind

TEXTAREA = {"class": "form-control"}


class FocusDayRequestForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Area to focus on",
        queryset=ImprovementArea.objects.active(),
        empty_label="Choose an area",
        error_messages={"required": "Choose the area the day should focus on."},
    )
    reason = forms.CharField(
        label="Why this area",
        widget=forms.Textarea(attrs={"rows": 4, **TEXTAREA}),
        error_messages={"required": "Say why the school chose this area."},
        help_text="What the school wants to learn from the day, and what it "
        "already knows about this area.",
    )
    proposed_first_on = forms.DateField(
        label="First choice of date",
        widget=DateInput(),
        error_messages={"required": "Propose at least one date."},
    )
    proposed_second_on = forms.DateField(
        label="Second choice (optional)", widget=DateInput(), required=False
    )
    proposed_third_on = forms.DateField(
        label="Third choice (optional)", widget=DateInput(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.attrs["class"] = "form-select"
        self.fields["proposed_first_on"].help_text = (
            "A school day in the academic year the focus day is for. The trust "
            "confirms the date."
        )


class FocusDayScheduleForm(VersionedFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer", queryset=None, empty_label="Choose a trust colleague"
    )
    scheduled_on = forms.DateField(label="Date of the focus day", widget=DateInput())

    def __init__(self, *args, focus_day, reviewer_choices, **kwargs):
        self.instance = focus_day
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewer", focus_day.reviewer_id)
        self.initial.setdefault(
            "scheduled_on", focus_day.scheduled_on or focus_day.proposed_first_on
        )
        self.fields["reviewer"].queryset = reviewer_choices
        self.fields["reviewer"].label_from_instance = _person
        self.fields["reviewer"].widget.attrs["class"] = "form-select"
        proposed = "; ".join(_long(day) for day in focus_day.proposed_dates)
        self.fields[
            "scheduled_on"
        ].help_text = f"The school's proposed dates: {proposed}."


class FocusDayWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3, **TEXTAREA}),
        error_messages={"required": "Say why the focus day is withdrawn."},
        help_text="The headteacher and the reviewer read this in their e-mail "
        "and on the focus day's page.",
    )


class FocusDayReportForm(VersionedFormMixin, forms.Form):
    """The summary and, per activity, whether it was used and what it covered."""

    summary = forms.CharField(
        label="Overall summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, **TEXTAREA}),
        help_text="What the day found, for the headteacher and governors.",
    )

    def __init__(self, *args, focus_day, **kwargs):
        self.instance = focus_day
        super().__init__(*args, **kwargs)
        self.initial.setdefault("summary", focus_day.summary)
        recorded = {activity.kind: activity for activity in focus_day.activities.all()}
        for kind in FocusDayActivityKind:
            used, detail = f"used_{kind.value}", f"detail_{kind.value}"
            self.fields[used] = forms.BooleanField(label=kind.label, required=False)
            self.fields[detail] = forms.CharField(
                label=f"{kind.label}: what it covered",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            if kind.value in recorded:
                self.initial.setdefault(used, True)
                self.initial.setdefault(detail, recorded[kind.value].detail)

    def activity_rows(self):
        """(checkbox, detail) bound fields per activity, for the template."""
        return [
            (self[f"used_{kind.value}"], self[f"detail_{kind.value}"])
            for kind in FocusDayActivityKind
        ]

    def clean(self):
        cleaned_data = super().clean()
        for kind in FocusDayActivityKind:
            detail = cleaned_data.get(f"detail_{kind.value}", "").strip()
            if detail and not cleaned_data.get(f"used_{kind.value}"):
                self.add_error(
                    f"used_{kind.value}",
                    f"Tick {kind.label.lower()} if it was used, or clear what "
                    "it covered.",
                )
        return cleaned_data

    def activities(self):
        return [
            (kind.value, self.cleaned_data.get(f"detail_{kind.value}", ""))
            for kind in FocusDayActivityKind
            if self.cleaned_data.get(f"used_{kind.value}")
        ]


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Strength or development point",
        choices=[("", "Choose")] + FindingKind.choices,
        required=False,
    )
    area = forms.ModelChoiceField(
        label="Improvement area",
        queryset=ImprovementArea.objects.active(),
        required=False,
        empty_label="Choose an area",
    )
    text = forms.CharField(
        label="Finding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **TEXTAREA}),
    )

    def __init__(self, *args, area_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["area"].widget.attrs["class"] = "form-select"
        if area_choices is not None:
            # Read once for every row of the formset, not once per row.
            self.fields["area"].choices = area_choices

    def clean(self):
        cleaned_data = super().clean()
        values = [cleaned_data.get(name) for name in ("kind", "area", "text")]
        if any(values) and not all(values):
            missing = [
                label
                for name, label in (
                    ("kind", "whether it is a strength or a development point"),
                    ("area", "its improvement area"),
                    ("text", "the finding itself"),
                )
                if not cleaned_data.get(name)
            ]
            raise forms.ValidationError(
                "Give this finding " + " and ".join(missing) + ", or clear it."
            )
        return cleaned_data

    @property
    def is_blank(self):
        return not any(self.cleaned_data.get(name) for name in ("kind", "area", "text"))


class BaseFindingFormSet(forms.BaseFormSet):
    def findings(self):
        return [
            (
                form.cleaned_data["kind"],
                form.cleaned_data["area"],
                form.cleaned_data["text"],
            )
            for form in self.forms
            if not form.is_blank
        ]


# Blank rows for new findings below the recorded ones; "Save and add more
# rows" brings more without JavaScript.
FINDING_EXTRA_ROWS = 3
FindingFormSet = forms.formset_factory(
    FindingForm, formset=BaseFindingFormSet, extra=FINDING_EXTRA_ROWS, max_num=60
)


def finding_formset(data=None, *, focus_day):
    """The findings as rows: the recorded ones to edit, or what was posted.

    A bound formset gets no initial rows: the posted rows are the whole
    draft, and a row that matched an initial one would count as unchanged
    and be dropped (the draft is replaced by what the form holds)."""
    area_choices = [("", "Choose an area")] + [
        (area.pk, area.name) for area in ImprovementArea.objects.active()
    ]
    options = {"prefix": "findings", "form_kwargs": {"area_choices": area_choices}}
    if data is not None:
        return FindingFormSet(data, **options)
    initial = [
        {"kind": finding.kind, "area": finding.area_id, "text": finding.text}
        # In the order the reviewer wrote them, not the report's order.
        for finding in focus_day.findings.order_by("pk")
    ]
    return FindingFormSet(initial=initial, **options)


def _person(user):
    return user.full_name or user.email


def _long(day):
    return f"{day:%A} {day.day} {day:%B %Y}"
