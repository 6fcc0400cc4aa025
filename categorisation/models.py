"""Rule sets, tier decisions, joining reviews and the annual tier review.

Tier decisions are append-only: a correction is a new decision, and a
school's current tier is its latest decision.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from schools.models import academic_year_name

from .thresholds import default_thresholds, thresholds_check

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Tier(models.IntegerChoices):
    TIER_1 = 1, "Tier 1"
    TIER_2 = 2, "Tier 2"
    TIER_3 = 3, "Tier 3"


TIER_MEANINGS = {
    1: "Strong, with minimal need for intervention; shares best practice.",
    2: "Moderate support for specific weaknesses.",
    3: "Significant, systemic weaknesses; immediate, intensive support.",
}


class RuleSetQuerySet(models.QuerySet):
    def for_year(self, academic_year):
        """The rule set in force for a year: its own, else the latest before."""
        return (
            self.filter(academic_year__lte=academic_year)
            .order_by("-academic_year")
            .first()
        )


class RuleSet(models.Model):
    """Thresholds that turn evidence into signals, one set per academic year."""

    academic_year = models.PositiveSmallIntegerField(unique=True, validators=YEAR)
    thresholds = models.JSONField(default=dict)
    notes = models.TextField(blank=True, help_text="Why the thresholds changed.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year"]

    def __str__(self):
        return f"Rule set {self.academic_year_name}"

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year)

    def values(self):
        """Every threshold, with defaults for any the set does not hold."""
        from decimal import Decimal

        stored = {key: Decimal(str(value)) for key, value in self.thresholds.items()}
        return {**default_thresholds(), **stored}

    def clean(self):
        from django.core.exceptions import ValidationError

        problems = thresholds_check(self.values())
        if problems:
            raise ValidationError({"thresholds": list(problems.values())})


class TierDecisionQuerySet(models.QuerySet):
    def in_effect(self, on=None):
        """Decisions that have taken effect by a day (today by default). A
        decision for next September is recorded now but is not yet current."""
        return self.filter(effective_on__lte=on or timezone.localdate())

    def latest_per_school(self, on=None):
        """Each school's current decision: the latest in effect."""
        latest = (
            TierDecision.objects.in_effect(on)
            .filter(school=OuterRef("school"))
            .order_by("-effective_on", "-decided_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest))


def current_tier_subquery():
    """For annotating schools with their current tier in one query."""
    return Subquery(
        TierDecision.objects.in_effect()
        .filter(school=OuterRef("pk"))
        .order_by("-effective_on", "-decided_at", "-pk")
        .values("tier")[:1]
    )


class TierDecision(models.Model):
    """A person's decision of a school's tier, with the signals they saw.

    Never edited or deleted: the database refuses neither, so the service
    that records decisions is the only writer and the admin site is
    read-only for them."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="tier_decisions"
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    recommended_tier = models.PositiveSmallIntegerField(
        choices=Tier.choices, null=True, blank=True
    )
    effective_on = models.DateField(default=timezone.localdate)
    rationale = models.TextField(blank=True)
    signals = models.JSONField(
        default=list, help_text="The signals as they stood when deciding."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    annual_review = models.ForeignKey(
        "AnnualReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    joining_review = models.ForeignKey(
        "JoiningReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )

    objects = TierDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-decided_at", "-pk"]
        indexes = [models.Index(fields=["school", "-effective_on", "-decided_at"])]

    def __str__(self):
        return f"{self.get_tier_display()} from {self.effective_on}"

    @property
    def follows_recommendation(self):
        return self.recommended_tier is None or self.tier == self.recommended_tier


class JoiningReview(models.Model):
    """The collaborative review of a school joining the trust, which informs
    its first tier."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="joining_reviews"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    trust_participants = models.TextField(help_text="Names and roles, one a line.")
    school_participants = models.TextField(help_text="Names and roles, one a line.")
    team_size = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return f"Joining review {self.starts_on}"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Development point"


class JoiningFinding(models.Model):
    review = models.ForeignKey(
        JoiningReview, on_delete=models.CASCADE, related_name="findings"
    )
    area = models.ForeignKey(
        "schools.ImprovementArea", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=FindingKind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["area__position", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.area}"


class AnnualReview(models.Model):
    """Once a year the trust reviews every open school's tier. Finalising
    applies every decision at once and can happen only once."""

    academic_year = models.PositiveSmallIntegerField(unique=True, validators=YEAR)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(
        null=True, blank=True, help_text="When the reviewed tiers take effect."
    )

    class Meta:
        ordering = ["-academic_year"]

    def __str__(self):
        return f"Annual tier review {self.academic_year_name}"

    def get_absolute_url(self):
        return reverse(
            "categorisation:annual_review", kwargs={"academic_year": self.academic_year}
        )

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year)

    @property
    def is_finalised(self):
        return self.finalised_at is not None


class AnnualReviewItem(models.Model):
    """One school in an annual review: its tier before, the recommendation,
    and the tier the reviewer confirms or changes to."""

    review = models.ForeignKey(
        AnnualReview, on_delete=models.CASCADE, related_name="items"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="+"
    )
    current_tier = models.PositiveSmallIntegerField(
        choices=Tier.choices, null=True, blank=True
    )
    recommended_tier = models.PositiveSmallIntegerField(
        choices=Tier.choices, null=True, blank=True
    )
    signals = models.JSONField(default=list)
    decided_tier = models.PositiveSmallIntegerField(
        choices=Tier.choices, null=True, blank=True
    )
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "school"], name="annual_review_item_unique_school"
            )
        ]

    def __str__(self):
        return f"{self.school} in {self.review}"

    @property
    def is_decided(self):
        return self.decided_tier is not None

    @property
    def movement(self):
        """Against the tier before the review: "up" to a higher tier number
        (more support), "down" (less support), "same", or "new" for a school
        with no tier before."""
        if self.decided_tier is None:
            return ""
        if self.current_tier is None:
            return "new"
        if self.decided_tier == self.current_tier:
            return "same"
        return "up" if self.decided_tier > self.current_tier else "down"
