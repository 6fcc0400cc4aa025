"""The headline measures the outcome criteria read, and what those criteria
share: which years have a published figure, the level against national,
and how gaps and old figures are worded.

A suppressed or unpublished year has no figure: it is skipped, never read
as zero or as a fall, and the reason names it.
"""

from .base import (
    is_number,
    join_words,
    missing,
    number,
    out_of_date,
    percent,
    plural,
    threshold,
    too_old_text,
    year_name,
)

PERCENT = "percent"
ATTAINMENT8 = "attainment8"
PROGRESS = "progress"
# The measures the rules read, in the order their signals are listed, and
# which thresholds judge each. Other measures (scaled scores, the
# multiplication tables check, EBacc, A level, the higher standard) inform
# the CEO but have no thresholds in the rule set.
HEADLINE_MEASURES = {
    "eyfs_gld": PERCENT,
    "phonics_expected": PERCENT,
    "ks2_rwm_expected": PERCENT,
    "ks2_reading_progress": PROGRESS,
    "ks2_writing_progress": PROGRESS,
    "ks2_maths_progress": PROGRESS,
    "ks4_attainment8": ATTAINMENT8,
    "ks4_basics_5plus": PERCENT,
    "ks4_progress8": PROGRESS,
}
GAP_THRESHOLDS = {
    PERCENT: ("percent_gap_tier2", "percent_gap_tier3"),
    ATTAINMENT8: ("attainment8_gap_tier2", "attainment8_gap_tier3"),
}
PUBLISHED = "published"
NOT_PUBLISHED = "not_published"
ABSENT_WORDING = {
    "suppressed": "No figure for {years}: suppressed (small cohort or low coverage).",
    "not_published": "No figure for {years}: not published by DfE.",
    "": "No figure recorded for {years}.",
}


def headline_measures(evidence):
    """The school's headline measures in HEADLINE_MEASURES order; the first
    of any key given twice."""
    by_key = {}
    for measure in evidence.outcomes:
        if measure.key in HEADLINE_MEASURES:
            by_key.setdefault(measure.key, measure)
    return [by_key[key] for key in HEADLINE_MEASURES if key in by_key]


def kind_of(measure):
    return HEADLINE_MEASURES[measure.key]


def published_years(measure):
    """The years with a published figure, oldest first, one per year."""
    by_year = {
        year.academic_year: year
        for year in measure.years
        if year.availability == PUBLISHED and is_number(year.value)
    }
    return [by_year[key] for key in sorted(by_year)]


def has_national(measure, year):
    # Progress scores are measured from a national average of 0 by
    # definition, so they need no national figure.
    return kind_of(measure) == PROGRESS or is_number(year.national)


def level_tier(measure, year, thresholds):
    """The tier one year's figure points to against national."""
    kind = kind_of(measure)
    if kind == PROGRESS:
        score = year.value if measure.higher_is_better else -year.value
        if score <= threshold(thresholds, "progress_tier3"):
            return 3
        if score <= threshold(thresholds, "progress_tier2"):
            return 2
        return 1
    difference = year.value - year.national
    # Positive when worse than national, whichever way the measure runs;
    # being at national is never below it, whatever the bar.
    shortfall = -difference if measure.higher_is_better else difference
    tier2, tier3 = (threshold(thresholds, key) for key in GAP_THRESHOLDS[kind])
    if shortfall > 0 and shortfall >= tier3:
        return 3
    if shortfall > 0 and shortfall >= tier2:
        return 2
    return 1


def level_text(measure, year):
    """48% in 2024/25, 14 points below national (62%)"""
    when = year_name(year.academic_year)
    figure = figure_text(measure, year.value)
    if kind_of(measure) == PROGRESS:
        if year.value == 0:
            return f"{figure} in {when}, at the national average of 0"
        side = "above" if year.value > 0 else "below"
        return f"{figure} in {when}, {side} the national average of 0"
    national = figure_text(measure, year.national)
    difference = year.value - year.national
    if difference == 0:
        return f"{figure} in {when}, in line with national ({national})"
    side = "above" if difference > 0 else "below"
    gap = plural(abs(difference), "point")
    return f"{figure} in {when}, {gap} {side} national ({national})"


def figure_text(measure, value):
    kind = kind_of(measure)
    if kind == PERCENT:
        return percent(value)
    return number(value, signed=kind == PROGRESS)


def nothing_published(measure):
    if not measure.years:
        return f"{measure.label}: no results recorded."
    return f"{measure.label}: no published figure." + absent_years_note(measure)


def stale_text(measure, latest, evidence, thresholds):
    return (
        f"{measure.label}: the latest published figure is for "
        f"{year_name(latest.academic_year)}, "
        f"{too_old_text(evidence.today, thresholds)}."
    )


def stale_signal(criterion, label, measure, latest, evidence, thresholds):
    """The signal of a measure whose latest published figure is too old.

    When every later year recorded was not published by DfE (Progress 8 for
    2024/25 and 2025/26, say), no newer figure exists to be had: the evidence
    is missing, not left to go out of date, and the reason names the years."""
    reason = stale_text(measure, latest, evidence, thresholds)
    reason += absent_years_note(measure, after=latest.academic_year)
    later = [
        year for year in measure.years if year.academic_year > latest.academic_year
    ]
    if later and all(year.availability == NOT_PUBLISHED for year in later):
        return missing(criterion, label, reason)
    return out_of_date(criterion, label, reason)


def absent_years_note(measure, *, after=None, upto=None):
    """Sentences naming the years recorded without a figure (later than
    `after`, up to `upto`), so a gap is read as a gap; "" when none."""
    published = {year.academic_year for year in published_years(measure)}
    absent = {availability: set() for availability in ABSENT_WORDING}
    for year in measure.years:
        start = year.academic_year
        if start in published or (after is not None and start <= after):
            continue
        if upto is not None and start > upto:
            continue
        key = year.availability if year.availability in ABSENT_WORDING else ""
        absent[key].add(start)
    return "".join(
        " "
        + ABSENT_WORDING[key].format(years=join_words(map(year_name, sorted(starts))))
        for key, starts in absent.items()
        if starts
    )
