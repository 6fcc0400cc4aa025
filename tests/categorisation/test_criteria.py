"""The tier rules, one criterion at a time, at every boundary: just inside,
on and just outside each threshold."""

import ast
import datetime
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from categorisation import criteria
from categorisation.criteria import (
    CRITERION_NAMES,
    attendance,
    behaviour,
    behaviour_judgement,
    finance,
    inspection,
    leadership_and_governance,
    outcomes,
    outcomes_decline,
    outcomes_persistence,
    recommend,
    safeguarding,
    self_improvement,
    teaching,
    workforce,
)
from categorisation.facts import (
    CURRENT,
    MISSING,
    OUT_OF_DATE,
    AttendanceYear,
    AuditFacts,
    BehaviourYear,
    FinanceYear,
    InspectionFacts,
    JudgementFacts,
    MeasureFacts,
    MeasureYear,
    SchoolEvidence,
    ScrutinyFacts,
    WorkforceYear,
)
from categorisation.thresholds import default_thresholds

date = datetime.date
D = Decimal
# In the autumn of 2025/26: yearly data for 2023/24 is current under the
# default data_max_age_years of 2, and 2022/23 is out of date.
TODAY = date(2025, 12, 3)
DEFAULTS = default_thresholds()
RWM = "KS2 reading, writing and maths at the expected standard"


def school(**sources):
    return SchoolEvidence(
        urn="100001",
        name="Ashby Road Primary",
        phase="primary",
        today=TODAY,
        **sources,
    )


def thresholds(**changes):
    return {**DEFAULTS, **{key: D(value) for key, value in changes.items()}}


def only(signals):
    """The one signal of a criterion that reads a single measure."""
    assert len(signals) == 1
    return signals[0]


# Inspection -------------------------------------------------------------------

EIF_GOOD = {
    "quality_of_education": 2,
    "behaviour_and_attitudes": 2,
    "personal_development": 1,
    "leadership_and_management": 2,
}
RENEWED_EXPECTED = {
    "inclusion": 3,
    "curriculum_and_teaching": 3,
    "achievement": 3,
    "attendance_and_behaviour": 2,
    "personal_development_and_wellbeing": 3,
    "leadership_and_governance": 1,
}


def eif(grades=None, overall=None, safeguarding=True, category="", **fields):
    return InspectionFacts(
        inspected_on=fields.pop("inspected_on", date(2024, 1, 17)),
        framework="eif",
        inspection_type=fields.pop("inspection_type", "graded"),
        overall_effectiveness=overall,
        grades=EIF_GOOD if grades is None else grades,
        is_safeguarding_effective=safeguarding,
        category=category,
    )


def renewed(grades=None, safeguarding=True, category="", **fields):
    return InspectionFacts(
        inspected_on=fields.pop("inspected_on", date(2025, 11, 20)),
        framework="renewed",
        inspection_type=fields.pop("inspection_type", "report_card"),
        overall_effectiveness=None,
        grades=RENEWED_EXPECTED if grades is None else grades,
        is_safeguarding_effective=safeguarding,
        category=category,
    )


@pytest.mark.parametrize(
    ("facts", "tier"),
    [
        (eif(), 1),
        (eif({"quality_of_education": 1, "leadership_and_management": 1}), 1),
        (eif(overall=2), 1),
        (eif({**EIF_GOOD, "quality_of_education": 3}), 2),
        (eif(overall=3), 2),
        (eif({**EIF_GOOD, "early_years": 4}), 3),
        (eif(overall=4), 3),
        (eif({**EIF_GOOD, "personal_development": 3, "sixth_form": 4}), 3),
        (eif(safeguarding=False), 3),
        (eif(safeguarding=None), 1),
        (eif(category="serious_weaknesses"), 3),
        (eif(category="special_measures"), 3),
        (renewed(), 1),
        (renewed({"inclusion": 1, "achievement": 2}), 1),
        (renewed({**RENEWED_EXPECTED, "achievement": 4}), 2),
        (renewed({**RENEWED_EXPECTED, "inclusion": 5}), 3),
        (renewed(safeguarding=False), 3),
        (renewed(category="requires_significant_improvement"), 3),
        (
            renewed(
                {**RENEWED_EXPECTED, "leadership_and_governance": 5},
                category="special_measures",
            ),
            3,
        ),
    ],
)
def test_inspection_tier_follows_its_own_framework(facts, tier):
    signal = inspection(school(inspection=facts), DEFAULTS)

    assert (signal.tier, signal.status) == (tier, CURRENT)


@pytest.mark.parametrize(
    ("grade", "eif_tier", "renewed_tier"),
    [(1, 1, 1), (2, 1, 1), (3, 2, 1), (4, 3, 2), (5, 1, 3)],
)
def test_grades_are_never_mapped_across_frameworks(grade, eif_tier, renewed_tier):
    # EIF has no grade 5: it is reported as off the scale and ignored.
    as_eif = inspection(school(inspection=eif({"achievement": grade})), DEFAULTS)
    as_renewed = inspection(
        school(inspection=renewed({"achievement": grade})), DEFAULTS
    )

    assert (as_eif.tier, as_renewed.tier) == (eif_tier, renewed_tier)


