"""Read functions for a school's evidence, as the profile tabs show it.

Each source is fetched for the school in one query (two with its grades,
standards or scrutinies), and the national comparators for its measures in
one more, so the number of queries does not depend on how many records or
schools there are. What comes back is plain data: figures already worked
out (latest value, national value for the same year, difference, three-year
trend) and the records themselves.

A value that was suppressed or not published is shown as such, never as
zero, and a year without a figure is never counted as a fall: trends compare
only years that have figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from pvat.charts import MINUS, format_number
from schools.models import academic_year_name

from .completeness import evidence_completeness
from .measures import ATTAINMENT_MEASURES, MEASURES_BY_KEY, Measure
from .models import (
    FRAMEWORK_AREAS,
    FRAMEWORK_GRADES,
    AttainmentResult,
    Attendance,
    Availability,
    Behaviour,
    DocumentKind,
    DocumentScrutiny,
    EvidenceDocument,
    Finance,
    Framework,
    Inspection,
    InspectionType,
    NationalComparator,
    Period,
    QualityArea,
    QualityJudgement,
    SafeguardingAudit,
    Workforce,
)
from .sources import SOURCES, source_by_slug

TREND_YEARS = 3

PUBLISHED = Availability.PUBLISHED
SUPPRESSED = Availability.SUPPRESSED
NOT_PUBLISHED = Availability.NOT_PUBLISHED
NOT_RECORDED = "not_recorded"
STATE_TEXT = {
    SUPPRESSED: "Suppressed",
    NOT_PUBLISHED: "Not published",
    NOT_RECORDED: "No figure",
}
GAP_REASONS = {
    SUPPRESSED: "suppressed",
    NOT_PUBLISHED: "not published",
    NOT_RECORDED: "none recorded",
}
DIFFERENCE_UNITS = {
    "percent": ("percentage point", "percentage points"),
    "score": ("point", "points"),
    "progress": ("point", "points"),
    "rate": ("per 100 pupils", "per 100 pupils"),
}
# Within a year, newest first: the whole year, then summer, spring, autumn.
PERIOD_RANK = {Period.YEAR: 0, Period.SUMMER: 1, Period.SPRING: 2, Period.AUTUMN: 3}

FINANCE_GROUP = "Finance"
WORKFORCE_GROUP = "Workforce"
# Measures with no national comparator, charted for their trend. DfE's
# benchmarking flags a high share of spending on staff, hence lower is better.
FINANCE_MEASURES = [
    Measure(
        "in_year_balance_percent",
        "In-year balance as % of income",
        FINANCE_GROUP,
        "percent",
    ),
    Measure(
        "revenue_reserve_percent",
        "Revenue reserve as % of income",
        FINANCE_GROUP,
        "percent",
    ),
    Measure(
        "staff_costs_percent",
        "Staff costs as % of expenditure",
        FINANCE_GROUP,
        "percent",
        higher_is_better=False,
    ),
]
WORKFORCE_MEASURES = [
    Measure(
        "staff_turnover",
        "Staff turnover",
        WORKFORCE_GROUP,
        "percent",
        higher_is_better=False,
    ),
    Measure(
        "staff_satisfaction", "Staff survey satisfaction", WORKFORCE_GROUP, "percent"
    ),
]
ATTENDANCE_MEASURES = [
    MEASURES_BY_KEY[key]
    for key in ("overall_absence", "persistent_absence", "severe_absence")
]
BEHAVIOUR_MEASURES = [
    MEASURES_BY_KEY[key] for key in ("suspension_rate", "permanent_exclusion_rate")
]


# Figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A school's figure for one measure in one year, or why there is none."""

    academic_year: int
    value: Decimal | None
    state: str
    unit: str

    @property
    def year_name(self):
        return academic_year_name(self.academic_year)

    @property
    def has_value(self):
        return self.value is not None

    @property
    def text(self):
        if self.value is None:
            return STATE_TEXT.get(self.state, STATE_TEXT[NOT_RECORDED])
        return format_number(self.value, self.unit)

    @property
    def missing_reason(self):
        """Why there is no value, in a few words; "" when there is one."""
        if self.value is not None:
            return ""
        return GAP_REASONS.get(self.state, GAP_REASONS[NOT_RECORDED])


