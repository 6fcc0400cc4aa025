"""Importing evidence from CSV and XLSX files, one source at a time."""

from .files import FILE_FORMATS, ImportFileError, file_format_of, table_read
from .results import ImportResult, RowError
from .service import evidence_import, importable_sources, template_file

__all__ = [
    "FILE_FORMATS",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "evidence_import",
    "file_format_of",
    "importable_sources",
    "table_read",
    "template_file",
]
