"""Joining reviews: the collaborative review of a school joining the trust,
and the initial tier it leads to."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import JoiningFinding, JoiningReview
from .services import tier_decision_record

logger = logging.getLogger(__name__)

REVIEW_FIELDS = [
    "starts_on",
    "ends_on",
    "trust_participants",
    "school_participants",
    "team_size",
    "summary",
]

# (largest number of pupils, review team size), smallest schools first. A
# one-form-entry primary (up to 210 pupils) needs a pair of reviewers; each
# step up in size adds one, to five for a large secondary.
TEAM_SIZES = [(210, 2), (420, 3), (1000, 4)]
LARGEST_TEAM_SIZE = 5


def team_size_suggested(number_of_pupils):
    """The suggested review team for a school of this size, or None when
    the number of pupils is not known."""
    if number_of_pupils is None:
        return None
    for most_pupils, team_size in TEAM_SIZES:
        if number_of_pupils <= most_pupils:
            return team_size
    return LARGEST_TEAM_SIZE


def joining_dates_check(starts_on, ends_on):
    """Problems with a review's dates, as {field: message}; empty if none."""
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": "The review cannot end before it starts."}
    return {}


def joining_review_record(*, school, data, findings, recorded_by):
    """Save a joining review of the school with its findings, in one
    transaction. data holds the review's fields (REVIEW_FIELDS); findings
    is a list of {"area", "kind", "text"}. Raises ValidationError, writing
    nothing, when the dates are out of order or there is no finding."""
    review = JoiningReview(
        school=school,
        recorded_by=recorded_by,
        **{field: data[field] for field in REVIEW_FIELDS if field in data},
    )
    _check(review, findings)

    with transaction.atomic():
        review.save()
        JoiningFinding.objects.bulk_create(
            JoiningFinding(review=review, **finding) for finding in findings
        )

    logger.info(
        "Joining review %s of school %s recorded by user %s with %s finding(s)",
        review.pk,
        school.pk,
        recorded_by.pk,
        len(findings),
    )
    return review


def _check(review, findings):
    problems = joining_dates_check(review.starts_on, review.ends_on)
    if problems:
        raise ValidationError(problems)
    review.full_clean()
    if not findings:
        raise ValidationError("Record at least one finding.", code="no_findings")
    for finding in findings:
        JoiningFinding(review=review, **finding).full_clean(exclude=["review"])


def joining_review_tier_record(
    *, review, tier, rationale, decided_by, effective_on=None
):
    """Record the initial tier a joining review leads to, once per review,
    through tier_decision_record. A rationale is required.

    Holds a lock on the review while checking, so two people deciding at
    the same moment cannot both record a tier from it. Raises
    ValidationError when a tier has already been recorded from it."""
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why the school is in this tier."})
    with transaction.atomic():
        locked = JoiningReview.objects.select_for_update().get(pk=review.pk)
        if locked.decisions.exists():
            raise ValidationError(
                "The initial tier from this review has already been recorded.",
                code="decided",
            )
        decision = tier_decision_record(
            school=review.school,
            tier=tier,
            decided_by=decided_by,
            rationale=rationale,
            effective_on=effective_on,
            joining_review=locked,
        )
    logger.info("Joining review %s led to tier decision %s", review.pk, decision.pk)
    return decision
