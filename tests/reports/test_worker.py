"""A real Celery worker, in its own process, renders the annual review PDF
and an issued focus day's report: the test asks for it as the web process
would, the worker consumes the task from Redis, writes to the test's
PostgreSQL database and to the same MEDIA_ROOT (and its e-mails to files),
and the test reads the PDF back with pdftotext."""

import os
import time

import pytest

from pvat.celery import app
from reports.models import Rendering
from reports.services import rendering_request
from reports.tasks import render_document
from tests.celery_worker import celery_worker
from visits.focus_days import focus_day_issue
from visits.models import FocusDayStatus, ReminderSent

from .conftest import YEAR, pdf_text
from .test_focus_day_report import DAY, STRENGTH, written_focus_day

WAIT_SECONDS = 60


@pytest.fixture
def worker(transactional_db, private_media, tmp_path):
    log_path = tmp_path / "worker.log"
    (tmp_path / "mail").mkdir()
    environment = {
        "MEDIA_ROOT": str(private_media),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    with celery_worker(log_path=log_path, **environment) as queue:
        yield queue, log_path


@pytest.fixture
def to_worker(worker, monkeypatch):
    """Send render_document to the worker's own queue through the broker,
    as the web process would, instead of running it in the test."""
    queue, log = worker
    monkeypatch.setattr(
        render_document,
        "delay",
        lambda *args: render_document.apply_async(args, queue=queue),
    )
    # Celery's settings object is not one monkeypatch can restore.
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    yield log
    app.conf.task_always_eager = True


def _wait_until_finished(rendering, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rendering.refresh_from_db()
        if rendering.is_ready or rendering.is_failed:
            return rendering
        time.sleep(0.25)
    return rendering


def _wait_for(read, timeout=WAIT_SECONDS):
    """What `read` returns once it is something, or its last answer."""
    deadline = time.monotonic() + timeout
    while not (found := read()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


@pytest.mark.services
def test_worker_renders_the_annual_review_pdf(to_worker, annual_review, ceo):
    rendering = rendering_request(
        kind="annual_review_report", object_id=YEAR, requested_by=ceo
    )

    rendering = _wait_until_finished(rendering)

    worker_log = to_worker.read_text(errors="replace")
    assert rendering.is_ready, (
        f"status {rendering.status}, error {rendering.error!r}\n{worker_log}"
    )
    assert rendering.attempts == 1
    assert Rendering.objects.get().file.name == rendering.file.name
    text = pdf_text(rendering.file.path)
    assert "Annual tier review 2025/26" in text
    assert "Ashby Road Primary" in text
    assert "Brook Lane Academy" in text
    assert "Tier 3" in text
    assert f"Rendering {rendering.pk} finished as ready" in worker_log


@pytest.mark.services
def test_worker_renders_an_issued_focus_day_and_tells_the_head(
    to_worker, school_a, people, tmp_path
):
    focus_day = written_focus_day(school_a, people)

    rendering = focus_day_issue(
        focus_day=focus_day, issued_by=people["trust_reviewer"], today=DAY
    )
    rendering = _wait_until_finished(rendering)

    worker_log = to_worker.read_text(errors="replace")
    assert rendering.is_ready, (
        f"status {rendering.status}, error {rendering.error!r}\n{worker_log}"
    )
    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.ISSUED
    text = pdf_text(rendering.file.path)
    assert "Ashby Road Primary" in text
    assert STRENGTH in text
    # The worker's on_ready tells the headteacher just after the PDF is
    # stored: the rendering can read ready a moment before the e-mail goes.
    claim = _wait_for(ReminderSent.objects.first)
    assert claim is not None, f"no reminder claimed\n{worker_log}"
    assert ReminderSent.objects.count() == 1
    assert (claim.kind, claim.key, claim.recipient) == (
        "focus_day_report_ready",
        f"focus_day:{focus_day.pk}",
        people["headteacher"],
    )
    mail = tmp_path / "mail"
    [sent] = _wait_for(lambda: list(mail.iterdir()) if mail.exists() else [])
    message = sent.read_text()
    assert "To: headteacher@example.org" in message
    assert "Subject: Focus day report ready: Ashby Road Primary" in message
