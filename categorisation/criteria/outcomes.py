"""Criterion 2: each headline measure's latest published figure against
national."""

from .base import is_stale_year, missing, signal, year_name
from .headline import (
    absent_years_note,
    figure_text,
    has_national,
    headline_measures,
    level_text,
    level_tier,
    nothing_published,
    published_years,
    stale_signal,
)

CRITERION = "outcomes"
LABEL = "Outcomes against national"


def outcomes(evidence, thresholds):
    """One signal per headline measure: points below national for
    percentages and Attainment 8, the score itself for progress (national
    is 0). When the latest year has no national figure yet, the latest
    current year that has one is compared, and the reason says so."""
    measures = headline_measures(evidence)
    if not measures:
        return (missing(CRITERION, LABEL, "No headline outcomes recorded."),)
    return tuple(_level(measure, evidence, thresholds) for measure in measures)


def _level(measure, evidence, thresholds):
    years = published_years(measure)
    if not years:
        return missing(CRITERION, LABEL, nothing_published(measure))
    latest = years[-1]
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return stale_signal(CRITERION, LABEL, measure, latest, evidence, thresholds)
    comparable = [
        year
        for year in years
        if has_national(measure, year)
        and not is_stale_year(year.academic_year, evidence.today, thresholds)
    ]
    figure = figure_text(measure, latest.value)
    when = year_name(latest.academic_year)
    if not comparable:
        return missing(
            CRITERION,
            LABEL,
            f"{measure.label}: {figure} in {when}, with no national figure for "
            f"that year or any recent one to compare with.",
        )
    chosen = comparable[-1]
    reason = f"{measure.label}: {level_text(measure, chosen)}."
    if chosen is not latest:
        reason += f" The {when} figure, {figure}, has no national figure yet."
    reason += absent_years_note(measure, after=latest.academic_year)
    tier = level_tier(measure, chosen, thresholds)
    return signal(CRITERION, LABEL, tier, reason)
