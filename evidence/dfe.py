"""DfE's school-level performance files (key stages 2 and 4), imported as
published: CSV, UTF-8 with or without a byte order mark, one row per school
in England plus local authority and national rows.

How rows are read:

- A row with a URN of one of the trust's schools gives one AttainmentResult
  per measure in the file (evidence/measures.py names each measure's
  column). Its cohort comes from TELIG (KS2) or TPUP (KS4).
- A row with any other URN is another school's: skipped and counted.
- A row without a URN is an aggregate: skipped and counted, except the
  England row, which gives the national comparators for the year. The
  England row is the aggregate row whose SCHNAME or LANAME reads "England";
  if no row is named so, the one with RECTYPE 4 (DfE's code for the national
  row). Two candidates make the file ambiguous, and it is refused.

A cell may carry a "%" sign. DfE's codes mean there is no figure: SUPP,
LOWCOV and x (suppressed), NE, NA, NP and NEW (not published). Such a cell is
kept as a result with no value and that availability, never as zero. A
measure DfE did not publish at all for the year (measures.py) is recorded as
not published whatever the cell says. A blank cell writes nothing.

Only our schools' rows and the England row are checked; one bad cell in them
means nothing is written.
"""

import logging
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from schools.models import School, academic_year_name

from .importing.files import ImportFileError, csv_records
from .importing.results import ImportResult, RowError
from .importing.widgets import or_list, parse_number
from .measures import ATTAINMENT_MEASURES, KS2, KS4
from .models import AttainmentResult, Availability, NationalComparator

logger = logging.getLogger(__name__)

SUPPRESSED_CODES = frozenset({"SUPP", "LOWCOV", "X"})
NOT_PUBLISHED_CODES = frozenset({"NE", "NA", "NP", "NEW"})
CODES = ("SUPP", "LOWCOV", "x", "NE", "NA", "NP", "NEW")
URN_COLUMN = "URN"
NAME_COLUMNS = ("SCHNAME", "LANAME")
RECTYPE_COLUMN = "RECTYPE"
NATIONAL_RECTYPE = "4"
CENT = Decimal("0.01")
# The largest magnitude AttainmentResult.value holds (6 digits, 2 places).
LIMIT = Decimal("10000")


@dataclass(frozen=True)
class DfeFile:
    slug: str
    label: str
    group: str
    cohort_column: str

    @property
    def measures(self):
        return [m for m in ATTAINMENT_MEASURES if m.group == self.group]


DFE_FILES = {
    dfe_file.slug: dfe_file
    for dfe_file in (
        DfeFile("dfe-ks2", "DfE key stage 2 performance file", KS2, "TELIG"),
        DfeFile("dfe-ks4", "DfE key stage 4 performance file", KS4, "TPUP"),
    )
}


@dataclass(frozen=True)
class DfeRow:
    number: int
    cells: dict

    def get(self, column):
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Reading:
    """What a cell says: a number, or no number and why."""

    value: Decimal | None
    availability: str


@dataclass
class DfePlan:
    """The writes an import would make, with its counts and problems."""

    result: ImportResult
    academic_year: int
    results: list = field(default_factory=list)  # PlannedResult
    comparators: dict = field(default_factory=dict)  # measure key: value


@dataclass(frozen=True)
class PlannedResult:
    school: School
    measure: str
    values: dict
    existing: AttainmentResult | None

    @property
    def is_change(self):
        existing = self.existing
        if existing is None:
            return True
        return any(getattr(existing, name) != new for name, new in self.values.items())


def dfe_import(*, source, data, academic_year, recorded_by=None, dry_run=False):
    """Import a DfE file for the academic year (its start year); return an
    ImportResult. Nothing is written when dry_run is set or any row is bad.
    recorded_by may be None (the command line)."""
    started = time.monotonic()
    plan = dfe_plan(source=source, data=data, academic_year=academic_year)
    if plan.result.is_valid and not dry_run:
        with transaction.atomic():
            _apply(plan, recorded_by)
    _log(plan, recorded_by, dry_run, started)
    return plan.result


