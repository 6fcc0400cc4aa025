from django import forms
from django.utils import timezone

from pvat.widgets import DateInput
from schools.models import ImprovementArea

from .joining_services import joining_dates_check
from .models import TIER_MEANINGS, FindingKind, JoiningReview, Tier

FINDINGS_PREFIX = "findings"
ONE_A_LINE = "One a line: name and role."


class JoiningReviewForm(forms.ModelForm):
    team_size = forms.IntegerField(label="Review team size", min_value=1, max_value=20)

    class Meta:
        model = JoiningReview
        fields = [
            "starts_on",
            "ends_on",
            "trust_participants",
            "school_participants",
            "team_size",
            "summary",
        ]
        labels = {
            "starts_on": "First day of the review",
            "ends_on": "Last day of the review",
        }
        help_texts = {
            "trust_participants": ONE_A_LINE,
            "school_participants": ONE_A_LINE,
            "summary": "The review's overall view of the school.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "trust_participants": forms.Textarea(attrs={"rows": 4}),
            "school_participants": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, school, suggested_team_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_size"].help_text = _team_size_hint(
            school, suggested_team_size
        )
        if suggested_team_size is not None:
            self.fields["team_size"].initial = suggested_team_size

    def clean(self):
        cleaned_data = super().clean()
        problems = joining_dates_check(
            cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned_data


def _team_size_hint(school, suggested_team_size):
    if suggested_team_size is None:
        return (
            "No number of pupils is recorded for this school, so there is no "
            "suggested size."
        )
    return f"Suggested for {school.number_of_pupils} pupils: {suggested_team_size}."


class FindingForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Improvement area",
        queryset=ImprovementArea.objects.active(),
        empty_label="Choose an area",
    )
    kind = forms.ChoiceField(
        label="Strength or development point",
        choices=[("", "Choose")] + FindingKind.choices,
    )
    text = forms.CharField(label="Finding", widget=forms.Textarea(attrs={"rows": 2}))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{_input_class(widget)} is-invalid"


def _input_class(widget):
    return "form-select" if isinstance(widget, forms.Select) else "form-control"


class BaseFindingFormSet(forms.BaseFormSet):
    """Findings, each in one improvement area; blank rows are left out.

    rows pre-fills the forms of an unbound formset, so that a page grown by
    "Add another finding" keeps what was typed without showing errors."""

    default_error_messages = {
        "too_few_forms": (
            "Record at least one finding: an improvement area, whether it is a "
            "strength or a development point, and what the review found."
        ),
    }

    def __init__(self, *args, rows=(), **kwargs):
        self.rows = list(rows)
        super().__init__(*args, prefix=FINDINGS_PREFIX, **kwargs)
        if self.rows:
            self.extra = len(self.rows) + 1 - self.min_num

    def get_form_kwargs(self, index):
        # Any row may be left blank, the first included: validate_min alone
        # asks for a finding, rather than "required" on an empty first row.
        kwargs = {**super().get_form_kwargs(index), "empty_permitted": True}
        if index < len(self.rows):
            kwargs["initial"] = self.rows[index]
        return kwargs

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", _input_class(field.widget))
        return form

    def findings(self):
        """The filled-in findings as dicts; call after is_valid()."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]

    @classmethod
    def posted_rows(cls, data):
        """What was typed into each row of a posted formset."""
        try:
            count = int(data.get(f"{FINDINGS_PREFIX}-TOTAL_FORMS", 0))
        except ValueError:
            count = 0
        count = min(count, MAXIMUM_FINDINGS)
        return [
            {
                name: data.get(f"{FINDINGS_PREFIX}-{index}-{name}", "")
                for name in FindingForm.base_fields
            }
            for index in range(count)
        ]


MAXIMUM_FINDINGS = 100

FindingFormSet = forms.formset_factory(
    FindingForm,
    formset=BaseFindingFormSet,
    extra=4,
    min_num=1,
    validate_min=True,
    max_num=MAXIMUM_FINDINGS,
    validate_max=True,
)


class InitialTierForm(forms.Form):
    tier = forms.TypedChoiceField(
        label="Initial tier",
        coerce=int,
        choices=[
            (tier.value, f"{tier.label}: {TIER_MEANINGS[tier.value]}") for tier in Tier
        ],
        widget=forms.RadioSelect,
    )
    effective_on = forms.DateField(
        label="Takes effect on", widget=DateInput(), initial=timezone.localdate
    )
    rationale = forms.CharField(
        label="Why this tier",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What in the review's findings and the school's evidence "
        "places it in this tier. The headteacher reads this.",
    )
