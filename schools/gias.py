"""Importing the trust's schools from DfE's GIAS establishment file.

Reading and planning are pure: they take the file's bytes and plain data and
return plain results, so the command and the browser import share them. Only
gias_import_apply writes.
"""

import codecs
import csv
import hashlib
import io
import json
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.utils.text import capfirst

from .models import Phase, School, SchoolStatus

logger = logging.getLogger(__name__)

# School field: the GIAS column it is read from.
COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "local_authority": "LA (name)",
    "establishment_number": "EstablishmentNumber",
    "name": "EstablishmentName",
    "establishment_type": "TypeOfEstablishment (name)",
    "status": "EstablishmentStatus (name)",
    "opened_on": "OpenDate",
    "closed_on": "CloseDate",
    "phase": "PhaseOfEducation (name)",
    "statutory_low_age": "StatutoryLowAge",
    "statutory_high_age": "StatutoryHighAge",
    "capacity": "SchoolCapacity",
    "number_of_pupils": "NumberOfPupils",
    "percentage_fsm": "PercentageFSM",
    "street": "Street",
    "town": "Town",
    "postcode": "Postcode",
    "website": "SchoolWebsite",
    "ukprn": "UKPRN",
}
TRUST_COLUMN = "Trusts (name)"
# A file missing any column we read is refused rather than read as blanks,
# which would wipe those details from every school on update.
REQUIRED_COLUMNS = (*COLUMNS.values(), TRUST_COLUMN)

STATUSES = {
    "open": SchoolStatus.OPEN,
    "open, but proposed to close": SchoolStatus.OPEN,
    "proposed to open": SchoolStatus.JOINING,
    "closed": SchoolStatus.CLOSED,
}
# Our phase labels are GIAS's PhaseOfEducation names.
PHASES = {label.casefold(): value for value, label in Phase.choices}
CHOICES = {"phase": Phase, "status": SchoolStatus}
GIAS_DATE = "%d-%m-%Y"
ENCODING = "cp1252"


@dataclass(frozen=True)
class GiasError:
    """A problem in the file; line is None when it concerns the whole file."""

    line: int | None
    column: str
    message: str

    def __str__(self):
        where = [f"Line {self.line}"] if self.line else []
        where += [f"column {self.column}"] if self.column else []
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class GiasFileError(Exception):
    """The file cannot be read as a GIAS extract at all."""

    def __init__(self, errors):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


class GiasPlanStale(Exception):
    """A school changed between planning and applying; nothing was written."""


@dataclass(frozen=True)
class GiasRow:
    line: int
    cells: dict


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object

    @property
    def label(self):
        return capfirst(School._meta.get_field(self.field).verbose_name)

    @property
    def old_display(self):
        return _display(self.field, self.old)

    @property
    def new_display(self):
        return _display(self.field, self.new)


@dataclass(frozen=True)
class PlannedSchool:
    line: int
    values: dict
    changes: tuple = ()

    @property
    def urn(self):
        return self.values["urn"]

    @property
    def name(self):
        return self.values["name"]

    @property
    def phase_display(self):
        return _display("phase", self.values["phase"])

    @property
    def status_display(self):
        return _display("status", self.values["status"])

    @property
    def closed_on_display(self):
        return _display("closed_on", self.values["closed_on"])


@dataclass
class GiasPlan:
    """What an import would do. `ignored` holds Closed rows for schools not
    in the register, which create nothing."""

    trust_name: str
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    closes: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    skipped: int = 0
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.creates or self.updates or self.closes)

    @property
    def trust_row_count(self):
        kinds = (self.creates, self.updates, self.closes, self.unchanged)
        return sum(len(kind) for kind in (*kinds, self.ignored))

    def counts(self):
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
            "closed": len(self.closes),
            "skipped": self.skipped,
            "ignored": len(self.ignored),
        }


