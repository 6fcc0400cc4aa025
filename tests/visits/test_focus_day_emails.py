"""The e-mails a focus day's request and schedule send: who gets each and
what it says. Each is sent once the transaction commits."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from categorisation.models import TierDecision
from schools.models import ImprovementArea
from visits.focus_days import focus_day_request, focus_day_schedule

# A Thursday in the autumn term of 2026/27.
TODAY = datetime.date(2026, 12, 3)
FIRST_CHOICE = datetime.date(2027, 1, 14)
SECOND_CHOICE = datetime.date(2027, 1, 21)
DOMAIN = "school-improvement.example"
REASON = "Pupils' reading fluency & stamina in Key Stage 1."


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings):
    settings.SITE_DOMAIN = DOMAIN
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def requested(school_a, people, django_capture_on_commit_callbacks):
    """School A (Tier 2) asks for its focus day on reading; the request's own
    e-mails are cleared."""
    TierDecision.objects.create(
        school=school_a,
        tier=2,
        decided_by=people["ceo"],
        effective_on=datetime.date(2025, 9, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        focus_day = focus_day_request(
            school=school_a,
            area=ImprovementArea.objects.get(slug="reading-and-phonics"),
            reason=REASON,
            proposed_first_on=FIRST_CHOICE,
            proposed_second_on=SECOND_CHOICE,
            requested_by=people["headteacher"],
            today=TODAY,
        )
    return focus_day


def _schedule(capture, focus_day, reviewer, scheduled_on, people):
    mail.outbox.clear()
    with capture(execute=True):
        return focus_day_schedule(
            focus_day=focus_day,
            reviewer=reviewer,
            scheduled_on=scheduled_on,
            scheduled_by=people["ceo"],
            today=TODAY,
        )


def _by_recipient():
    return {address: message for message in mail.outbox for address in message.to}


def test_request_tells_the_central_team_what_to_schedule(requested):
    # One message each: nobody sees who else was told.
    assert sorted(address for sent in mail.outbox for address in sent.to) == [
        "admin@example.org",
        "ceo@example.org",
    ]
    assert all(len(sent.to) == 1 for sent in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Focus day requested: Ashby Road Primary"
    body = message.body
    assert "Ashby Road Primary has asked for its focus day for 2026/27." in body
    assert "Area to focus on: Reading and phonics" in body
    # The request's own time, not the fixed TODAY (which only dates are pinned to).
    asked_on = timezone.localtime(requested.requested_at)
    assert f"Asked for by: Headteacher, {asked_on.day} {asked_on:%B %Y}" in body
    # Plain text: the reason reads as the headteacher wrote it.
    assert f"Why this area:\n{REASON}\n" in body
    assert "- Thursday 14 January 2027\n- Thursday 21 January 2027\n" in body
    schedule_url = (
        f"https://{DOMAIN}/schools/100001/focus-days/{requested.pk}/schedule/"
    )
    assert schedule_url in body


def test_first_schedule_tells_the_head_and_the_reviewer(
    requested, people, django_capture_on_commit_callbacks
):
    _schedule(
        django_capture_on_commit_callbacks,
        requested,
        people["trust_reviewer"],
        FIRST_CHOICE,
        people,
    )

    messages = _by_recipient()
    assert set(messages) == {"headteacher@example.org", "trust_reviewer@example.org"}
    url = f"https://{DOMAIN}{requested.get_absolute_url()}"

    head = messages["headteacher@example.org"]
    assert head.subject == "Focus day scheduled: Ashby Road Primary, 14 January 2027"
    assert head.body.startswith("Your focus day at Ashby Road Primary is scheduled.")
    assert "Date: Thursday 14 January 2027" in head.body
    assert "Reviewer: Trust Reviewer" in head.body
    assert "Area to focus on: Reading and phonics" in head.body
    assert "e-mailed when the reviewer issues the report" in head.body
    assert url in head.body
    assert "you are the headteacher of Ashby Road Primary" in head.body

    reviewer = messages["trust_reviewer@example.org"]
    assert reviewer.subject == head.subject
    assert reviewer.body.startswith(
        "You are the reviewer for the focus day at Ashby Road Primary."
    )
    assert "Date: Thursday 14 January 2027" in reviewer.body
    assert f"Why the school chose this area:\n{REASON}" in reviewer.body
    assert "Reviewer:" not in reviewer.body
    assert "issue the report" in reviewer.body
    assert url in reviewer.body
    assert "named to review this focus day" in reviewer.body


def test_new_reviewer_and_date_tell_everyone_and_release_the_old_reviewer(
    requested, people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _schedule(capture, requested, people["trust_reviewer"], FIRST_CHOICE, people)

    _schedule(capture, requested, people["admin"], SECOND_CHOICE, people)

    messages = _by_recipient()
    assert set(messages) == {
        "headteacher@example.org",
        "admin@example.org",
        "trust_reviewer@example.org",
    }
    head = messages["headteacher@example.org"]
    assert head.subject == "Focus day changed: Ashby Road Primary, 21 January 2027"
    assert head.body.startswith(
        "Your focus day at Ashby Road Primary has been changed."
    )
    assert "Date: Thursday 21 January 2027" in head.body
    assert "Reviewer: Admin" in head.body

    new_reviewer = messages["admin@example.org"]
    assert new_reviewer.body.startswith(
        "The focus day at Ashby Road Primary has been changed. You are its reviewer."
    )

    released = messages["trust_reviewer@example.org"]
    assert released.subject == (
        "You no longer review the focus day at Ashby Road Primary"
    )
    assert "now has another reviewer" in released.body
    assert "2026/27, Reading and phonics" in released.body
    # Nothing about the day they no longer have a part in.
    assert "Admin" not in released.body
    assert "https://" not in released.body


def test_a_new_date_alone_releases_nobody(
    requested, people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _schedule(capture, requested, people["trust_reviewer"], FIRST_CHOICE, people)

    _schedule(capture, requested, people["trust_reviewer"], SECOND_CHOICE, people)

    messages = _by_recipient()
    assert set(messages) == {"headteacher@example.org", "trust_reviewer@example.org"}
    assert messages["trust_reviewer@example.org"].subject == (
        "Focus day changed: Ashby Road Primary, 21 January 2027"
    )


def test_saving_the_same_schedule_again_sends_nothing(
    requested, people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _schedule(capture, requested, people["trust_reviewer"], FIRST_CHOICE, people)

    _schedule(capture, requested, people["trust_reviewer"], FIRST_CHOICE, people)

    assert mail.outbox == []


def test_subjects_are_one_line(requested, people, django_capture_on_commit_callbacks):
    subjects = [message.subject for message in mail.outbox]
    _schedule(
        django_capture_on_commit_callbacks,
        requested,
        people["trust_reviewer"],
        FIRST_CHOICE,
        people,
    )
    subjects += [message.subject for message in mail.outbox]

    assert subjects
    assert all(
        "\n" not in subject and subject == subject.strip() for subject in subjects
    )
