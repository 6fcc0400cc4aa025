from django import forms

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput

from .models import CADENCE_ORDER, Cadence, TierCadence, VisitKind


class VisitPlanForm(VersionedFormMixin, forms.Form):
    """The target date and lead of one planned visit. The window is checked
    by visit_move, which the view calls."""

    planned_on = forms.DateField(label="Target date", widget=DateInput())
    lead = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No lead yet"
    )

    def __init__(self, *args, visit, lead_choices, **kwargs):
        self.instance = visit
        super().__init__(*args, **kwargs)
        self.initial.setdefault("planned_on", visit.planned_on)
        self.initial.setdefault("lead", visit.lead_id)
        self.fields["lead"].queryset = lead_choices
        self.fields["planned_on"].help_text = (
            f"Between {_long(visit.window_starts_on)} and "
            f"{_long(visit.window_ends_on)}, on a school day."
        )
        self.fields["planned_on"].widget.attrs.update(
            min=visit.window_starts_on.isoformat(),
            max=visit.window_ends_on.isoformat(),
        )
        self.fields["lead"].widget.attrs["class"] = "form-select"


class SchoolCadenceForm(forms.Form):
    """A school visited more often than its tier, or as its tier."""

    cadence = forms.ChoiceField(label="How often the CEO visits")
    reason = forms.CharField(
        label="Why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="Needed when the school is visited more often than its tier.",
    )

    def __init__(self, *args, tier_cadence, **kwargs):
        super().__init__(*args, **kwargs)
        as_tier = f"As its tier ({tier_cadence.get_cadence_display().lower()})"
        self.fields["cadence"].choices = [("", as_tier)] + [
            (cadence.value, cadence.label)
            for cadence in more_often_than(tier_cadence.cadence)
        ]
        self.fields["cadence"].widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("cadence") and not cleaned_data.get("reason", "").strip():
            self.add_error("reason", "Say why the school is visited more often.")
        return cleaned_data


def more_often_than(cadence):
    """The cadences that visit more often than this one."""
    return [Cadence(value) for value in CADENCE_ORDER[: CADENCE_ORDER.index(cadence)]]


class TierCadenceForm(forms.ModelForm):
    class Meta:
        model = TierCadence
        fields = ["cadence", "visit_kind"]
        widgets = {
            "cadence": forms.Select(attrs={"class": "form-select"}),
            "visit_kind": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every tier has a cadence and a visit: no empty choice.
        self.fields["cadence"].choices = Cadence.choices
        self.fields["visit_kind"].choices = VisitKind.choices


TierCadenceFormSet = forms.modelformset_factory(
    TierCadence, form=TierCadenceForm, extra=0, can_delete=False
)


def _long(day):
    return f"{day.day} {day:%B %Y}"
