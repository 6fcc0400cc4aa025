"""The annual tier review: opening it, deciding each school, finalising it,
and the summary its pages and report show.

Locks are taken in one order, the review's row before any item's, so that a
decision and the finalising of the same review never deadlock and never
cross: once finalised, no item changes.
"""

import datetime
import logging
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from schools.models import School, academic_year_name

from . import services
from .facts import CURRENT, Recommendation, Signal
from .models import AnnualReview, AnnualReviewItem
from .selectors import current_tiers, recommendations_for
from .support import ceo_visits_per_term

logger = logging.getLogger(__name__)


MOVEMENTS = {
    "up": "Up: more support",
    "down": "Down: less support",
    "same": "Same tier",
    "new": "New: first tier",
}
UNDECIDED = "Not decided yet"


def annual_review_open(*, academic_year, opened_by, today=None):
    """Open the review of an academic year (its start year) with one item
    per open school, holding the school's current tier and the recommended
    tier and signals as they stand now. Raises ValidationError if the year
    already has a review."""
    started = time.monotonic()
    refusal = ValidationError(
        f"The annual review of {academic_year_name(academic_year)} is already "
        "open or finalised; a year has only one review."
    )
    if AnnualReview.objects.filter(academic_year=academic_year).exists():
        raise refusal

    schools = list(School.objects.open().order_by("name", "pk"))
    tiers = current_tiers(schools)
    recommendations = recommendations_for(schools, today=today)
    try:
        with transaction.atomic():
            review = AnnualReview.objects.create(
                academic_year=academic_year, opened_by=opened_by
            )
            items = AnnualReviewItem.objects.bulk_create(
                _item(review, school, recommendation, tiers.get(school.pk))
                for school, recommendation in recommendations
            )
    except IntegrityError:
        # Someone opened the same year between the check and the insert.
        raise refusal from None

    logger.info(
        "Annual review %s opened for %s with %s schools by user %s in %.2fs",
        review.pk,
        academic_year,
        len(items),
        opened_by.pk,
        time.monotonic() - started,
    )
    return review


def _item(review, school, recommendation, decision):
    return AnnualReviewItem(
        review=review,
        school=school,
        current_tier=decision.tier if decision else None,
        recommended_tier=recommendation.tier,
        signals=[signal.as_dict() for signal in recommendation.signals],
    )


def rationale_needed(*, tier, recommended_tier):
    """A reviewer says why when the tier differs from the recommendation,
    and always when there is none: then nothing else explains the tier."""
    return recommended_tier is None or tier != recommended_tier


def rationale_message(recommended_tier):
    if recommended_tier is None:
        return "Say why: there is no recommended tier for this school."
    return (
        f"Say why the tier differs from the recommended tier (Tier {recommended_tier})."
    )


def annual_review_item_decide(
    *, item, tier, rationale, decided_by, is_current=lambda locked: True
):
    """Record the tier a reviewer decides for one school of the review.

    Locks the review's row, then the item's. is_current is called with the
    locked item (see pvat.concurrency): when it answers False, someone else
    saved the item since the form was opened, nothing is saved and None is
    returned. Raises ValidationError once the review is finalised, or
    without a rationale where one is needed. Returns the saved item."""
    rationale = rationale.strip()
    with transaction.atomic():
        review = AnnualReview.objects.select_for_update().get(pk=item.review_id)
        _refuse_if_finalised(review)
        locked = AnnualReviewItem.objects.select_for_update().get(pk=item.pk)
        if not is_current(locked):
            return None
        needed = rationale_needed(tier=tier, recommended_tier=locked.recommended_tier)
        if needed and not rationale:
            raise ValidationError(
                {"rationale": rationale_message(locked.recommended_tier)}
            )
        locked.decided_tier = tier
        locked.rationale = rationale
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.save()

    logger.info(
        "Annual review %s item %s: school %s decided tier %s by user %s",
        review.pk,
        locked.pk,
        locked.school_id,
        tier,
        decided_by.pk,
    )
    return locked


def _refuse_if_finalised(review):
    if review.is_finalised:
        raise ValidationError(finalised_message(review))


def finalised_message(review):
    day = date_format(timezone.localtime(review.finalised_at), "j F Y")
    return (
        f"The {review.academic_year_name} review was finalised on {day}, "
        "so it cannot change now."
    )


def default_effective_on(academic_year):
    """Reviewed tiers take effect at the start of the next academic year."""
    return datetime.date(academic_year + 1, 9, 1)


