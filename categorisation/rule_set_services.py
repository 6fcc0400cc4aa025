"""Saving the thresholds of an academic year's rule set."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import RuleSet
from .thresholds import THRESHOLDS, thresholds_check

logger = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2100


def rule_set_save(*, academic_year, values, notes, saved_by):
    """Create or replace the rule set of the academic year starting in
    September of academic_year. values maps every threshold key to a
    Decimal. Returns the saved RuleSet.

    Raises ValidationError, writing nothing, when thresholds_check finds a
    problem (keyed by threshold). Callers that edit an existing set guard
    against lost updates themselves: lock the row, compare versions, then
    call this inside the same transaction."""
    if not FIRST_YEAR <= academic_year <= LAST_YEAR:
        raise ValueError(f"No academic year starts in {academic_year}.")
    problems = thresholds_check(values)
    if problems:
        raise ValidationError(problems)

    # Strings keep the Decimals exact in JSON; RuleSet.values() reads them back.
    thresholds = {threshold.key: str(values[threshold.key]) for threshold in THRESHOLDS}
    with transaction.atomic():
        rule_set, created = RuleSet.objects.update_or_create(
            academic_year=academic_year,
            defaults={
                "thresholds": thresholds,
                "notes": notes.strip(),
                "updated_by": saved_by,
            },
        )

    logger.info(
        "Rule set %s for %s %s by user %s",
        rule_set.pk,
        academic_year,
        "created" if created else "updated",
        saved_by.pk,
    )
    return rule_set
