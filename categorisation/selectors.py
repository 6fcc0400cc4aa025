"""Read functions for tier recommendations: the plain evidence the rules read,
and each school's current tier.

school_evidence_for builds SchoolEvidence for any number of schools in a fixed
number of queries: one per evidence source (two for inspections with their
grades and audits with their standards) and one for the national comparators.
"""

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from evidence.measures import ATTAINMENT_MEASURES, MEASURES_BY_KEY
from evidence.models import (
    AttainmentResult,
    Attendance,
    Behaviour,
    DocumentKind,
    DocumentScrutiny,
    Finance,
    Inspection,
    InspectionGrade,
    NationalComparator,
    Period,
    QualityArea,
    QualityJudgement,
    SafeguardingAudit,
    SafeguardingStandard,
    Workforce,
)
from schools.calendar import academic_start_year_of

from .criteria import recommend
from .facts import (
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
from .models import RuleSet, TierDecision
from .thresholds import default_thresholds

OUTCOME_YEARS = 3
TERMLY_KEYS = [
    "overall_absence",
    "persistent_absence",
    "suspension_rate",
    "permanent_exclusion_rate",
]
SELF_EVALUATION_KINDS = [DocumentKind.SEF, DocumentKind.SIP]
MEASURE_ORDER = {
    measure.key: index for index, measure in enumerate(ATTAINMENT_MEASURES)
}


def school_evidence_for(schools, *, today=None):
    """SchoolEvidence for each school, by school id, as of `today`."""
    today = today or timezone.localdate()
    schools = list(schools)
    if not schools:
        return {}
    ids = [school.pk for school in schools]
    national = _national_values()
    sources = {
        "inspection": _latest_inspections(ids),
        "outcomes": _outcomes(ids, national),
        "attendance": _attendance(ids, national),
        "behaviour": _behaviour(ids, national),
        "finance": _finance(ids),
        "safeguarding": _latest_audits(ids),
        "judgements": _latest_judgements(ids),
        "scrutiny": _latest_scrutinies(ids),
        "workforce": _workforce(ids),
    }
    return {
        school.pk: SchoolEvidence(
            urn=school.urn,
            name=school.name,
            phase=school.phase,
            today=today,
            # A source with nothing for the school keeps the default: None
            # or an empty tuple, which the rules report as missing.
            **{
                name: by_school[school.pk]
                for name, by_school in sources.items()
                if school.pk in by_school
            },
        )
        for school in schools
    }


def thresholds_for(academic_year):
    """The thresholds in force for a year: its rule set's, else the defaults."""
    rule_set = RuleSet.objects.for_year(academic_year)
    return rule_set.values() if rule_set else default_thresholds()


def recommendations_for(schools, *, today=None):
    """(school, Recommendation) for each school, in the order given."""
    today = today or timezone.localdate()
    schools = list(schools)
    thresholds = thresholds_for(academic_start_year_of(today))
    evidence = school_evidence_for(schools, today=today)
    return [(school, recommend(evidence[school.pk], thresholds)) for school in schools]


def current_tiers(schools, *, on=None):
    """Each school's latest TierDecision in effect today (or on the day
    given) by school id, None for a school with none yet."""
    ids = [school.pk for school in schools]
    decisions = TierDecision.objects.latest_per_school(on).filter(school_id__in=ids)
    current = {decision.school_id: decision for decision in decisions}
    return {school_id: current.get(school_id) for school_id in ids}


# Helpers ----------------------------------------------------------------------


def _newest(queryset, *, per, order_by, keep=1):
    """At most `keep` rows of each group of `per`, newest by `order_by`."""
    rank = Window(
        RowNumber(), partition_by=[F(name) for name in per], order_by=order_by
    )
    return queryset.annotate(recency=rank).filter(recency__lte=keep)


def _grouped(rows, make):
    """Facts by school id, in the rows' order, from value rows (dicts) with
    a school_id. The sources read values, not model instances: building
    thousands of instances was most of the time a trust-wide read took."""
    by_school = {}
    for row in rows:
        by_school.setdefault(row["school_id"], []).append(make(row))
    return {school_id: tuple(facts) for school_id, facts in by_school.items()}


def _national_values():
    """National figures by (measure, start year), in one query."""
    keys = [measure.key for measure in ATTAINMENT_MEASURES] + TERMLY_KEYS
    rows = NationalComparator.objects.filter(measure__in=keys)
    return {
        (measure, year): value
        for measure, year, value in rows.values_list(
            "measure", "academic_year", "value"
        )
    }


# Sources ----------------------------------------------------------------------


def _latest_inspections(ids):
    inspections = list(
        _newest(
            Inspection.objects.filter(school_id__in=ids),
            per=["school_id"],
            order_by=F("inspected_on").desc(),
        ).values(
            "pk",
            "school_id",
            "inspected_on",
            "framework",
            "inspection_type",
            "overall_effectiveness",
            "is_safeguarding_effective",
            "category",
        )
    )
    grades = _by_parent(
        InspectionGrade.objects.filter(
            inspection_id__in=[row["pk"] for row in inspections]
        ).values_list("inspection_id", "area", "grade")
    )
    return {
        row["school_id"]: InspectionFacts(
            inspected_on=row["inspected_on"],
            framework=row["framework"],
            inspection_type=row["inspection_type"],
            overall_effectiveness=row["overall_effectiveness"],
            grades=grades.get(row["pk"], {}),
            is_safeguarding_effective=row["is_safeguarding_effective"],
            category=row["category"],
        )
        for row in inspections
    }


def _by_parent(rows):
    """{parent id: {key: value}} from (parent id, key, value) rows."""
    by_parent = {}
    for parent_id, key, value in rows:
        by_parent.setdefault(parent_id, {})[key] = value
    return by_parent


def _outcomes(ids, national):
    """The newest three years of each measure a school has, oldest first.
    A suppressed or unpublished year keeps its availability and no value."""
    results = (
        _newest(
            AttainmentResult.objects.filter(school_id__in=ids),
            per=["school_id", "measure"],
            order_by=F("academic_year").desc(),
            keep=OUTCOME_YEARS,
        )
        .order_by("academic_year")
        .values("school_id", "measure", "academic_year", "value", "availability")
    )
    years = {}
    for result in results:
        by_measure = years.setdefault(result["school_id"], {})
        by_measure.setdefault(result["measure"], []).append(
            _measure_year(result, national)
        )
    return {
        school_id: tuple(
            _measure_facts(key, by_measure[key])
            for key in sorted(by_measure, key=MEASURE_ORDER.__getitem__)
        )
        for school_id, by_measure in years.items()
    }


def _measure_year(result, national):
    return MeasureYear(
        academic_year=result["academic_year"],
        value=result["value"],
        availability=result["availability"],
        national=national.get((result["measure"], result["academic_year"])),
    )


def _measure_facts(key, years):
    measure = MEASURES_BY_KEY[key]
    return MeasureFacts(
        key=key,
        label=measure.label,
        unit=measure.unit,
        higher_is_better=measure.higher_is_better,
        years=tuple(years),
    )


def _attendance(ids, national):
    """Whole years only: national figures are for whole years."""
    records = Attendance.objects.filter(school_id__in=ids, period=Period.YEAR)
    return _grouped(
        records.order_by("academic_year").values(
            "school_id", "academic_year", "overall_absence", "persistent_absence"
        ),
        lambda record: _attendance_year(record, national),
    )


def _attendance_year(record, national):
    year = record["academic_year"]
    return AttendanceYear(
        academic_year=year,
        overall_absence=record["overall_absence"],
        persistent_absence=record["persistent_absence"],
        national_overall_absence=national.get(("overall_absence", year)),
        national_persistent_absence=national.get(("persistent_absence", year)),
    )


def _behaviour(ids, national):
    """Whole years only, as for attendance."""
    records = Behaviour.objects.filter(school_id__in=ids, period=Period.YEAR)
    return _grouped(
        records.order_by("academic_year").values(
            "school_id",
            "academic_year",
            "pupils_on_roll",
            "suspensions",
            "permanent_exclusions",
        ),
        lambda record: _behaviour_year(record, national),
    )


def _behaviour_year(record, national):
    year = record["academic_year"]
    # The rates are the model's own rule, read from an unsaved instance.
    counts = Behaviour(
        pupils_on_roll=record["pupils_on_roll"],
        suspensions=record["suspensions"],
        permanent_exclusions=record["permanent_exclusions"],
    )
    return BehaviourYear(
        academic_year=year,
        suspension_rate=counts.suspension_rate,
        permanent_exclusion_rate=counts.permanent_exclusion_rate,
        national_suspension_rate=national.get(("suspension_rate", year)),
        national_permanent_exclusion_rate=national.get(
            ("permanent_exclusion_rate", year)
        ),
    )


def _finance(ids):
    records = Finance.objects.filter(school_id__in=ids).order_by("financial_year")
    return _grouped(
        records.values(
            "school_id",
            "financial_year",
            "total_income",
            "in_year_balance",
            "revenue_reserve",
            "staff_costs_percent",
            "rating",
        ),
        _finance_year,
    )


def _finance_year(record):
    # The percentages are the model's own rule, read from an unsaved instance.
    amounts = Finance(
        total_income=record["total_income"],
        in_year_balance=record["in_year_balance"],
        revenue_reserve=record["revenue_reserve"],
    )
    return FinanceYear(
        financial_year=record["financial_year"],
        in_year_balance_percent=amounts.in_year_balance_percent,
        revenue_reserve_percent=amounts.revenue_reserve_percent,
        staff_costs_percent=record["staff_costs_percent"],
        rating=record["rating"],
    )


def _workforce(ids):
    records = Workforce.objects.filter(school_id__in=ids).order_by("academic_year")
    return _grouped(
        records.values(
            "school_id", "academic_year", "staff_turnover", "staff_satisfaction"
        ),
        _workforce_year,
    )


def _workforce_year(record):
    return WorkforceYear(
        academic_year=record["academic_year"],
        staff_turnover=record["staff_turnover"],
        staff_satisfaction=record["staff_satisfaction"],
    )


def _latest_audits(ids):
    audits = list(
        _newest(
            SafeguardingAudit.objects.filter(school_id__in=ids),
            per=["school_id"],
            order_by=F("audited_on").desc(),
        ).values("pk", "school_id", "audited_on", "overall")
    )
    standards = _by_parent(
        SafeguardingStandard.objects.filter(
            audit_id__in=[row["pk"] for row in audits]
        ).values_list("audit_id", "standard", "rating")
    )
    return {
        row["school_id"]: AuditFacts(
            audited_on=row["audited_on"],
            overall=row["overall"],
            standards=standards.get(row["pk"], {}),
        )
        for row in audits
    }


def _latest_judgements(ids):
    """The newest judgement in each quality-assurance area, in the areas'
    order."""
    area_order = {area: index for index, area in enumerate(QualityArea.values)}
    judgements = sorted(
        _newest(
            QualityJudgement.objects.filter(school_id__in=ids),
            per=["school_id", "area"],
            order_by=[F("judged_on").desc(), F("pk").desc()],
        ).values("school_id", "area", "judged_on", "judgement"),
        key=lambda judgement: area_order.get(judgement["area"], len(area_order)),
    )
    return _grouped(judgements, _judgement_facts)


def _judgement_facts(judgement):
    return JudgementFacts(
        area=judgement["area"],
        judged_on=judgement["judged_on"],
        judgement=judgement["judgement"],
    )


def _latest_scrutinies(ids):
    """The newest scrutiny of each school's SEF or SIP, whichever it was of."""
    scrutinies = _newest(
        DocumentScrutiny.objects.filter(
            document__school_id__in=ids, document__kind__in=SELF_EVALUATION_KINDS
        ),
        per=["document__school_id"],
        order_by=[F("scrutinised_at").desc(), F("pk").desc()],
    ).values_list("document__school_id", "scrutinised_at", "self_improvement_capacity")
    return {
        school_id: ScrutinyFacts(
            scrutinised_on=timezone.localdate(scrutinised_at), capacity=capacity
        )
        for school_id, scrutinised_at, capacity in scrutinies
    }
