"""Focus-day reminders: requests left unscheduled, Tier 1 and 2 schools that
have not asked for their focus day, and issued reports whose PDF is ready.
Each is sent once, to active people only, in a fixed number of queries."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categorisation.models import TierDecision
from reports.models import Rendering, RenderingStatus
from schools.models import ImprovementArea, SchoolStatus
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from visits.models import FocusDay, FocusDayStatus, ReminderSent
from visits.reminders import (
    focus_day_reports_ready,
    focus_days_not_requested,
    focus_days_unscheduled,
    reminders_send,
)

# A Thursday in the spring term of 2026/27.
TODAY = datetime.date(2027, 1, 14)
YEAR = 2026
DOMAIN = "school-improvement.example"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings):
    settings.SITE_DOMAIN = DOMAIN
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _at(day, hour=12):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def _days_ago(count):
    return TODAY - datetime.timedelta(days=count)


def _tier(school, tier, people):
    return TierDecision.objects.create(
        school=school,
        tier=tier,
        decided_by=people["ceo"],
        effective_on=datetime.date(2025, 9, 1),
    )


def _focus_day(school, people, *, requested_on=None, **fields):
    day = datetime.date(2027, 3, 11)
    return FocusDay.objects.create(
        **{
            "school": school,
            "academic_year": YEAR,
            "area": ImprovementArea.objects.get(slug="mathematics"),
            "reason": "Reasoning in upper Key Stage 2.",
            "proposed_first_on": day,
            "proposed_second_on": datetime.date(2027, 3, 18),
            "requested_by": people["headteacher"],
            "requested_at": _at(requested_on or _days_ago(10)),
            **fields,
        }
    )


def _issued(school, people, **fields):
    return _focus_day(
        school,
        people,
        status=FocusDayStatus.ISSUED,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2027, 1, 12),
        scheduled_by=people["ceo"],
        issued_at=_at(_days_ago(2)),
        issued_by=people["trust_reviewer"],
        **fields,
    )


def _rendering(focus_day, people, *, finished_on, status=RenderingStatus.READY):
    return Rendering.objects.create(
        kind="focus_day_report",
        object_id=focus_day.pk,
        school=focus_day.school,
        requested_by=people["trust_reviewer"],
        requested_at=_at(finished_on, hour=9),
        status=status,
        finished_at=_at(finished_on),
    )


def _send(capture, today=TODAY):
    with capture(execute=True):
        return reminders_send(today=today)


def _recipients(reminders):
    return sorted(reminder.recipient.email for reminder in reminders)


# Not yet scheduled -------------------------------------------------------------


def test_request_unscheduled_after_a_week_reminds_the_ceo_and_admin(
    school_a, people, django_capture_on_commit_callbacks
):
    focus_day = _focus_day(school_a, people, requested_on=_days_ago(7))

    assert _send(django_capture_on_commit_callbacks) == 2

    assert sorted(message.to[0] for message in mail.outbox) == [
        "admin@example.org",
        "ceo@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Focus day not yet scheduled: Ashby Road Primary"
    assert "asked for its 2026/27 focus day on 7 January 2027" in message.body
    assert "Area to focus on: Mathematics" in message.body
    assert "- Thursday 11 March 2027\n- Thursday 18 March 2027\n" in message.body
    assert f"https://{DOMAIN}{focus_day.get_absolute_url()}" in message.body
    claims = ReminderSent.objects.values_list("kind", "key").distinct()
    assert list(claims) == [("focus_day_unscheduled", f"focus_day:{focus_day.pk}")]


def test_request_six_days_old_is_not_reminded_yet(school_a, people):
    _focus_day(school_a, people, requested_on=_days_ago(6))

    assert focus_days_unscheduled(today=TODAY) == []
    assert len(focus_days_unscheduled(today=TODAY + datetime.timedelta(days=1))) == 2


def test_scheduled_and_withdrawn_focus_days_are_not_reminded(
    school_a, school_b, people
):
    _focus_day(
        school_a,
        people,
        status=FocusDayStatus.SCHEDULED,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2027, 3, 11),
    )
    _focus_day(school_b, people, status=FocusDayStatus.WITHDRAWN)

    assert focus_days_unscheduled(today=TODAY) == []


def test_inactive_ceo_is_not_reminded_of_an_unscheduled_request(
    school_a, people, django_capture_on_commit_callbacks
):
    people["ceo"].is_active = False
    people["ceo"].save()
    _focus_day(school_a, people)

    assert _send(django_capture_on_commit_callbacks) == 1

    assert [message.to for message in mail.outbox] == [["admin@example.org"]]


# Not yet requested -------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "is_reminded"),
    [
        (datetime.date(2026, 12, 31), False),
        (datetime.date(2027, 1, 1), True),
        (datetime.date(2027, 6, 30), True),
        (datetime.date(2027, 7, 1), False),
        (datetime.date(2027, 9, 1), False),
    ],
)
def test_not_requested_runs_from_1_january_to_30_june(
    school_a, people, today, is_reminded
):
    _tier(school_a, 2, people)

    reminders = focus_days_not_requested(today=today)

    assert _recipients(reminders) == (
        ["headteacher@example.org"] if is_reminded else []
    )


def test_tier_1_and_2_heads_without_a_request_are_reminded(
    school_a, school_b, people, django_capture_on_commit_callbacks
):
    _tier(school_a, 1, people)
    _tier(school_b, 2, people)

    assert _send(django_capture_on_commit_callbacks) == 2

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        "headteacher@example.org",
        "other_headteacher@example.org",
    }
    message = by_recipient["headteacher@example.org"]
    assert message.subject == "Focus day not yet requested: Ashby Road Primary"
    assert "has not asked for its focus day for 2026/27 yet" in message.body
    assert "Tier 1 support includes one focus day each academic year" in message.body
    assert f"https://{DOMAIN}/schools/100001/focus-days/" in message.body
    assert "Brook Lane" not in message.body
    claim = ReminderSent.objects.get(recipient=people["headteacher"])
    assert (claim.kind, claim.key) == (
        "focus_day_not_requested",
        f"school:{school_a.pk}:{YEAR}",
    )


def test_tier_3_untiered_and_closed_schools_are_not_reminded(
    school_a, school_b, people
):
    _tier(school_a, 2, people)
    _tier(school_a, 3, people)  # later: school A is now in Tier 3
    # School B has no tier yet; a closed Tier 2 school has no one to remind.
    closed = SchoolFactory(status=SchoolStatus.CLOSED)
    _tier(closed, 2, people)
    MembershipFactory(user=UserFactory(), role="headteacher", school=closed)

    assert focus_days_not_requested(today=TODAY) == []


@pytest.mark.parametrize(
    "status",
    [FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED, FocusDayStatus.ISSUED],
)
def test_school_holding_this_years_focus_day_is_not_reminded(school_a, people, status):
    _tier(school_a, 2, people)
    _focus_day(
        school_a,
        people,
        status=status,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2027, 3, 11),
    )

    assert focus_days_not_requested(today=TODAY) == []


def test_withdrawn_or_last_years_focus_day_does_not_count(school_a, people):
    _tier(school_a, 2, people)
    _focus_day(school_a, people, status=FocusDayStatus.WITHDRAWN)
    _focus_day(
        school_a,
        people,
        academic_year=YEAR - 1,
        status=FocusDayStatus.ISSUED,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2026, 3, 12),
    )

    reminders = focus_days_not_requested(today=TODAY)

    assert _recipients(reminders) == ["headteacher@example.org"]


def test_only_active_headteachers_are_reminded_to_request(
    school_a, people, django_capture_on_commit_callbacks
):
    _tier(school_a, 1, people)
    people["headteacher"].is_active = False
    people["headteacher"].save()

    assert _send(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


# Report ready ------------------------------------------------------------------


def test_issued_report_ready_reminds_the_headteacher(
    school_a, people, django_capture_on_commit_callbacks
):
    focus_day = _issued(school_a, people)
    _rendering(focus_day, people, finished_on=_days_ago(2))

    reminders = focus_day_reports_ready(today=TODAY)

    assert _recipients(reminders) == ["headteacher@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=TODAY)
    [message] = [m for m in mail.outbox if m.to == ["headteacher@example.org"]]
    assert message.subject == "Focus day report ready: Ashby Road Primary"
    assert "Date of the focus day: 12 January 2027" in message.body
    assert "Reviewer: Trust Reviewer" in message.body
    assert f"https://{DOMAIN}{focus_day.get_absolute_url()}" in message.body
    claim = ReminderSent.objects.get(recipient=people["headteacher"])
    assert (claim.kind, claim.key) == (
        "focus_day_report_ready",
        f"focus_day:{focus_day.pk}",
    )


@pytest.mark.parametrize(("days_ago", "is_reminded"), [(7, True), (8, False)])
def test_report_ready_reminders_stop_after_a_week(
    school_a, people, days_ago, is_reminded
):
    focus_day = _issued(school_a, people)
    _rendering(focus_day, people, finished_on=_days_ago(days_ago))

    assert bool(focus_day_reports_ready(today=TODAY)) is is_reminded


def test_report_ready_follows_the_latest_pdf_only(school_a, people):
    focus_day = _issued(school_a, people)
    _rendering(focus_day, people, finished_on=_days_ago(3))
    _rendering(
        focus_day, people, finished_on=_days_ago(1), status=RenderingStatus.FAILED
    )

    assert focus_day_reports_ready(today=TODAY) == []


def test_draft_pdfs_and_other_documents_are_not_reported_to_the_school(
    school_a, people
):
    draft = _focus_day(
        school_a,
        people,
        status=FocusDayStatus.SCHEDULED,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2027, 1, 12),
    )
    _rendering(draft, people, finished_on=_days_ago(1))
    # Another kind of document whose object id happens to match.
    Rendering.objects.create(
        kind="annual_review_report",
        object_id=draft.pk,
        requested_by=people["ceo"],
        status=RenderingStatus.READY,
        finished_at=_at(_days_ago(1)),
    )

    assert focus_day_reports_ready(today=TODAY) == []


# Running it again, and at scale ------------------------------------------------


def test_running_the_command_twice_sends_nothing_new(
    school_a, school_b, people, django_capture_on_commit_callbacks
):
    _focus_day(school_a, people)  # unscheduled: CEO and admin
    _tier(school_b, 2, people)  # not requested: school B's head
    issued = _issued(SchoolFactory(), people)
    MembershipFactory(
        user=UserFactory(email="head-c@example.org"),
        role="headteacher",
        school=issued.school,
    )
    _rendering(issued, people, finished_on=_days_ago(1))  # + the reviewer's PDF
    outputs = []

    for _ in range(2):
        stdout = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=stdout)
        outputs.append(stdout.getvalue().strip())

    assert outputs == ["Sent 5 reminders.", "Sent 0 reminders."]
    assert len(mail.outbox) == 5
    kinds = ReminderSent.objects.values_list("kind", flat=True)
    assert sorted(kinds) == [
        "focus_day_not_requested",
        "focus_day_report_ready",
        "focus_day_unscheduled",
        "focus_day_unscheduled",
        "report_ready",
    ]


def _trust(size, people):
    """`size` Tier 2 schools, each with a headteacher: one with an old
    request, one whose report is ready, the rest with nothing yet."""
    for number in range(size):
        school = SchoolFactory()
        _tier(school, 2, people)
        head = UserFactory(email=f"head-{school.urn}@example.org")
        MembershipFactory(user=head, role="headteacher", school=school)
        if number % 3 == 0:
            _focus_day(school, people, requested_by=head)
        elif number % 3 == 1:
            issued = _issued(school, people, requested_by=head)
            _rendering(issued, people, finished_on=_days_ago(1))


def _queries(source):
    """The queries a source takes, its e-mails rendered included."""
    with CaptureQueriesContext(connection) as captured:
        reminders = source(today=TODAY)
        for reminder in reminders:
            render_to_string(reminder.template_name, reminder.context)
    return len(captured), len(reminders)


@pytest.mark.parametrize(
    "source",
    [focus_days_unscheduled, focus_days_not_requested, focus_day_reports_ready],
)
def test_sources_take_the_same_queries_for_a_larger_trust(people, source):
    _trust(3, people)
    small, small_count = _queries(source)
    _trust(9, people)

    large, large_count = _queries(source)

    assert large_count > small_count > 0
    assert large == small