def test_eif_reason_names_every_grade_and_safeguarding():
    facts = eif({"quality_of_education": 3, "behaviour_and_attitudes": 2}, overall=3)

    signal = inspection(school(inspection=facts), DEFAULTS)

    assert signal.reason == (
        "Graded inspection on 17 January 2024 under the education inspection "
        "framework. Overall effectiveness: Requires improvement. Quality of "
        "education: Requires improvement; behaviour and attitudes: Good. "
        "Safeguarding effective."
    )


def test_renewed_reason_names_the_category_and_safeguarding():
    facts = renewed(
        {"leadership_and_governance": 5, "inclusion": 4},
        safeguarding=False,
        category="special_measures",
    )

    signal = inspection(school(inspection=facts), DEFAULTS)

    assert signal.tier == 3
    assert signal.reason == (
        "Report card inspection on 20 November 2025 under the renewed framework. "
        "Leadership and governance: Urgent improvement; inclusion: Needs "
        "attention. Category: special measures. Safeguarding not met."
    )


def test_ungraded_inspection_is_tier_1_and_says_why():
    facts = eif({}, inspection_type="ungraded", inspected_on=date(2025, 6, 5))

    signal = inspection(school(inspection=facts), DEFAULTS)

    assert (signal.tier, signal.status) == (1, CURRENT)
    assert signal.reason == (
        "Ungraded inspection on 5 June 2025 under the education inspection "
        "framework. Safeguarding effective. No grades: the school is taken to "
        "have kept the standard of its last graded inspection, which is not part "
        "of this evidence."
    )


@pytest.mark.parametrize(
    ("facts", "words"),
    [
        (
            eif({}, inspection_type="monitoring", category="special_measures"),
            "Category: special measures.",
        ),
        (
            eif({}, inspection_type="urgent", safeguarding=False),
            "Safeguarding not effective.",
        ),
        (
            renewed(
                {},
                inspection_type="monitoring",
                category="requires_significant_improvement",
            ),
            "Category: requires significant improvement.",
        ),
    ],
)
def test_inspection_without_grades_uses_category_and_safeguarding(facts, words):
    signal = inspection(school(inspection=facts), DEFAULTS)

    assert signal.tier == 3
    assert words in signal.reason
    assert "kept the standard" not in signal.reason


def test_graded_inspection_without_grades_is_missing_evidence():
    signal = inspection(school(inspection=eif({})), DEFAULTS)

    assert (signal.tier, signal.status) == (None, MISSING)
    assert "No grades recorded." in signal.reason


def test_no_inspection_is_missing():
    signal = inspection(school(), DEFAULTS)

    assert (signal.tier, signal.status, signal.reason) == (
        None,
        MISSING,
        "No inspection recorded.",
    )


@pytest.mark.parametrize(
    ("inspected_on", "max_age", "status"),
    [
        (date(2020, 12, 4), "5", CURRENT),  # a day inside five years
        (date(2020, 12, 3), "5", CURRENT),  # exactly five years
        (date(2020, 12, 2), "5", OUT_OF_DATE),  # a day more
        (date(2022, 12, 2), "3", OUT_OF_DATE),
        (date(2022, 12, 3), "3", CURRENT),
    ],
)
def test_old_inspection_is_out_of_date(inspected_on, max_age, status):
    facts = eif({**EIF_GOOD, "quality_of_education": 4}, inspected_on=inspected_on)

    signal = inspection(
        school(inspection=facts), thresholds(inspection_max_age_years=max_age)
    )

    assert signal.status == status
    assert signal.tier == (3 if status == CURRENT else None)


def test_out_of_date_inspection_says_when():
    facts = eif(inspected_on=date(2019, 3, 14))

    signal = inspection(school(inspection=facts), DEFAULTS)

    assert signal.reason == (
        "The latest inspection recorded, on 14 March 2019, was more than 5 years ago."
    )


def test_unknown_framework_is_not_read_as_a_pass():
    facts = replace(eif(), framework="section_x")

    signal = inspection(school(inspection=facts), DEFAULTS)

    assert (signal.tier, signal.status) == (None, MISSING)
    with_category = inspection(
        school(inspection=replace(facts, category="special_measures")), DEFAULTS
    )
    assert with_category.tier == 3


# Outcomes against national ----------------------------------------------------


def result(start, value, national, availability="published"):
    value = None if value is None else D(value)
    national = None if national is None else D(national)
    return MeasureYear(start, value, availability, national)


def measure(key, *years, label=None, unit="percent", higher_is_better=True):
    return MeasureFacts(key, label or key, unit, higher_is_better, tuple(years))


def rwm(*years):
    return measure("ks2_rwm_expected", *years, label=RWM)


def attainment8(*years):
    return measure("ks4_attainment8", *years, label="Attainment 8", unit="score")


def progress8(*years):
    return measure("ks4_progress8", *years, label="Progress 8", unit="progress")


@pytest.mark.parametrize(
    ("value", "changes", "tier"),
    [
        ("70", {}, 1),
        ("62", {}, 1),  # at national
        ("57.01", {}, 1),  # 4.99 below
        ("57", {}, 2),  # 5 below
        ("56.99", {}, 2),
        ("52.01", {}, 2),  # 9.99 below
        ("52", {}, 3),  # 10 below
        ("51.99", {}, 3),
        ("0", {}, 3),
        ("62", {"percent_gap_tier2": "0"}, 1),  # at national is never below
        ("61.99", {"percent_gap_tier2": "0"}, 2),
        ("57", {"percent_gap_tier2": "6"}, 1),
        ("55", {"percent_gap_tier3": "7"}, 3),
    ],
)
def test_percent_measure_against_national(value, changes, tier):
    evidence = school(outcomes=(rwm(result(2024, value, "62")),))

    signal = only(outcomes(evidence, thresholds(**changes)))

    assert (signal.tier, signal.status) == (tier, CURRENT)


