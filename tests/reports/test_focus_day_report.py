"""The focus-day report as a document kind: its PDF, its name, who may read
and ask for it, and the e-mail to the headteachers once its PDF is ready."""

import datetime
import logging

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reports import documents
from reports.models import Rendering, RenderingStatus
from reports.services import rendering_request
from schools.models import ImprovementArea
from tests.factories import MembershipFactory, UserFactory
from visits.focus_day_report import focus_day_for_report, focus_day_report_context
from visits.focus_days import focus_day_issue, focus_day_year
from visits.models import (
    FindingKind,
    FocusDay,
    FocusDayActivity,
    FocusDayActivityKind,
    FocusDayFinding,
    FocusDayStatus,
    ReminderSent,
)
from visits.reminders import reminders_send

from .conftest import pdf_text

KIND = "focus_day_report"
YEAR = focus_day_year()
# A Thursday in the autumn term of the current academic year.
DAY = datetime.date(YEAR, 11, 12)
SUMMARY = "Phonics is taught with real consistency from Reception onwards."
STRENGTH = "Pupils at risk of falling behind in reading are caught quickly."
DEVELOPMENT_POINT = "Reasoning tasks in Year 5 are not yet demanding enough."


# The two areas the report uses, as the data migration makes them; a
# transactional test (the worker's) has flushed the migration's rows.
AREAS = {
    "reading-and-phonics": ("Reading and phonics", 20),
    "mathematics": ("Mathematics", 30),
}


def _area(slug):
    name, position = AREAS[slug]
    area, _ = ImprovementArea.objects.get_or_create(
        slug=slug, defaults={"name": name, "position": position}
    )
    return area


def written_focus_day(school, people, *, status=FocusDayStatus.SCHEDULED):
    """School A's focus day on reading, reviewed by the trust reviewer, with
    its report written: two activities, a strength and a development point."""
    focus_day = FocusDay.objects.create(
        school=school,
        academic_year=YEAR,
        area=_area("reading-and-phonics"),
        reason="Reading fluency in Key Stage 1.",
        proposed_first_on=DAY,
        requested_by=people["headteacher"],
        status=status,
        reviewer=people["trust_reviewer"],
        scheduled_on=DAY,
        scheduled_by=people["ceo"],
        summary=SUMMARY,
    )
    # Saved out of the choices' order; the report puts lesson visits last.
    FocusDayActivity.objects.create(
        focus_day=focus_day,
        kind=FocusDayActivityKind.LESSON_VISITS,
        detail="Year 1 and Year 2 phonics lessons.",
    )
    FocusDayActivity.objects.create(
        focus_day=focus_day, kind=FocusDayActivityKind.LEADER_DISCUSSIONS
    )
    FocusDayFinding.objects.create(
        focus_day=focus_day,
        kind=FindingKind.DEVELOPMENT_POINT,
        area=_area("mathematics"),
        text=DEVELOPMENT_POINT,
    )
    FocusDayFinding.objects.create(
        focus_day=focus_day,
        kind=FindingKind.STRENGTH,
        area=_area("reading-and-phonics"),
        text=STRENGTH,
    )
    return focus_day


def _issue(capture, focus_day, reviewer):
    with capture(execute=True):
        rendering = focus_day_issue(focus_day=focus_day, issued_by=reviewer, today=DAY)
    rendering.refresh_from_db()
    return rendering


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


# The PDF --------------------------------------------------------------------