def _display(field_name, value):
    if value is None or value == "":
        return "–"
    if field_name in CHOICES:
        return CHOICES[field_name](value).label
    if field_name.endswith("_on"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


class GiasDateField(forms.DateField):
    input_formats = [GIAS_DATE]
    default_error_messages = {"invalid": "Enter a real date as dd-mm-yyyy."}


class GiasNameField(forms.CharField):
    """A GIAS name, matched case-insensitively and turned into our value."""

    def __init__(self, values, *, kind, **kwargs):
        super().__init__(**kwargs)
        self.values = values
        self.kind = kind

    def clean(self, value):
        name = super().clean(value)
        if name.casefold() not in self.values:
            raise forms.ValidationError(f"“{name}” is not a GIAS {self.kind}.")
        return self.values[name.casefold()]


def _digits(count, message, *, required=False):
    return forms.RegexField(
        rf"^\d{{{count}}}$", required=required, error_messages={"invalid": message}
    )


def _whole_number(**kwargs):
    return forms.IntegerField(required=False, min_value=0, **kwargs)


class GiasRowForm(forms.Form):
    """One GIAS row, with fields named after School's, so each error belongs
    to one column (see COLUMNS)."""

    urn = _digits(6, "A URN is a six-digit number.", required=True)
    name = forms.CharField(max_length=200)
    establishment_type = forms.CharField(max_length=120)
    local_authority = forms.CharField(max_length=120)
    la_code = _digits(3, "An LA code is a three-digit number.")
    establishment_number = _digits(4, "An establishment number has four digits.")
    ukprn = _digits(8, "A UKPRN is an eight-digit number.")
    street = forms.CharField(max_length=200, required=False)
    town = forms.CharField(max_length=100, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")
    status = GiasNameField(STATUSES, kind="establishment status")
    phase = GiasNameField(PHASES, kind="phase of education")
    number_of_pupils = _whole_number()
    capacity = _whole_number()
    statutory_low_age = _whole_number(max_value=25)
    statutory_high_age = _whole_number(max_value=25)
    percentage_fsm = forms.DecimalField(
        required=False, min_value=0, max_value=100, max_digits=4, decimal_places=1
    )
    opened_on = GiasDateField(required=False)
    closed_on = GiasDateField(required=False)

    def clean(self):
        """Check the row as a whole. An open school's CloseDate (a proposed
        closure) is checked but not kept: closed_on is the day it closed."""
        data = super().clean()
        low, high = data.get("statutory_low_age"), data.get("statutory_high_age")
        if low is not None and high is not None and low > high:
            self.add_error("statutory_high_age", "This is below StatutoryLowAge.")
        is_closed = data.get("status") == SchoolStatus.CLOSED
        if is_closed and not data.get("closed_on"):
            self.add_error("closed_on", "A closed school needs a closing date.")
        elif not is_closed:
            data["closed_on"] = None
        return data


def gias_read(data: bytes):
    """The file's rows, read lazily, each with the line it starts on and the
    cells of the columns we read.

    Raise GiasFileError at once when the file is not Windows-1252, is empty
    or lacks a column we read; and after the last row when some rows do not
    line up with the header.
    """
    _check_encoding(data)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=ENCODING, newline="")
    reader = csv.reader(text)
    with _csv_errors_reported(reader):
        header = _header(reader)
    return _rows(reader, header)


@contextmanager
def _csv_errors_reported(reader):
    try:
        yield
    except csv.Error as error:
        message = f"This is not a readable CSV file ({error})."
        raise GiasFileError([GiasError(reader.line_num, "", message)]) from None


def _check_encoding(data):
    # Excel re-saves as UTF-8, which would decode as Windows-1252 without an
    # error but turn "Café" into "CafÃ©", so refuse it.
    if data.startswith(codecs.BOM_UTF8) or (not data.isascii() and _is_utf8(data)):
        message = (
            "This file is in UTF-8, not Windows-1252 as GIAS publishes it. "
            "Upload the file as downloaded from GIAS, without re-saving it."
        )
        raise GiasFileError([GiasError(None, "", message)])
    try:
        data.decode(ENCODING)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = (
            f"Byte 0x{data[error.start]:02X} is not a Windows-1252 character, "
            "so this is not a GIAS file as published."
        )
        raise GiasFileError([GiasError(line, "", message)]) from None


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _header(reader):
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise GiasFileError([GiasError(None, "", "The file is empty.")])
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        message = "This column is missing from the header."
        raise GiasFileError([GiasError(1, name, message) for name in missing])
    return header


def _rows(reader, header):
    # The full file has about 50,000 rows of some 130 columns, so rows are
    # read one at a time and keep only the columns we read.
    positions = {name: header.index(name) for name in REQUIRED_COLUMNS}
    errors, line = [], reader.line_num + 1
    with _csv_errors_reported(reader):
        for cells in reader:
            if cells and len(cells) != len(header):
                errors.append(_misaligned(line, cells, header))
            elif cells:
                yield GiasRow(line, {name: cells[i] for name, i in positions.items()})
            line = reader.line_num + 1
    if errors:
        raise GiasFileError(errors)


def _misaligned(line, cells, header):
    # Cells that do not line up with the header could put one school's
    # details, even its trust, under another's columns, so such a row makes
    # the whole file unusable.
    message = f"This row has {len(cells)} cells; the header has {len(header)}."
    return GiasError(line, "", message)


def gias_row_clean(row):
    """The row's School values and no errors, or None and its errors."""
    data = {name: row.cells.get(column, "") for name, column in COLUMNS.items()}
    form = GiasRowForm(data)
    if form.is_valid():
        return form.cleaned_data, []
    errors = [
        GiasError(row.line, COLUMNS.get(name, ""), message)
        for name, messages in form.errors.items()
        for message in messages
    ]
    return None, errors


def gias_is_trust_row(row, trust_name):
    """Whether the row's trust is this one: whole name, any case."""
    cell = row.cells.get(TRUST_COLUMN, "")
    return cell.strip().casefold() == trust_name.strip().casefold()


def gias_plan(rows, *, trust_name, existing_schools):
    """What importing these rows for the trust would do to existing_schools
    (School objects, or any objects with their attributes). Only the trust's
    rows are checked; other rows are counted as skipped."""
    plan = GiasPlan(trust_name=trust_name)
    existing = {school.urn: school for school in existing_schools}
    first_line = {}
    for row in rows:
        if not gias_is_trust_row(row, trust_name):
            plan.skipped += 1
            continue
        values, errors = gias_row_clean(row)
        if values and values["urn"] in first_line:
            message = f"This URN is also on line {first_line[values['urn']]}."
            errors = [GiasError(row.line, COLUMNS["urn"], message)]
        plan.errors += errors
        if not errors:
            first_line[values["urn"]] = row.line
            _plan_row(plan, row.line, values, existing.get(values["urn"]))
    return plan


def _plan_row(plan, line, values, school):
    is_closing = values["status"] == SchoolStatus.CLOSED
    if school is None:
        kind, changes = (plan.ignored if is_closing else plan.creates), ()
    else:
        changes = _changes(school, _wanted(values, is_closing))
        kind = plan.closes if is_closing else plan.updates
        kind = kind if changes else plan.unchanged
    kind.append(PlannedSchool(line, values, changes))


def _wanted(values, is_closing):
    """The values an existing school should hold: a Closed row only closes
    it; any other row refreshes every detail read, except the URN."""
    if is_closing:
        return {"status": SchoolStatus.CLOSED, "closed_on": values["closed_on"]}
    return {name: value for name, value in values.items() if name != "urn"}


def _changes(school, wanted):
    return tuple(
        FieldChange(name, getattr(school, name), value)
        for name, value in wanted.items()
        if getattr(school, name) != value
    )


def gias_plan_file(data, *, trust_name, existing_schools):
    """Read and plan in one step; a file that cannot be read gives a plan
    holding only its errors."""
    try:
        rows = gias_read(data)
        return gias_plan(rows, trust_name=trust_name, existing_schools=existing_schools)
    except GiasFileError as error:
        return GiasPlan(trust_name=trust_name, errors=error.errors)


def gias_plan_summary(plan):
    counts = plan.counts()
    summary = (
        f"created {counts['created']}, updated {counts['updated']}, "
        f"unchanged {counts['unchanged']}, closed {counts['closed']}, "
        f"skipped {counts['skipped']} (other trusts)"
    )
    if counts["ignored"]:
        summary += f", ignored {counts['ignored']} (closed, not in the register)"
    return summary


def gias_plan_digest(plan):
    """A fingerprint of the writes a plan would make, so that the browser
    import applies only what the admin saw in the preview."""
    kinds = {"create": plan.creates, "update": plan.updates, "close": plan.closes}
    writes = [
        [kind, item.urn, [[c.field, str(c.old), str(c.new)] for c in item.changes]]
        for kind, items in kinds.items()
        for item in items
    ]
    return hashlib.sha256(json.dumps(writes).encode()).hexdigest()


def gias_import_apply(*, plan, imported_by):
    """Write a valid plan in one transaction and return its counts.

    The schools it changes are locked and compared with the values the plan
    was made from. If any has changed since (an edit, another import), raise
    GiasPlanStale and write nothing, so that no edit is overwritten unseen.
    imported_by may be None (the command line).
    """
    if not plan.is_valid:
        raise ValueError("A plan with errors cannot be applied.")
    started = time.monotonic()
    try:
        with transaction.atomic():
            created, changed = _apply_locked(plan)
    except IntegrityError as error:
        # A school in plan.creates was added after it was checked.
        raise GiasPlanStale("A school to be created now exists.") from error
    logger.info(
        "GIAS import by user %s: created %s, changed %s, unchanged %d, "
        "skipped %d, ignored %d, in %.2fs",
        getattr(imported_by, "pk", None),
        created,
        changed,
        len(plan.unchanged),
        plan.skipped,
        len(plan.ignored),
        time.monotonic() - started,
    )
    return plan.counts()


def _apply_locked(plan):
    planned = (*plan.creates, *plan.updates, *plan.closes)
    urns = [item.urn for item in planned]
    locked = School.objects.select_for_update().filter(urn__in=urns)
    schools = {school.urn: school for school in locked}
    _check_current(plan, schools)

    created = [School.objects.create(**item.values).pk for item in plan.creates]
    changed = [
        _save_changes(schools[item.urn], item.changes)
        for item in (*plan.updates, *plan.closes)
    ]
    return created, changed


def _check_current(plan, schools):
    if any(item.urn in schools for item in plan.creates):
        raise GiasPlanStale("A school to be created now exists.")
    for item in (*plan.updates, *plan.closes):
        school = schools.get(item.urn)
        if school is None or _changes(school, _old_values(item)):
            raise GiasPlanStale("A school changed after the import was planned.")


def _old_values(item):
    return {change.field: change.old for change in item.changes}


def _save_changes(school, changes):
    for change in changes:
        setattr(school, change.field, change.new)
    school.save(update_fields=[change.field for change in changes] + ["updated_at"])
    return school.pk
