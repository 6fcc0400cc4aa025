import datetime
import importlib
import io
import smtplib

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pvat.celery import app
from reports.models import Rendering, RenderingStatus
from visits.models import ReminderSent, Visit
from visits.reminders import reminders_send, reports_ready
from visits.tasks import send_reminders

# A Thursday. Due soon runs to Thursday 10 December.
TODAY = datetime.date(2026, 12, 3)
OPEN_WINDOW = (datetime.date(2026, 11, 2), datetime.date(2026, 12, 18))
CLOSED_WINDOW = (datetime.date(2026, 9, 1), datetime.date(2026, 10, 23))
DOMAIN = "school-improvement.example"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings):
    settings.SITE_DOMAIN = DOMAIN
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _visit(school, planned_on, window=OPEN_WINDOW, **fields):
    starts_on, ends_on = window
    return Visit.objects.create(
        school=school,
        kind="monitoring",
        window_label="Autumn 2 2026/27",
        window_starts_on=starts_on,
        window_ends_on=ends_on,
        planned_on=planned_on,
        **fields,
    )


def _send(capture, **kwargs):
    with capture(execute=True):
        return reminders_send(today=TODAY, **kwargs)


def test_visit_due_soon_reminds_its_lead(
    school_a, people, django_capture_on_commit_callbacks
):
    lead = people["trust_reviewer"]
    visit = _visit(school_a, datetime.date(2026, 12, 8), lead=lead)

    assert _send(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == ["trust_reviewer@example.org"]
    assert "Ashby Road Primary" in message.subject
    assert "is due soon" in message.body
    assert "Target date: 8 December 2026" in message.body
    assert f"https://{DOMAIN}{visit.get_absolute_url()}" in message.body
    claim = ReminderSent.objects.get()
    assert (claim.kind, claim.key, claim.recipient) == (
        "visit_due_soon",
        f"visit:{visit.pk}",
        lead,
    )


def test_visit_overdue_reminds_its_lead(
    school_a, people, django_capture_on_commit_callbacks
):
    lead = people["trust_reviewer"]
    visit = _visit(
        school_a, datetime.date(2026, 10, 12), window=CLOSED_WINDOW, lead=lead
    )

    assert _send(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == ["trust_reviewer@example.org"]
    assert message.subject == "Visit overdue: Ashby Road Primary"
    assert "closed on 23 October 2026" in message.body
    assert f"https://{DOMAIN}{visit.get_absolute_url()}" in message.body
    assert ReminderSent.objects.get().kind == "visit_overdue"


def test_ceo_is_reminded_of_a_visit_nobody_leads(
    school_a, people, django_capture_on_commit_callbacks
):
    _visit(school_a, datetime.date(2026, 12, 10))

    _send(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["ceo@example.org"]
    assert ReminderSent.objects.get().recipient == people["ceo"]


def test_visits_outside_the_reminders_are_left_alone(
    school_a, people, django_capture_on_commit_callbacks
):
    _visit(school_a, datetime.date(2026, 12, 11))  # eight days away
    _visit(school_a, datetime.date(2026, 12, 1))  # missed, window still open
    _visit(school_a, datetime.date(2026, 12, 4), status="completed")

    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_report_ready_reminds_whoever_asked(
    school_a, people, django_capture_on_commit_callbacks
):
    headteacher = people["headteacher"]
    rendering = Rendering.objects.create(
        kind="annual_review_report",
        object_id=2026,
        school=school_a,
        requested_by=headteacher,
        status=RenderingStatus.READY,
        finished_at=datetime.datetime(2026, 12, 2, 15, 30, tzinfo=datetime.UTC),
    )

    assert _send(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == ["headteacher@example.org"]
    assert "Ashby Road Primary" in message.body
    assert "Ready since: 2 December 2026" in message.body
    assert f"https://{DOMAIN}/reports/{rendering.pk}/" in message.body
    assert ReminderSent.objects.get().key == f"rendering:{rendering.pk}"


def test_a_pdf_its_requester_has_downloaded_is_not_reminded(
    school_a, people, django_capture_on_commit_callbacks
):
    ready = {
        "kind": "annual_review_report",
        "object_id": 2026,
        "school": school_a,
        "status": RenderingStatus.READY,
        "finished_at": datetime.datetime(2026, 12, 2, 15, 30, tzinfo=datetime.UTC),
    }
    Rendering.objects.create(
        **ready,
        requested_by=people["ceo"],
        requester_downloaded_at=datetime.datetime(
            2026, 12, 2, 15, 31, tzinfo=datetime.UTC
        ),
    )
    waiting = Rendering.objects.create(**ready, requested_by=people["headteacher"])

    assert _send(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == ["headteacher@example.org"]
    assert ReminderSent.objects.get().key == f"rendering:{waiting.pk}"


def test_pending_and_old_reports_are_not_reminded(
    school_a, people, django_capture_on_commit_callbacks
):
    requested = {"kind": "annual_review_report", "object_id": 2026}
    Rendering.objects.create(**requested, requested_by=people["headteacher"])
    Rendering.objects.create(
        **requested,
        requested_by=people["headteacher"],
        status=RenderingStatus.READY,
        finished_at=datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC),
    )

    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_inactive_lead_gets_nothing(
    school_a, people, django_capture_on_commit_callbacks
):
    lead = people["trust_reviewer"]
    lead.is_active = False
    lead.save()
    _visit(school_a, datetime.date(2026, 12, 8), lead=lead)

    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_running_the_command_twice_sends_nothing_new(
    school_a, people, django_capture_on_commit_callbacks
):
    _visit(school_a, datetime.date(2026, 12, 8), lead=people["trust_reviewer"])
    _visit(school_a, datetime.date(2026, 10, 12), window=CLOSED_WINDOW)
    outputs = []

    for _ in range(2):
        stdout = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=stdout)
        outputs.append(stdout.getvalue().strip())

    assert outputs == ["Sent 2 reminders.", "Sent 0 reminders."]
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_reminder_claimed_before_a_crash_is_not_resent(
    school_a, people, monkeypatch, django_capture_on_commit_callbacks
):
    """At most once: the first run claims the reminder and then its e-mail
    fails, as if the worker died between commit and send. The retried run
    finds the claim and sends nothing: that reminder is lost, not doubled."""
    _visit(school_a, datetime.date(2026, 12, 8), lead=people["trust_reviewer"])

    def refused(message, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("connection lost")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refused)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            _send(django_capture_on_commit_callbacks)

    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 1


def test_mail_server_down_claims_nothing(
    school_a, people, monkeypatch, django_capture_on_commit_callbacks
):
    _visit(school_a, datetime.date(2026, 12, 8), lead=people["trust_reviewer"])

    class Unreachable:
        def open(self):
            raise ConnectionRefusedError

    monkeypatch.setattr("visits.reminders.get_connection", Unreachable)
    with pytest.raises(ConnectionRefusedError):
        _send(django_capture_on_commit_callbacks)

    assert not ReminderSent.objects.exists()


def test_task_sends_todays_reminders(
    school_a, people, django_capture_on_commit_callbacks
):
    _visit(school_a, datetime.date(2026, 12, 8), lead=people["trust_reviewer"])

    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminders.delay()

    assert result.get() == 1
    assert len(mail.outbox) == 1
    assert send_reminders.acks_late is True
    assert smtplib.SMTPException in send_reminders.autoretry_for


def test_beat_runs_the_reminders_task_every_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-reminders-daily"]
    module_name, _, task_name = entry["task"].rpartition(".")

    task = getattr(importlib.import_module(module_name), task_name)

    assert task.name == entry["task"] == send_reminders.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
    assert app.conf.timezone == "Europe/London"


def test_ready_pdfs_are_found_in_the_same_queries_however_many(school_a, people):
    def ready(count):
        Rendering.objects.bulk_create(
            Rendering(
                kind="annual_review_report",
                object_id=2026,
                title="Annual tier review 2026/27",
                school=school_a,
                requested_by=people["ceo"],
                status=RenderingStatus.READY,
                finished_at=datetime.datetime(2026, 12, 2, 15, 30, tzinfo=datetime.UTC),
            )
            for _ in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            reminders = reports_ready(today=datetime.date(2026, 12, 3))
        return reminders, len(queries)

    few, few_queries = ready(1)
    many, many_queries = ready(9)

    assert (len(few), len(many)) == (1, 10)
    assert many[0].subject == "Your PDF is ready: Annual tier review 2026/27"
    assert many_queries == few_queries
