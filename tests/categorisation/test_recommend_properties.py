"""Properties of the recommendation over any evidence hypothesis can build:
every combination of present and absent sources, plausible and implausible
figures (negative, huge, not a number), None where a figure may be absent,
both inspection frameworks and dates on either side of `today`, under any
valid rule set."""

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from categorisation.criteria import CRITERION_NAMES, recommend
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
from categorisation.thresholds import ORDERED_PAIRS, THRESHOLDS, thresholds_check
from evidence.measures import MEASURES

FAST = settings(max_examples=200, deadline=None)
D = Decimal

# Figures --------------------------------------------------------------------

plausible = st.decimals(min_value=-5, max_value=120, places=2)
implausible = st.one_of(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2),
    st.sampled_from([D("1E+40"), D("-1E+40"), D("1E-30"), D("0"), D("-0"), D("0.005")]),
    st.sampled_from([D("NaN"), D("Infinity"), D("-Infinity")]),
)
figures = st.one_of(plausible, plausible, implausible)
figures_or_none = st.one_of(st.none(), figures)
years = st.one_of(st.integers(2010, 2035), st.integers(-5, 9999))


def choice(*values):
    """A valid choice most of the time, otherwise any short text."""
    return st.one_of(
        st.sampled_from(values), st.sampled_from(values), st.text(max_size=8)
    )


def day_near(today):
    return st.integers(-6000, 400).map(lambda days: today + datetime.timedelta(days))


# Sources ----------------------------------------------------------------------

EIF_AREAS = [
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
]
RENEWED_AREAS = [
    "inclusion",
    "curriculum_and_teaching",
    "achievement",
    "attendance_and_behaviour",
    "personal_development_and_wellbeing",
    "leadership_and_governance",
    "early_years",
    "post_16",
]


def inspections(today):
    return st.builds(
        InspectionFacts,
        inspected_on=day_near(today),
        framework=choice("eif", "renewed"),
        inspection_type=choice(
            "graded", "ungraded", "urgent", "monitoring", "report_card"
        ),
        overall_effectiveness=st.one_of(st.none(), st.integers(-1, 6)),
        grades=st.dictionaries(
            st.one_of(st.sampled_from(EIF_AREAS + RENEWED_AREAS), st.text(max_size=6)),
            st.integers(-1, 7),
            max_size=8,
        ),
        is_safeguarding_effective=st.one_of(st.none(), st.booleans()),
        category=choice(
            "",
            "serious_weaknesses",
            "special_measures",
            "requires_significant_improvement",
        ),
    )


measure_years = st.builds(
    MeasureYear,
    academic_year=years,
    value=figures_or_none,
    availability=choice("published", "suppressed", "not_published"),
    national=figures_or_none,
)
measures = st.builds(
    lambda measure, higher_is_better, found: MeasureFacts(
        measure.key, measure.label, measure.unit, higher_is_better, tuple(found)
    ),
    st.sampled_from(MEASURES),
    st.booleans(),
    st.lists(measure_years, max_size=5),
)
attendance_years = st.builds(
    AttendanceYear,
    academic_year=years,
    overall_absence=figures_or_none,
    persistent_absence=figures_or_none,
    national_overall_absence=figures_or_none,
    national_persistent_absence=figures_or_none,
)
behaviour_years = st.builds(
    BehaviourYear,
    academic_year=years,
    suspension_rate=figures_or_none,
    permanent_exclusion_rate=figures_or_none,
    national_suspension_rate=figures_or_none,
    national_permanent_exclusion_rate=figures_or_none,
)
finance_years = st.builds(
    FinanceYear,
    financial_year=years,
    in_year_balance_percent=figures_or_none,
    revenue_reserve_percent=figures_or_none,
    staff_costs_percent=figures_or_none,
    rating=choice("red", "amber", "light_green", "dark_green"),
)
workforce_years = st.builds(
    WorkforceYear,
    academic_year=years,
    staff_turnover=figures_or_none,
    staff_satisfaction=figures_or_none,
)


