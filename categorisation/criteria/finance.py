"""Criteria 10 and 13: finance and the workforce, from the latest year
recorded."""

from .base import (
    is_number,
    is_stale_year,
    missing,
    number,
    out_of_date,
    percent,
    signal,
    threshold,
    too_old_text,
    year_name,
)

FINANCE = "Finance"
WORKFORCE = "Workforce"
RATINGS = {
    "red": ("rated red by the trust", 3),
    "amber": ("rated amber by the trust", 2),
    "light_green": ("rated light green by the trust", 1),
    "dark_green": ("rated dark green by the trust", 1),
}


def finance(evidence, thresholds):
    """The highest of: the trust's rating (red Tier 3, amber Tier 2, either
    green Tier 1); a revenue reserve below reserve_tier3 (Tier 3); an
    in-year balance at or below minus in_year_deficit_tier2 (Tier 2); staff
    costs above staff_costs_tier2 (Tier 2). Each figure is stated, with the
    bar it crossed when it points above Tier 1."""
    latest = max(evidence.finance, key=lambda year: year.financial_year, default=None)
    if latest is None:
        return missing("finance", FINANCE, "No finance recorded.")
    when = year_name(latest.financial_year)
    if is_stale_year(latest.financial_year, evidence.today, thresholds):
        return out_of_date(
            "finance",
            FINANCE,
            f"The latest finance recorded is for {when}, "
            f"{too_old_text(evidence.today, thresholds)}.",
        )
    findings = _finance_findings(latest, thresholds)
    if not findings:
        return missing(
            "finance", FINANCE, f"The finance recorded for {when} has no figures."
        )
    tier = max(found_tier for found_tier, _ in findings)
    parts = "; ".join(text for _, text in findings)
    return signal("finance", FINANCE, tier, f"Finance in {when}: {parts}.")


def _finance_findings(year, thresholds):
    """(tier, words) for each figure present, in a fixed order."""
    readings = (_rating, _reserve, _in_year_balance, _staff_costs)
    findings = [reading(year, thresholds) for reading in readings]
    return [finding for finding in findings if finding is not None]


def _rating(year, thresholds):
    if year.rating not in RATINGS:
        return None
    words, tier = RATINGS[year.rating]
    return tier, words


def _reserve(year, thresholds):
    reserve = year.revenue_reserve_percent
    if not is_number(reserve):
        return None
    bar = threshold(thresholds, "reserve_tier3")
    text = f"revenue reserve {percent(reserve)} of income"
    return (3, f"{text}, below {percent(bar)}") if reserve < bar else (1, text)


def _in_year_balance(year, thresholds):
    balance = year.in_year_balance_percent
    if not is_number(balance):
        return None
    bar = -threshold(thresholds, "in_year_deficit_tier2")
    text = f"in-year balance {_signed(balance)} of income"
    return (2, f"{text}, at or below {_signed(bar)}") if balance <= bar else (1, text)


def _staff_costs(year, thresholds):
    staff = year.staff_costs_percent
    if not is_number(staff):
        return None
    bar = threshold(thresholds, "staff_costs_tier2")
    text = f"staff costs {percent(staff)} of expenditure"
    return (2, f"{text}, above {percent(bar)}") if staff > bar else (1, text)


def _signed(value):
    return number(value, signed=True) + "%"


def workforce(evidence, thresholds):
    """Staff turnover above staff_turnover_tier2 is Tier 2, otherwise Tier
    1. Staff satisfaction is stated but points to no tier."""
    years = [year for year in evidence.workforce if is_number(year.staff_turnover)]
    latest = max(years, key=lambda year: year.academic_year, default=None)
    if latest is None:
        return missing("workforce", WORKFORCE, "No staff turnover recorded.")
    when = year_name(latest.academic_year)
    if is_stale_year(latest.academic_year, evidence.today, thresholds):
        return out_of_date(
            "workforce",
            WORKFORCE,
            f"The latest staff turnover recorded is for {when}, "
            f"{too_old_text(evidence.today, thresholds)}.",
        )
    bar = threshold(thresholds, "staff_turnover_tier2")
    turnover = latest.staff_turnover
    side = "above" if turnover > bar else "at or below"
    reason = f"Staff turnover {percent(turnover)} in {when}, {side} {percent(bar)}."
    if is_number(latest.staff_satisfaction):
        reason += f" Staff satisfaction {percent(latest.staff_satisfaction)}."
    return signal("workforce", WORKFORCE, 2 if turnover > bar else 1, reason)
