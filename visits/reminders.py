"""E-mail reminders, each sent once to each person (issue #5).

Each reminder source reads what is due on a day and returns Reminders; it
changes nothing. `reminders_send` then sends them, using a ReminderSent row
(unique on kind, key and recipient) as the record of who was told what.

Once-only rule: at most once. A reminder is claimed by creating its
ReminderSent row first, inside its own transaction, and its e-mail is sent
when that transaction commits. A second run, or a task retried after a
worker crash, meets the unique constraint and skips the reminder. The price:
a reminder claimed whose e-mail then failed (the SMTP server refused it, or
the worker died between commit and send) is not sent again. We chose this
over at-least-once (claim after sending) because a reminder is a nudge, and
a duplicate, repeated every retry, teaches people to ignore them; a missed
reminder still shows on the workload page. The mail connection is opened
before anything is claimed, so an SMTP server that is down fails the run
(and the task retries) without losing any reminder.

An inactive recipient gets nothing and nothing is claimed for them.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from reports import documents
from reports.models import Rendering, RenderingStatus

from .models import ReminderSent, Visit
from .services import trust_ceo

logger = logging.getLogger(__name__)

# A visit is "due soon" when its target date is this many days away or fewer.
VISIT_DUE_SOON_DAYS = 7
# A PDF that became ready longer ago than this is not worth a reminder; the
# limit also keeps the first run after deployment from mailing old PDFs.
REPORT_READY_DAYS = 7


class ReminderKind:
    VISIT_DUE_SOON = "visit_due_soon"
    VISIT_OVERDUE = "visit_overdue"
    REPORT_READY = "report_ready"


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    recipient: object
    subject: str
    context: dict = field(default_factory=dict)

    @property
    def template_name(self):
        return f"visits/email/{self.kind}.txt"


def long_date(day):
    """3 December 2026."""
    return dateformat.format(day, "j F Y")


def site_url(path):
    return f"https://{settings.SITE_DOMAIN}{path}"


# --- Reminder sources ------------------------------------------------------


def visits_due_soon(*, today):
    """Planned visits with a target date from today to a week ahead."""
    ends_on = today + datetime.timedelta(days=VISIT_DUE_SOON_DAYS)
    visits = Visit.objects.due_between(today, ends_on)
    return [
        _visit_reminder(visit, ReminderKind.VISIT_DUE_SOON, recipient)
        for visit, recipient in _with_recipients(visits)
    ]


def visits_overdue(*, today):
    """Planned visits whose window closed before today."""
    visits = Visit.objects.overdue(today)
    return [
        _visit_reminder(visit, ReminderKind.VISIT_OVERDUE, recipient)
        for visit, recipient in _with_recipients(visits)
    ]


def _with_recipients(visits):
    """Each visit with its lead or, when nobody has been named to lead it,
    the CEO. A visit with neither is left out."""
    ceo = trust_ceo()
    for visit in visits.select_related("school", "lead"):
        recipient = visit.lead or ceo
        if recipient is not None:
            yield visit, recipient


def _visit_reminder(visit, kind, recipient):
    if kind == ReminderKind.VISIT_OVERDUE:
        subject = f"Visit overdue: {visit.school.name}"
    else:
        subject = f"Visit due {long_date(visit.planned_on)}: {visit.school.name}"
    return Reminder(
        kind=kind,
        key=f"visit:{visit.pk}",
        recipient=recipient,
        subject=subject,
        context={
            "visit": visit,
            "school_name": visit.school.name,
            "url": site_url(visit.get_absolute_url()),
        },
    )


def reports_ready(*, today):
    """PDFs that became ready in the last REPORT_READY_DAYS days, for the
    person who asked for each."""
    starts_on = today - datetime.timedelta(days=REPORT_READY_DAYS)
    renderings = Rendering.objects.filter(
        status=RenderingStatus.READY,
        finished_at__date__range=(starts_on, today),
    ).select_related("school", "requested_by")
    return [_report_reminder(rendering) for rendering in renderings]


def _report_reminder(rendering):
    title = _document_title(rendering)
    school_name = rendering.school.name if rendering.school else settings.TRUST_NAME
    url = reverse("reports:status", kwargs={"rendering_pk": rendering.pk})
    return Reminder(
        kind=ReminderKind.REPORT_READY,
        key=f"rendering:{rendering.pk}",
        recipient=rendering.requested_by,
        subject=f"Your PDF is ready: {title}",
        context={
            "rendering": rendering,
            "title": title,
            "school_name": school_name,
            "ready_on": timezone.localdate(rendering.finished_at),
            "url": site_url(url),
        },
    )


def _document_title(rendering):
    try:
        return documents.kind_get(rendering.kind).describe(rendering.object_id).title
    except (LookupError, ObjectDoesNotExist):
        # What it describes has gone since; the PDF itself is still there.
        return "your PDF"


# Where reminders come from. Focus-day reminders ("focus day not yet
# scheduled") come with focus days themselves (issue #5): add their source
# here, a function taking `today` and returning Reminders.
REMINDER_SOURCES = [visits_due_soon, visits_overdue, reports_ready]


def reminders_due(*, today):
    """Every reminder due today, sent or not, for active recipients."""
    return [
        reminder
        for source in REMINDER_SOURCES
        for reminder in source(today=today)
        if reminder.recipient.is_active
    ]


# --- Sending ---------------------------------------------------------------


def reminders_send(*, today=None):
    """Claim and send every reminder due today that nobody has been sent.
    Returns how many were claimed; each one's e-mail goes when its claim
    commits (at once, unless the caller holds a transaction open)."""
    today = today or timezone.localdate()
    connection = get_connection()
    connection.open()
    sent = 0
    try:
        for reminder in reminders_due(today=today):
            sent += _reminder_claim_and_send(reminder, connection)
    finally:
        # A send deferred past this point (the caller's transaction still
        # open) opens the connection again for itself.
        connection.close()
    logger.info("Reminders for %s: %s sent", today, sent)
    return sent


def _reminder_claim_and_send(reminder, connection):
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                kind=reminder.kind, key=reminder.key, recipient=reminder.recipient
            )
            transaction.on_commit(lambda: _email_send(reminder, claim, connection))
    except IntegrityError:
        # Already claimed by an earlier run: sent, or lost at most once.
        return 0
    return 1


def _email_send(reminder, claim, connection):
    body = render_to_string(reminder.template_name, reminder.context)
    message = EmailMessage(
        subject=reminder.subject,
        body=body,
        to=[reminder.recipient.email],
        connection=connection,
    )
    try:
        message.send()
    except Exception:
        logger.warning(
            "Reminder %s (%s %s) claimed but not sent; it will not be resent",
            claim.pk,
            reminder.kind,
            reminder.key,
        )
        raise
    logger.info(
        "Reminder %s (%s) sent to user %s",
        claim.pk,
        reminder.kind,
        reminder.recipient.pk,
    )
