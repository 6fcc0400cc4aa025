import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categorisation import selectors
from categorisation.facts import Recommendation
from categorisation.models import RuleSet, TierDecision
from categorisation.selectors import (
    current_tiers,
    recommendations_for,
    school_evidence_for,
)
from categorisation.thresholds import default_thresholds
from evidence.models import (
    AttainmentResult,
    Attendance,
    Availability,
    Behaviour,
    DocumentScrutiny,
    EvidenceDocument,
    Finance,
    Inspection,
    InspectionGrade,
    NationalComparator,
    QualityJudgement,
    SafeguardingAudit,
    SafeguardingStandard,
    Workforce,
)
from tests.evidence.test_selectors import evidence_for_every_source
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 12, 1)


def _evidence(school):
    return school_evidence_for([school], today=TODAY)[school.pk]


def _national(measure, year, value):
    NationalComparator.objects.update_or_create(
        measure=measure, academic_year=year, defaults={"value": Decimal(value)}
    )


def _result(school, measure, year, value, availability=Availability.PUBLISHED):
    AttainmentResult.objects.create(
        school=school,
        measure=measure,
        academic_year=year,
        value=None if value is None else Decimal(value),
        availability=availability,
    )


def _inspection(school, day, framework, grades, **fields):
    inspection = Inspection.objects.create(
        school=school,
        inspected_on=day,
        framework=framework,
        inspection_type=fields.pop("inspection_type", "graded"),
        **fields,
    )
    for area, grade in grades.items():
        InspectionGrade.objects.create(inspection=inspection, area=area, grade=grade)


def _document(school, kind, scrutinised_at, capacity, *, version=1):
    user = UserFactory()
    document = EvidenceDocument.objects.create(
        school=school,
        kind=kind,
        version=version,
        file=f"evidence/{school.pk}/{kind}-{version}.pdf",
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    DocumentScrutiny.objects.create(
        document=document,
        comments="Read in full.",
        self_improvement_capacity=capacity,
        scrutinised_by=user,
        scrutinised_at=scrutinised_at,
    )


# Facts ------------------------------------------------------------------------


def test_school_with_no_evidence_has_empty_facts(school_a):
    evidence = _evidence(school_a)

    assert (evidence.urn, evidence.name, evidence.phase) == (
        "100001",
        "Ashby Road Primary",
        "primary",
    )
    assert evidence.today == TODAY
    assert evidence.inspection is None
    assert evidence.safeguarding is None
    assert evidence.scrutiny is None
    assert evidence.outcomes == evidence.attendance == evidence.finance == ()


def test_today_defaults_to_the_local_date(school_a, monkeypatch):
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: TODAY)

    assert school_evidence_for([school_a])[school_a.pk].today == TODAY


def test_latest_inspection_with_its_own_grades(school_a, school_b):
    _inspection(
        school_a,
        datetime.date(2022, 3, 9),
        "eif",
        {"quality_of_education": 2, "leadership_and_management": 2},
        overall_effectiveness=2,
        is_safeguarding_effective=True,
    )
    _inspection(
        school_a,
        datetime.date(2025, 11, 19),
        "renewed",
        {"achievement": 4, "inclusion": 3},
        inspection_type="report_card",
        is_safeguarding_effective=False,
        category="requires_significant_improvement",
    )
    _inspection(school_b, datetime.date(2024, 1, 10), "eif", {"early_years": 1})

    inspection = _evidence(school_a).inspection

    assert inspection.inspected_on == datetime.date(2025, 11, 19)
    assert inspection.framework == "renewed"
    assert inspection.inspection_type == "report_card"
    assert inspection.overall_effectiveness is None
    assert inspection.grades == {"achievement": 4, "inclusion": 3}
    assert inspection.is_safeguarding_effective is False
    assert inspection.category == "requires_significant_improvement"


def test_outcomes_keep_the_newest_three_years_with_national(school_a):
    for year, value in [(2020, "70"), (2021, "66"), (2022, "58"), (2023, "55")]:
        _result(school_a, "ks2_rwm_expected", year, value)
    _result(school_a, "ks2_rwm_expected", 2024, None, Availability.SUPPRESSED)
    for year, value in [(2022, "59"), (2023, "61"), (2024, "62")]:
        _national("ks2_rwm_expected", year, value)

    (outcome,) = _evidence(school_a).outcomes

    assert outcome.key == "ks2_rwm_expected"
    assert outcome.label == "KS2 reading, writing and maths at the expected standard"
    assert (outcome.unit, outcome.higher_is_better) == ("percent", True)
    assert [
        (year.academic_year, year.value, year.availability, year.national)
        for year in outcome.years
    ] == [
        (2022, Decimal("58"), "published", Decimal("59")),
        (2023, Decimal("55"), "published", Decimal("61")),
        (2024, None, "suppressed", Decimal("62")),
    ]


