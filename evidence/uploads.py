"""Checking an uploaded document before it is stored.

A file is accepted only when its content is one of the allowed document
types, whatever its name says: a renamed program, web page or picture is
refused. Office and OpenDocument files are ZIP archives, so for those the
archive's table of contents is read too, and nothing else but the tiny
"mimetype" entry of an OpenDocument file, so a ZIP bomb costs nothing.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class DocumentType:
    extension: str
    label: str
    content_type: str


PDF = DocumentType(".pdf", "PDF", "application/pdf")
DOCX = DocumentType(
    ".docx",
    "Word document (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = DocumentType(
    ".xlsx",
    "Excel workbook (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
PPTX = DocumentType(
    ".pptx",
    "PowerPoint presentation (PPTX)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ODT = DocumentType(
    ".odt", "OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text"
)
ODS = DocumentType(
    ".ods",
    "OpenDocument spreadsheet (ODS)",
    "application/vnd.oasis.opendocument.spreadsheet",
)
ALLOWED_TYPES = [PDF, DOCX, XLSX, PPTX, ODT, ODS]
ALLOWED_EXTENSIONS = [document_type.extension for document_type in ALLOWED_TYPES]
# For the file input, so a tablet offers only these.
ACCEPT = ",".join(ALLOWED_EXTENSIONS)
ALLOWED_DESCRIPTION = (
    "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or OpenDocument (ODT, ODS)"
)

# The part that only a real document of each Office type has.
OFFICE_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
# An OpenDocument file names its type in a small first entry, "mimetype".
OPENDOCUMENT_TYPES = {
    document_type.content_type: document_type for document_type in (ODT, ODS)
}
MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE)
ZIP_SIGNATURE = b"PK\x03\x04"
OLD_OFFICE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Enough of the start of a file for every signature puremagic knows.
HEAD_BYTES = 8192
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class CheckedDocument:
    """An upload that passed every check, with what is recorded about it."""

    upload: object
    document_type: DocumentType
    original_name: str
    size: int
    sha256: str

    @property
    def stored_name(self):
        """The name given to storage, which keeps only its suffix."""
        return f"document{self.document_type.extension}"


def document_check(upload):
    """The checked upload, or ValidationError saying what is wrong with it."""
    limit = settings.EVIDENCE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; files may be at most %(limit)s.",
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if upload.size == 0:
        raise ValidationError("This file is empty.", code="empty")

    document_type = document_type_of(upload)
    name = original_name_clean(upload.name, document_type)
    return CheckedDocument(upload, document_type, name, upload.size, _sha256(upload))


def document_type_of(upload):
    """The allowed type that the file's content shows it to be."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(ZIP_SIGNATURE):
        return _zipped_document_type(upload)
    if head.startswith(OLD_OFFICE_SIGNATURE):
        raise ValidationError(
            "This is an older Office file (.doc, .xls or .ppt). Save it in the "
            "newer format (.docx, .xlsx or .pptx) or as a PDF and upload it again.",
            code="old_office",
        )
    raise ValidationError(
        "This file's content is %(found)s, whatever its name says. Upload a "
        "%(allowed)s file.",
        code="not_allowed",
        params={"found": _what_it_is(head), "allowed": ALLOWED_DESCRIPTION},
    )


def _what_it_is(head):
    """A plain description of a refused file, for the message."""
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"#!")):
        return "a program"
    if head.lstrip()[:1] == b"<":
        return "a web page or other markup"
    try:
        mime_types = [match.mime_type for match in puremagic.magic_string(head)]
    except puremagic.PureError:
        mime_types = []
    if any(mime_type.startswith("image/") for mime_type in mime_types):
        return "a picture"
    return "not a document type this service accepts"


def _zipped_document_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = _opendocument_mimetype(archive, names)
    except (zipfile.BadZipFile, OSError):
        raise ValidationError(
            "This file looks like a ZIP archive but cannot be opened. If it is "
            "an Office document, open it and save it again.",
            code="broken_zip",
        ) from None
    finally:
        upload.seek(0)

    if any(MACRO_PARTS.search(name) for name in names):
        raise ValidationError(
            "This document contains macros. Save it without macros (for "
            "example as a normal .docx or .xlsx) and upload it again.",
            code="macros",
        )
    for part, document_type in OFFICE_PARTS.items():
        if part in names:
            return document_type
    if mimetype in OPENDOCUMENT_TYPES:
        return OPENDOCUMENT_TYPES[mimetype]
    raise ValidationError(
        "This file is a ZIP archive, not a document. Upload the document "
        "itself as a %(allowed)s file.",
        code="plain_zip",
        params={"allowed": ALLOWED_DESCRIPTION},
    )


def _opendocument_mimetype(archive, names):
    if "mimetype" not in names:
        return ""
    entry = archive.getinfo("mimetype")
    if entry.file_size > 200:
        return ""
    return archive.read(entry).decode("ascii", "replace").strip()


def original_name_clean(name, document_type):
    """The person's file name made safe to keep and to offer back on download:
    no folders, no control characters, no quotes, a sensible length, and
    ending in the extension that matches its content."""
    name = unicodedata.normalize("NFC", PureWindowsPath(name or "").name)
    name = "".join(
        character
        for character in name
        if unicodedata.category(character)[0] != "C" and character not in '"*<>?|:'
    )
    stem = name.strip().lstrip(".")
    # A name whose extension claims another allowed type is given the one
    # that matches its content, so the download opens in the right program.
    suffix = PurePath(stem).suffix.lower()
    if suffix in ALLOWED_EXTENSIONS:
        stem = stem[: -len(suffix)]
    extension = document_type.extension
    stem = stem.strip()[: MAX_NAME_LENGTH - len(extension)] or "document"
    return f"{stem}{extension}"


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