@dataclass(frozen=True)
class TrendYear:
    academic_year: int
    school: Figure
    national: Decimal | None
    # DfE published no figure for the measure this year, nationally either.
    is_unpublished_year: bool = False

    @property
    def year_name(self):
        return academic_year_name(self.academic_year)

    @property
    def national_text(self):
        if self.national is None:
            return "Not published" if self.is_unpublished_year else "No national figure"
        return format_number(self.national, self.school.unit)


@dataclass(frozen=True)
class MeasureSummary:
    """A measure's latest figure against national, and its recent trend."""

    measure: Measure
    latest: Figure
    national: Decimal | None
    trend: tuple
    has_comparator: bool

    @property
    def difference(self):
        if self.latest.value is None or self.national is None:
            return None
        return self.latest.value - self.national

    @property
    def verdict(self):
        """Whether the latest figure is "better", "worse" or the "same" as
        national, given which way is better; "" with nothing to compare."""
        difference = self.difference
        if difference is None:
            return ""
        if difference == 0:
            return "same"
        is_higher = difference > 0
        return "better" if is_higher == self.measure.higher_is_better else "worse"

    @property
    def national_text(self):
        if self.national is None and not self.has_comparator:
            return ""
        if self.national is None:
            return self.trend[-1].national_text
        return format_number(self.national, self.measure.unit)

    @property
    def has_national_values(self):
        return any(year.national is not None for year in self.trend)

    @property
    def gaps_text(self):
        """The years of the trend with no school figure, and why: shown
        under the chart, where they are gaps in the line."""
        gaps = [
            f"{year.year_name} ({year.school.missing_reason})"
            for year in self.trend
            if not year.school.has_value
        ]
        return f"No school figure for {', '.join(gaps)}." if gaps else ""

    @property
    def difference_text(self):
        """The difference in words: "3 percentage points below national"."""
        difference = self.difference
        if difference is None:
            return ""
        if difference == 0:
            return "Same as national"
        side = "above" if difference > 0 else "below"
        return f"{_amount(abs(difference), self.measure.unit)} {side} national"

    @property
    def verdict_text(self):
        return {
            "better": "Better than national",
            "worse": "Worse than national",
            "same": "Same as national",
        }.get(self.verdict, "")

    @property
    def comparison_text(self):
        """The difference and whether it is better, in words: "3 percentage
        points below national (worse)"; or why there is no comparison."""
        if not self.latest.has_value:
            return "No school figure to compare"
        if self.national is None:
            return "No national figure to compare"
        if self.verdict == "same":
            return "Same as national"
        return f"{self.difference_text} ({self.verdict})"

    @property
    def change_text(self):
        """How the newest figure in the trend compares with the oldest,
        skipping years without one, so a gap is never read as a fall:
        "Up 3 percentage points from 2022/23 to 2024/25 (better)"."""
        figures = [year.school for year in self.trend if year.school.has_value]
        if len(figures) < 2:
            return "Not enough figures for a trend"
        first, last = figures[0], figures[-1]
        years = f"from {first.year_name} to {last.year_name}"
        change = last.value - first.value
        if change == 0:
            return f"No change {years}"
        direction = "Up" if change > 0 else "Down"
        better = (change > 0) == self.measure.higher_is_better
        amount = _amount(abs(change), self.measure.unit)
        return f"{direction} {amount} {years} ({'better' if better else 'worse'})"

    @property
    def chart_years(self):
        return [year.year_name for year in self.trend]

    @property
    def school_values(self):
        return [year.school.value for year in self.trend]

    @property
    def national_values(self):
        return [year.national for year in self.trend]


def _amount(number, unit):
    singular, plural = DIFFERENCE_UNITS.get(unit, ("", ""))
    text = format_number(number, "score")
    word = singular if number == 1 else plural
    return f"{text} {word}".strip()