def dfe_plan(*, source, data, academic_year):
    """Read and check the file and compare it with what is stored. Pure
    apart from reading the schools and their results."""
    dfe_file = DFE_FILES[source]
    plan = DfePlan(ImportResult(source), academic_year)
    try:
        measures, rows = _read(data, dfe_file, academic_year)
        england = _plan_rows(plan, dfe_file, measures, rows)
    except ImportFileError as error:
        plan.result.errors += error.errors
        return plan
    _plan_comparators(plan, measures, england)
    if plan.result.is_valid:
        _count(plan)
    return plan


# Reading ------------------------------------------------------------------------


def _read(data, dfe_file, academic_year):
    """The measures to record and the file's rows, keeping only the columns
    read. Raise ImportFileError when the header is not a DfE file's."""
    records = csv_records(data)
    first = next(records, None)
    header = [str(name).strip().upper() for name in (first.cells if first else ())]
    if URN_COLUMN not in header:
        message = "There is no URN column, so this is not a DfE school-level file."
        raise ImportFileError([RowError(1, URN_COLUMN, message)])
    measures = _measures(dfe_file, header, academic_year)
    wanted = {URN_COLUMN, RECTYPE_COLUMN, dfe_file.cohort_column, *NAME_COLUMNS}
    for measure in measures:
        wanted |= {measure.dfe_column, measure.dfe_disadvantaged_column}
    positions = {name: i for i, name in enumerate(header) if name in wanted}
    rows = (_row(record, positions) for record in records if any(record.cells))
    return measures, rows


def _measures(dfe_file, header, academic_year):
    in_file = [m for m in dfe_file.measures if m.dfe_column in header]
    if not in_file:
        columns = or_list(m.dfe_column for m in dfe_file.measures if m.dfe_column)
        message = f"None of {columns} is in the header; is this the right file?"
        raise ImportFileError([RowError(1, "", message)])
    unpublished = [
        m
        for m in dfe_file.measures
        if m.dfe_column and academic_year in m.not_published and m not in in_file
    ]
    return in_file + unpublished


def _row(record, positions):
    cells = record.cells
    values = {
        name: cells[i].strip() if i < len(cells) else ""
        for name, i in positions.items()
    }
    return DfeRow(record.number, values)


def dfe_reading(text, measure, academic_year):
    """What one of a measure's cells says, or None for a blank cell. Raise
    ValueError when the cell is neither a number nor one of DfE's codes."""
    if academic_year in measure.not_published:
        return Reading(None, Availability.NOT_PUBLISHED)
    return _reading(text, is_percent=measure.is_percent)


def _reading(text, *, is_percent=False):
    if not text:
        return None
    code = text.upper()
    if code in SUPPRESSED_CODES:
        return Reading(None, Availability.SUPPRESSED)
    if code in NOT_PUBLISHED_CODES:
        return Reading(None, Availability.NOT_PUBLISHED)
    number = parse_number(text)
    if number is None:
        codes = or_list(CODES)
        raise ValueError(f"“{text}” is not a number, nor one of DfE's codes {codes}.")
    if is_percent and not 0 <= number <= 100:
        raise ValueError(f"“{text}” is not a percentage from 0 to 100.")
    if abs(number) >= LIMIT:
        raise ValueError(f"“{text}” is too large for this measure.")
    value = number.quantize(CENT, rounding=ROUND_HALF_UP)
    return Reading(value, Availability.PUBLISHED)


# Planning -----------------------------------------------------------------------


def _plan_rows(plan, dfe_file, measures, rows):
    """Plan our schools' results and count the other rows; return the
    aggregate rows that may be England's."""
    schools = School.objects.in_bulk(field_name="urn")
    first_rows, candidates = {}, []
    for row in rows:
        urn = row.get(URN_COLUMN)
        if not urn:
            candidates.append(row)
        elif urn not in schools:
            plan.result.other_schools += 1
        elif urn in first_rows:
            message = f"Row {first_rows[urn]} is for the same school."
            plan.result.errors.append(RowError(row.number, URN_COLUMN, message))
        else:
            first_rows[urn] = row.number
            _plan_school(plan, schools[urn], row, dfe_file, measures)
    return _england(plan, candidates)


def _plan_school(plan, school, row, dfe_file, measures):
    cohort = _cell(plan, row, dfe_file.cohort_column, whole=True)
    for measure in measures:
        column = measure.dfe_column
        try:
            reading = dfe_reading(row.get(column), measure, plan.academic_year)
        except ValueError as error:
            plan.result.errors.append(RowError(row.number, column, str(error)))
            continue
        disadvantaged = _disadvantaged(plan, row, measure)
        if reading is not None:
            values = {
                "value": reading.value,
                "availability": reading.availability,
                "cohort": cohort,
                "disadvantaged_value": disadvantaged,
            }
            plan.results.append(PlannedResult(school, measure.key, values, None))


