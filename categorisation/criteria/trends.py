"""Criteria 3 and 4: how each headline measure has moved over the years:
a decline over three years, and persistent underperformance."""

import math

from .base import (
    is_stale_year,
    missing,
    number,
    percent,
    plural,
    signal,
    threshold,
    year_name,
)
from .headline import (
    GAP_THRESHOLDS,
    PERCENT,
    PROGRESS,
    absent_years_note,
    has_national,
    headline_measures,
    kind_of,
    level_text,
    level_tier,
    nothing_published,
    published_years,
    stale_signal,
)

DECLINE = "outcomes_decline"
DECLINE_LABEL = "Decline over three years"
PERSISTENCE = "outcomes_persistence"
PERSISTENCE_LABEL = "Persistent underperformance"


def outcomes_decline(evidence, thresholds):
    """Each headline percentage measure's change from the oldest to the
    newest published figure of the three academic years up to its latest
    published one: a fall of at least decline_points is Tier 2, anything
    else Tier 1. Attainment 8 and progress scores have no decline bar."""
    measures = [m for m in headline_measures(evidence) if kind_of(m) == PERCENT]
    if not measures:
        return (
            missing(
                DECLINE,
                DECLINE_LABEL,
                "No headline percentage measures recorded, so there is no trend "
                "to read.",
            ),
        )
    return tuple(_decline(measure, evidence, thresholds) for measure in measures)


def _decline(measure, evidence, thresholds):
    years = published_years(measure)
    if not years:
        return missing(DECLINE, DECLINE_LABEL, nothing_published(measure))
    latest = years[-1]
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return stale_signal(
            DECLINE, DECLINE_LABEL, measure, latest, evidence, thresholds
        )
    first_year = latest.academic_year - 2
    window = [year for year in years if year.academic_year >= first_year]
    note = absent_years_note(measure, after=first_year - 1, upto=latest.academic_year)
    if len(window) < 2:
        when = year_name(latest.academic_year)
        return missing(
            DECLINE,
            DECLINE_LABEL,
            f"{measure.label}: only {when} has a published figure in the three "
            f"years to {when}, so there is no trend to read.{note}",
        )
    oldest, newest = window[0], window[-1]
    change = newest.value - oldest.value
    worsening = -change if measure.higher_is_better else change
    bar = threshold(thresholds, "decline_points")
    tier = 2 if worsening > 0 and worsening >= bar else 1
    reason = f"{measure.label}: {_change_text(oldest, newest)}."
    if not measure.higher_is_better:
        reason += " Lower is better."
    return signal(DECLINE, DECLINE_LABEL, tier, reason + note)


def _change_text(oldest, newest):
    """fell 6 points from 54% in 2022/23 to 48% in 2024/25"""
    start, end = year_name(oldest.academic_year), year_name(newest.academic_year)
    change = newest.value - oldest.value
    if change == 0:
        return f"unchanged at {percent(newest.value)} from {start} to {end}"
    verb = "rose" if change > 0 else "fell"
    return (
        f"{verb} {plural(abs(change), 'point')} from {percent(oldest.value)} in "
        f"{start} to {percent(newest.value)} in {end}"
    )


def outcomes_persistence(evidence, thresholds):
    """Each headline measure at or beyond its Tier 2 bar in every one of the
    last persistent_years published years that have a national figure is
    Tier 3, persistent underperformance; a measure not below the bar in one
    of them is Tier 1. Fewer years than that, all below, is reported as
    missing evidence."""
    measures = headline_measures(evidence)
    if not measures:
        return (
            missing(PERSISTENCE, PERSISTENCE_LABEL, "No headline outcomes recorded."),
        )
    return tuple(_persistence(measure, evidence, thresholds) for measure in measures)


def _persistence(measure, evidence, thresholds):
    years = published_years(measure)
    if not years:
        return missing(PERSISTENCE, PERSISTENCE_LABEL, nothing_published(measure))
    latest = years[-1]
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return stale_signal(
            PERSISTENCE, PERSISTENCE_LABEL, measure, latest, evidence, thresholds
        )
    needed = persistent_years(thresholds)
    judged = [year for year in years if has_national(measure, year)][-needed:]
    if not judged:
        return missing(
            PERSISTENCE,
            PERSISTENCE_LABEL,
            f"{measure.label}: no published figure with a national figure to "
            f"compare with.",
        )
    not_below = [y for y in judged if level_tier(measure, y, thresholds) == 1]
    if not_below:
        return signal(
            PERSISTENCE,
            PERSISTENCE_LABEL,
            1,
            f"{measure.label}: not persistently below national; "
            f"{level_text(measure, not_below[-1])}.",
        )
    bar = _bar_text(measure, thresholds)
    texts = "; ".join(level_text(measure, year) for year in judged)
    if len(judged) < needed:
        return missing(
            PERSISTENCE,
            PERSISTENCE_LABEL,
            f"{measure.label}: {bar} in {plural(len(judged), 'published year')}, "
            f"but it takes {needed} to call it persistent: {texts}.",
        )
    return signal(
        PERSISTENCE,
        PERSISTENCE_LABEL,
        3,
        f"{measure.label}: persistent underperformance, {bar} in each of the "
        f"last {needed} published years: {texts}.",
    )


def persistent_years(thresholds):
    """Whole years, rounded up; at least one."""
    return max(1, math.ceil(threshold(thresholds, "persistent_years")))


def _bar_text(measure, thresholds):
    kind = kind_of(measure)
    if kind == PROGRESS:
        bar = threshold(thresholds, "progress_tier2")
        return f"a progress score at or below {number(bar, signed=True)}"
    bar = threshold(thresholds, GAP_THRESHOLDS[kind][0])
    side = "below" if measure.higher_is_better else "above"
    return f"at least {plural(bar, 'point')} {side} national"
