"""Three years of demo evidence for each demo school.

Each school follows a profile (strong, mixed or struggling) so that tier
rules find schools for each tier; the numbers are made up but sit where real
schools of that kind would. Idempotent: rows are keyed as the models are.
"""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from evidence.measures import MEASURES_BY_KEY
from evidence.models import (
    SAFEGUARDING_STANDARDS,
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
from schools.calendar import academic_start_year_of
from schools.models import Phase, academic_year_name

# Demo evidence is dated relative to today, so the demo looks current
# whenever it is seeded: results for the last three finished academic years,
# this year's autumn attendance, an audit and judgements within the year.
TODAY = timezone.localdate()
CURRENT_YEAR = academic_start_year_of(TODAY)
YEARS = (CURRENT_YEAR - 3, CURRENT_YEAR - 2, CURRENT_YEAR - 1)
AUDITED_ON = TODAY - datetime.timedelta(days=150)
JUDGED_ON = TODAY - datetime.timedelta(days=21)
# Gaps a CEO would meet in a real trust: the completeness panel shows them.
NO_AUDIT = {"149012"}
NO_WORKFORCE = {"149009"}


@dataclass(frozen=True)
class Profile:
    """How a school is doing: 1 strong, 2 some weaknesses, 3 serious."""

    level: int
    # Change per year in outcomes: positive improving, negative declining.
    trend: float = 0.0


PROFILES = {
    "149001": Profile(1, 1.0),
    "149002": Profile(1, 0.5),
    "149003": Profile(2, -1.0),
    "149004": Profile(2, -2.5),
    "149005": Profile(2, 1.5),
    "149006": Profile(1, 0.5),
    "149007": Profile(3, -1.5),
    "149008": Profile(3, -0.5),
    "149009": Profile(1, 0.0),
    "149010": Profile(1, 0.8),
    "149011": Profile(3, -1.0),
    "149012": Profile(2, 0.0),
}


# Estimates for the years our seeded national figures do not reach yet, so
# the demo's signals have something to compare with. Marked as estimates in
# their source, added only where no figure exists, and never in production
# (seed_demo refuses to run there). A trust replaces them with DfE's figures.
DEMO_NATIONAL_ESTIMATES = {
    "ks2_rwm_expected": "62",
    "phonics_expected": "80",
    "eyfs_gld": "68.5",
    "mtc_average": "21.1",
    "ks4_attainment8": "45.9",
    "ks4_basics_5plus": "45.9",
    "ks4_ebacc_aps": "4.08",
    "overall_absence": "6.9",
    "persistent_absence": "19.0",
    "severe_absence": "2.3",
    "suspension_rate": "11.5",
    "permanent_exclusion_rate": "0.13",
}
ESTIMATE_SOURCE = "Demo estimate, not a DfE figure: replace with the published one"


def seed_evidence(*, schools, ceo, head_by_urn):
    _national_estimates()
    for urn, profile in PROFILES.items():
        school = schools[urn]
        _attainment(school, profile)
        _attendance(school, profile)
        _behaviour(school, profile)
        _finance(school, profile)
        _safeguarding(school, profile, ceo)
        _quality(school, profile, ceo)
        _workforce(school, profile)
        _documents(school, profile, ceo, head_by_urn.get(urn))
    _inspections(schools)


def _d(value, places="0.1"):
    return Decimal(str(value)).quantize(Decimal(places))


def _national_estimates():
    for measure, value in DEMO_NATIONAL_ESTIMATES.items():
        for year in YEARS:
            NationalComparator.objects.get_or_create(
                measure=measure,
                academic_year=year,
                defaults={"value": Decimal(value), "source": ESTIMATE_SOURCE},
            )


# Outcomes ---------------------------------------------------------------------

# National-ish starting points per measure, and how far each level sits from
# them (in the measure's own units). Level 2 schools sit a little below
# national, falling below the Tier 2 bar only where they decline; level 3
# schools sit far below, year after year.
PRIMARY_MEASURES = {
    "ks2_rwm_expected": (62, (9, -4, -19)),
    "ks2_rwm_high": (8, (3, -2, -5)),
    "ks2_reading_average": (105, (2, -1, -3)),
    "ks2_maths_average": (104, (2, -1, -3)),
    "phonics_expected": (80, (7, -4, -15)),
    "mtc_average": (20.5, (1.5, -1, -2.5)),
    "eyfs_gld": (68.5, (6, -3, -12)),
}
SECONDARY_MEASURES = {
    "ks4_attainment8": (46.0, (5, -2.5, -8)),
    "ks4_progress8": (0.0, (0.35, -0.2, -0.55)),
    "ks4_basics_5plus": (45, (9, -4, -15)),
    "ks4_ebacc_aps": (4.05, (0.4, -0.3, -0.7)),
}


def _measures_for(school):
    if school.phase == Phase.PRIMARY:
        return PRIMARY_MEASURES
    if school.phase == Phase.SECONDARY:
        return SECONDARY_MEASURES
    if school.phase == Phase.ALL_THROUGH:
        return {**PRIMARY_MEASURES, **SECONDARY_MEASURES}
    return {}  # special schools: outcomes are judged against pupils' own plans


def _attainment(school, profile):
    for key, (base, offsets) in _measures_for(school).items():
        measure = MEASURES_BY_KEY[key]
        for index, year in enumerate(YEARS):
            value, availability = _outcome(measure, base, offsets, profile, index, year)
            cohort = 30 if school.phase == Phase.PRIMARY else 180
            AttainmentResult.objects.update_or_create(
                school=school,
                academic_year=year,
                measure=key,
                defaults={
                    "value": value,
                    "availability": availability,
                    "cohort": cohort,
                    "disadvantaged_value": _gap(value, measure),
                },
            )


def _outcome(measure, base, offsets, profile, index, year):
    if year in measure.not_published:
        return None, Availability.NOT_PUBLISHED
    offset = offsets[profile.level - 1]
    step = profile.trend * (index - 1)
    if measure.unit == "progress" or measure.unit == "score" and base < 10:
        step = step / 10
    places = "0.01" if measure.unit == "progress" or base < 10 else "0.1"
    return _d(base + offset + step, places), Availability.PUBLISHED


def _gap(value, measure):
    """Disadvantaged pupils' figure: below the school's, as nationally."""
    if value is None:
        return None
    if measure.unit == "progress":
        return (value - Decimal("0.35")).quantize(value)
    if measure.unit == "percent":
        return (value * Decimal("0.75")).quantize(value)
    return (value * Decimal("0.95")).quantize(value)


# Attendance, behaviour, finance, workforce ------------------------------------

ABSENCE = {1: (5.4, 13.0, 1.0), 2: (7.6, 21.5, 2.2), 3: (9.8, 31.0, 4.5)}


def _attendance(school, profile):
    overall, persistent, severe = ABSENCE[profile.level]
    for index, year in enumerate(YEARS):
        drift = -profile.trend * 0.2 * (index - 1)
        Attendance.objects.update_or_create(
            school=school,
            academic_year=year,
            period="year",
            defaults={
                "overall_absence": _d(overall + drift, "0.01"),
                "persistent_absence": _d(persistent + drift * 3, "0.01"),
                "severe_absence": _d(severe, "0.01"),
            },
        )
    Attendance.objects.update_or_create(
        school=school,
        academic_year=CURRENT_YEAR,
        period="autumn",
        defaults={
            "overall_absence": _d(overall - 0.6, "0.01"),
            "persistent_absence": _d(persistent - 2, "0.01"),
            "severe_absence": _d(severe, "0.01"),
        },
    )


SUSPENSIONS_PER_100 = {1: 2.5, 2: 9.0, 3: 24.0}
EXCLUSIONS_PER_1000 = {1: 0, 2: 1, 3: 4}


def _behaviour(school, profile):
    pupils = school.number_of_pupils or 200
    for year in YEARS:
        Behaviour.objects.update_or_create(
            school=school,
            academic_year=year,
            period="year",
            defaults={
                "pupils_on_roll": pupils,
                "suspensions": round(pupils * SUSPENSIONS_PER_100[profile.level] / 100),
                "permanent_exclusions": round(
                    pupils * EXCLUSIONS_PER_1000[profile.level] / 1000
                ),
            },
        )


FINANCE = {
    1: (0.02, 0.09, 74.0, "dark_green"),
    2: (-0.01, 0.03, 79.5, "amber"),
    3: (-0.05, -0.02, 85.0, "red"),
}


def _finance(school, profile):
    balance, reserve, staff, rating = FINANCE[profile.level]
    income = Decimal((school.number_of_pupils or 200) * 6200)
    for year in YEARS:
        Finance.objects.update_or_create(
            school=school,
            financial_year=year,
            defaults={
                "total_income": income,
                "in_year_balance": (income * Decimal(str(balance))).quantize(1),
                "revenue_reserve": (income * Decimal(str(reserve))).quantize(1),
                "staff_costs_percent": _d(staff, "0.1"),
                "forecast_in_year_balance": (
                    income * Decimal(str(balance)) / 2
                ).quantize(1),
                "rating": rating,
            },
        )


def _workforce(school, profile):
    if school.urn in NO_WORKFORCE:
        return
    turnover, satisfaction = {1: (8, 86), 2: (14, 72), 3: (23, 57)}[profile.level]
    for year in YEARS:
        Workforce.objects.update_or_create(
            school=school,
            academic_year=year,
            defaults={
                "staff_turnover": _d(turnover, "0.1"),
                "staff_satisfaction": _d(satisfaction, "0.1"),
            },
        )


# Judgements --------------------------------------------------------------------

AUDIT = {
    1: ("effective", "met", ""),
    2: (
        "effective_with_actions",
        "partly_met",
        "Update the single central record "
        "checks and refresh staff training on low-level concerns by Easter.",
    ),
    3: (
        "not_effective",
        "not_met",
        "Appoint a trained deputy safeguarding lead; "
        "review every open case file with the local authority within four weeks.",
    ),
}


def _safeguarding(school, profile, ceo):
    if school.urn in NO_AUDIT:
        return
    overall, rating, actions = AUDIT[profile.level]
    audit, _ = SafeguardingAudit.objects.update_or_create(
        school=school,
        audited_on=AUDITED_ON,
        defaults={
            "auditor": "Independent safeguarding consultant",
            "overall": overall,
            "actions": actions,
            "recorded_by": ceo,
        },
    )
    for index, (standard, _label) in enumerate(SAFEGUARDING_STANDARDS):
        # Weaker schools fall short on some standards, not all of them.
        met = profile.level == 1 or index % 2 == 0
        SafeguardingStandard.objects.update_or_create(
            audit=audit,
            standard=standard,
            defaults={"rating": "met" if met else rating},
        )


QUALITY = {1: "strong", 2: "some_concerns", 3: "serious_concerns"}


def _quality(school, profile, ceo):
    for area in ("leadership_and_governance", "teaching", "behaviour"):
        judgement = QUALITY[profile.level]
        if profile.level == 2 and area == "leadership_and_governance":
            judgement = "secure"  # tier 2 schools often have strong leadership
        QualityJudgement.objects.update_or_create(
            school=school,
            judged_on=JUDGED_ON,
            area=area,
            defaults={"judgement": judgement, "recorded_by": ceo},
        )


# Inspections -------------------------------------------------------------------

EIF_GOOD = {
    "quality_of_education": 2,
    "behaviour_and_attitudes": 2,
    "personal_development": 1,
    "leadership_and_management": 2,
}
EIF_RI = {
    "quality_of_education": 3,
    "behaviour_and_attitudes": 2,
    "personal_development": 2,
    "leadership_and_management": 3,
}
EIF_INADEQUATE = {
    "quality_of_education": 4,
    "behaviour_and_attitudes": 3,
    "personal_development": 3,
    "leadership_and_management": 4,
}
REPORT_CARD_URGENT = {
    "inclusion": 4,
    "curriculum_and_teaching": 5,
    "achievement": 4,
    "attendance_and_behaviour": 4,
    "personal_development_and_wellbeing": 3,
    "leadership_and_governance": 4,
}
REPORT_CARD_STRONG = {
    "inclusion": 2,
    "curriculum_and_teaching": 2,
    "achievement": 3,
    "attendance_and_behaviour": 2,
    "personal_development_and_wellbeing": 2,
    "leadership_and_governance": 2,
}

# urn: (date, framework, type, overall, safeguarding, category, grades)
INSPECTIONS = {
    "149001": ("2022-03-09", "eif", "graded", 2, True, "", EIF_GOOD),
    "149002": (
        "2019-11-20",
        "eif",
        "graded",
        1,
        True,
        "",
        {**EIF_GOOD, "quality_of_education": 1},
    ),
    "149003": ("2023-05-17", "eif", "graded", 3, True, "", EIF_RI),
    "149004": ("2024-01-24", "eif", "graded", 3, True, "", EIF_RI),
    "149005": ("2023-10-04", "eif", "graded", 3, True, "", EIF_RI),
    "149006": (
        "2026-02-04",
        "renewed",
        "report_card",
        None,
        True,
        "",
        REPORT_CARD_STRONG,
    ),
    "149007": (
        "2024-11-13",
        "eif",
        "graded",
        None,
        False,
        "special_measures",
        EIF_INADEQUATE,
    ),
    "149008": ("2023-03-01", "eif", "graded", 3, True, "", EIF_RI),
    "149009": ("2021-12-08", "eif", "graded", 2, True, "", EIF_GOOD),
    "149010": ("2025-03-12", "eif", "ungraded", None, True, "", {}),
    "149011": (
        "2026-01-21",
        "renewed",
        "report_card",
        None,
        True,
        "requires_significant_improvement",
        REPORT_CARD_URGENT,
    ),
    "149012": ("2022-06-29", "eif", "graded", 2, True, "", EIF_GOOD),
}


def _inspections(schools):
    for urn, spec in INSPECTIONS.items():
        day, framework, kind, overall, safe, category, grades = spec
        inspection, _ = Inspection.objects.update_or_create(
            school=schools[urn],
            inspected_on=datetime.date.fromisoformat(day),
            defaults={
                "framework": framework,
                "inspection_type": kind,
                "overall_effectiveness": overall,
                "is_safeguarding_effective": safe,
                "category": category,
            },
        )
        for area, grade in grades.items():
            InspectionGrade.objects.update_or_create(
                inspection=inspection, area=area, defaults={"grade": grade}
            )


# Documents ---------------------------------------------------------------------

CAPACITY = {1: "strong", 2: "secure", 3: "limited"}


def _documents(school, profile, ceo, head):
    documents = school.evidencedocument_records
    if head is None or documents.filter(created_at__date__gte=_year_start()).exists():
        return
    for kind, title in (("sef", "Self-evaluation"), ("sip", "School improvement plan")):
        content = _pdf(f"{school.name}: {title} {academic_year_name(CURRENT_YEAR)}")
        document = EvidenceDocument(
            school=school,
            kind=kind,
            version=documents.filter(kind=kind).count() + 1,
            original_name=f"{kind}-{CURRENT_YEAR}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            recorded_by=head,
        )
        document.file.save(document.original_name, ContentFile(content), save=True)
        if kind == "sef":
            DocumentScrutiny.objects.create(
                document=document,
                comments="Judgements are supported by the school's own data; "
                "priorities match what we saw on the autumn visit.",
                self_improvement_capacity=CAPACITY[profile.level],
                scrutinised_by=ceo,
            )


def _year_start():
    return datetime.date(CURRENT_YEAR, 9, 1)


def _pdf(text):
    """A small one-page PDF, rendered by WeasyPrint as real reports are."""
    from weasyprint import HTML

    html = f"<h1>{text}</h1><p>Demo document for the school improvement app.</p>"
    return HTML(string=html).write_pdf()
