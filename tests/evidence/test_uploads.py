import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import EvidenceDocument
from evidence.uploads import document_check, original_name_clean

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _docx():
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "word/document.xml": '<?xml version="1.0"?><w:document/>',
        }
    )


def _xlsx():
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "xl/workbook.xml": '<?xml version="1.0"?><workbook/>',
            "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet/>',
        }
    )


def _odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # OpenDocument stores its type first and uncompressed.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<?xml version="1.0"?><office/>')
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("SEF 2025.pdf", PDF, "application/pdf"),
        (
            "SEF.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "SIP tracker.xlsx",
            _xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("SIP.odt", _odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_documents_are_accepted(name, content, content_type):
    checked = document_check(_upload(name, content))

    assert checked.document_type.content_type == content_type
    assert checked.original_name == name
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_a_document_is_named_after_its_content_not_its_claim():
    checked = document_check(_upload("plan.docx", PDF))

    assert checked.document_type.extension == ".pdf"
    assert checked.original_name == "plan.pdf"


def test_original_name_loses_folders_and_awkward_characters():
    from evidence.uploads import PDF as PDF_TYPE

    name = original_name_clean('C:\\Users\\head\\"SEF"\x07 <final>.pdf', PDF_TYPE)

    assert name == "SEF final.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("SEF.pdf", PNG, "This file's content is a picture, whatever its name says."),
        ("SEF.pdf", HTML, "content is a web page or other markup"),
        ("SEF.docx", EXE, "This file's content is a program"),
        (
            "SEF.docx",
            _zip({"notes.txt": "not a document"}),
            "This file is a ZIP archive, not a document.",
        ),
        (
            "SEF.xlsx",
            _zip({"xl/workbook.xml": "<workbook/>", "xl/vbaProject.bin": "x"}),
            "This document contains macros.",
        ),
        ("SEF.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "older Office"),
        ("SEF.pdf", b"", "This file is empty."),
    ],
)
def test_files_that_are_not_allowed_documents_are_refused(name, content, message):
    with pytest.raises(ValidationError) as refused:
        document_check(_upload(name, content))

    assert message in refused.value.messages[0]


def test_oversize_file_is_refused(settings):
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 1024
    content = PDF + b"0" * 2048

    with pytest.raises(ValidationError) as refused:
        document_check(_upload("SEF.pdf", content))

    assert refused.value.messages == [
        "This file is 2.1\xa0KB; files may be at most 1.0\xa0KB."
    ]


# Through the upload page: refused files leave nothing behind -------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("SEF.pdf", PNG, "content is a picture"),
        ("SEF.html", HTML, "content is a web page"),
        ("SEF.docx", _zip({"notes.txt": "hello"}), "is a ZIP archive, not a document"),
        ("SEF.pdf", PDF + b"0" * 4096, "files may be at most 1.0"),
    ],
)
def test_refused_upload_stores_nothing(
    client, headteacher, school_a, settings, media_root, name, content, message
):
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 1024
    client.force_login(headteacher)
    url = reverse("evidence:document_upload", args=[school_a.urn])

    response = client.post(url, {"kind": "sef", "file": _upload(name, content)})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not EvidenceDocument.objects.exists()
    assert _stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("SEF.pdf", PDF), ("SEF.docx", _docx()), ("SIP.xlsx", _xlsx())],
)
def test_accepted_upload_is_stored_under_a_server_made_name(
    client, headteacher, school_a, media_root, name, content
):
    client.force_login(headteacher)
    url = reverse("evidence:document_upload", args=[school_a.urn])

    response = client.post(url, {"kind": "sef", "file": _upload(name, content)})

    assert response.status_code == 302
    document = EvidenceDocument.objects.get()
    assert document.original_name == name
    assert document.size == len(content)
    assert document.file.name.startswith(f"evidence/{school_a.pk}/")
    assert name not in document.file.name
    [stored] = _stored_files(media_root)
    assert stored.read_bytes() == content
