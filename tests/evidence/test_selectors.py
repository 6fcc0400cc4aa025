import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from evidence.completeness import MISSING, OUT_OF_DATE, UP_TO_DATE
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
from evidence.selectors import (
    evidence_overview_for,
    evidence_source_for,
    pounds,
)
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _national(measure, year, value):
    NationalComparator.objects.update_or_create(
        measure=measure, academic_year=year, defaults={"value": Decimal(value)}
    )


def _result(school, measure, year, value=None, availability=Availability.PUBLISHED):
    return AttainmentResult.objects.create(
        school=school,
        measure=measure,
        academic_year=year,
        value=None if value is None else Decimal(value),
        availability=availability,
    )


def _attendance(school, year, overall, persistent="15.0", period="year"):
    return Attendance.objects.create(
        school=school,
        academic_year=year,
        period=period,
        overall_absence=Decimal(overall),
        persistent_absence=Decimal(persistent),
    )


def _summary(school, source, key):
    evidence = evidence_source_for(school, source)
    return next(s for s in evidence.measures if s.measure.key == key)


@pytest.fixture
def ks2_nationals(db):
    for year, value in [(2022, "59"), (2023, "61"), (2024, "62")]:
        _national("ks2_rwm_expected", year, value)


def test_latest_value_with_national_for_the_same_year(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2023, "58")
    _result(school_a, "ks2_rwm_expected", 2024, "64")

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.latest.academic_year == 2024
    assert summary.latest.text == "64%"
    assert summary.national == Decimal("62")
    assert summary.difference == Decimal("2")
    assert summary.verdict == "better"
    assert summary.comparison_text == "2 percentage points above national (better)"


def test_below_national_is_worse_when_higher_is_better(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2024, "57")

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.verdict == "worse"
    assert summary.comparison_text == "5 percentage points below national (worse)"


def test_lower_absence_than_national_is_better(school_a):
    _national("overall_absence", 2023, "7.1")
    _attendance(school_a, 2023, "6.8")

    summary = _summary(school_a, "attendance", "overall_absence")

    assert summary.difference == Decimal("-0.3")
    assert summary.verdict == "better"
    assert summary.comparison_text == ("0.3 percentage points below national (better)")


def test_higher_absence_than_national_is_worse(school_a):
    _national("overall_absence", 2023, "7.1")
    _attendance(school_a, 2023, "8.1")

    summary = _summary(school_a, "attendance", "overall_absence")

    assert summary.verdict == "worse"
    assert summary.comparison_text == "1 percentage point above national (worse)"


def test_higher_suspension_rate_is_worse(school_a):
    _national("suspension_rate", 2023, "11.31")
    Behaviour.objects.create(
        school=school_a,
        academic_year=2023,
        period="year",
        pupils_on_roll=200,
        suspensions=30,
        permanent_exclusions=0,
    )

    summary = _summary(school_a, "behaviour", "suspension_rate")

    assert summary.latest.text == "15"
    assert summary.verdict == "worse"
    assert summary.comparison_text == "3.69 per 100 pupils above national (worse)"


def test_same_as_national(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2024, "62")

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.verdict == "same"
    assert summary.comparison_text == "Same as national"


def test_suppressed_value_is_shown_as_suppressed_never_zero(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2023, "60")
    _result(school_a, "ks2_rwm_expected", 2024, availability=Availability.SUPPRESSED)

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.latest.text == "Suppressed"
    assert summary.latest.value is None
    assert summary.difference is None
    assert summary.verdict == ""
    assert summary.comparison_text == "No school figure to compare"
    assert summary.school_values == [None, Decimal("60"), None]
    assert summary.gaps_text == (
        "No school figure for 2022/23 (none recorded), 2024/25 (suppressed)."
    )


def test_year_dfe_did_not_publish_is_not_published_nationally_too(school_a):
    _result(school_a, "ks2_reading_progress", 2022, "-1.20")
    _result(
        school_a, "ks2_reading_progress", 2024, availability=Availability.NOT_PUBLISHED
    )

    summary = _summary(school_a, "attainment", "ks2_reading_progress")

    years = {year.year_name: year for year in summary.trend}
    assert summary.latest.text == "Not published"
    assert years["2023/24"].school.text == "Not published"
    assert years["2023/24"].national_text == "Not published"
    # Progress is measured from a national average of zero.
    assert years["2022/23"].national == Decimal(0)
    assert summary.national_text == "Not published"


def test_trend_covers_three_years_with_a_missing_year(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2021, "40")
    _result(school_a, "ks2_rwm_expected", 2022, "55")
    _result(school_a, "ks2_rwm_expected", 2024, "64")

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.chart_years == ["2022/23", "2023/24", "2024/25"]
    assert summary.school_values == [Decimal("55"), None, Decimal("64")]
    assert summary.national_values == [Decimal("59"), Decimal("61"), Decimal("62")]
    assert [year.school.text for year in summary.trend] == ["55%", "No figure", "64%"]
    assert summary.change_text == (
        "Up 9 percentage points from 2022/23 to 2024/25 (better)"
    )