def measure_summary(measure, figures, national, *, has_comparator=True):
    """Summarise one measure from the school's figures by start year and
    the national values by start year. None when the school has no figure
    for it at all."""
    if not figures:
        return None
    latest_year = max(figures)
    trend = tuple(
        TrendYear(
            year,
            figures.get(year) or _absent(measure, year),
            national.get(year),
            is_unpublished_year=year in measure.not_published,
        )
        for year in range(latest_year - TREND_YEARS + 1, latest_year + 1)
    )
    return MeasureSummary(
        measure=measure,
        latest=figures[latest_year],
        national=national.get(latest_year),
        trend=trend,
        has_comparator=has_comparator,
    )


def _absent(measure, year):
    state = NOT_PUBLISHED if year in measure.not_published else NOT_RECORDED
    return Figure(year, None, state, measure.unit)


def _national_values(measures):
    """The national value of each measure by start year, in one query."""
    keys = [measure.key for measure in measures]
    national = {measure.key: {} for measure in measures}
    rows = NationalComparator.objects.filter(measure__in=keys)
    for row in rows.values_list("measure", "academic_year", "value"):
        national[row[0]][row[1]] = row[2]
    return national


def _national_for(measure, national, years):
    """A measure's national values over the years. Progress scores are
    measured from a national average of zero by definition, so they need no
    comparator row, except in years DfE published none."""
    values = national.get(measure.key, {})
    if measure.unit != "progress":
        return values
    published = [year for year in years if year not in measure.not_published]
    return {year: values.get(year, Decimal(0)) for year in published}


def _summaries(measures, figures_by_measure, national):
    summaries = []
    for measure in measures:
        figures = figures_by_measure.get(measure.key, {})
        nationals = _national_for(measure, national, _span(figures))
        summary = measure_summary(
            measure, figures, nationals, has_comparator=measure.key in national
        )
        if summary:
            summaries.append(summary)
    return summaries


def _span(figures):
    if not figures:
        return []
    latest = max(figures)
    return range(latest - TREND_YEARS + 1, latest + 1)


# One source's evidence ---------------------------------------------------------


@dataclass
class SourceEvidence:
    """What one tab shows, and what the overview takes from it."""

    source: object
    records: list
    measures: list = field(default_factory=list)
    # (group name, summaries) for sources that group their measures.
    groups: list = field(default_factory=list)
    headline: list = field(default_factory=list)
    # Completeness inputs: check key to the latest date or start year.
    latest: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def evidence_source_for(school, source):
    """The evidence of one source (a Source or its slug) for the school."""
    if isinstance(source, str):
        source = source_by_slug(source)
    return SOURCE_READERS[source.slug](school, source)


def evidence_overview_for(school, *, today=None):
    """Every source's evidence for the school, and the completeness checks."""
    today = today or timezone.localdate()
    sources = [evidence_source_for(school, source) for source in SOURCES]
    latest = {}
    for evidence in sources:
        latest.update(evidence.latest)
    return {
        "sources": sources,
        "completeness": evidence_completeness(latest=latest, today=today),
    }


def _inspections(school, source):
    inspections = list(
        Inspection.objects.filter(school=school).prefetch_related("grades")
    )
    records = [_inspection_record(inspection) for inspection in inspections]
    headline = []
    if inspections:
        headline = [_inspection_headline(records[0])]
    latest = {"inspections": inspections[0].inspected_on if inspections else None}
    return SourceEvidence(source, records, headline=headline, latest=latest)


SCALE_TEXT = {
    Framework.EIF: (
        "Education inspection framework, graded 1 to 4: 1 Outstanding, "
        "2 Good, 3 Requires improvement, 4 Inadequate."
    ),
    Framework.RENEWED: (
        "Renewed framework (report card), on five points from best to "
        "weakest: exceptional, strong standard, expected standard, needs "
        "attention, urgent improvement."
    ),
}


# Section 8 inspections confirm a school's standard or check its progress
# without giving grades.
UNGRADED_TYPES = {
    InspectionType.UNGRADED,
    InspectionType.URGENT,
    InspectionType.MONITORING,
}


