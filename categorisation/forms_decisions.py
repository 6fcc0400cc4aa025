from django import forms

from pvat.widgets import DateInput

from .models import TIER_MEANINGS, Tier


def tier_choices():
    return [(tier.value, f"{tier.label}: {TIER_MEANINGS[tier.value]}") for tier in Tier]


class TierDecisionForm(forms.Form):
    tier = forms.TypedChoiceField(
        label="Tier", choices=tier_choices, coerce=int, widget=forms.RadioSelect
    )
    effective_on = forms.DateField(label="Takes effect on", widget=DateInput())
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required when the tier differs from the recommendation.",
    )
    # The decision that was latest when the form was opened: if another one
    # is recorded meanwhile, this one is not saved over it unseen.
    latest_decision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, recommended_tier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommended_tier = recommended_tier

    def clean(self):
        cleaned = super().clean()
        tier, rationale = cleaned.get("tier"), cleaned.get("rationale", "").strip()
        differs = self.recommended_tier is not None and tier != self.recommended_tier
        if tier and differs and not rationale:
            self.add_error(
                "rationale",
                f"Say why the tier differs from the recommended Tier "
                f"{self.recommended_tier}.",
            )
        return cleaned