def test_issuing_renders_a_pdf_of_the_whole_report(
    school_a, people, django_capture_on_commit_callbacks, settings
):
    focus_day = written_focus_day(school_a, people)

    rendering = _issue(
        django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
    )

    assert rendering.status == RenderingStatus.READY, rendering.error
    assert (rendering.kind, rendering.object_id) == (KIND, focus_day.pk)
    assert rendering.school == school_a
    year = focus_day.academic_year_name
    assert rendering.title == f"Focus day report: Ashby Road Primary, {year}"
    assert rendering.file.name.startswith(f"reports/{school_a.pk}/")
    text = pdf_text(rendering.file.path)
    assert f"Focus day report: Ashby Road Primary, {YEAR}/" in text
    assert f"Academic year {focus_day.academic_year_name}" in text
    assert "Area of focus Reading and phonics" in text
    assert f"Date of the focus day {DAY:%A} {DAY.day} November {YEAR}" in text
    assert "Reviewer Trust Reviewer" in text
    assert SUMMARY in text
    # Each finding is a bullet under its area's heading.
    assert f"Reading and phonics • {STRENGTH}" in text
    assert f"Mathematics • {DEVELOPMENT_POINT}" in text
    assert "Discussions with leaders" in text
    assert "Lesson visits Year 1 and Year 2 phonics lessons." in text
    assert text.index("Discussions with leaders") < text.index("Lesson visits")
    assert (
        text.index("Strengths")
        < text.index(STRENGTH)
        < text.index("Development points")
    )
    assert "Draft" not in text
    assert settings.TRUST_NAME in text
    assert "Page 1 of 1" in text


def test_a_draft_pdf_says_it_is_a_draft(
    school_a, people, django_capture_on_commit_callbacks
):
    focus_day = written_focus_day(school_a, people)

    with django_capture_on_commit_callbacks(execute=True):
        rendering = rendering_request(
            kind=KIND, object_id=focus_day.pk, requested_by=people["trust_reviewer"]
        )
    rendering.refresh_from_db()

    text = pdf_text(rendering.file.path)
    assert "Draft. This report has not been issued" in text
    assert SUMMARY in text


def test_describe_names_the_school_and_the_year(school_a, people):
    focus_day = written_focus_day(school_a, people)
    year = focus_day.academic_year_name

    document = documents.kind_get(KIND).describe(focus_day.pk)

    assert document.title == f"Focus day report: Ashby Road Primary, {year}"
    assert document.file_name == (
        f"focus-day-report-100001-{year.replace('/', '-')}.pdf"
    )
    assert document.school == school_a
    assert document.page_url == f"/schools/100001/focus-days/{focus_day.pk}/"


def test_describe_raises_for_a_focus_day_that_is_gone(db):
    with pytest.raises(FocusDay.DoesNotExist):
        documents.kind_get(KIND).describe(999_999)


def test_report_context_orders_activities_and_groups_findings_by_area(school_a, people):
    focus_day = written_focus_day(school_a, people)
    FocusDayFinding.objects.create(
        focus_day=focus_day,
        kind=FindingKind.STRENGTH,
        area=_area("mathematics"),
        text="Times tables are secure by Year 4.",
    )
    FocusDayFinding.objects.create(
        focus_day=focus_day,
        kind=FindingKind.STRENGTH,
        area=_area("reading-and-phonics"),
        text="The reading spine is well chosen.",
    )

    context = focus_day_report_context(focus_day_for_report(focus_day.pk))

    assert [a.get_kind_display() for a in context["activities"]] == [
        "Discussions with leaders",
        "Lesson visits",
    ]
    strengths = [
        (group.area.name, [finding.text for finding in group.findings])
        for group in context["strengths"]
    ]
    assert strengths == [
        ("Reading and phonics", [STRENGTH, "The reading spine is well chosen."]),
        ("Mathematics", ["Times tables are secure by Year 4."]),
    ]
    [development] = context["development_points"]
    assert development.area.name == "Mathematics"


@pytest.mark.parametrize("findings", [1, 12])
def test_report_context_takes_the_same_queries_however_many_findings(
    school_a, people, django_assert_num_queries, findings
):
    focus_day = written_focus_day(school_a, people)
    areas = list(ImprovementArea.objects.all())
    FocusDayFinding.objects.bulk_create(
        FocusDayFinding(
            focus_day=focus_day,
            kind=FindingKind.STRENGTH,
            area=areas[number % len(areas)],
            text=f"Strength {number}",
        )
        for number in range(findings)
    )
    focus_day = focus_day_for_report(focus_day.pk)

    # One for the activities, one for the findings with their areas; the
    # partial then reads nothing more.
    with django_assert_num_queries(2):
        context = focus_day_report_context(focus_day)
        html = render_to_string("visits/_focus_day_report.html", context)

    assert f"Strength {findings - 1}" in html