def _inspection_record(inspection):
    framework = inspection.framework
    area_order = [key for key, _ in FRAMEWORK_AREAS[framework]]
    grades = sorted(
        inspection.grades.all(),
        key=lambda grade: _position(area_order, grade.area),
    )
    return {
        "inspection": inspection,
        "grades": [_grade(framework, grade) for grade in grades],
        "scale": SCALE_TEXT[framework],
        "safeguarding": _safeguarding_text(inspection),
        "is_ungraded": inspection.inspection_type in UNGRADED_TYPES,
        "edit_label": f"the inspection of {_long(inspection.inspected_on)}",
    }


def _position(order, key):
    return order.index(key) if key in order else len(order)


def _grade(framework, grade):
    scale = FRAMEWORK_GRADES[framework]
    area = dict(FRAMEWORK_AREAS[framework]).get(grade.area, grade.area)
    label = scale(grade.grade).label if grade.grade in scale.values else "Unknown"
    if framework == Framework.EIF:
        label = f"{label} (grade {grade.grade})"
    return {"area": area, "grade": label, "value": grade.grade}


def _safeguarding_text(inspection):
    effective = inspection.is_safeguarding_effective
    if effective is None:
        return "Not recorded"
    if inspection.framework == Framework.RENEWED:
        return "Met" if effective else "Not met"
    return "Effective" if effective else "Not effective"


def _inspection_headline(record):
    inspection = record["inspection"]
    parts = [
        f"{inspection.get_inspection_type_display()}, {_long(inspection.inspected_on)}"
    ]
    if inspection.overall_effectiveness:
        overall = inspection.get_overall_effectiveness_display()
        parts.append(f"overall effectiveness {overall}")
    elif record["grades"]:
        # Both scales run from best (1) to weakest, so the highest is weakest.
        weakest = max(record["grades"], key=lambda grade: grade["value"])
        parts.append(f"weakest grade: {weakest['grade']} ({weakest['area']})")
    parts.append(f"safeguarding {record['safeguarding'].lower()}")
    if inspection.category:
        parts.append(inspection.get_category_display().lower())
    return "; ".join(parts)


def _attainment(school, source):
    results = list(AttainmentResult.objects.filter(school=school))
    figures = {}
    for result in results:
        figure = _result_figure(result)
        figures.setdefault(result.measure, {})[result.academic_year] = figure
    summaries = _summaries(
        ATTAINMENT_MEASURES, figures, _national_values(ATTAINMENT_MEASURES)
    )
    groups = _grouped(summaries)
    order = {measure.key: index for index, measure in enumerate(ATTAINMENT_MEASURES)}
    results.sort(key=lambda result: (-result.academic_year, order[result.measure]))
    latest = {"attainment": max((r.academic_year for r in results), default=None)}
    return SourceEvidence(
        source,
        [_result_row(result) for result in results],
        measures=summaries,
        groups=groups,
        headline=[_measure_headline(summaries[0]) for _, summaries in groups[:3]],
        latest=latest,
    )


def _result_figure(result):
    unit = MEASURES_BY_KEY[result.measure].unit
    return Figure(result.academic_year, result.value, result.availability, unit)


def _result_row(result):
    unit = MEASURES_BY_KEY[result.measure].unit
    return {
        "pk": result.pk,
        "year_name": result.academic_year_name,
        "measure": result.get_measure_display(),
        "value": _result_figure(result).text,
        "cohort": result.cohort,
        "disadvantaged": format_number(result.disadvantaged_value, unit),
        "edit_label": f"{result.get_measure_display()}, {result.academic_year_name}",
    }


def _grouped(summaries):
    groups = {}
    for summary in summaries:
        groups.setdefault(summary.measure.group, []).append(summary)
    return list(groups.items())


def _measure_headline(summary):
    latest = summary.latest
    text = f"{summary.measure.label}, {latest.year_name}: {latest.text}"
    if summary.national is not None and latest.has_value:
        national = format_number(summary.national, summary.measure.unit)
        text += f", national {national} ({summary.verdict_text.lower()})"
    return text