def test_outcomes_without_a_comparator_have_no_national(school_a):
    NationalComparator.objects.filter(measure="ks2_maths_progress").delete()
    _result(school_a, "ks2_maths_progress", 2022, "-1.2")
    _result(school_a, "ks2_maths_progress", 2023, None, Availability.NOT_PUBLISHED)

    (outcome,) = _evidence(school_a).outcomes

    assert outcome.unit == "progress"
    assert [(y.value, y.availability, y.national) for y in outcome.years] == [
        (Decimal("-1.2"), "published", None),
        (None, "not_published", None),
    ]


def test_outcomes_are_per_school_in_the_measures_order(school_a, school_b):
    _result(school_a, "phonics_expected", 2024, "81")
    _result(school_a, "ks2_rwm_expected", 2024, "64")
    _result(school_b, "ks4_attainment8", 2024, "44.1")

    evidence = school_evidence_for([school_a, school_b], today=TODAY)

    assert [o.key for o in evidence[school_a.pk].outcomes] == [
        "ks2_rwm_expected",
        "phonics_expected",
    ]
    assert [o.key for o in evidence[school_b.pk].outcomes] == ["ks4_attainment8"]


def test_attendance_uses_whole_years_only_with_national(school_a):
    _national("overall_absence", 2023, "7.1")
    _national("persistent_absence", 2023, "20.0")
    NationalComparator.objects.filter(
        measure="persistent_absence", academic_year=2024
    ).delete()
    for year, period, overall in [
        (2024, "year", "6.9"),
        (2023, "year", "8.2"),
        (2025, "autumn", "5.1"),
        (2024, "summer", "4.0"),
    ]:
        Attendance.objects.create(
            school=school_a,
            academic_year=year,
            period=period,
            overall_absence=Decimal(overall),
            persistent_absence=Decimal("18.5"),
        )

    attendance = _evidence(school_a).attendance

    assert [(a.academic_year, a.overall_absence) for a in attendance] == [
        (2023, Decimal("8.2")),
        (2024, Decimal("6.9")),
    ]
    assert attendance[0].persistent_absence == Decimal("18.5")
    assert attendance[0].national_overall_absence == Decimal("7.1")
    assert attendance[0].national_persistent_absence == Decimal("20.0")
    assert attendance[1].national_persistent_absence is None


def test_behaviour_rates_per_hundred_with_national(school_a):
    _national("suspension_rate", 2023, "11.31")
    _national("permanent_exclusion_rate", 2023, "0.13")
    for period in ("year", "spring"):
        Behaviour.objects.create(
            school=school_a,
            academic_year=2023,
            period=period,
            pupils_on_roll=400,
            suspensions=50,
            permanent_exclusions=2,
        )

    (behaviour,) = _evidence(school_a).behaviour

    assert behaviour.academic_year == 2023
    assert behaviour.suspension_rate == Decimal("12.50")
    assert behaviour.permanent_exclusion_rate == Decimal("0.50")
    assert behaviour.national_suspension_rate == Decimal("11.31")
    assert behaviour.national_permanent_exclusion_rate == Decimal("0.13")


def test_finance_and_workforce_years_oldest_first(school_a):
    for year, balance in [(2024, "-30000"), (2023, "10000")]:
        Finance.objects.create(
            school=school_a,
            financial_year=year,
            total_income=Decimal("1000000"),
            in_year_balance=Decimal(balance),
            revenue_reserve=Decimal("45000"),
            staff_costs_percent=Decimal("83.5"),
            rating="amber",
        )
    Workforce.objects.create(
        school=school_a, academic_year=2024, staff_turnover=Decimal("21")
    )

    evidence = _evidence(school_a)

    assert [f.financial_year for f in evidence.finance] == [2023, 2024]
    latest = evidence.finance[-1]
    assert latest.in_year_balance_percent == Decimal("-3.0")
    assert latest.revenue_reserve_percent == Decimal("4.5")
    assert latest.staff_costs_percent == Decimal("83.5")
    assert latest.rating == "amber"
    (workforce,) = evidence.workforce
    assert (workforce.academic_year, workforce.staff_turnover) == (2024, Decimal("21"))
    assert workforce.staff_satisfaction is None


def test_latest_safeguarding_audit_with_its_standards(school_a):
    for day, overall, rating in [
        (datetime.date(2025, 6, 1), "effective_with_actions", "partly_met"),
        (datetime.date(2024, 6, 1), "not_effective", "not_met"),
    ]:
        audit = SafeguardingAudit.objects.create(
            school=school_a, audited_on=day, auditor="Consultant", overall=overall
        )
        SafeguardingStandard.objects.create(
            audit=audit, standard="training", rating=rating
        )
        SafeguardingStandard.objects.create(
            audit=audit, standard="records", rating="met"
        )

    audit = _evidence(school_a).safeguarding

    assert audit.audited_on == datetime.date(2025, 6, 1)
    assert audit.overall == "effective_with_actions"
    assert audit.standards == {"training": "partly_met", "records": "met"}


