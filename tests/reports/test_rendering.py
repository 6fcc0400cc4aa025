"""The PDF pipeline end to end in the test process (Celery eager): the
annual review renders, the fetcher serves static files and nothing else, and
renderings are safe to run twice and can be tried again."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from evidence.models import EvidenceDocument
from pvat.charts import trend_chart
from reports import services
from reports.models import Rendering, RenderingStatus
from reports.rendering import (
    APP_PAGE,
    BASE_URL,
    OUTSIDE_ADDRESS,
    SERVER_FILE,
    UPLOADED_FILE,
    RefusedResource,
    StaticFilesFetcher,
)
from reports.services import rendering_request, rendering_retry, rendering_run
from reports.tasks import render_document

from .conftest import YEAR, pdf_text

PDF = b"%PDF-1.4\n% another school's self-evaluation\n%%EOF\n"


def _request(capture, kind, object_id, user):
    with capture(execute=True):
        rendering = rendering_request(kind=kind, object_id=object_id, requested_by=user)
    rendering.refresh_from_db()
    return rendering


def test_annual_review_pdf_has_every_school_tier_and_year(
    annual_review, ceo, django_capture_on_commit_callbacks, settings
):
    rendering = _request(
        django_capture_on_commit_callbacks, "annual_review_report", YEAR, ceo
    )

    assert rendering.status == RenderingStatus.READY
    assert rendering.error == ""
    assert rendering.attempts == 1
    assert rendering.school is None
    assert rendering.file.name.startswith("reports/trust/")
    text = pdf_text(rendering.file.path)
    assert "Annual tier review 2025/26" in text
    assert "Ashby Road Primary" in text
    assert "Brook Lane Academy" in text
    assert "Tier 1" in text and "Tier 2" in text and "Tier 3" in text
    assert "Reading outcomes fell two years running." in text
    # The header and footer come from @page rules in the static stylesheet.
    assert settings.TRUST_NAME in text
    assert "Page 1 of 1" in text


def test_fetcher_serves_the_print_stylesheet_from_static_files():
    from django.contrib.staticfiles import finders

    response = StaticFilesFetcher().fetch(f"{BASE_URL}static/reports/pdf.css")

    assert response.content_type == "text/css"
    with open(finders.find("reports/pdf.css"), "rb") as stylesheet:
        assert response.read() == stylesheet.read()


def test_fetcher_allows_data_urls():
    response = StaticFilesFetcher().fetch("data:text/plain;base64,aGVsbG8=")

    assert response.read() == b"hello"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", SERVER_FILE),
        ("http://example.org/logo.png", OUTSIDE_ADDRESS),
        ("https://document.invalid.example.org/static/x.css", OUTSIDE_ADDRESS),
        ("ftp://example.org/file", OUTSIDE_ADDRESS),
        (f"{BASE_URL}media-not-served/evidence/2/report.pdf", UPLOADED_FILE),
        (f"{BASE_URL}static/../media-not-served/evidence/2/x.pdf", UPLOADED_FILE),
        (f"{BASE_URL}static/../../etc/passwd", APP_PAGE),
        (f"{BASE_URL}evidence/100002/documents/1/download/", APP_PAGE),
    ],
)
def test_fetcher_refuses_anything_but_static_files(url, reason, caplog):
    from weasyprint.urls import FatalURLFetchingError

    with (
        caplog.at_level(logging.WARNING, logger="reports.rendering"),
        pytest.raises(FatalURLFetchingError) as refused,
    ):
        StaticFilesFetcher().fetch(url)

    assert isinstance(refused.value.refusal, RefusedResource)
    assert refused.value.refusal.reason == reason
    assert any(url in record.getMessage() for record in caplog.records)


@pytest.fixture
def other_school_upload(school_b):
    document = EvidenceDocument(
        school=school_b,
        kind="sef",
        version=1,
        original_name="sef.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    document.file.save("sef.pdf", ContentFile(PDF))
    return document


def _refusing_pages(upload):
    return [
        ('<img src="file:///etc/passwd" alt="">', SERVER_FILE),
        ('<link rel="stylesheet" href="http://example.org/x.css">', OUTSIDE_ADDRESS),
        (f'<img src="/media-not-served/{upload.file.name}" alt="">', UPLOADED_FILE),
        (f'<img src="file://{upload.file.path}" alt="">', SERVER_FILE),
        (f'<link rel="attachment" href="file://{upload.file.path}">', SERVER_FILE),
    ]


def test_refused_resources_fail_the_rendering_and_write_no_pdf(
    plain_kind, other_school_upload, ceo, django_capture_on_commit_callbacks, caplog
):
    for html, reason in _refusing_pages(other_school_upload):
        plain_kind.html = f"<h1>Report</h1>{html}<p>root:x:0:0</p>"
        with caplog.at_level(logging.WARNING, logger="reports.rendering"):
            rendering = _request(
                django_capture_on_commit_callbacks, "test_document", 1, ceo
            )

        assert rendering.status == RenderingStatus.FAILED, html
        assert reason in rendering.error
        assert "Traceback" not in rendering.error
        assert "/etc/passwd" not in rendering.error
        assert other_school_upload.file.name not in rendering.error
        assert not rendering.file
        assert rendering.finished_at is not None
        assert "PDF fetcher refused" in caplog.text
    assert Rendering.objects.exclude(file="").count() == 0


def test_inline_svg_chart_renders_into_the_pdf(
    plain_kind, ceo, django_capture_on_commit_callbacks
):
    chart = trend_chart(
        title="Overall absence",
        years=["2022/23", "2023/24", "2024/25"],
        series=[("Ashby Road Primary", [6.1, 5.8, 5.2]), ("National", [6.7, 6.5, 6.3])],
        unit="percent",
    )
    plain_kind.html = f"<h1>Attendance</h1><div>{chart}</div>"

    rendering = _request(django_capture_on_commit_callbacks, "test_document", 1, ceo)

    assert rendering.status == RenderingStatus.READY, rendering.error
    text = pdf_text(rendering.file.path)
    assert "2023/24" in text
    assert "National" in text


def test_task_is_idempotent(annual_review, ceo, django_capture_on_commit_callbacks):
    rendering = _request(
        django_capture_on_commit_callbacks, "annual_review_report", YEAR, ceo
    )
    first = (rendering.file.name, rendering.finished_at, rendering.attempts)

    render_document.delay(rendering.pk)

    rendering.refresh_from_db()
    assert (rendering.file.name, rendering.finished_at, rendering.attempts) == first
    assert rendering.status == RenderingStatus.READY


def test_task_leaves_a_failed_rendering_for_the_retry_button(
    plain_kind, ceo, django_capture_on_commit_callbacks
):
    plain_kind.html = '<img src="file:///etc/passwd" alt="">'
    rendering = _request(django_capture_on_commit_callbacks, "test_document", 1, ceo)
    plain_kind.html = "<h1>Fixed</h1>"

    render_document.delay(rendering.pk)

    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.FAILED
    assert rendering.attempts == 1


def test_task_for_a_missing_rendering_does_nothing(db):
    render_document.delay(987654)

    assert not Rendering.objects.exists()


def test_failed_rendering_can_be_tried_again(
    plain_kind, ceo, django_capture_on_commit_callbacks
):
    plain_kind.html = '<img src="file:///etc/passwd" alt="">'
    rendering = _request(django_capture_on_commit_callbacks, "test_document", 1, ceo)
    assert rendering.status == RenderingStatus.FAILED

    plain_kind.html = "<h1>Fixed</h1>"
    with django_capture_on_commit_callbacks(execute=True):
        rendering_retry(rendering=rendering, requested_by=ceo)

    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.READY
    assert rendering.error == ""
    assert rendering.attempts == 2
    assert "Fixed" in pdf_text(rendering.file.path)


def test_only_a_failed_rendering_can_be_tried_again(
    annual_review, ceo, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    rendering = _request(
        django_capture_on_commit_callbacks, "annual_review_report", YEAR, ceo
    )

    with pytest.raises(ValidationError):
        rendering_retry(rendering=rendering, requested_by=ceo)


def test_transient_error_is_raised_for_a_retry_until_the_last_attempt(
    annual_review, ceo, monkeypatch
):
    def unreachable(html):
        raise OperationalError("connection reset")

    monkeypatch.setattr(services, "pdf_render", unreachable)
    rendering = Rendering.objects.create(
        kind="annual_review_report", object_id=YEAR, requested_by=ceo
    )

    with pytest.raises(OperationalError):
        rendering_run(rendering=rendering, is_last_attempt=False)
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.RENDERING

    rendering_run(rendering=rendering, is_last_attempt=True)
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.FAILED
    assert rendering.error == services.GAVE_UP
    assert rendering.attempts == 2


def test_fault_in_the_app_fails_with_a_plain_message(plain_kind, ceo, monkeypatch):
    def broken(html):
        raise ValueError("secret internals")

    monkeypatch.setattr(services, "pdf_render", broken)
    rendering = Rendering.objects.create(
        kind="test_document", object_id=1, requested_by=ceo
    )

    rendering_run(rendering=rendering)

    assert rendering.status == RenderingStatus.FAILED
    assert rendering.error == services.UNEXPECTED
    assert "secret" not in rendering.error