# Who may read it and ask for it ----------------------------------------------


@pytest.mark.parametrize(
    ("status", "reader", "may_view"),
    [
        (FocusDayStatus.ISSUED, "headteacher", True),
        (FocusDayStatus.ISSUED, "governor", True),
        (FocusDayStatus.ISSUED, "trust_reviewer", True),
        (FocusDayStatus.ISSUED, "ceo", True),
        (FocusDayStatus.ISSUED, "other_headteacher", False),
        (FocusDayStatus.ISSUED, "external_reviewer", False),
        (FocusDayStatus.SCHEDULED, "headteacher", False),
        (FocusDayStatus.SCHEDULED, "governor", False),
        (FocusDayStatus.SCHEDULED, "trust_reviewer", True),
        (FocusDayStatus.SCHEDULED, "admin", True),
    ],
)
def test_who_may_read_the_report(school_a, people, status, reader, may_view):
    focus_day = written_focus_day(school_a, people, status=status)

    kind = documents.kind_get(KIND)

    assert kind.can_view(people[reader], focus_day.pk) is may_view


def test_nobody_may_read_the_report_of_a_focus_day_that_is_gone(people):
    assert documents.kind_get(KIND).can_view(people["ceo"], 999_999) is False


@pytest.mark.parametrize(
    ("person", "may_request"),
    [
        ("ceo", True),
        ("admin", True),
        ("trust_reviewer", True),
        ("external_reviewer", False),
        ("trustee", False),
        ("headteacher", False),
        ("governor", False),
        ("no_role", False),
    ],
)
def test_who_may_ask_for_a_focus_day_pdf(people, person, may_request):
    assert documents.kind_get(KIND).can_request(people[person]) is may_request


# When the PDF is ready -------------------------------------------------------


def test_headteacher_is_emailed_once_when_the_issued_report_is_ready(
    school_a, people, django_capture_on_commit_callbacks, settings
):
    settings.SITE_DOMAIN = "school-improvement.example"
    focus_day = written_focus_day(school_a, people)

    rendering = _issue(
        django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
    )

    [message] = mail.outbox
    assert message.to == ["headteacher@example.org"]
    assert message.subject == "Focus day report ready: Ashby Road Primary"
    assert "The report of the focus day at Ashby Road Primary" in message.body
    assert "Area: Reading and phonics" in message.body
    assert f"Date of the focus day: {DAY.day} November {YEAR}" in message.body
    url = f"https://school-improvement.example{focus_day.get_absolute_url()}"
    assert url in message.body
    claim = ReminderSent.objects.get()
    assert (claim.kind, claim.key, claim.recipient) == (
        "focus_day_report_ready",
        f"focus_day:{focus_day.pk}",
        people["headteacher"],
    )

    # The hook run again, and the morning's reminders, tell the head nothing
    # new; the reviewer who issued it hears that their PDF is ready.
    with django_capture_on_commit_callbacks(execute=True):
        documents.kind_get(KIND).on_ready(rendering)
        reminders_send(today=timezone.localdate(rendering.finished_at))
    assert len(_to("headteacher@example.org")) == 1
    assert [m.subject for m in mail.outbox[1:]] == [
        f"Your PDF is ready: Focus day report: Ashby Road Primary, "
        f"{focus_day.academic_year_name}"
    ]
    assert ReminderSent.objects.filter(kind="focus_day_report_ready").count() == 1