def _termly(records, source, measures, row):
    """Attendance or behaviour. National figures are for whole years, so
    the headline figures, comparisons and trends use whole-year records
    only; a term recorded after the latest whole year is shown on its own,
    as the latest term, never set against a whole year."""
    whole_years = [record for record in records if record.period == Period.YEAR]
    figures = _yearly_figures(whole_years, measures, "academic_year")
    summaries = _summaries(measures, figures, _national_values(measures))
    records = sorted(records, key=lambda r: (-r.academic_year, PERIOD_RANK[r.period]))
    latest_term = _latest_term(records, whole_years, measures)
    headline = [_measure_headline(summary) for summary in summaries[:2]]
    if latest_term:
        headline.append(latest_term["headline"])
    latest = {source.slug: max((r.academic_year for r in records), default=None)}
    return SourceEvidence(
        source,
        [row(record) for record in records],
        measures=summaries,
        headline=headline,
        latest=latest,
        extra={"latest_term": latest_term},
    )


def _latest_term(records, whole_years, measures):
    """The newest termly record from after the latest whole year, with its
    figures in words; None when there is none. `records` are newest first."""
    last_whole_year = max((r.academic_year for r in whole_years), default=None)
    record = next(
        (
            r
            for r in records
            if r.period != Period.YEAR
            and (last_whole_year is None or r.academic_year > last_whole_year)
        ),
        None,
    )
    if record is None:
        return None
    figures = [
        (measure.label, format_number(getattr(record, measure.key), measure.unit))
        for measure in measures
    ]
    name = _period_name(record)
    first_label, first_value = figures[0]
    return {
        "name": name,
        "figures": [(label, value or "Not recorded") for label, value in figures],
        "headline": f"Latest term, {name}: {first_label.lower()} {first_value}",
    }


def _attendance(school, source):
    records = list(Attendance.objects.filter(school=school))
    return _termly(records, source, ATTENDANCE_MEASURES, _attendance_row)


def _attendance_row(record):
    return {
        "pk": record.pk,
        "year_name": record.academic_year_name,
        "period": record.get_period_display(),
        "overall_absence": _percent(record.overall_absence),
        "persistent_absence": _percent(record.persistent_absence),
        "severe_absence": _percent(record.severe_absence) or "Not recorded",
        "edit_label": f"attendance for {_period_name(record)}",
    }


def _period_name(record):
    return f"{record.get_period_display().lower()} {record.academic_year_name}"


def _behaviour(school, source):
    records = list(Behaviour.objects.filter(school=school))
    return _termly(records, source, BEHAVIOUR_MEASURES, _behaviour_row)


def _behaviour_row(record):
    return {
        "pk": record.pk,
        "year_name": record.academic_year_name,
        "period": record.get_period_display(),
        "pupils_on_roll": record.pupils_on_roll,
        "suspensions": record.suspensions,
        "suspension_rate": format_number(record.suspension_rate, "rate"),
        "permanent_exclusions": record.permanent_exclusions,
        "permanent_exclusion_rate": format_number(
            record.permanent_exclusion_rate, "rate"
        ),
        "edit_label": f"behaviour for {_period_name(record)}",
    }


def _finance(school, source):
    records = list(Finance.objects.filter(school=school))
    figures = _yearly_figures(records, FINANCE_MEASURES, "financial_year")
    summaries = _summaries(FINANCE_MEASURES, figures, {})
    headline = []
    if records:
        latest = records[0]
        headline = [
            f"{latest.financial_year_name}: revenue reserve "
            f"{pounds(latest.revenue_reserve)} "
            f"({_percent(latest.revenue_reserve_percent)} of income); "
            f"trust's rating {latest.get_rating_display().lower()}"
        ]
    latest_year = records[0].financial_year if records else None
    return SourceEvidence(
        source,
        [_finance_row(record) for record in records],
        measures=summaries,
        headline=headline,
        latest={"finance": latest_year},
    )


def _finance_row(record):
    return {
        "pk": record.pk,
        "year_name": record.financial_year_name,
        "income": pounds(record.total_income),
        "in_year_balance": pounds(record.in_year_balance),
        "in_year_balance_percent": _percent(record.in_year_balance_percent),
        "revenue_reserve": pounds(record.revenue_reserve),
        "revenue_reserve_percent": _percent(record.revenue_reserve_percent),
        "staff_costs": _percent(record.staff_costs_percent),
        "forecast": pounds(record.forecast_in_year_balance) or "Not recorded",
        "rating": record.get_rating_display(),
        "rating_key": record.rating,
        "edit_label": f"finance for {record.financial_year_name}",
    }


