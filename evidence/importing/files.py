"""Reading an uploaded CSV or XLSX file into rows numbered as a spreadsheet
shows them: the header is row 1, the first data row is row 2."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from .results import RowError

FILE_FORMATS = ("csv", "xlsx")
# Excel saves "CSV UTF-8" with a byte order mark and plain "CSV" in the
# Windows code page, so both are read.
ENCODINGS = ("utf-8-sig", "cp1252")


class ImportFileError(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, errors):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class FileRow:
    number: int
    cells: tuple


@dataclass
class Table:
    """A file's header and its non-blank rows, each padded to the header's
    width. Rows that could not be lined up with the header are left out and
    reported in errors."""

    header: list
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def file_format_of(name):
    """ "csv" or "xlsx" from the file's name, or None for anything else."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return suffix if suffix in FILE_FORMATS else None


def table_read(data: bytes, file_format: str):
    """The whole table. Raise ImportFileError if it cannot be read or is
    empty."""
    records = xlsx_records(data) if file_format == "xlsx" else csv_records(data)
    first = next(records, None)
    header = _header(first.cells if first else ())
    if not any(header):
        raise ImportFileError([RowError(None, "", "The file is empty.")])
    table = Table(header)
    for record in records:
        _add_row(table, record)
    return table


def _header(cells):
    header = [_cell(value) for value in cells]
    header = [str(name) for name in header]
    while header and not header[-1]:
        header.pop()
    return header


def _add_row(table, record):
    cells = [_cell(value) for value in record.cells]
    width = len(table.header)
    if not any(cell != "" for cell in cells):
        return
    if any(cell != "" for cell in cells[width:]):
        message = "This row has more cells than the header has columns."
        table.errors.append(RowError(record.number, "", message))
        return
    cells = (cells + [""] * width)[:width]
    table.rows.append(FileRow(record.number, tuple(cells)))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value


def csv_records(data: bytes):
    """Every record of a CSV file, the header first, as text cells."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            yield FileRow(number, tuple(cells))
    except csv.Error as error:
        message = f"This is not a readable CSV file ({error})."
        raise ImportFileError([RowError(number + 1, "", message)]) from None


def _decode(data):
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    message = "This file is not text in UTF-8 or Windows-1252, so not a CSV file."
    raise ImportFileError([RowError(None, "", message)])


def xlsx_records(data: bytes):
    """Every row of the workbook's first sheet, the header first."""
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        message = "This is not a readable XLSX workbook."
        raise ImportFileError([RowError(None, "", message)]) from error
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), 1):
            yield FileRow(number, tuple(_xlsx_value(cell) for cell in cells))
    finally:
        workbook.close()


def _xlsx_value(cell):
    # A cell formatted as a percentage shows 6.1% but holds 0.061; the
    # number the admin sees is the one meant.
    value = cell.value
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (getattr(cell, "number_format", "") or ""):
        return (Decimal(str(value)) * 100).normalize()
    return value
