"""Forms and the filter of the annual tier review."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput
from schools.calendar import academic_start_year_of
from schools.models import academic_year_name

from .annual_services import (
    MOVEMENTS,
    default_effective_on,
    rationale_message,
    rationale_needed,
)
from .models import TIER_MEANINGS, AnnualReview, AnnualReviewItem, Tier


class AnnualReviewOpenForm(forms.Form):
    academic_year = forms.TypedChoiceField(label="Academic year", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = academic_start_year_of(timezone.localdate())
        self.fields["academic_year"].choices = [
            (year, academic_year_name(year)) for year in range(current - 1, current + 2)
        ]
        self.fields["academic_year"].initial = current

    def clean_academic_year(self):
        year = self.cleaned_data["academic_year"]
        if AnnualReview.objects.filter(academic_year=year).exists():
            raise forms.ValidationError(
                f"The review of {academic_year_name(year)} is already open or "
                "finalised; a year has only one review."
            )
        return year


class AnnualReviewItemForm(VersionedFormMixin, forms.Form):
    """The tier a reviewer confirms or changes for one school. It starts at
    the recommended tier (else the current one) and needs a rationale when
    it differs from the recommendation."""

    decided_tier = forms.TypedChoiceField(
        label="Tier from next year",
        choices=Tier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Tier 1, 2 or 3."},
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when the tier differs from the recommended tier.",
    )

    def __init__(self, *args, item, **kwargs):
        # The item, whose version guards against lost updates.
        self.instance = item
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "decided_tier",
            item.decided_tier or item.recommended_tier or item.current_tier,
        )
        self.initial.setdefault("rationale", item.rationale)

    def tier_choices(self):
        """(value, label, meaning, is chosen) for each radio button."""
        chosen = str(self["decided_tier"].value() or "")
        return [
            (value, label, TIER_MEANINGS[value], str(value) == chosen)
            for value, label in Tier.choices
        ]

    def clean(self):
        cleaned = super().clean()
        tier = cleaned.get("decided_tier")
        recommended = self.instance.recommended_tier
        needed = tier and rationale_needed(tier=tier, recommended_tier=recommended)
        if needed and not cleaned.get("rationale"):
            self.add_error("rationale", rationale_message(recommended))
        return cleaned


class AnnualReviewFinaliseForm(forms.Form):
    effective_on = forms.DateField(label="Tiers take effect on", widget=DateInput())

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["effective_on"].initial = default_effective_on(review.academic_year)

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"]
        year_starts = datetime.date(self.review.academic_year, 9, 1)
        if day < year_starts:
            raise forms.ValidationError(
                f"Choose a date from the start of {self.review.academic_year_name}."
            )
        return day


STATUSES = [("undecided", "Not decided yet"), ("decided", "Decided")]


class AnnualReviewItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUSES, method="by_status", label="Status", empty_label="Any"
    )
    movement = django_filters.ChoiceFilter(
        choices=list(MOVEMENTS.items()),
        method="by_movement",
        label="Movement",
        empty_label="Any",
    )

    class Meta:
        model = AnnualReviewItem
        fields = ["status", "movement"]

    def by_status(self, queryset, name, value):
        return queryset.filter(decided_tier__isnull=value == "undecided")

    def by_movement(self, queryset, name, value):
        # The database's reading of AnnualReviewItem.movement.
        tiered = Q(current_tier__isnull=False)
        conditions = {
            "up": tiered & Q(decided_tier__gt=F("current_tier")),
            "down": tiered & Q(decided_tier__lt=F("current_tier")),
            "same": tiered & Q(decided_tier=F("current_tier")),
            "new": Q(current_tier__isnull=True, decided_tier__isnull=False),
        }
        return queryset.filter(conditions[value])