def annual_review_finalise(*, review, finalised_by, effective_on):
    """Apply every decision of the review at once: one TierDecision per
    school, all in one transaction, so a failure at any school applies
    nothing. Raises ValidationError while any school is undecided, or if the
    review is already finalised, checked under the review's row lock so two
    people finalising together cannot both succeed.

    Headteachers hear of a changed tier only once everything is committed
    (tier_decision_record defers its e-mails and tier_changed until then)."""
    started = time.monotonic()
    with transaction.atomic():
        locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
        if locked.is_finalised:
            raise ValidationError(
                f"The {locked.academic_year_name} review is already finalised: "
                "it cannot happen twice."
            )
        items = list(
            locked.items.select_for_update(of=("self",)).select_related(
                "school", "decided_by"
            )
        )
        _refuse_if_undecided(items)
        changed = sum(_decision_record(locked, item, effective_on) for item in items)
        locked.finalised_by = finalised_by
        locked.finalised_at = timezone.now()
        locked.effective_on = effective_on
        locked.save(update_fields=["finalised_by", "finalised_at", "effective_on"])

    logger.info(
        "Annual review %s finalised by user %s: %s decisions, %s changed tier, "
        "effective %s, in %.2fs",
        locked.pk,
        finalised_by.pk,
        len(items),
        changed,
        effective_on,
        time.monotonic() - started,
    )
    return locked


def _refuse_if_undecided(items):
    undecided = [item for item in items if not item.is_decided]
    if undecided:
        count = len(undecided)
        raise ValidationError(
            f"{count} school{'s are' if count != 1 else ' is'} still undecided. "
            "Decide every school before finalising the review."
        )


def _decision_record(review, item, effective_on):
    """Record the item's decision; True when it changes the school's tier."""
    try:
        services.tier_decision_record(
            school=item.school,
            tier=item.decided_tier,
            decided_by=item.decided_by,
            recommendation=recommendation_of(item),
            effective_on=effective_on,
            rationale=item.rationale,
            annual_review=review,
        )
    except ValidationError as error:
        raise ValidationError(
            f"{item.school.name}: {' '.join(error.messages)}"
        ) from None
    return item.current_tier != item.decided_tier


def recommendation_of(item):
    """The Recommendation the item stored when the review opened, so the
    decision keeps the signals the reviewer saw."""
    signals = tuple(
        Signal(
            criterion=signal.get("criterion", ""),
            label=signal.get("label", ""),
            tier=signal.get("tier"),
            reason=signal.get("reason", ""),
            status=signal.get("status", CURRENT),
        )
        for signal in item.signals
    )
    return Recommendation(tier=item.recommended_tier, signals=signals)


# The summary: plain arithmetic over the items, no database access.


@dataclass(frozen=True)
class SupportRow:
    """One tier's schools and CEO visits per term, before and after."""

    tier: int
    schools_now: int
    schools_after: int
    visits_per_school: int

    @property
    def visits_now(self):
        return self.schools_now * self.visits_per_school

    @property
    def visits_after(self):
        return self.schools_after * self.visits_per_school

    @property
    def difference(self):
        return signed(self.visits_after - self.visits_now)


@dataclass(frozen=True)
class ReviewSummary:
    total: int
    decided: int
    movements: dict  # movement -> count of decided schools
    support: tuple  # SupportRow per tier
    untiered_now: int  # schools with no tier before the review
    undecided: int

    @property
    def percent_decided(self):
        return round(100 * self.decided / self.total) if self.total else 0

    @property
    def is_complete(self):
        return self.decided == self.total

    @property
    def schools_now(self):
        return sum(row.schools_now for row in self.support)

    @property
    def schools_after(self):
        return sum(row.schools_after for row in self.support)

    @property
    def visits_now(self):
        return sum(row.visits_now for row in self.support)

    @property
    def visits_after(self):
        return sum(row.visits_after for row in self.support)

    @property
    def difference(self):
        return signed(self.visits_after - self.visits_now)

    def movement_rows(self):
        """(key, words, count) for each movement, in a fixed order."""
        return [(key, words, self.movements[key]) for key, words in MOVEMENTS.items()]


def annual_review_summary(items, *, visits_per_term=None):
    """Progress, movements and CEO visits per term now and after the review,
    from items with current_tier, decided_tier and movement. Undecided
    schools count before the review but not after it. visits_per_term maps
    tier to CEO visits per term; by default the trust's cadence."""
    items = list(items)
    visits_per_term = visits_per_term or ceo_visits_per_term()
    movements = dict.fromkeys(MOVEMENTS, 0)
    for item in items:
        if item.movement:
            movements[item.movement] += 1
    support = tuple(
        SupportRow(
            tier=tier,
            schools_now=sum(1 for item in items if item.current_tier == tier),
            schools_after=sum(1 for item in items if item.decided_tier == tier),
            visits_per_school=visits_per_term[tier],
        )
        for tier in sorted(visits_per_term)
    )
    decided = sum(1 for item in items if item.decided_tier is not None)
    return ReviewSummary(
        total=len(items),
        decided=decided,
        movements=movements,
        support=support,
        untiered_now=sum(1 for item in items if item.current_tier is None),
        undecided=len(items) - decided,
    )


def movement_words(movement):
    return MOVEMENTS.get(movement, UNDECIDED)


def signed(number):
    """+3, −2 (a true minus sign) or 0."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\N{MINUS SIGN}{-number}"
    return "0"


def annual_review_report_context(review):
    """What the report shows, on its page and in its PDF: the summary and
    each school's row with its movement in words."""
    items = list(
        review.items.select_related("school", "decided_by").order_by(
            "school__name", "pk"
        )
    )
    return {
        "review": review,
        "summary": annual_review_summary(items),
        "rows": [(item, movement_words(item.movement)) for item in items],
    }
