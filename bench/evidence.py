"""Evidence for every bench school, in bulk: three years of each yearly
source, an inspection with grades, an audit with ratings, judgements and
documents, so the evidence tabs are measured with real rows behind them."""

import datetime
from decimal import Decimal

from evidence.models import (
    SAFEGUARDING_STANDARDS,
    AttainmentResult,
    Attendance,
    Behaviour,
    EvidenceDocument,
    Finance,
    Inspection,
    InspectionGrade,
    QualityJudgement,
    SafeguardingAudit,
    SafeguardingStandard,
    Workforce,
)

YEARS = (2022, 2023, 2024)
MEASURES = ("ks2_rwm_expected", "ks2_rwm_high", "phonics_expected", "eyfs_gld")
EIF_AREAS = (
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
)


def evidence_seed(schools):
    _yearly(schools)
    _inspections(schools)
    _audits(schools)
    QualityJudgement.objects.bulk_create(
        QualityJudgement(
            school=school,
            judged_on=datetime.date(2026, 11, 2),
            area=area,
            judgement="secure",
        )
        for school in schools
        for area in ("leadership_and_governance", "teaching", "behaviour")
    )
    EvidenceDocument.objects.bulk_create(
        EvidenceDocument(
            school=school,
            kind=kind,
            version=1,
            file=f"evidence/{school.pk}/bench-{kind}.pdf",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
        )
        for school in schools
        for kind in ("sef", "sip")
    )


def _yearly(schools):
    def rows(model, **values):
        return [
            model(school=school, academic_year=year, **values)
            for school in schools
            for year in YEARS
        ]

    AttainmentResult.objects.bulk_create(
        AttainmentResult(
            school=school, academic_year=year, measure=measure, value=Decimal(60)
        )
        for school in schools
        for year in YEARS
        for measure in MEASURES
    )
    Attendance.objects.bulk_create(
        rows(Attendance, period="year", overall_absence=6, persistent_absence=18)
    )
    Behaviour.objects.bulk_create(
        rows(
            Behaviour, period="year", pupils_on_roll=200, suspensions=9,
            permanent_exclusions=0,
        )
    )  # fmt: skip
    Workforce.objects.bulk_create(rows(Workforce, staff_turnover=12))
    Finance.objects.bulk_create(
        Finance(
            school=school,
            financial_year=year,
            total_income=Decimal(1_300_000),
            in_year_balance=Decimal(12_000),
            revenue_reserve=Decimal(90_000),
            staff_costs_percent=Decimal(78),
            rating="light_green",
        )
        for school in schools
        for year in YEARS
    )


def _inspections(schools):
    inspections = Inspection.objects.bulk_create(
        Inspection(
            school=school,
            inspected_on=datetime.date(2023, 5, 10),
            framework="eif",
            inspection_type="graded",
            overall_effectiveness=2,
            is_safeguarding_effective=True,
        )
        for school in schools
    )
    InspectionGrade.objects.bulk_create(
        InspectionGrade(inspection=inspection, area=area, grade=2)
        for inspection in inspections
        for area in EIF_AREAS
    )


def _audits(schools):
    audits = SafeguardingAudit.objects.bulk_create(
        SafeguardingAudit(
            school=school,
            audited_on=datetime.date(2026, 6, 1),
            auditor="Bench auditor",
            overall="effective",
        )
        for school in schools
    )
    SafeguardingStandard.objects.bulk_create(
        SafeguardingStandard(audit=audit, standard=standard, rating="met")
        for audit in audits
        for standard, _ in SAFEGUARDING_STANDARDS
    )