@pytest.mark.parametrize(
    ("value", "changes", "tier"),
    [
        ("50", {}, 1),
        ("43.21", {}, 1),  # 2.99 below 46.2
        ("43.2", {}, 2),  # 3 below
        ("40.21", {}, 2),  # 5.99 below
        ("40.2", {}, 3),  # 6 below
        ("40.2", {"attainment8_gap_tier3": "6.5"}, 2),
        ("43.2", {"attainment8_gap_tier2": "3.5"}, 1),
    ],
)
def test_attainment8_against_national(value, changes, tier):
    evidence = school(outcomes=(attainment8(result(2023, value, "46.2")),))

    assert only(outcomes(evidence, thresholds(**changes))).tier == tier


@pytest.mark.parametrize(
    ("value", "changes", "tier"),
    [
        ("0.5", {}, 1),
        ("0", {}, 1),
        ("-0.29", {}, 1),
        ("-0.3", {}, 2),
        ("-0.59", {}, 2),
        ("-0.6", {}, 3),
        ("-2", {}, 3),
        ("-0.3", {"progress_tier2": "-0.4"}, 1),
        ("-0.5", {"progress_tier3": "-0.5"}, 3),
    ],
)
def test_progress_score_is_judged_by_its_value(value, changes, tier):
    # National is 0 by definition: no national figure is needed.
    evidence = school(outcomes=(progress8(result(2023, value, None)),))

    signal = only(outcomes(evidence, thresholds(**changes)))

    assert (signal.tier, signal.status) == (tier, CURRENT)


@pytest.mark.parametrize(
    ("value", "tier"), [("57", 1), ("62", 1), ("66.99", 1), ("67", 2), ("72", 3)]
)
def test_lower_is_better_measure_is_worse_above_national(value, tier):
    lower_is_better = measure(
        "phonics_expected", result(2024, value, "62"), higher_is_better=False
    )

    signal = only(outcomes(school(outcomes=(lower_is_better,)), DEFAULTS))

    assert signal.tier == tier


def test_outcome_reason_cites_the_figures():
    evidence = school(
        outcomes=(rwm(result(2023, "55", "61"), result(2024, "48", "62")),)
    )

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.reason == f"{RWM}: 48% in 2024/25, 14 points below national (62%)."


def test_progress_reason_cites_the_score_and_unpublished_years():
    evidence = school(
        outcomes=(
            progress8(
                result(2023, "-0.45", None),
                result(2024, None, None, "not_published"),
            ),
        )
    )

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.reason == (
        "Progress 8: −0.45 in 2023/24, below the national average of 0. "
        "No figure for 2024/25: not published by DfE."
    )


def test_latest_year_without_national_compares_the_year_before_and_says_so():
    evidence = school(
        outcomes=(rwm(result(2023, "50", "61"), result(2024, "60", None)),)
    )

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.tier == 3
    assert signal.reason == (
        f"{RWM}: 50% in 2023/24, 11 points below national (61%). The 2024/25 "
        "figure, 60%, has no national figure yet."
    )


def test_no_national_figure_at_all_is_missing():
    evidence = school(
        outcomes=(rwm(result(2023, "50", None), result(2024, "48", None)),)
    )

    signal = only(outcomes(evidence, DEFAULTS))

    assert (signal.tier, signal.status) == (None, MISSING)
    assert "no national figure" in signal.reason


def test_national_figure_only_for_an_out_of_date_year_is_missing():
    evidence = school(
        outcomes=(rwm(result(2021, "40", "59"), result(2024, "48", None)),)
    )

    assert only(outcomes(evidence, DEFAULTS)).status == MISSING


def test_suppressed_latest_year_is_skipped_not_read_as_zero():
    evidence = school(
        outcomes=(
            rwm(
                result(2023, "63", "61"),
                result(2024, None, "62", "suppressed"),
            ),
        )
    )

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.tier == 1
    assert signal.reason == (
        f"{RWM}: 63% in 2023/24, 2 points above national (61%). No figure for "
        "2024/25: suppressed (small cohort or low coverage)."
    )


def test_a_suppressed_row_carrying_a_value_is_still_absent():
    evidence = school(
        outcomes=(rwm(result(2023, "63", "61"), result(2024, "0", "62", "suppressed")),)
    )

    assert only(outcomes(evidence, DEFAULTS)).tier == 1