def _workforce(school, source):
    records = list(Workforce.objects.filter(school=school))
    figures = _yearly_figures(records, WORKFORCE_MEASURES, "academic_year")
    summaries = _summaries(WORKFORCE_MEASURES, figures, {})
    latest_year = records[0].academic_year if records else None
    rows = [
        {
            "pk": record.pk,
            "year_name": record.academic_year_name,
            "staff_turnover": _percent(record.staff_turnover),
            "staff_satisfaction": _percent(record.staff_satisfaction) or "Not recorded",
            "edit_label": f"workforce for {record.academic_year_name}",
        }
        for record in records
    ]
    return SourceEvidence(
        source,
        rows,
        measures=summaries,
        headline=[_measure_headline(summary) for summary in summaries],
        latest={"workforce": latest_year},
    )


def _yearly_figures(records, measures, year_field):
    figures = {}
    for record in records:
        year = getattr(record, year_field)
        for measure in measures:
            value = getattr(record, measure.key)
            state = PUBLISHED if value is not None else NOT_RECORDED
            figures.setdefault(measure.key, {})[year] = Figure(
                year, value, state, measure.unit
            )
    return figures


def _percent(value):
    return format_number(value, "percent")


def pounds(amount):
    """£1,234,567, or −£12,345 for a deficit; whole pounds; "" for None."""
    if amount is None:
        return ""
    sign = MINUS if amount < 0 else ""
    return f"{sign}£{abs(amount):,.0f}"


def _safeguarding(school, source):
    audits = list(
        SafeguardingAudit.objects.filter(school=school)
        .select_related("report")
        .prefetch_related("standards")
    )
    headline = []
    if audits:
        audit = audits[0]
        headline = [
            f"Audit on {_long(audit.audited_on)} by {audit.auditor}: "
            f"{audit.get_overall_display().lower()}"
        ]
    latest = {"safeguarding": audits[0].audited_on if audits else None}
    return SourceEvidence(source, audits, headline=headline, latest=latest)


def _quality(school, source):
    judgements = list(QualityJudgement.objects.filter(school=school))
    newest = {}
    for judgement in judgements:
        newest.setdefault(judgement.area, judgement)
    latest_by_area = [newest[area] for area in QualityArea.values if area in newest]
    headline = [
        f"{judgement.get_area_display()}: {judgement.get_judgement_display().lower()} "
        f"({_long(judgement.judged_on)})"
        for judgement in latest_by_area
    ]
    latest = {"quality": judgements[0].judged_on if judgements else None}
    return SourceEvidence(
        source,
        judgements,
        headline=headline,
        latest=latest,
        extra={"latest_by_area": latest_by_area},
    )


DOCUMENT_KINDS = [DocumentKind.SEF, DocumentKind.SIP]


def _documents(school, source):
    scrutinies = DocumentScrutiny.objects.select_related("scrutinised_by")
    documents = list(
        EvidenceDocument.objects.filter(school=school, kind__in=DOCUMENT_KINDS)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("scrutinies", queryset=scrutinies))
    )
    kinds = [
        {
            "kind": kind,
            "label": kind.label,
            "versions": [document for document in documents if document.kind == kind],
        }
        for kind in DOCUMENT_KINDS
    ]
    latest, headline = {}, []
    for entry in kinds:
        newest = entry["versions"][0] if entry["versions"] else None
        uploaded_on = timezone.localdate(newest.created_at) if newest else None
        latest[entry["kind"].value] = uploaded_on
        if newest:
            headline.append(
                f"{entry['label']}: version {newest.version}, uploaded "
                f"{_long(uploaded_on)}"
            )
    return SourceEvidence(
        source, documents, headline=headline, latest=latest, extra={"kinds": kinds}
    )


def _long(day):
    return f"{day.day} {day:%B %Y}"


SOURCE_READERS = {
    "inspections": _inspections,
    "attainment": _attainment,
    "attendance": _attendance,
    "behaviour": _behaviour,
    "finance": _finance,
    "safeguarding": _safeguarding,
    "quality": _quality,
    "workforce": _workforce,
    "documents": _documents,
}