def test_a_missing_latest_year_is_not_a_fall(school_a, ks2_nationals):
    _result(school_a, "ks2_rwm_expected", 2022, "55")
    _result(school_a, "ks2_rwm_expected", 2023, "58")
    _result(school_a, "ks2_rwm_expected", 2024, availability=Availability.SUPPRESSED)

    summary = _summary(school_a, "attainment", "ks2_rwm_expected")

    assert summary.change_text == (
        "Up 3 percentage points from 2022/23 to 2023/24 (better)"
    )


def test_falling_absence_is_an_improvement(school_a):
    _attendance(school_a, 2022, "7.9")
    _attendance(school_a, 2024, "6.2")

    summary = _summary(school_a, "attendance", "overall_absence")

    assert summary.change_text == (
        "Down 1.7 percentage points from 2022/23 to 2024/25 (better)"
    )


def test_one_figure_is_not_a_trend(school_a):
    _attendance(school_a, 2024, "6.2")

    summary = _summary(school_a, "attendance", "overall_absence")

    assert summary.change_text == "Not enough figures for a trend"


def test_a_term_is_never_set_against_whole_years(school_a):
    _national("overall_absence", 2023, "7.1")
    _attendance(school_a, 2023, "6.8")
    _attendance(school_a, 2024, "5.1", period="autumn")

    evidence = evidence_source_for(school_a, "attendance")

    summary = evidence.measures[0]
    assert summary.latest.academic_year == 2023
    assert summary.school_values == [None, None, Decimal("6.8")]
    latest_term = evidence.extra["latest_term"]
    assert latest_term["name"] == "autumn term 2024/25"
    assert ("Overall absence", "5.1%") in latest_term["figures"]
    assert evidence.latest == {"attendance": 2024}


def test_records_are_listed_latest_first_with_formatted_values(school_a):
    _attendance(school_a, 2022, "7.90")
    _attendance(school_a, 2024, "6.20", period="spring")
    _attendance(school_a, 2024, "5.10", period="autumn")

    rows = evidence_source_for(school_a, "attendance").records

    assert [(row["year_name"], row["period"]) for row in rows] == [
        ("2024/25", "Spring term"),
        ("2024/25", "Autumn term"),
        ("2022/23", "Whole year"),
    ]
    assert rows[2]["overall_absence"] == "7.9%"
    assert rows[2]["severe_absence"] == "Not recorded"


def test_measures_the_school_has_no_results_for_are_left_out(school_a):
    _result(school_a, "phonics_expected", 2024, "80")

    evidence = evidence_source_for(school_a, "attainment")

    assert [s.measure.key for s in evidence.measures] == ["phonics_expected"]
    assert [group for group, _ in evidence.groups] == [
        "Phonics, multiplication tables and early years"
    ]


def test_finance_in_pounds_and_percent_of_income(school_a):
    Finance.objects.create(
        school=school_a,
        financial_year=2024,
        total_income=Decimal("2455120"),
        in_year_balance=Decimal("-45210.40"),
        revenue_reserve=Decimal("178700"),
        staff_costs_percent=Decimal("77.2"),
        rating="amber",
    )

    evidence = evidence_source_for(school_a, "finance")

    row = evidence.records[0]
    assert row["income"] == "£2,455,120"
    assert row["in_year_balance"] == "\u2212£45,210"
    assert row["in_year_balance_percent"] == "\u22121.8%"
    assert row["revenue_reserve_percent"] == "7.3%"
    assert row["forecast"] == "Not recorded"
    assert row["rating"] == "Amber"
    assert [s.measure.key for s in evidence.measures] == [
        "in_year_balance_percent",
        "revenue_reserve_percent",
        "staff_costs_percent",
    ]
    assert not evidence.measures[0].has_comparator


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234567"), "£1,234,567"),
        (Decimal("-12345.49"), "\u2212£12,345"),
        (Decimal("0"), "£0"),
        (None, ""),
    ],
)
def test_pounds(amount, expected):
    assert pounds(amount) == expected


def test_inspection_grades_stay_on_their_own_framework(school_a):
    old = Inspection.objects.create(
        school=school_a,
        inspected_on=datetime.date(2019, 3, 12),
        framework="eif",
        inspection_type="graded",
        overall_effectiveness=2,
        is_safeguarding_effective=True,
    )
    InspectionGrade.objects.create(inspection=old, area="quality_of_education", grade=2)
    new = Inspection.objects.create(
        school=school_a,
        inspected_on=datetime.date(2026, 1, 20),
        framework="renewed",
        inspection_type="report_card",
        is_safeguarding_effective=False,
    )
    InspectionGrade.objects.create(inspection=new, area="achievement", grade=2)
    InspectionGrade.objects.create(inspection=new, area="inclusion", grade=4)

    evidence = evidence_source_for(school_a, "inspections")
    latest, earlier = evidence.records

    assert [(grade["area"], grade["grade"]) for grade in latest["grades"]] == [
        ("Inclusion", "Needs attention"),
        ("Achievement", "Strong standard"),
    ]
    assert latest["safeguarding"] == "Not met"
    assert "five points" in latest["scale"]
    assert [grade["grade"] for grade in earlier["grades"]] == ["Good (grade 2)"]
    assert earlier["safeguarding"] == "Effective"
    assert "1 to 4" in earlier["scale"]
    assert evidence.headline == [
        "Report card inspection, 20 January 2026; weakest grade: Needs attention "
        "(Inclusion); safeguarding not met"
    ]


