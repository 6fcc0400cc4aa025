import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import DocumentScrutiny, EvidenceDocument

PDF = b"%PDF-1.4\n% a school's self-evaluation\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf(name="SEF autumn 2026.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _upload_url(school):
    return reverse("evidence:document_upload", args=[school.urn])


def _download_url(school, document):
    return reverse("evidence:document_download", args=[school.urn, document.pk])


def _scrutiny_url(school, document):
    return reverse("evidence:document_scrutinise", args=[school.urn, document.pk])


def _upload(client, school, kind="sef", **file_options):
    response = client.post(
        _upload_url(school), {"kind": kind, "file": _pdf(**file_options)}
    )
    assert response.status_code == 302, response.context["form"].errors
    return EvidenceDocument.objects.filter(school=school, kind=kind).first()


@pytest.fixture
def sef(client, headteacher, school_a):
    client.force_login(headteacher)
    document = _upload(client, school_a)
    client.logout()
    return document


@pytest.fixture
def school_b_sef(client, other_headteacher, school_b):
    client.force_login(other_headteacher)
    document = _upload(client, school_b, name="Brook Lane SEF.pdf")
    client.logout()
    return document


@pytest.mark.django_db
def test_headteacher_uploads_a_sef_and_each_upload_is_a_new_version(
    client, headteacher, school_a
):
    client.force_login(headteacher)

    first = client.post(_upload_url(school_a), {"kind": "sef", "file": _pdf()})
    second = client.post(
        _upload_url(school_a), {"kind": "sef", "file": _pdf("SEF v2.pdf")}
    )

    assert first["Location"] == reverse(
        "evidence:source", args=[school_a.urn, "documents"]
    )
    assert second.status_code == 302
    versions = EvidenceDocument.objects.filter(school=school_a, kind="sef")
    assert [(d.version, d.original_name) for d in versions] == [
        (2, "SEF v2.pdf"),
        (1, "SEF autumn 2026.pdf"),
    ]
    assert all(document.recorded_by == headteacher for document in versions)
    assert all(d.file.storage.exists(d.file.name) for d in versions)


@pytest.mark.django_db
def test_versions_are_counted_per_kind(client, headteacher, school_a):
    client.force_login(headteacher)
    _upload(client, school_a, kind="sef")

    sip = _upload(client, school_a, kind="sip")

    assert sip.version == 1


@pytest.mark.django_db
def test_upload_page_offers_only_document_files(client, headteacher, school_a):
    client.force_login(headteacher)

    response = client.get(_upload_url(school_a))

    page = response.content.decode()
    assert 'accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "Upload document" in page


@pytest.mark.django_db
def test_upload_without_a_choice_explains(client, headteacher, school_a):
    client.force_login(headteacher)

    response = client.post(_upload_url(school_a), {"file": _pdf()})

    assert "Choose whether this is the SEF or the SIP." in response.content.decode()
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
def test_governor_cannot_upload(client, governor, school_a):
    client.force_login(governor)

    response = client.post(_upload_url(school_a), {"kind": "sef", "file": _pdf()})

    assert response.status_code == 403
    assert not EvidenceDocument.objects.exists()


@pytest.mark.django_db
def test_own_schools_governor_downloads_with_the_original_name(
    client, governor, school_a, sef
):
    client.force_login(governor)

    response = client.get(_download_url(school_a, sef))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="SEF autumn 2026.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_other_schools_headteacher_cannot_download(
    client, other_headteacher, school_a, sef
):
    client.force_login(other_headteacher)

    response = client.get(_download_url(school_a, sef))

    assert response.status_code == 404


@pytest.mark.django_db
def test_another_schools_document_under_own_urn_is_not_found(
    client, headteacher, school_a, school_b_sef
):
    client.force_login(headteacher)

    response = client.get(_download_url(school_a, school_b_sef))

    assert response.status_code == 404


@pytest.mark.django_db
def test_download_is_logged_with_ids(client, governor, school_a, sef, caplog):
    client.force_login(governor)

    with caplog.at_level(logging.INFO, logger="evidence.views.documents"):
        client.get(_download_url(school_a, sef))

    assert f"Document {sef.pk} downloaded by user {governor.pk}" in caplog.messages
    assert "SEF autumn 2026" not in caplog.text


@pytest.mark.django_db
def test_ceo_scrutinises_a_sef(client, ceo, school_a, sef):
    client.force_login(ceo)
    url = _scrutiny_url(school_a, sef)
    assert "This version has not been scrutinised yet." in (
        client.get(url).content.decode()
    )

    response = client.post(
        url,
        {
            "comments": "Accurate on attendance; too generous on reading.",
            "self_improvement_capacity": "secure",
        },
    )

    assert response["Location"] == reverse(
        "evidence:source", args=[school_a.urn, "documents"]
    )
    scrutiny = DocumentScrutiny.objects.get()
    assert scrutiny.document == sef
    assert scrutiny.scrutinised_by == ceo
    assert scrutiny.self_improvement_capacity == "secure"
    assert "too generous on reading" in client.get(url).content.decode()


@pytest.mark.django_db
def test_scrutiny_without_a_judgement_explains(client, ceo, school_a, sef):
    client.force_login(ceo)

    response = client.post(_scrutiny_url(school_a, sef), {"comments": "Thin."})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not DocumentScrutiny.objects.exists()


@pytest.mark.django_db
def test_headteacher_cannot_scrutinise(client, headteacher, school_a, sef):
    client.force_login(headteacher)

    response = client.post(
        _scrutiny_url(school_a, sef),
        {"comments": "Excellent.", "self_improvement_capacity": "strong"},
    )

    assert response.status_code == 403
    assert not DocumentScrutiny.objects.exists()
