"""Asking for a PDF, following it and downloading it, as each role."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import Rendering, RenderingStatus

from .conftest import YEAR, pdf_text

REQUEST = {"kind": "annual_review_report", "object_id": YEAR}


def _status_url(rendering):
    return reverse("reports:status", kwargs={"rendering_pk": rendering.pk})


def _download_url(rendering):
    return reverse("reports:download", kwargs={"rendering_pk": rendering.pk})


@pytest.fixture
def ready_rendering(annual_review, ceo):
    rendering = Rendering.objects.create(
        kind="annual_review_report",
        object_id=YEAR,
        requested_by=ceo,
        status=RenderingStatus.READY,
    )
    rendering.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return rendering


def test_ceo_requests_follows_and_downloads_the_annual_review(
    client, ceo, annual_review, django_capture_on_commit_callbacks
):
    client.force_login(ceo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request"), REQUEST)

    rendering = Rendering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _status_url(rendering)
    assert rendering.requested_by == ceo
    assert rendering.status == RenderingStatus.READY

    page = client.get(_status_url(rendering))
    assert page.status_code == 200
    assert "The PDF is ready" in page.text
    assert _download_url(rendering) in page.text
    assert "hx-trigger" not in page.text

    download = client.get(_download_url(rendering))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="annual-tier-review-2025-26.pdf"'
    )
    assert download["Cache-Control"] == "private, no-store"
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF")


def test_downloaded_pdf_reads_as_the_review(
    client, ceo, annual_review, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(ceo)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request"), REQUEST)

    download = client.get(_download_url(Rendering.objects.get()))
    saved = tmp_path / "downloaded.pdf"
    saved.write_bytes(b"".join(download.streaming_content))
    assert "Brook Lane Academy" in pdf_text(saved)


def test_trustee_reads_the_ceos_rendering(client, trustee, ready_rendering):
    client.force_login(trustee)

    assert client.get(_status_url(ready_rendering)).status_code == 200
    assert client.get(_download_url(ready_rendering)).status_code == 200


def test_headteacher_cannot_request_or_read_the_annual_review(
    client, headteacher, ready_rendering
):
    client.force_login(headteacher)

    assert client.post(reverse("reports:request"), REQUEST).status_code == 403
    assert client.get(_status_url(ready_rendering)).status_code == 403
    assert client.get(_download_url(ready_rendering)).status_code == 403
    assert Rendering.objects.count() == 1


def test_request_for_a_review_that_does_not_exist_is_404(client, ceo, db):
    client.force_login(ceo)

    response = client.post(
        reverse("reports:request"), {"kind": "annual_review_report", "object_id": 1999}
    )

    assert response.status_code == 404
    assert not Rendering.objects.exists()


def test_request_for_an_unknown_kind_makes_nothing(client, ceo, db):
    client.force_login(ceo)

    response = client.post(
        reverse("reports:request"), {"kind": "salaries", "object_id": 1}, follow=True
    )

    assert "That document could not be found" in response.text
    assert not Rendering.objects.exists()


def test_status_partial_for_htmx_polls_while_pending(client, ceo, annual_review):
    rendering = Rendering.objects.create(
        kind="annual_review_report", object_id=YEAR, requested_by=ceo
    )
    client.force_login(ceo)

    partial = client.get(_status_url(rendering), headers={"HX-Request": "true"})
    page = client.get(_status_url(rendering))

    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert 'hx-trigger="every 2s"' in partial.text
    assert f'hx-get="{_status_url(rendering)}"' in partial.text
    assert "Waiting to start" in partial.text
    assert "HX-Request" in partial["Vary"]
    # Without JavaScript, the full page offers a plain link to refresh.
    assert "<html" in page.text
    assert f'<a href="{_status_url(rendering)}">Refresh</a>' in page.text


def test_download_of_a_pending_rendering_is_404(client, ceo, annual_review):
    rendering = Rendering.objects.create(
        kind="annual_review_report", object_id=YEAR, requested_by=ceo
    )
    client.force_login(ceo)

    assert client.get(_download_url(rendering)).status_code == 404


def test_download_is_logged_with_user_and_rendering(
    client, admin_user, ready_rendering, caplog
):
    client.force_login(admin_user)

    with caplog.at_level(logging.INFO, logger="reports.views"):
        client.get(_download_url(ready_rendering))

    assert (
        f"Rendering {ready_rendering.pk} downloaded by user {admin_user.pk}"
        in caplog.messages
    )


def test_only_the_requesters_download_marks_the_pdf_fetched(
    client, ceo, trustee, ready_rendering
):
    client.force_login(trustee)
    client.get(_download_url(ready_rendering))
    ready_rendering.refresh_from_db()
    assert ready_rendering.requester_downloaded_at is None

    client.force_login(ceo)
    client.get(_download_url(ready_rendering))
    ready_rendering.refresh_from_db()
    first = ready_rendering.requester_downloaded_at
    client.get(_download_url(ready_rendering))
    ready_rendering.refresh_from_db()

    assert first is not None
    assert ready_rendering.requester_downloaded_at == first


def test_failed_rendering_shows_its_error_and_can_be_tried_again(
    client, ceo, annual_review, django_capture_on_commit_callbacks
):
    rendering = Rendering.objects.create(
        kind="annual_review_report",
        object_id=YEAR,
        requested_by=ceo,
        status=RenderingStatus.FAILED,
        error="The PDF took too long to make and was stopped.",
        attempts=1,
    )
    client.force_login(ceo)
    retry_url = reverse("reports:retry", kwargs={"rendering_pk": rendering.pk})

    page = client.get(_status_url(rendering))
    assert "The PDF took too long to make and was stopped." in page.text
    assert f'action="{retry_url}"' in page.text
    assert _download_url(rendering) not in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)

    assert response.status_code == 302
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.READY
    assert rendering.attempts == 2


def test_retry_of_a_ready_rendering_changes_nothing(client, ceo, ready_rendering):
    client.force_login(ceo)
    retry_url = reverse("reports:retry", kwargs={"rendering_pk": ready_rendering.pk})

    response = client.post(retry_url, follow=True)

    assert "nothing to retry" in response.text
    ready_rendering.refresh_from_db()
    assert ready_rendering.status == RenderingStatus.READY


def test_other_schools_rendering_is_404(client, headteacher, school_b, plain_kind):
    plain_kind.school = school_b
    rendering = Rendering.objects.create(
        kind="test_document",
        object_id=1,
        school=school_b,
        requested_by=headteacher,
        status=RenderingStatus.READY,
    )
    rendering.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(headteacher)

    assert client.get(_status_url(rendering)).status_code == 404
    assert client.get(_download_url(rendering)).status_code == 404
    retry_url = reverse("reports:retry", kwargs={"rendering_pk": rendering.pk})
    assert client.post(retry_url).status_code == 404


def test_own_schools_rendering_is_readable(client, headteacher, school_a, plain_kind):
    plain_kind.school = school_a
    rendering = Rendering.objects.create(
        kind="test_document",
        object_id=1,
        school=school_a,
        requested_by=headteacher,
        status=RenderingStatus.READY,
    )
    rendering.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(headteacher)

    assert client.get(_download_url(rendering)).status_code == 200


def test_annual_review_report_page_offers_the_pdf(client, trustee, annual_review):
    client.force_login(trustee)

    page = client.get(
        reverse("categorisation:annual_review_report", kwargs={"academic_year": YEAR})
    )

    assert f'action="{reverse("reports:request")}"' in page.text
    assert 'name="kind" value="annual_review_report"' in page.text
    assert f'name="object_id" value="{YEAR}"' in page.text
    assert "Download as PDF" in page.text