@pytest.mark.parametrize(
    ("years", "reason"),
    [
        ((), f"{RWM}: no results recorded."),
        (
            (
                result(2023, None, "61", "suppressed"),
                result(2024, None, "62", "suppressed"),
            ),
            f"{RWM}: no published figure. No figure for 2023/24 and 2024/25: "
            "suppressed (small cohort or low coverage).",
        ),
    ],
)
def test_measure_without_published_figures_is_missing(years, reason):
    signal = only(outcomes(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert (signal.tier, signal.status, signal.reason) == (None, MISSING, reason)


@pytest.mark.parametrize(
    ("latest", "max_age", "status"),
    [
        (2025, "2", CURRENT),
        (2023, "2", CURRENT),  # two years before 2025/26
        (2022, "2", OUT_OF_DATE),
        (2023, "1", OUT_OF_DATE),
        (2024, "1", CURRENT),
    ],
)
def test_old_outcomes_are_out_of_date(latest, max_age, status):
    evidence = school(outcomes=(rwm(result(latest, "40", "60")),))

    signal = only(outcomes(evidence, thresholds(data_max_age_years=max_age)))

    assert signal.status == status
    assert signal.tier == (3 if status == CURRENT else None)


def test_old_outcomes_are_out_of_date_for_every_outcome_criterion():
    evidence = school(
        outcomes=(rwm(result(2021, "40", "60"), result(2022, "40", "60")),)
    )

    for criterion in (outcomes, outcomes_decline, outcomes_persistence):
        signal = only(criterion(evidence, DEFAULTS))
        assert (signal.tier, signal.status) == (None, OUT_OF_DATE)


def test_out_of_date_outcomes_say_when():
    evidence = school(outcomes=(rwm(result(2021, "40", "60")),))

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.reason == (
        f"{RWM}: the latest published figure is for 2021/22, more than 2 years "
        "before 2025/26."
    )


def test_a_figure_too_old_because_dfe_published_none_since_is_missing_not_stale():
    # Progress 8 was not calculated for 2024/25; the school's record says so.
    evidence = school(
        outcomes=(
            progress8(
                result(2022, "0.1", None),
                result(2023, None, None, "not_published"),
                result(2024, None, None, "not_published"),
            ),
        )
    )
    evidence = replace(evidence, today=date(2026, 12, 3))

    signal = only(outcomes(evidence, DEFAULTS))

    assert (signal.tier, signal.status) == (None, MISSING)
    assert signal.reason.endswith(
        "No figure for 2023/24 and 2024/25: not published by DfE."
    )


def test_a_figure_too_old_with_no_later_year_recorded_stays_out_of_date():
    evidence = school(outcomes=(progress8(result(2022, "0.1", None)),))
    evidence = replace(evidence, today=date(2026, 12, 3))

    signal = only(outcomes(evidence, DEFAULTS))

    assert signal.status == OUT_OF_DATE


def test_one_signal_per_headline_measure_in_a_fixed_order():
    evidence = school(
        outcomes=(
            progress8(result(2023, "0.1", None)),
            measure("ks2_rwm_high", result(2024, "3", "8")),  # not a headline
            attainment8(result(2024, "50", "46")),
            rwm(result(2024, "70", "62")),
        )
    )

    signals = outcomes(evidence, DEFAULTS)

    assert [signal.reason.split(":")[0] for signal in signals] == [
        RWM,
        "Attainment 8",
        "Progress 8",
    ]


def test_no_headline_measures_is_one_missing_signal():
    evidence = school(outcomes=(measure("ks2_rwm_high", result(2024, "3", "8")),))

    for criterion in (outcomes, outcomes_decline, outcomes_persistence):
        signal = only(criterion(evidence, DEFAULTS))
        assert (signal.tier, signal.status) == (None, MISSING)


# Decline over three years -----------------------------------------------------


@pytest.mark.parametrize(
    ("oldest", "newest", "changes", "tier"),
    [
        ("54", "49.01", {}, 1),  # fell 4.99
        ("54", "49", {}, 2),  # fell 5
        ("54", "48.99", {}, 2),
        ("54", "54", {}, 1),
        ("54", "60", {}, 1),
        ("54", "54", {"decline_points": "0"}, 1),  # no change is no fall
        ("54", "53.99", {"decline_points": "0"}, 2),
        ("54", "52", {"decline_points": "2"}, 2),
        ("54", "49", {"decline_points": "6"}, 1),
    ],
)
def test_decline_from_oldest_to_newest_of_three_years(oldest, newest, changes, tier):
    evidence = school(
        outcomes=(
            rwm(
                result(2022, oldest, "60"),
                result(2023, "40", "61"),
                result(2024, newest, "62"),
            ),
        )
    )

    signal = only(outcomes_decline(evidence, thresholds(**changes)))

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_decline_reason_cites_both_years():
    evidence = school(
        outcomes=(rwm(result(2022, "54", "60"), result(2024, "48", "62")),)
    )

    signal = only(outcomes_decline(evidence, DEFAULTS))

    assert (
        signal.reason == f"{RWM}: fell 6 points from 54% in 2022/23 to 48% in 2024/25."
    )


@pytest.mark.parametrize(
    "years",
    [
        # A suppressed or unpublished year between is skipped.
        (
            result(2022, "54", "60"),
            result(2023, None, "61", "suppressed"),
            result(2024, "54", "62"),
        ),
        (
            result(2022, "54", "60"),
            result(2023, "0", "61", "suppressed"),
            result(2024, "53", "62"),
        ),
        # A suppressed latest year is not a fall to nothing.
        (
            result(2022, "54", "60"),
            result(2023, "53", "61"),
            result(2024, None, "62", "suppressed"),
        ),
        (
            result(2022, "54", "60"),
            result(2023, "53", "61"),
            result(2024, None, "62", "not_published"),
        ),
    ],
)
def test_absent_years_are_never_a_fall(years):
    signal = only(outcomes_decline(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert (signal.tier, signal.status) == (1, CURRENT)


def test_absent_year_in_the_window_is_named():
    years = (
        result(2022, "54", "60"),
        result(2023, None, "61", "suppressed"),
        result(2024, "54", "62"),
    )

    signal = only(outcomes_decline(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert signal.reason == (
        f"{RWM}: unchanged at 54% from 2022/23 to 2024/25. No figure for "
        "2023/24: suppressed (small cohort or low coverage)."
    )


def test_years_before_the_three_year_window_do_not_count():
    years = (
        result(2021, "70", "59"),
        result(2023, "60", "61"),
        result(2024, "60", "62"),
    )

    signal = only(outcomes_decline(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert signal.tier == 1


def test_decline_needs_two_published_years():
    years = (
        result(2021, "70", "59"),
        result(2023, None, "61", "suppressed"),
        result(2024, "48", "62"),
    )

    signal = only(outcomes_decline(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert (signal.tier, signal.status) == (None, MISSING)
    assert signal.reason == (
        f"{RWM}: only 2024/25 has a published figure in the three years to "
        "2024/25, so there is no trend to read. No figure for 2023/24: "
        "suppressed (small cohort or low coverage)."
    )


def test_decline_of_a_lower_is_better_measure_is_a_rise():
    years = (result(2022, "20", "20"), result(2024, "25", "20"))
    lower = measure("phonics_expected", *years, higher_is_better=False)

    signal = only(outcomes_decline(school(outcomes=(lower,)), DEFAULTS))

    assert signal.tier == 2


def test_decline_reads_percentage_measures_only():
    evidence = school(
        outcomes=(
            attainment8(result(2022, "50", "46"), result(2024, "30", "46")),
            rwm(result(2022, "60", "60"), result(2024, "60", "62")),
        )
    )

    signal = only(outcomes_decline(evidence, DEFAULTS))

    assert signal.reason.startswith(RWM)


# Persistent underperformance --------------------------------------------------


def test_below_national_in_each_of_three_years_is_persistent():
    years = (
        result(2022, "48", "60"),
        result(2023, "47", "61"),
        result(2024, "57", "62"),
    )

    signal = only(outcomes_persistence(school(outcomes=(rwm(*years),)), DEFAULTS))

    assert (signal.tier, signal.status) == (3, CURRENT)
    assert signal.reason == (
        f"{RWM}: persistent underperformance, at least 5 points below national "
        "in each of the last 3 published years: 48% in 2022/23, 12 points below "
        "national (60%); 47% in 2023/24, 14 points below national (61%); 57% in "
        "2024/25, 5 points below national (62%)."
    )


@pytest.mark.parametrize(
    ("years", "changes", "tier", "status"),
    [
        # One year only 4.99 below national breaks the run.
        (("55", "56", "57.01"), {}, 1, CURRENT),
        (("55.01", "56", "57"), {}, 1, CURRENT),
        (("55", "56", "57"), {"percent_gap_tier2": "5.5"}, 1, CURRENT),
        (("55", "56", "57"), {"persistent_years": "2"}, 3, CURRENT),
        (("70", "56", "57"), {"persistent_years": "2"}, 3, CURRENT),
        (("70", "56", "57"), {}, 1, CURRENT),
    ],
)
def test_persistence_at_its_boundaries(years, changes, tier, status):
    facts = rwm(*(result(2022 + i, v, str(60 + i)) for i, v in enumerate(years)))

    signal = only(
        outcomes_persistence(school(outcomes=(facts,)), thresholds(**changes))
    )

    assert (signal.tier, signal.status) == (tier, status)


def test_too_few_years_below_national_is_missing_not_a_pass():
    facts = rwm(result(2023, "50", "61"), result(2024, "50", "62"))

    signal = only(outcomes_persistence(school(outcomes=(facts,)), DEFAULTS))

    assert (signal.tier, signal.status) == (None, MISSING)
    assert "it takes 3 to call it persistent" in signal.reason


def test_persistence_skips_suppressed_years():
    facts = rwm(
        result(2020, "48", "60"),
        result(2021, None, "60", "not_published"),
        result(2022, "48", "60"),
        result(2023, None, "61", "suppressed"),
        result(2024, "50", "62"),
    )

    signal = only(outcomes_persistence(school(outcomes=(facts,)), DEFAULTS))

    assert signal.tier == 3


def test_persistence_of_progress_uses_its_tier_2_score():
    facts = progress8(
        result(2021, "-0.3", None),
        result(2022, "-0.5", None),
        result(2023, "-0.4", None),
        result(2024, None, None, "not_published"),
    )

    signal = only(outcomes_persistence(school(outcomes=(facts,)), DEFAULTS))

    assert signal.tier == 3
    assert "a progress score at or below −0.3 in each of the last 3" in signal.reason


# Attendance -------------------------------------------------------------------


def absence(start, overall, persistent, national=("7.1", "20")):
    national_overall, national_persistent = (
        None if figure is None else D(figure) for figure in national
    )
    return AttendanceYear(
        start, D(overall), D(persistent), national_overall, national_persistent
    )


@pytest.mark.parametrize(
    ("overall", "persistent", "changes", "tier"),
    [
        ("7.1", "20", {}, 1),
        ("8.09", "20", {}, 1),  # 0.99 above
        ("8.1", "20", {}, 2),  # 1 above
        ("10.09", "20", {}, 2),  # 2.99 above
        ("10.1", "20", {}, 3),  # 3 above
        ("7.1", "24.99", {}, 1),
        ("7.1", "25", {}, 2),
        ("7.1", "29.99", {}, 2),
        ("7.1", "30", {}, 3),
        ("8.1", "30", {}, 3),  # the higher tier wins
        ("10.1", "25", {}, 3),
        ("5", "10", {}, 1),
        ("7.1", "20", {"absence_above_national_tier2": "0"}, 1),
        ("7.11", "20", {"absence_above_national_tier2": "0"}, 2),
        ("8.1", "20", {"absence_above_national_tier2": "1.5"}, 1),
        ("7.1", "25", {"persistent_absence_above_national_tier3": "5"}, 3),
    ],
)
def test_attendance_against_national(overall, persistent, changes, tier):
    evidence = school(attendance=(absence(2024, overall, persistent),))

    signal = attendance(evidence, thresholds(**changes))

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_attendance_reason_cites_both_measures():
    evidence = school(attendance=(absence(2024, "9.1", "25"),))

    assert attendance(evidence, DEFAULTS).reason == (
        "In 2024/25, overall absence 9.1%, 2 points above national (7.1%); "
        "persistent absence 25%, 5 points above national (20%)."
    )


def test_attendance_without_national_compares_the_latest_year_with_one():
    evidence = school(
        attendance=(
            absence(2023, "8.5", "22"),
            absence(2024, "12", "35", national=(None, None)),
        )
    )

    signal = attendance(evidence, DEFAULTS)

    assert signal.tier == 2
    assert signal.reason == (
        "In 2023/24, overall absence 8.5%, 1.4 points above national (7.1%); "
        "persistent absence 22%, 2 points above national (20%). No national "
        "figures yet for 2024/25 (overall absence 12%, persistent absence 35%)."
    )


@pytest.mark.parametrize(
    ("years", "status"),
    [
        ((), MISSING),
        ((absence(2024, "8", "20", national=(None, None)),), MISSING),
        ((absence(2024, "8", "20", national=("7.1", None)),), MISSING),
        ((absence(2022, "8", "20"),), OUT_OF_DATE),
        ((absence(2021, "8", "20"), absence(2024, "8", "20", (None, None))), MISSING),
    ],
)
def test_attendance_without_current_comparison_has_no_tier(years, status):
    signal = attendance(school(attendance=years), DEFAULTS)

    assert (signal.tier, signal.status) == (None, status)


# Behaviour and exclusions -----------------------------------------------------


def suspensions(start, rate, national="10", exclusions="0.1", national_ex="0.13"):
    return BehaviourYear(
        start,
        D(rate),
        D(exclusions),
        None if national is None else D(national),
        None if national_ex is None else D(national_ex),
    )


@pytest.mark.parametrize(
    ("rate", "changes", "tier"),
    [
        ("0", {}, 1),
        ("10", {}, 1),
        ("14.99", {}, 1),
        ("15", {}, 2),  # 1.5 times
        ("24.99", {}, 2),
        ("25", {}, 3),  # 2.5 times
        ("10", {"suspension_multiple_tier2": "1"}, 2),
        ("15", {"suspension_multiple_tier2": "1.6"}, 1),
        ("20", {"suspension_multiple_tier3": "2"}, 3),
    ],
)
def test_suspensions_as_a_multiple_of_national(rate, changes, tier):
    signal = behaviour(
        school(behaviour=(suspensions(2024, rate),)), thresholds(**changes)
    )

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_permanent_exclusions_inform_but_do_not_set_the_tier():
    evidence = school(behaviour=(suspensions(2024, "5", exclusions="0.8"),))

    signal = behaviour(evidence, DEFAULTS)

    assert signal.tier == 1
    assert signal.reason == (
        "Suspensions in 2024/25: 5 per 100 pupils, 0.5 times national (10). "
        "Permanent exclusions 0.8 per 100 pupils, above national (0.13)."
    )


def test_behaviour_without_national_compares_the_latest_year_with_one():
    evidence = school(
        behaviour=(suspensions(2023, "30"), suspensions(2024, "5", national=None))
    )

    signal = behaviour(evidence, DEFAULTS)

    assert signal.tier == 3
    assert signal.reason.endswith(
        "No national rate yet for 2024/25 (5 per 100 pupils)."
    )


@pytest.mark.parametrize(
    ("years", "status"),
    [
        ((), MISSING),
        ((suspensions(2024, "5", national=None),), MISSING),
        ((suspensions(2024, "5", national="0"),), MISSING),
        ((suspensions(2022, "50"),), OUT_OF_DATE),
    ],
)
def test_behaviour_without_current_comparison_has_no_tier(years, status):
    signal = behaviour(school(behaviour=years), DEFAULTS)

    assert (signal.tier, signal.status) == (None, status)


# The CEO's quality-assurance judgements ---------------------------------------

QUALITY = [
    (leadership_and_governance, "leadership_and_governance"),
    (teaching, "teaching"),
    (behaviour_judgement, "behaviour"),
]


@pytest.mark.parametrize(("criterion", "area"), QUALITY)
@pytest.mark.parametrize(
    ("judgement", "tier"),
    [("strong", 1), ("secure", 1), ("some_concerns", 2), ("serious_concerns", 3)],
)
def test_quality_judgement_sets_the_tier(criterion, area, judgement, tier):
    facts = JudgementFacts(area, date(2025, 10, 1), judgement)

    signal = criterion(school(judgements=(facts,)), DEFAULTS)

    assert (signal.tier, signal.status) == (tier, CURRENT)


@pytest.mark.parametrize(("criterion", "area"), QUALITY)
@pytest.mark.parametrize(
    ("judged_on", "months", "status"),
    [
        (date(2025, 6, 4), "6", CURRENT),
        (date(2025, 6, 3), "6", CURRENT),  # exactly six months
        (date(2025, 6, 2), "6", OUT_OF_DATE),
        (date(2025, 6, 2), "7", CURRENT),
        (date(2025, 9, 2), "3", OUT_OF_DATE),
    ],
)
def test_old_quality_judgement_is_out_of_date(
    criterion, area, judged_on, months, status
):
    facts = JudgementFacts(area, judged_on, "serious_concerns")

    signal = criterion(
        school(judgements=(facts,)), thresholds(judgement_max_age_months=months)
    )

    assert signal.status == status
    assert signal.tier == (3 if status == CURRENT else None)


def test_quality_reads_the_latest_judgement_of_its_own_area():
    judgements = (
        JudgementFacts("teaching", date(2025, 11, 1), "strong"),
        JudgementFacts("teaching", date(2025, 9, 20), "serious_concerns"),
        JudgementFacts("behaviour", date(2025, 11, 2), "serious_concerns"),
    )

    signal = teaching(school(judgements=judgements), DEFAULTS)

    assert signal.tier == 1
    assert (
        signal.reason == "Teaching: strong, in the CEO's judgement on 1 November 2025."
    )


def test_missing_quality_judgement():
    signal = leadership_and_governance(school(), DEFAULTS)

    assert (signal.tier, signal.status, signal.reason) == (
        None,
        MISSING,
        "No CEO judgement of leadership and governance recorded.",
    )


# Finance ----------------------------------------------------------------------


def accounts(start=2024, balance="1", reserve="8", staff="78", rating="dark_green"):
    return FinanceYear(start, D(balance), D(reserve), D(staff), rating)


@pytest.mark.parametrize(
    ("facts", "changes", "tier"),
    [
        (accounts(), {}, 1),
        (accounts(rating="light_green"), {}, 1),
        (accounts(rating="amber"), {}, 2),
        (accounts(rating="red"), {}, 3),
        (accounts(reserve="0"), {}, 1),
        (accounts(reserve="-0.01"), {}, 3),
        (accounts(reserve="4.9"), {"reserve_tier3": "5"}, 3),
        (accounts(balance="-1.99"), {}, 1),
        (accounts(balance="-2"), {}, 2),  # at minus the bar
        (accounts(balance="-2.01"), {}, 2),
        (accounts(balance="-2"), {"in_year_deficit_tier2": "2.5"}, 1),
        (accounts(balance="0"), {"in_year_deficit_tier2": "0"}, 2),
        (accounts(staff="82"), {}, 1),
        (accounts(staff="82.01"), {}, 2),
        (accounts(staff="82.01"), {"staff_costs_tier2": "85"}, 1),
        (accounts(rating="amber", reserve="-1"), {}, 3),  # the highest wins
        (accounts(rating="red", staff="90"), {}, 3),
    ],
)
def test_finance_at_its_boundaries(facts, changes, tier):
    signal = finance(school(finance=(facts,)), thresholds(**changes))

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_finance_reason_names_what_drove_the_tier():
    facts = accounts(balance="-3", reserve="-1.5", staff="84", rating="amber")

    signal = finance(school(finance=(facts,)), DEFAULTS)

    assert signal.reason == (
        "Finance in 2024/25: rated amber by the trust; revenue reserve −1.5% of "
        "income, below 0%; in-year balance −3% of income, at or below −2%; staff "
        "costs 84% of expenditure, above 82%."
    )


def test_finance_reads_the_latest_year():
    years = (accounts(2024, rating="red"), accounts(2025), accounts(2023, rating="red"))

    assert finance(school(finance=years), DEFAULTS).tier == 1


@pytest.mark.parametrize(
    ("years", "status"), [((), MISSING), ((accounts(2022, rating="red"),), OUT_OF_DATE)]
)
def test_finance_missing_or_out_of_date(years, status):
    signal = finance(school(finance=years), DEFAULTS)

    assert (signal.tier, signal.status) == (None, status)


# Safeguarding -----------------------------------------------------------------


AUDITED_ON = date(2025, 5, 20)


def audit(overall="effective", audited_on=AUDITED_ON, **standards):
    return AuditFacts(audited_on, overall, standards)


@pytest.mark.parametrize(
    ("facts", "tier"),
    [
        (audit(), 1),
        (audit(records="met", training="met"), 1),
        (audit("effective_with_actions"), 2),
        (audit(records="partly_met"), 2),
        (audit("not_effective"), 3),
        (audit(records="not_met"), 3),
        (audit("effective_with_actions", records="not_met"), 3),
        (audit("not_effective", records="met"), 3),
    ],
)
def test_safeguarding_audit_sets_the_tier(facts, tier):
    signal = safeguarding(school(safeguarding=facts), DEFAULTS)

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_safeguarding_reason_names_the_standards():
    facts = audit(
        "effective_with_actions",
        safer_workforce="partly_met",
        records="not_met",
        training="partly_met",
        leadership="met",
    )

    signal = safeguarding(school(safeguarding=facts), DEFAULTS)

    assert signal.reason == (
        "Safeguarding audit on 20 May 2025: effective, with actions. Not met: "
        "record keeping and referrals. Partly met: safer workforce and "
        "recruitment; training and staff knowledge."
    )


def test_inspection_safeguarding_is_not_read_by_the_audit_criterion():
    evidence = school(inspection=eif(safeguarding=False))

    assert safeguarding(evidence, DEFAULTS).status == MISSING


@pytest.mark.parametrize(
    ("audited_on", "months", "status"),
    [
        (date(2024, 12, 4), "12", CURRENT),
        (date(2024, 12, 3), "12", CURRENT),
        (date(2024, 12, 2), "12", OUT_OF_DATE),
        (date(2024, 12, 2), "13", CURRENT),
        (date(2025, 6, 2), "6", OUT_OF_DATE),
    ],
)
def test_old_safeguarding_audit_is_out_of_date(audited_on, months, status):
    facts = audit("not_effective", audited_on=audited_on)

    signal = safeguarding(
        school(safeguarding=facts), thresholds(audit_max_age_months=months)
    )

    assert signal.status == status


# Self-improvement capacity ----------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "tier"), [("strong", 1), ("secure", 1), ("limited", 2), ("weak", 3)]
)
def test_self_improvement_capacity_sets_the_tier(capacity, tier):
    facts = ScrutinyFacts(date(2025, 10, 9), capacity)

    signal = self_improvement(school(scrutiny=facts), DEFAULTS)

    assert (signal.tier, signal.status) == (tier, CURRENT)


@pytest.mark.parametrize(
    ("scrutinised_on", "months", "status"),
    [
        (date(2024, 12, 3), "12", CURRENT),
        (date(2024, 12, 2), "12", OUT_OF_DATE),
        (date(2025, 3, 2), "9", OUT_OF_DATE),
        (date(2025, 3, 3), "9", CURRENT),
    ],
)
def test_old_scrutiny_is_out_of_date(scrutinised_on, months, status):
    facts = ScrutinyFacts(scrutinised_on, "weak")

    signal = self_improvement(
        school(scrutiny=facts), thresholds(scrutiny_max_age_months=months)
    )

    assert signal.status == status


def test_missing_scrutiny():
    signal = self_improvement(school(), DEFAULTS)

    assert (signal.tier, signal.status) == (None, MISSING)


# Workforce --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turnover", "changes", "tier"),
    [
        ("17.99", {}, 1),
        ("18", {}, 1),
        ("18.01", {}, 2),
        ("18.01", {"staff_turnover_tier2": "20"}, 1),
        ("12", {"staff_turnover_tier2": "10"}, 2),
    ],
)
def test_staff_turnover(turnover, changes, tier):
    years = (WorkforceYear(2024, D(turnover), None),)

    signal = workforce(school(workforce=years), thresholds(**changes))

    assert (signal.tier, signal.status) == (tier, CURRENT)


def test_workforce_reason():
    years = (WorkforceYear(2023, D("10"), None), WorkforceYear(2024, D("21"), D("78")))

    assert workforce(school(workforce=years), DEFAULTS).reason == (
        "Staff turnover 21% in 2024/25, above 18%. Staff satisfaction 78%."
    )


@pytest.mark.parametrize(
    ("years", "status"),
    [((), MISSING), ((WorkforceYear(2022, D("30"), None),), OUT_OF_DATE)],
)
def test_workforce_missing_or_out_of_date(years, status):
    signal = workforce(school(workforce=years), DEFAULTS)

    assert (signal.tier, signal.status) == (None, status)


# The recommendation -----------------------------------------------------------


def test_no_evidence_recommends_no_tier_and_lists_every_criterion():
    recommendation = recommend(school(), DEFAULTS)

    assert recommendation.tier is None
    assert [signal.criterion for signal in recommendation.signals] == list(
        CRITERION_NAMES
    )
    assert all(signal.status == MISSING for signal in recommendation.signals)


def test_recommendation_is_the_highest_tier_any_signal_points_to():
    evidence = school(
        inspection=eif(),
        judgements=(JudgementFacts("teaching", date(2025, 10, 1), "some_concerns"),),
        workforce=(WorkforceYear(2024, D("12"), None),),
    )

    assert recommend(evidence, DEFAULTS).tier == 2
    assert recommend(replace(evidence, inspection=eif(overall=4)), DEFAULTS).tier == 3


def test_missing_evidence_never_lowers_or_raises_the_tier():
    evidence = school(workforce=(WorkforceYear(2024, D("12"), None),))

    recommendation = recommend(evidence, DEFAULTS)

    assert recommendation.tier == 1
    assert len(recommendation.gaps) == len(recommendation.signals) - 1


def test_custom_thresholds_change_the_recommendation():
    evidence = school(outcomes=(rwm(result(2024, "58", "62")),))

    assert recommend(evidence, DEFAULTS).tier == 1
    assert recommend(evidence, thresholds(percent_gap_tier2="4")).tier == 2
    assert (
        recommend(
            evidence, thresholds(percent_gap_tier2="2", percent_gap_tier3="4")
        ).tier
        == 3
    )


def test_thresholds_missing_from_a_rule_set_take_their_defaults():
    evidence = school(outcomes=(rwm(result(2024, "52", "62")),))

    assert recommend(evidence, {}).tier == 3


def test_rules_import_nothing_from_django_or_any_models():
    for path in Path(criteria.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("django"), path.name
                assert not name.endswith("models"), path.name
