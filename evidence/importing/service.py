"""Importing a source's file all or nothing, and its template.

evidence_import first runs the whole file as a dry run. If any row is bad,
nothing is written and every problem is returned; otherwise the import runs
for real inside one transaction.
"""

import codecs
import logging
import time

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from ..sources import SOURCES
from .files import ImportFileError, table_read
from .resources import RESOURCES
from .results import ImportResult, RowError

logger = logging.getLogger(__name__)


class _Refused(Exception):
    def __init__(self, result):
        super().__init__("The import found bad rows.")
        self.result = result


def importable_sources():
    """The sources that have a file import, in the registry's order."""
    return [source for source in SOURCES if source.slug in RESOURCES]


def evidence_import(*, source, data, file_format, recorded_by=None, dry_run=False):
    """Import a CSV or XLSX file of one source; return an ImportResult.

    Nothing is written when dry_run is set or when any row is bad.
    recorded_by may be None (the command line).
    """
    started = time.monotonic()
    try:
        table = _table(source, data, file_format)
    except ImportFileError as error:
        result = ImportResult(source, errors=error.errors)
    else:
        result = _run(source, table, recorded_by, dry_run=True)
        if result.is_valid and not dry_run:
            result = _import(source, table, recorded_by)
    _log(result, recorded_by, dry_run, started)
    return result


def _table(source, data, file_format):
    """The file's rows under the template's headings. Raise ImportFileError
    when the file cannot be read or its header does not match."""
    table = table_read(data, file_format)
    headings = [column.column_name for column in RESOURCES[source]().columns()]
    table.header, errors = header_match(table.header, headings)
    if errors:
        raise ImportFileError(errors)
    return table


def _import(source, table, recorded_by):
    try:
        with transaction.atomic():
            result = _run(source, table, recorded_by, dry_run=False)
            if not result.is_valid:
                # Only a change made since the dry run can get here.
                raise _Refused(result)
    except _Refused as refused:
        return refused.result
    return result


def _run(source, table, recorded_by, *, dry_run):
    resource = RESOURCES[source](recorded_by=recorded_by)
    file_rows = [row.number for row in table.rows]
    rows = (row.cells for row in table.rows)
    outcome = resource.import_data(
        tablib.Dataset(*rows, headers=table.header),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_rows=file_rows,
    )
    errors = table.errors + _errors(outcome, resource, file_rows)
    if errors:
        # A refused file writes nothing, so it counts nothing either.
        return ImportResult(source, errors=_in_file_order(errors, table.header))
    return ImportResult(
        source,
        created=outcome.totals["new"],
        updated=outcome.totals["update"],
        unchanged=outcome.totals["skip"],
    )


def _in_file_order(errors, header):
    positions = {heading: position for position, heading in enumerate(header, 1)}
    return sorted(errors, key=lambda e: (e.row or 0, positions.get(e.column, 0)))


def header_match(header, headings):
    """The file's header written as the template's headings (capital letters
    and surrounding spaces do not matter), and its problems."""
    wanted = {heading.casefold(): heading for heading in headings}
    matched, errors = [], []
    for position, name in enumerate(header, 1):
        heading = wanted.get(name.casefold())
        if not name:
            errors.append(RowError(1, "", f"Column {position} has no heading."))
        elif heading is None:
            message = "This column is not in the template; correct or remove it."
            errors.append(RowError(1, name, message))
        elif heading in matched:
            errors.append(RowError(1, name, "This column appears twice."))
        matched.append(heading or name)
    missing = [heading for heading in headings if heading not in matched]
    errors += [RowError(1, name, "This column is missing.") for name in missing]
    return matched, errors


def _errors(outcome, resource, file_rows):
    errors = []
    for invalid in outcome.invalid_rows:
        row = file_rows[invalid.number - 1]
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_of(key)
            errors += [RowError(row, column, str(message)) for message in messages]
    for error_row in outcome.error_rows:
        for error in error_row.errors:
            logger.warning("Evidence import row failed: %s", type(error.error).__name__)
            message = "This row could not be saved; check its values."
            errors.append(RowError(file_rows[error_row.number - 1], "", message))
    for error in outcome.base_errors:
        logger.warning("Evidence import failed: %s", type(error.error).__name__)
        errors.append(RowError(None, "", "The file could not be imported."))
    return errors


def _log(result, recorded_by, dry_run, started):
    outcome = "refused" if not result.is_valid else "checked" if dry_run else "done"
    logger.info(
        "Evidence import of %s by user %s %s: created %d, updated %d, "
        "unchanged %d, %d problems, in %.2fs",
        result.source,
        getattr(recorded_by, "pk", None),
        outcome,
        result.created,
        result.updated,
        result.unchanged,
        len(result.errors),
        time.monotonic() - started,
    )


def template_file(source, file_format):
    """The header and one example row of a source's file, as bytes."""
    columns = RESOURCES[source]().columns()
    dataset = tablib.Dataset(headers=[column.column_name for column in columns])
    dataset.append([column.example for column in columns])
    if file_format == "xlsx":
        return dataset.export("xlsx")
    # The byte order mark lets Excel open "£" and "’" as UTF-8.
    return codecs.BOM_UTF8 + dataset.export("csv").encode()