def audits(today):
    return st.builds(
        AuditFacts,
        audited_on=day_near(today),
        overall=choice("effective", "effective_with_actions", "not_effective"),
        standards=st.dictionaries(
            st.one_of(
                st.sampled_from(["safer_workforce", "records", "training"]),
                st.text(max_size=6),
            ),
            choice("met", "partly_met", "not_met"),
            max_size=6,
        ),
    )


def judgements(today):
    return st.builds(
        JudgementFacts,
        area=choice("leadership_and_governance", "teaching", "behaviour"),
        judged_on=day_near(today),
        judgement=choice("strong", "secure", "some_concerns", "serious_concerns"),
    )


def scrutinies(today):
    return st.builds(
        ScrutinyFacts,
        scrutinised_on=day_near(today),
        capacity=choice("strong", "secure", "limited", "weak"),
    )


def optional(strategy):
    return st.one_of(st.none(), strategy)


def some(strategy, size=4):
    return st.lists(strategy, max_size=size).map(tuple)


@st.composite
def school_evidence(draw):
    today = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2090, 12, 31)))
    return SchoolEvidence(
        urn="100001",
        name="Ashby Road Primary",
        phase=draw(choice("primary", "secondary", "all_through")),
        today=today,
        inspection=draw(optional(inspections(today))),
        outcomes=draw(some(measures, size=6)),
        attendance=draw(some(attendance_years)),
        behaviour=draw(some(behaviour_years)),
        finance=draw(some(finance_years)),
        safeguarding=draw(optional(audits(today))),
        judgements=draw(some(judgements(today))),
        scrutiny=draw(optional(scrutinies(today))),
        workforce=draw(some(workforce_years)),
    )


@st.composite
def rule_sets(draw):
    """Any thresholds the rule-set form would accept."""
    values = {
        threshold.key: draw(st.decimals(threshold.minimum, threshold.maximum, places=2))
        for threshold in THRESHOLDS
    }
    pairs = [*ORDERED_PAIRS, ("progress_tier3", "progress_tier2")]
    for lower, higher in pairs:
        values[lower], values[higher] = sorted((values[lower], values[higher]))
    assert thresholds_check(values) == {}
    return values


# Properties -------------------------------------------------------------------


@FAST
@given(school_evidence(), rule_sets())
def test_recommendation_is_the_highest_signal_and_gaps_say_why(evidence, thresholds):
    recommendation = recommend(evidence, thresholds)

    tiers = [signal.tier for signal in recommendation.signals]
    assert set(tiers) <= {1, 2, 3, None}
    known = [tier for tier in tiers if tier is not None]
    assert recommendation.tier == (max(known) if known else None)
    for signal in recommendation.signals:
        assert signal.reason.strip()
        if signal.tier is None:
            assert signal.status in {MISSING, OUT_OF_DATE}
        else:
            assert signal.status == CURRENT


@FAST
@given(school_evidence(), rule_sets())
def test_signals_list_the_same_criteria_in_the_same_order(evidence, thresholds):
    criteria = [signal.criterion for signal in recommend(evidence, thresholds).signals]

    # A criterion that reads several measures gives one signal per measure,
    # side by side; every criterion gives at least one.
    runs = [c for i, c in enumerate(criteria) if i == 0 or criteria[i - 1] != c]
    assert runs == list(CRITERION_NAMES)


@FAST
@given(school_evidence(), rule_sets(), figures_or_none)
def test_absent_figures_are_never_read(evidence, thresholds, anything):
    """Whatever a suppressed or unpublished year carries, it changes
    nothing."""
    changed = replace(
        evidence,
        outcomes=tuple(
            replace(
                measure,
                years=tuple(
                    year
                    if year.availability == "published"
                    else replace(year, value=anything)
                    for year in measure.years
                ),
            )
            for measure in evidence.outcomes
        ),
    )

    assert recommend(changed, thresholds) == recommend(evidence, thresholds)
