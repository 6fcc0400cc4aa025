"""E-mail reminders, each sent once to each person.

Each reminder source reads what is due on a day and returns Reminders; it
changes nothing. `reminders_send` then sends them, using a ReminderSent row
(unique on kind, key and recipient) as the record of who was told what.
`reminders_send_now` sends a few at once by the same rule, when something
happens that should not wait for the morning (a focus-day report's PDF is
ready); the daily run then finds them claimed and sends nothing more.

The sources: visits due soon and overdue (to the lead, or the CEO); PDFs
ready (to whoever asked, unless they have downloaded it); focus days still
not scheduled a week after the request (to the CEO and admins); Tier 1 and
2 schools that have not asked for this year's focus day by the spring and
summer terms (to the headteachers); and issued focus-day reports whose PDF
is ready (to the headteachers). Each reads a fixed number of queries,
however many schools, visits or focus days there are.

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
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.models import Membership
from accounts.roles import Role
from categorisation.selectors import current_tiers
from reports import documents
from reports.models import Rendering, RenderingStatus
from schools.models import School, academic_year_name

from .focus_days import FOCUS_DAY_KIND, FOCUS_DAY_TIERS, central_team, focus_day_year
from .models import FocusDay, FocusDayStatus, ReminderSent, Visit
from .services import trust_ceo

logger = logging.getLogger(__name__)

# A visit is "due soon" when its target date is this many days away or fewer.
VISIT_DUE_SOON_DAYS = 7
# A PDF that became ready longer ago than this is not worth a reminder; the
# limit also keeps the first run after deployment from mailing old PDFs.
REPORT_READY_DAYS = 7
# A focus-day request still waiting for its date this many days after it was
# made is brought to the central team's attention.
FOCUS_DAY_UNSCHEDULED_DAYS = 7
# Schools without this year's focus day are reminded from 1 January to 30
# June: late enough to have had the autumn to ask, early enough to fit the
# day in before the summer holiday.
FOCUS_DAY_NOT_REQUESTED_MONTHS = range(1, 7)


class ReminderKind:
    VISIT_DUE_SOON = "visit_due_soon"
    VISIT_OVERDUE = "visit_overdue"
    REPORT_READY = "report_ready"
    FOCUS_DAY_UNSCHEDULED = "focus_day_unscheduled"
    FOCUS_DAY_NOT_REQUESTED = "focus_day_not_requested"
    FOCUS_DAY_REPORT_READY = "focus_day_report_ready"


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
    person who asked for each, unless they have downloaded it already (as
    whoever watched it being made has)."""
    starts_on = today - datetime.timedelta(days=REPORT_READY_DAYS)
    renderings = Rendering.objects.filter(
        status=RenderingStatus.READY,
        finished_at__date__range=(starts_on, today),
        requester_downloaded_at__isnull=True,
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
    if rendering.title:
        return rendering.title
    # Renderings asked for before titles were kept.
    try:
        return documents.kind_get(rendering.kind).describe(rendering.object_id).title
    except (LookupError, ObjectDoesNotExist):
        # What it describes has gone since; the PDF itself is still there.
        return "your PDF"


def focus_days_unscheduled(*, today):
    """Focus-day requests still waiting for a reviewer and a date
    FOCUS_DAY_UNSCHEDULED_DAYS or more after they were made, for each of
    the CEO and admins."""
    requested_by = today - datetime.timedelta(days=FOCUS_DAY_UNSCHEDULED_DAYS)
    focus_days = list(
        FocusDay.objects.filter(
            status=FocusDayStatus.REQUESTED, requested_at__date__lte=requested_by
        ).select_related("school", "area")
    )
    if not focus_days:
        return []
    team = central_team()
    return [
        Reminder(
            kind=ReminderKind.FOCUS_DAY_UNSCHEDULED,
            key=f"focus_day:{focus_day.pk}",
            recipient=person,
            subject=f"Focus day not yet scheduled: {focus_day.school.name}",
            context={
                "focus_day": focus_day,
                "school_name": focus_day.school.name,
                "requested_on": timezone.localdate(focus_day.requested_at),
                "url": site_url(focus_day.get_absolute_url()),
            },
        )
        for focus_day in focus_days
        for person in team
    ]


def focus_days_not_requested(*, today):
    """From 1 January to 30 June, open Tier 1 and Tier 2 schools that hold no
    focus day this academic year, for their headteachers."""
    if today.month not in FOCUS_DAY_NOT_REQUESTED_MONTHS:
        return []
    academic_year = focus_day_year(today)
    schools = list(School.objects.open())
    tiers = current_tiers(schools)
    held = set(
        FocusDay.objects.held()
        .filter(academic_year=academic_year)
        .values_list("school_id", flat=True)
    )
    due = [
        school
        for school in schools
        if tiers[school.pk] is not None
        and tiers[school.pk].tier in FOCUS_DAY_TIERS
        and school.pk not in held
    ]
    heads = _headteachers_by_school(due)
    return [
        _not_requested_reminder(school, tiers[school.pk].tier, academic_year, head)
        for school in due
        for head in heads.get(school.pk, [])
    ]


def _not_requested_reminder(school, tier, academic_year, head):
    url = reverse("visits:school_focus_days", kwargs={"urn": school.urn})
    return Reminder(
        kind=ReminderKind.FOCUS_DAY_NOT_REQUESTED,
        key=f"school:{school.pk}:{academic_year}",
        recipient=head,
        subject=f"Focus day not yet requested: {school.name}",
        context={
            "school_name": school.name,
            "tier": tier,
            "academic_year_name": academic_year_name(academic_year),
            "url": site_url(url),
        },
    )


def focus_day_reports_ready(*, today):
    """Issued focus days whose latest PDF became ready in the last
    REPORT_READY_DAYS days, for the school's headteachers. The PDF's own
    on_ready usually told them already; this catches what it missed."""
    starts_on = today - datetime.timedelta(days=REPORT_READY_DAYS)
    latest = Rendering.objects.filter(
        kind=FOCUS_DAY_KIND, object_id=OuterRef("pk")
    ).order_by("-requested_at", "-pk")
    focus_days = (
        FocusDay.objects.filter(status=FocusDayStatus.ISSUED)
        .annotate(
            rendering_status=Subquery(latest.values("status")[:1]),
            rendering_finished_at=Subquery(latest.values("finished_at")[:1]),
        )
        .filter(
            rendering_status=RenderingStatus.READY,
            rendering_finished_at__date__range=(starts_on, today),
        )
        .select_related("school", "area", "reviewer")
    )
    return focus_day_report_ready_reminders(focus_days)


def focus_day_report_ready_reminders(focus_days):
    """The "report ready" reminders of these issued focus days, one for each
    active headteacher of each school. Select their school, area and
    reviewer: the e-mail names them."""
    focus_days = list(focus_days)
    heads = _headteachers_by_school([focus_day.school for focus_day in focus_days])
    return [
        Reminder(
            kind=ReminderKind.FOCUS_DAY_REPORT_READY,
            key=f"focus_day:{focus_day.pk}",
            recipient=head,
            subject=f"Focus day report ready: {focus_day.school.name}",
            context={
                "focus_day": focus_day,
                "school_name": focus_day.school.name,
                "url": site_url(focus_day.get_absolute_url()),
            },
        )
        for focus_day in focus_days
        for head in heads.get(focus_day.school_id, [])
    ]


def _headteachers_by_school(schools):
    """The active headteachers of each school, by school id, in one query."""
    memberships = Membership.objects.current().filter(
        school__in=schools, role=Role.HEADTEACHER, user__is_active=True
    )
    heads = {}
    for membership in memberships.select_related("user").order_by("pk"):
        people = heads.setdefault(membership.school_id, {})
        people[membership.user_id] = membership.user
    return {school_id: list(people.values()) for school_id, people in heads.items()}


# Where reminders come from: each source is a function taking `today` and
# returning Reminders, reading what is due without changing anything. A new
# kind of reminder needs a source here and its template in
# visits/templates/visits/email/<kind>.txt.
REMINDER_SOURCES = [
    visits_due_soon,
    visits_overdue,
    reports_ready,
    focus_days_unscheduled,
    focus_days_not_requested,
    focus_day_reports_ready,
]


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
    sent = _reminders_claim_and_send(reminders_due(today=today))
    logger.info("Reminders for %s: %s sent", today, sent)
    return sent


def reminders_send_now(reminders):
    """Claim and send these reminders now instead of at the next daily run,
    by the same once-only rule: one already claimed, now or by the daily
    run, is skipped, and an inactive recipient gets nothing. Returns how
    many were claimed."""
    reminders = [reminder for reminder in reminders if reminder.recipient.is_active]
    if not reminders:
        return 0
    sent = _reminders_claim_and_send(reminders)
    logger.info("Reminders sent now: %s of %s", sent, len(reminders))
    return sent


def _reminders_claim_and_send(reminders):
    connection = get_connection()
    connection.open()
    sent = 0
    try:
        for reminder in reminders:
            sent += _reminder_claim_and_send(reminder, connection)
    finally:
        # A send deferred past this point (the caller's transaction still
        # open) opens the connection again for itself.
        connection.close()
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