def test_inactive_and_other_schools_heads_are_not_emailed(
    school_a, people, django_capture_on_commit_callbacks
):
    people["headteacher"].is_active = False
    people["headteacher"].save()
    second_head = UserFactory(email="deputy-head@example.org")
    MembershipFactory(user=second_head, role="headteacher", school=school_a)
    focus_day = written_focus_day(school_a, people)

    _issue(django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"])

    assert [message.to for message in mail.outbox] == [["deputy-head@example.org"]]
    assert ReminderSent.objects.get().recipient == second_head


def test_a_draft_pdf_emails_nobody_at_the_school(
    school_a, people, django_capture_on_commit_callbacks
):
    focus_day = written_focus_day(school_a, people)

    with django_capture_on_commit_callbacks(execute=True):
        rendering_request(kind=KIND, object_id=focus_day.pk, requested_by=people["ceo"])

    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_failing_on_ready_leaves_the_pdf_ready(
    school_a, people, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def mail_down(reminders):
        raise ConnectionRefusedError

    monkeypatch.setattr("reports.kinds.reminders_send_now", mail_down)
    focus_day = written_focus_day(school_a, people)

    with caplog.at_level(logging.ERROR, logger="reports.services"):
        rendering = _issue(
            django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
        )

    assert rendering.status == RenderingStatus.READY
    assert rendering.error == ""
    assert Rendering.objects.get().is_ready
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    [record] = caplog.records
    assert record.getMessage() == (
        f"Rendering {rendering.pk} is ready but its on_ready for {KIND} failed"
    )
    assert record.exc_info[0] is ConnectionRefusedError


def test_the_morning_run_sends_what_a_failed_on_ready_missed(
    school_a, people, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("reports.kinds.reminders_send_now", lambda reminders: 1 / 0)
    focus_day = written_focus_day(school_a, people)
    rendering = _issue(
        django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
    )
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=timezone.localdate(rendering.finished_at))

    assert len(_to("headteacher@example.org")) == 1


def test_a_pdf_that_fails_emails_nobody(
    school_a, people, django_capture_on_commit_callbacks, monkeypatch
):
    def broken_template(*args, **kwargs):
        raise ValueError("a fault in the template")

    monkeypatch.setattr("reports.kinds.render_to_string", broken_template)
    focus_day = written_focus_day(school_a, people)

    rendering = _issue(
        django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
    )

    assert rendering.status == RenderingStatus.FAILED
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


# Drafts made before the report was issued -----------------------------------


def _download(client, person, rendering):
    client.force_login(person)
    return client.get(reverse("reports:download", args=[rendering.pk]))


@pytest.mark.parametrize(
    ("reader", "status_code"),
    [
        ("headteacher", 404),
        ("governor", 404),
        ("trustee", 404),
        ("trust_reviewer", 200),
        ("ceo", 200),
    ],
)
def test_a_draft_pdf_stays_with_the_reviewer_once_the_report_is_issued(
    client, school_a, people, django_capture_on_commit_callbacks, reader, status_code
):
    focus_day = written_focus_day(school_a, people)
    with django_capture_on_commit_callbacks(execute=True):
        draft = rendering_request(
            kind=KIND, object_id=focus_day.pk, requested_by=people["trust_reviewer"]
        )
    issued = _issue(
        django_capture_on_commit_callbacks, focus_day, people["trust_reviewer"]
    )
    draft.refresh_from_db()
    assert draft.status == issued.status == RenderingStatus.READY

    assert _download(client, people[reader], draft).status_code == status_code
    status_page = client.get(reverse("reports:status", args=[draft.pk]))
    assert status_page.status_code == status_code
    # The issued report's own PDF is everyone's who reads the focus day.
    assert _download(client, people[reader], issued).status_code == 200


def test_a_governor_reads_a_failed_pdf_but_cannot_queue_it_again(
    client, school_a, people
):
    focus_day = written_focus_day(school_a, people, status=FocusDayStatus.ISSUED)
    focus_day.issued_at = timezone.now()
    focus_day.save(update_fields=["issued_at"])
    failed = Rendering.objects.create(
        kind=KIND,
        object_id=focus_day.pk,
        school=school_a,
        requested_by=people["trust_reviewer"],
        status=RenderingStatus.FAILED,
        error="The PDF took too long to make and was stopped.",
        attempts=1,
    )
    client.force_login(people["governor"])
    retry_url = reverse("reports:retry", args=[failed.pk])

    page = client.get(reverse("reports:status", args=[failed.pk]))
    response = client.post(retry_url)

    assert "took too long" in page.text
    assert retry_url not in page.text
    assert "central team can try again" in page.text
    assert response.status_code == 403
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (RenderingStatus.FAILED, 1)