def test_latest_judgement_in_each_area(school_a):
    for day, area, judgement in [
        (datetime.date(2025, 10, 1), "teaching", "some_concerns"),
        (datetime.date(2025, 3, 1), "teaching", "strong"),
        (datetime.date(2024, 3, 1), "behaviour", "serious_concerns"),
        (datetime.date(2025, 5, 1), "leadership_and_governance", "secure"),
        (datetime.date(2024, 5, 1), "leadership_and_governance", "strong"),
    ]:
        QualityJudgement.objects.create(
            school=school_a, judged_on=day, area=area, judgement=judgement
        )

    judgements = _evidence(school_a).judgements

    assert [(j.area, j.judged_on, j.judgement) for j in judgements] == [
        ("leadership_and_governance", datetime.date(2025, 5, 1), "secure"),
        ("teaching", datetime.date(2025, 10, 1), "some_concerns"),
        ("behaviour", datetime.date(2024, 3, 1), "serious_concerns"),
    ]


def test_latest_scrutiny_of_sef_or_sip_on_its_local_date(school_a, school_b):
    # 23:30 UTC on 30 June is half past midnight on 1 July in London.
    _document(
        school_a,
        "sip",
        datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC),
        "limited",
    )
    _document(
        school_a, "sef", datetime.datetime(2025, 2, 1, 9, tzinfo=datetime.UTC), "strong"
    )
    _document(
        school_a,
        "safeguarding_report",
        datetime.datetime(2025, 9, 1, 9, tzinfo=datetime.UTC),
        "weak",
    )
    _document(
        school_b, "sef", datetime.datetime(2025, 8, 1, 9, tzinfo=datetime.UTC), "weak"
    )

    scrutiny = _evidence(school_a).scrutiny

    assert scrutiny.scrutinised_on == datetime.date(2025, 7, 1)
    assert scrutiny.capacity == "limited"


# Queries ----------------------------------------------------------------------


def _queries_for(count):
    schools = SchoolFactory.create_batch(count)
    for school in schools:
        evidence_for_every_source(school, years=(2023, 2024))
    with CaptureQueriesContext(connection) as captured:
        evidence = school_evidence_for(schools, today=TODAY)
    assert all(evidence[school.pk].inspection for school in schools)
    return len(captured)


def test_evidence_for_many_schools_takes_the_same_queries_as_for_two():
    two = _queries_for(2)

    assert _queries_for(12) == two == 12


def test_recommendations_and_tiers_take_constant_queries(monkeypatch):
    monkeypatch.setattr(selectors, "recommend", lambda *_: Recommendation(None))
    schools = SchoolFactory.create_batch(5)
    for school in schools:
        evidence_for_every_source(school, with_documents=False)

    with CaptureQueriesContext(connection) as captured:
        recommendations_for(schools, today=TODAY)
        current_tiers(schools)

    # The evidence, the rule set and the decisions.
    assert len(captured) == 12 + 1 + 1


# Recommendations and tiers ----------------------------------------------------


@pytest.fixture
def recommend_calls(monkeypatch):
    calls = []

    def recommend(evidence, thresholds):
        calls.append((evidence, thresholds))
        return Recommendation(tier=2)

    monkeypatch.setattr(selectors, "recommend", recommend)
    return calls


def test_recommendations_use_the_rule_set_of_the_current_year(
    school_a, school_b, recommend_calls
):
    RuleSet.objects.create(academic_year=2024, thresholds={"percent_gap_tier2": 4})
    RuleSet.objects.create(academic_year=2025, thresholds={"percent_gap_tier2": 7})
    RuleSet.objects.create(academic_year=2026, thresholds={"percent_gap_tier2": 9})

    recommendations = recommendations_for([school_b, school_a], today=TODAY)

    assert [(school, r.tier) for school, r in recommendations] == [
        (school_b, 2),
        (school_a, 2),
    ]
    assert [evidence.urn for evidence, _ in recommend_calls] == ["100002", "100001"]
    thresholds = recommend_calls[0][1]
    assert thresholds["percent_gap_tier2"] == Decimal("7")
    assert thresholds["percent_gap_tier3"] == Decimal("10")


def test_recommendations_fall_back_to_the_default_thresholds(school_a, recommend_calls):
    RuleSet.objects.create(academic_year=2026, thresholds={"percent_gap_tier2": 9})

    recommendations_for([school_a], today=TODAY)

    assert recommend_calls[0][1] == default_thresholds()


def test_current_tier_is_the_latest_decision(school_a, school_b):
    ceo = UserFactory()
    for tier, effective_on in [(3, "2025-09-01"), (2, "2024-09-01")]:
        TierDecision.objects.create(
            school=school_a,
            tier=tier,
            effective_on=datetime.date.fromisoformat(effective_on),
            decided_by=ceo,
        )

    tiers = current_tiers([school_a, school_b])

    assert tiers[school_a.pk].tier == 3
    assert tiers[school_b.pk] is None