def evidence_for_every_source(school, years=(2024,), *, with_documents=True):
    """A record of every source for each year given."""
    uploader = UserFactory()
    for year in years:
        _result(school, "ks2_rwm_expected", year, "60")
        _attendance(school, year, "6.0")
        Behaviour.objects.create(
            school=school,
            academic_year=year,
            period="year",
            pupils_on_roll=200,
            suspensions=3,
            permanent_exclusions=0,
        )
        Finance.objects.create(
            school=school,
            financial_year=year,
            total_income=Decimal("1000000"),
            in_year_balance=Decimal("1000"),
            revenue_reserve=Decimal("50000"),
            staff_costs_percent=Decimal("75"),
            rating="amber",
        )
        Workforce.objects.create(
            school=school, academic_year=year, staff_turnover=Decimal("10")
        )
        inspection = Inspection.objects.create(
            school=school,
            inspected_on=datetime.date(year, 10, 1),
            framework="eif",
            inspection_type="graded",
        )
        InspectionGrade.objects.create(
            inspection=inspection, area="quality_of_education", grade=2
        )
        audit = SafeguardingAudit.objects.create(
            school=school,
            audited_on=datetime.date(year, 11, 1),
            auditor="Local partnership",
            overall="effective",
        )
        SafeguardingStandard.objects.create(
            audit=audit, standard="training", rating="met"
        )
        QualityJudgement.objects.create(
            school=school,
            judged_on=datetime.date(year, 12, 1),
            area="teaching",
            judgement="secure",
            summary="Reading is taught well.",
        )
        if with_documents:
            _document(school, year - 2000, uploader)


def _document(school, version, uploader):
    """A SEF with a scrutiny; the file itself is never opened."""
    document = EvidenceDocument.objects.create(
        school=school,
        kind="sef",
        version=version,
        file=f"evidence/{school.pk}/sef-{version}.pdf",
        original_name="sef.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
        recorded_by=uploader,
    )
    DocumentScrutiny.objects.create(
        document=document,
        comments="Accurate.",
        self_improvement_capacity="secure",
        scrutinised_by=uploader,
    )


@pytest.mark.parametrize(
    ("source", "queries"),
    [
        ("inspections", 2),
        ("attainment", 2),
        ("attendance", 2),
        ("behaviour", 2),
        ("finance", 1),
        ("safeguarding", 2),
        ("quality", 1),
        ("workforce", 1),
        ("documents", 2),
    ],
)
def test_each_source_takes_a_fixed_number_of_queries(
    school_a, django_assert_num_queries, source, queries
):
    evidence_for_every_source(school_a, years=(2021, 2022, 2023, 2024))
    evidence_for_every_source(SchoolFactory(), years=(2023, 2024))

    with django_assert_num_queries(queries):
        evidence_source_for(school_a, source)


def test_overview_gathers_every_source_and_checks_completeness(school_a):
    evidence_for_every_source(school_a, with_documents=False)

    overview = evidence_overview_for(school_a, today=datetime.date(2025, 10, 15))

    states = {check.key: check.state for check in overview["completeness"]}
    assert states == {
        "inspections": UP_TO_DATE,
        "attainment": UP_TO_DATE,
        "attendance": UP_TO_DATE,
        "behaviour": UP_TO_DATE,
        "finance": UP_TO_DATE,
        "safeguarding": UP_TO_DATE,
        "quality": OUT_OF_DATE,
        "workforce": UP_TO_DATE,
        "sef": MISSING,
        "sip": MISSING,
    }
    assert [evidence.source.slug for evidence in overview["sources"]][:2] == [
        "inspections",
        "attainment",
    ]


def test_documents_are_grouped_by_kind_latest_version_first(
    school_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    uploaded_at = datetime.datetime(2025, 6, 3, 10, tzinfo=datetime.UTC)
    for kind, version in [("sef", 1), ("sef", 2), ("sip", 1)]:
        document = EvidenceDocument(
            school=school_a,
            kind=kind,
            version=version,
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            created_at=uploaded_at,
        )
        document.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.4\n"))

    evidence = evidence_source_for(school_a, "documents")
    overview = evidence_overview_for(school_a, today=datetime.date(2025, 9, 1))

    sef, sip = evidence.extra["kinds"]
    assert [document.version for document in sef["versions"]] == [2, 1]
    assert [document.version for document in sip["versions"]] == [1]
    assert evidence.latest == {
        "sef": datetime.date(2025, 6, 3),
        "sip": datetime.date(2025, 6, 3),
    }
    states = {check.key: check.state for check in overview["completeness"]}
    assert states["sef"] == states["sip"] == OUT_OF_DATE
