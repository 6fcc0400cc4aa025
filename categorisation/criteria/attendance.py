"""Criteria 5 and 6: attendance, and behaviour and exclusions, for the
latest whole academic year against national. When that year has no national
figure yet, the latest year that has one is compared, and the reason says
so."""

from .base import (
    is_number,
    is_stale_year,
    missing,
    number,
    out_of_date,
    percent,
    plural,
    signal,
    threshold,
    too_old_text,
    year_name,
)

ATTENDANCE = "Attendance"
BEHAVIOUR = "Behaviour and exclusions"


def attendance(evidence, thresholds):
    """Overall and persistent absence, each in percentage points above
    national; the higher of the two tiers."""
    years = _whole_years(evidence.attendance, ("overall_absence", "persistent_absence"))
    if not years:
        return missing("attendance", ATTENDANCE, "No whole-year attendance recorded.")
    latest = years[-1]
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return out_of_date(
            "attendance",
            ATTENDANCE,
            _stale("attendance", latest, evidence, thresholds),
        )
    nationals = ("national_overall_absence", "national_persistent_absence")
    chosen = _latest_comparable(years, nationals, evidence, thresholds)
    if chosen is None:
        return missing(
            "attendance",
            ATTENDANCE,
            f"Overall absence {percent(latest.overall_absence)} and persistent "
            f"absence {percent(latest.persistent_absence)} in "
            f"{year_name(latest.academic_year)}, with no national figures for "
            f"that year or any recent one to compare with.",
        )
    return signal(
        "attendance",
        ATTENDANCE,
        _attendance_tier(chosen, thresholds),
        _attendance_reason(chosen, latest),
    )


def _attendance_tier(year, thresholds):
    overall = _above_tier(
        year.overall_absence - year.national_overall_absence,
        threshold(thresholds, "absence_above_national_tier2"),
        threshold(thresholds, "absence_above_national_tier3"),
    )
    persistent = _above_tier(
        year.persistent_absence - year.national_persistent_absence,
        threshold(thresholds, "persistent_absence_above_national_tier2"),
        threshold(thresholds, "persistent_absence_above_national_tier3"),
    )
    return max(overall, persistent)


def _above_tier(excess, tier2, tier3):
    """Above national by at least the bar; being at national is never
    above it, whatever the bar."""
    if excess > 0 and excess >= tier3:
        return 3
    if excess > 0 and excess >= tier2:
        return 2
    return 1


def _attendance_reason(year, latest):
    overall = _against(year.overall_absence, year.national_overall_absence)
    persistent = _against(year.persistent_absence, year.national_persistent_absence)
    reason = (
        f"In {year_name(year.academic_year)}, overall absence {overall}; "
        f"persistent absence {persistent}."
    )
    if year is not latest:
        reason += (
            f" No national figures yet for {year_name(latest.academic_year)} "
            f"(overall absence {percent(latest.overall_absence)}, persistent "
            f"absence {percent(latest.persistent_absence)})."
        )
    return reason


def _against(value, national):
    """9.1%, 2 points above national (7.1%)"""
    difference = value - national
    if difference == 0:
        return f"{percent(value)}, in line with national ({percent(national)})"
    side = "above" if difference > 0 else "below"
    gap = plural(abs(difference), "point")
    return f"{percent(value)}, {gap} {side} national ({percent(national)})"


def behaviour(evidence, thresholds):
    """The suspension rate as a multiple of national. Permanent exclusions
    above the national rate are stated in the reason but point to no tier
    on their own: a single exclusion in a small school is far above a
    national rate of about 0.1 per 100 pupils."""
    years = _whole_years(evidence.behaviour, ("suspension_rate",))
    if not years:
        return missing(
            "behaviour", BEHAVIOUR, "No whole-year behaviour and exclusions recorded."
        )
    latest = years[-1]
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return out_of_date(
            "behaviour",
            BEHAVIOUR,
            _stale("behaviour and exclusions", latest, evidence, thresholds),
        )
    chosen = _latest_comparable(
        years, ("national_suspension_rate",), evidence, thresholds
    )
    if chosen is None:
        return missing(
            "behaviour",
            BEHAVIOUR,
            f"Suspensions in {year_name(latest.academic_year)}: "
            f"{number(latest.suspension_rate)} per 100 pupils, with no national "
            f"rate for that year or any recent one to compare with.",
        )
    multiple = chosen.suspension_rate / chosen.national_suspension_rate
    if multiple >= threshold(thresholds, "suspension_multiple_tier3"):
        tier = 3
    elif multiple >= threshold(thresholds, "suspension_multiple_tier2"):
        tier = 2
    else:
        tier = 1
    return signal("behaviour", BEHAVIOUR, tier, _behaviour_reason(chosen, latest))


def _behaviour_reason(year, latest):
    rate, national = year.suspension_rate, year.national_suspension_rate
    reason = (
        f"Suspensions in {year_name(year.academic_year)}: {number(rate)} per 100 "
        f"pupils, {number(rate / national)} times national ({number(national)})."
    )
    reason += _exclusions_sentence(year)
    if year is not latest:
        reason += (
            f" No national rate yet for {year_name(latest.academic_year)} "
            f"({number(latest.suspension_rate)} per 100 pupils)."
        )
    return reason


def _exclusions_sentence(year):
    rate, national = (
        year.permanent_exclusion_rate,
        year.national_permanent_exclusion_rate,
    )
    if not is_number(rate):
        return ""
    sentence = f" Permanent exclusions {number(rate)} per 100 pupils"
    if not is_number(national):
        return sentence + "."
    side = "above" if rate > national else "at or below"
    return f"{sentence}, {side} national ({number(national)})."


def _whole_years(years, fields):
    """The years whose figures are all present, oldest first, one per year."""
    by_year = {
        year.academic_year: year
        for year in years
        if all(is_number(getattr(year, field)) for field in fields)
    }
    return [by_year[key] for key in sorted(by_year)]


def _latest_comparable(years, nationals, evidence, thresholds):
    """The latest current year with every national figure present (and
    above zero, so a multiple can be taken), or None."""
    for year in reversed(years):
        if is_stale_year(year.academic_year, evidence.today, thresholds):
            return None
        values = [getattr(year, field) for field in nationals]
        if all(is_number(value) and value > 0 for value in values):
            return year
    return None


def _stale(noun, latest, evidence, thresholds):
    return (
        f"The latest whole-year {noun} recorded is for "
        f"{year_name(latest.academic_year)}, "
        f"{too_old_text(evidence.today, thresholds)}."
    )
