"""The thresholds of a rule set: what each means, its default and its range.

A RuleSet stores values for these keys per academic year; the admin edits
them in the browser, validated against THRESHOLDS. Defaults follow the
trust's model and the national figures in DfE's releases; docs/categorisation.md
explains each one.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Threshold:
    key: str
    label: str
    help_text: str
    default: Decimal
    minimum: Decimal
    maximum: Decimal
    group: str


def _t(key, label, help_text, default, minimum, maximum, group):
    return Threshold(
        key, label, help_text, Decimal(default), Decimal(minimum),
        Decimal(maximum), group,
    )  # fmt: skip


INSPECTION = "Inspection"
OUTCOMES = "Outcomes against national"
ATTENDANCE = "Attendance and behaviour"
FINANCE = "Finance"
CURRENCY = "How recent evidence must be"
WORKFORCE = "Workforce"

THRESHOLDS = [
    _t("percent_gap_tier2", "Points below national for Tier 2",
       "Percentage points below the national figure (e.g. KS2 reading, writing "
       "and maths) that point to Tier 2.", "5", "0", "50", OUTCOMES),
    _t("percent_gap_tier3", "Points below national for Tier 3",
       "Percentage points below national that point to Tier 3.", "10", "0", "60",
       OUTCOMES),
    _t("attainment8_gap_tier2", "Attainment 8 below national for Tier 2",
       "Attainment 8 points below national that point to Tier 2.", "3", "0", "30",
       OUTCOMES),
    _t("attainment8_gap_tier3", "Attainment 8 below national for Tier 3",
       "Attainment 8 points below national that point to Tier 3.", "6", "0", "40",
       OUTCOMES),
    _t("progress_tier2", "Progress score for Tier 2",
       "A progress score (Progress 8, KS2 progress) at or below this points to "
       "Tier 2.", "-0.3", "-5", "0", OUTCOMES),
    _t("progress_tier3", "Progress score for Tier 3",
       "A progress score at or below this points to Tier 3.", "-0.6", "-5", "0",
       OUTCOMES),
    _t("decline_points", "Fall over three years for Tier 2",
       "A fall of at least this many percentage points from the oldest to the "
       "newest of three years points to Tier 2.", "5", "0", "50", OUTCOMES),
    _t("persistent_years", "Years below national for persistent "
       "underperformance", "Consecutive published years below national by the "
       "Tier 2 gap that count as persistent underperformance (Tier 3). At most "
       "3: outcomes are read for three years.", "3", "2", "3", OUTCOMES),
    _t("absence_above_national_tier2", "Overall absence above national for "
       "Tier 2", "Percentage points of overall absence above national that point "
       "to Tier 2.", "1", "0", "20", ATTENDANCE),
    _t("absence_above_national_tier3", "Overall absence above national for "
       "Tier 3", "Percentage points above national that point to Tier 3.", "3",
       "0", "30", ATTENDANCE),
    _t("persistent_absence_above_national_tier2", "Persistent absence above "
       "national for Tier 2", "Percentage points of persistent absence above "
       "national that point to Tier 2.", "5", "0", "50", ATTENDANCE),
    _t("persistent_absence_above_national_tier3", "Persistent absence above "
       "national for Tier 3", "Percentage points above national that point to "
       "Tier 3.", "10", "0", "60", ATTENDANCE),
    _t("suspension_multiple_tier2", "Suspension rate, times national, for "
       "Tier 2", "A suspension rate at least this many times the national rate "
       "points to Tier 2.", "1.5", "1", "10", ATTENDANCE),
    _t("suspension_multiple_tier3", "Suspension rate, times national, for "
       "Tier 3", "At least this many times the national rate points to Tier 3.",
       "2.5", "1", "20", ATTENDANCE),
    _t("in_year_deficit_tier2", "In-year deficit (% of income) for Tier 2",
       "An in-year balance at or below minus this percentage of income points "
       "to Tier 2.", "2", "0", "50", FINANCE),
    _t("reserve_tier3", "Revenue reserve (% of income) for Tier 3",
       "A revenue reserve below this percentage of income points to Tier 3.",
       "0", "-50", "50", FINANCE),
    _t("staff_costs_tier2", "Staff costs (% of expenditure) for Tier 2",
       "Staff costs above this share of expenditure point to Tier 2.", "82", "50",
       "100", FINANCE),
    _t("staff_turnover_tier2", "Staff turnover (%) for Tier 2",
       "Staff turnover above this points to Tier 2.", "18", "0", "100",
       WORKFORCE),
    _t("inspection_max_age_years", "Inspection counts as current for (years)",
       "An older inspection is reported as out of date.", "5", "1", "10",
       CURRENCY),
    _t("audit_max_age_months", "Safeguarding audit counts as current for "
       "(months)", "An older audit is reported as out of date.", "12", "1", "36",
       CURRENCY),
    _t("judgement_max_age_months", "Quality-assurance judgement counts as "
       "current for (months)", "An older judgement is reported as out of date.",
       "6", "1", "24", CURRENCY),
    _t("scrutiny_max_age_months", "SEF/SIP scrutiny counts as current for "
       "(months)", "An older scrutiny is reported as out of date.", "12", "1",
       "36", CURRENCY),
    _t("data_max_age_years", "Yearly data counts as current for (years)",
       "Outcomes, attendance, behaviour, finance and workforce older than this "
       "many academic years before the current one are out of date.", "2", "1",
       "5", CURRENCY),
]  # fmt: skip

THRESHOLDS_BY_KEY = {threshold.key: threshold for threshold in THRESHOLDS}
# Pairs that must keep their order: the Tier 3 bar is beyond the Tier 2 bar.
ORDERED_PAIRS = [
    ("percent_gap_tier2", "percent_gap_tier3"),
    ("attainment8_gap_tier2", "attainment8_gap_tier3"),
    ("absence_above_national_tier2", "absence_above_national_tier3"),
    (
        "persistent_absence_above_national_tier2",
        "persistent_absence_above_national_tier3",
    ),
    ("suspension_multiple_tier2", "suspension_multiple_tier3"),
]


def default_thresholds():
    return {threshold.key: threshold.default for threshold in THRESHOLDS}


def thresholds_check(values):
    """Problems with a set of threshold values, as {key: message}; empty when
    they can be used. Pure: the rule-set form and the model both call it."""
    problems = {}
    for threshold in THRESHOLDS:
        value = values.get(threshold.key)
        if value is None:
            problems[threshold.key] = "Enter a value."
        elif not threshold.minimum <= Decimal(value) <= threshold.maximum:
            problems[threshold.key] = (
                f"Enter a value from {threshold.minimum} to {threshold.maximum}."
            )
    if Decimal(values.get("progress_tier3", 0)) > Decimal(
        values.get("progress_tier2", 0)
    ):
        problems.setdefault(
            "progress_tier3", "The Tier 3 progress score must be at or below Tier 2's."
        )
    for lower, higher in ORDERED_PAIRS:
        if lower in problems or higher in problems:
            continue
        if Decimal(values[higher]) < Decimal(values[lower]):
            problems[higher] = "The Tier 3 bar must be beyond the Tier 2 bar."
    return problems