def _disadvantaged(plan, row, measure):
    if not measure.dfe_disadvantaged_column:
        return None
    if plan.academic_year in measure.not_published:
        return None
    column = measure.dfe_disadvantaged_column
    return _cell(plan, row, column, is_percent=measure.is_percent)


def _cell(plan, row, column, *, is_percent=False, whole=False):
    """The number in a cell, None for a blank or a code; a bad cell is
    recorded as an error."""
    text = row.get(column)
    try:
        reading = _reading(text, is_percent=is_percent)
        if whole and reading and reading.value is not None:
            _check_whole(text, reading.value)
    except ValueError as error:
        plan.result.errors.append(RowError(row.number, column, str(error)))
        return None
    if reading is None or reading.value is None:
        return None
    return int(reading.value) if whole else reading.value


def _check_whole(text, number):
    if number < 0 or number != number.to_integral_value():
        raise ValueError(f"“{text}” is not a number of pupils.")


def _is_named_england(row):
    return any(row.get(name).casefold() == "england" for name in NAME_COLUMNS)


def _england(plan, aggregates):
    """The England row among the aggregate rows, or None; the others are
    counted."""
    candidates = [row for row in aggregates if _is_named_england(row)] or [
        row for row in aggregates if row.get(RECTYPE_COLUMN) == NATIONAL_RECTYPE
    ]
    plan.result.aggregates += len(aggregates) - min(len(candidates), 1)
    if len(candidates) > 1:
        rows = or_list((row.number for row in candidates), last="and")
        message = (
            f"Rows {rows} could each be the England row, so the national "
            "figures are not clear."
        )
        raise ImportFileError([RowError(None, "", message)])
    return candidates[0] if candidates else None


def _plan_comparators(plan, measures, england):
    if england is None:
        return
    for measure in measures:
        if plan.academic_year in measure.not_published:
            continue
        value = _cell(plan, england, measure.dfe_column, is_percent=measure.is_percent)
        if value is not None:
            plan.comparators[measure.key] = value


def _count(plan):
    """Compare the planned results with those stored, and count them."""
    stored = AttainmentResult.objects.filter(
        school__in={planned.school for planned in plan.results},
        academic_year=plan.academic_year,
        measure__in={planned.measure for planned in plan.results},
    )
    existing = {(result.school_id, result.measure): result for result in stored}
    plan.results = [
        PlannedResult(
            planned.school,
            planned.measure,
            planned.values,
            existing.get((planned.school.pk, planned.measure)),
        )
        for planned in plan.results
    ]
    result = plan.result
    result.created = sum(1 for p in plan.results if p.existing is None)
    result.updated = sum(1 for p in plan.results if p.existing and p.is_change)
    result.unchanged = len(plan.results) - result.created - result.updated
    result.comparators = len(plan.comparators)


# Writing ------------------------------------------------------------------------


def _apply(plan, recorded_by):
    for planned in plan.results:
        if planned.is_change:
            AttainmentResult.objects.update_or_create(
                school=planned.school,
                academic_year=plan.academic_year,
                measure=planned.measure,
                defaults={**planned.values, "recorded_by": recorded_by},
            )
    source = DFE_FILES[plan.result.source].label
    for measure, value in plan.comparators.items():
        NationalComparator.objects.update_or_create(
            academic_year=plan.academic_year,
            measure=measure,
            defaults={"value": value, "source": source},
        )


def _log(plan, recorded_by, dry_run, started):
    result = plan.result
    outcome = "refused" if not result.is_valid else "checked" if dry_run else "done"
    logger.info(
        "DfE import %s for %s by user %s %s: created %d, updated %d, "
        "unchanged %d, other schools %d, aggregates %d, comparators %d, "
        "%d problems, in %.2fs",
        result.source,
        academic_year_name(plan.academic_year),
        getattr(recorded_by, "pk", None),
        outcome,
        result.created,
        result.updated,
        result.unchanged,
        result.other_schools,
        result.aggregates,
        result.comparators,
        len(result.errors),
        time.monotonic() - started,
    )
