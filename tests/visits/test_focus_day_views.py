"""Focus-day pages: the school's tab, the request, the schedule, the
reviewer's report and its issue, the trust's list and its export.

Today is Thursday 3 December 2026 (2026/27) for every test here.
"""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from categorisation.services import tier_decision_record
from reports.models import Rendering
from schools.models import ImprovementArea, SchoolStatus
from tests.factories import SchoolFactory
from visits.focus_days import (
    focus_day_report_save,
    focus_day_request,
    focus_day_schedule,
)
from visits.models import FindingKind, FocusDay, FocusDayStatus

TODAY = datetime.date(2026, 12, 3)
TUESDAY = datetime.date(2026, 12, 8)
SATURDAY = datetime.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def area(db):
    return ImprovementArea.objects.active().first()


@pytest.fixture
def decide(people, django_capture_on_commit_callbacks):
    def decide(school, tier):
        with django_capture_on_commit_callbacks(execute=True):
            return tier_decision_record(
                school=school,
                tier=tier,
                decided_by=people["ceo"],
                effective_on=datetime.date(2026, 9, 1),
            )

    return decide


@pytest.fixture
def tier_2(school_a, decide):
    return decide(school_a, 2)


@pytest.fixture
def requested(tier_2, school_a, people, area):
    return focus_day_request(
        school=school_a,
        area=area,
        reason="Early reading: phonics catch-up in Year 2.",
        proposed_first_on=TUESDAY,
        requested_by=people["headteacher"],
    )


@pytest.fixture
def scheduled(requested, people):
    return focus_day_schedule(
        focus_day=requested,
        reviewer=people["trust_reviewer"],
        scheduled_on=TODAY,
        scheduled_by=people["ceo"],
    )


def _url(name, focus_day):
    return reverse(
        f"visits:{name}",
        kwargs={"urn": focus_day.school.urn, "focus_day_pk": focus_day.pk},
    )


def _report_data(focus_day, **overrides):
    """A complete report form: two activities, a strength and a development
    point, and a summary."""
    areas = list(ImprovementArea.objects.active()[:2])
    data = {
        "version": focus_day.updated_at.isoformat(),
        "summary": "Phonics teaching is consistent; catch-up needs sharper tracking.",
        "used_leader_discussions": "on",
        "detail_leader_discussions": "Headteacher and English lead",
        "used_lesson_visits": "on",
        "detail_lesson_visits": "Year 1 and Year 2 phonics",
        "findings-TOTAL_FORMS": "3",
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
        "findings-0-kind": FindingKind.STRENGTH,
        "findings-0-area": areas[0].pk,
        "findings-0-text": "Daily phonics lessons follow the programme faithfully.",
        "findings-1-kind": FindingKind.DEVELOPMENT_POINT,
        "findings-1-area": areas[1].pk,
        "findings-1-text": "Track catch-up pupils weekly against the programme.",
        "findings-2-kind": "",
        "findings-2-area": "",
        "findings-2-text": "",
    }
    data.update(overrides)
    return data


# The school's tab --------------------------------------------------------------


@pytest.mark.django_db
def test_the_headteacher_of_a_tier_2_school_is_offered_the_request(
    client, people, school_a, tier_2
):
    client.force_login(people["headteacher"])
    response = client.get(reverse("visits:school_focus_days", args=[school_a.urn]))

    assert response.status_code == 200
    assert "Request this year's focus day" in response.content.decode()
    assert "This year, 2026/27" in response.content.decode()


@pytest.mark.django_db
def test_a_governor_reads_the_tab_but_is_not_offered_the_request(
    client, people, school_a, tier_2
):
    client.force_login(people["governor"])
    response = client.get(reverse("visits:school_focus_days", args=[school_a.urn]))

    assert response.status_code == 200
    assert "Request this year" not in response.content.decode()


@pytest.mark.django_db
def test_a_tier_3_school_is_told_why_it_has_no_focus_day(
    client, people, school_a, decide
):
    decide(school_a, 3)
    client.force_login(people["headteacher"])

    tab = client.get(reverse("visits:school_focus_days", args=[school_a.urn]))
    form = client.get(reverse("visits:focus_day_request", args=[school_a.urn]))

    assert "Tier 3 support has no focus day" in tab.content.decode()
    assert "Request this year" not in tab.content.decode()
    assert form.status_code == 200
    assert "form" not in form.context or form.context["form"] is None
    assert "Tier 3 support has no focus day" in form.content.decode()


@pytest.mark.django_db
def test_a_joining_school_is_told_it_is_still_joining(client, people, decide):
    school = SchoolFactory(status=SchoolStatus.JOINING)
    decide(school, 1)
    client.force_login(people["ceo"])

    response = client.get(reverse("visits:school_focus_days", args=[school.urn]))

    assert "still joining the trust" in response.content.decode()


# Requesting --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_headteacher_requests_the_focus_day(
    client,
    people,
    school_a,
    tier_2,
    area,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(people["headteacher"])
    mailoutbox.clear()  # the tier decision's own e-mail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("visits:focus_day_request", args=[school_a.urn]),
            {
                "area": area.pk,
                "reason": "Reading fluency in Key Stage 1.",
                "proposed_first_on": TUESDAY.isoformat(),
            },
        )

    focus_day = FocusDay.objects.get()
    assert response.status_code == 302
    assert response["Location"] == focus_day.get_absolute_url()
    assert focus_day.status == FocusDayStatus.REQUESTED
    assert focus_day.academic_year == 2026
    assert focus_day.requested_by == people["headteacher"]
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {people["ceo"].email, people["admin"].email}


@pytest.mark.django_db
def test_a_request_with_errors_keeps_what_was_typed_and_saves_nothing(
    client, people, school_a, tier_2, area
):
    client.force_login(people["headteacher"])
    response = client.post(
        reverse("visits:focus_day_request", args=[school_a.urn]),
        {
            "area": area.pk,
            "reason": "Reading fluency in Key Stage 1.",
            "proposed_first_on": SATURDAY.isoformat(),
        },
    )

    assert response.status_code == 200
    assert FocusDay.objects.count() == 0
    assert response.context["form"].errors["proposed_first_on"] == ["Choose a weekday."]
    assert "Reading fluency in Key Stage 1." in response.content.decode()
    assert "The request was not sent" in response.content.decode()


@pytest.mark.django_db
def test_a_blank_reason_is_named(client, people, school_a, tier_2, area):
    client.force_login(people["headteacher"])
    response = client.post(
        reverse("visits:focus_day_request", args=[school_a.urn]),
        {"area": area.pk, "reason": "", "proposed_first_on": TUESDAY.isoformat()},
    )

    assert "reason" in response.context["form"].errors
    assert FocusDay.objects.count() == 0


@pytest.mark.django_db
def test_a_second_request_is_refused_with_a_link_to_the_first(
    client, people, requested
):
    client.force_login(people["headteacher"])
    url = reverse("visits:focus_day_request", args=[requested.school.urn])

    page = client.get(url)
    post = client.post(
        url,
        {
            "area": requested.area_id,
            "reason": "Again.",
            "proposed_first_on": TUESDAY.isoformat(),
        },
    )

    assert page.context["form"] is None
    assert requested.get_absolute_url() in page.content.decode()
    assert post.status_code == 200
    assert FocusDay.objects.count() == 1


# The focus day's page ------------------------------------------------------------


@pytest.mark.django_db
def test_the_ceo_is_offered_scheduling_and_the_head_is_not(client, people, requested):
    client.force_login(people["ceo"])
    as_ceo = client.get(requested.get_absolute_url()).content.decode()
    client.force_login(people["headteacher"])
    as_head = client.get(requested.get_absolute_url()).content.decode()

    assert "Schedule the focus day" in as_ceo
    assert "Schedule the focus day" not in as_head
    assert "Waiting for the trust to name a reviewer" in as_head


@pytest.mark.django_db
def test_the_draft_report_is_hidden_from_the_school_until_issued(
    client, people, scheduled
):
    client.force_login(people["trust_reviewer"])
    client.post(_url("focus_day_report", scheduled), _report_data(scheduled))

    as_reviewer = client.get(scheduled.get_absolute_url()).content.decode()
    client.force_login(people["headteacher"])
    as_head = client.get(scheduled.get_absolute_url()).content.decode()
    client.force_login(people["governor"])
    as_governor = client.get(scheduled.get_absolute_url()).content.decode()

    finding = "Daily phonics lessons follow the programme faithfully."
    assert finding in as_reviewer
    assert finding not in as_head
    assert finding not in as_governor
    assert "It appears on this page once it is issued" in as_head


@pytest.mark.django_db
def test_a_request_not_yet_scheduled_shows_no_empty_draft_report(
    client, people, requested
):
    client.force_login(people["ceo"])

    page = client.get(requested.get_absolute_url()).content.decode()

    assert "Waiting to be scheduled" in page
    assert 'id="report-heading"' not in page


@pytest.mark.django_db
def test_the_issued_report_and_its_pdf_are_read_by_the_school(
    client, people, scheduled, django_capture_on_commit_callbacks
):
    client.force_login(people["trust_reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("focus_day_report", scheduled),
            _report_data(scheduled, issue_confirmed=""),
        )

    rendering = Rendering.objects.get(kind="focus_day_report", object_id=scheduled.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:status", kwargs={"rendering_pk": rendering.pk}
    )
    assert rendering.is_ready
    client.force_login(people["governor"])
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert "Daily phonics lessons follow the programme faithfully." in page
    assert reverse("reports:download", kwargs={"rendering_pk": rendering.pk}) in page
    download = client.get(reverse("reports:download", args=[rendering.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


# Scheduling -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ceo_schedules_the_day(client, people, requested):
    client.force_login(people["ceo"])
    response = client.post(
        _url("focus_day_schedule", requested),
        {
            "reviewer": people["trust_reviewer"].pk,
            "scheduled_on": TUESDAY.isoformat(),
            "version": requested.updated_at.isoformat(),
        },
    )

    requested.refresh_from_db()
    assert response.status_code == 302
    assert requested.status == FocusDayStatus.SCHEDULED
    assert requested.reviewer == people["trust_reviewer"]
    assert requested.scheduled_on == TUESDAY


@pytest.mark.django_db
def test_a_schedule_saved_meanwhile_is_not_overwritten(client, people, requested):
    client.force_login(people["ceo"])
    url = _url("focus_day_schedule", requested)
    opened = client.get(url).context["form"]["version"].value()
    focus_day_schedule(
        focus_day=requested,
        reviewer=people["admin"],
        scheduled_on=TUESDAY,
        scheduled_by=people["admin"],
    )

    response = client.post(
        url,
        {
            "reviewer": people["trust_reviewer"].pk,
            "scheduled_on": TUESDAY.isoformat(),
            "version": opened,
        },
    )

    requested.refresh_from_db()
    assert response.status_code == 200
    assert "Someone else saved changes here" in response.content.decode()
    assert requested.reviewer == people["admin"]


@pytest.mark.django_db
def test_a_headteacher_cannot_be_made_the_reviewer(client, people, requested):
    client.force_login(people["ceo"])
    response = client.post(
        _url("focus_day_schedule", requested),
        {
            "reviewer": people["headteacher"].pk,
            "scheduled_on": TUESDAY.isoformat(),
            "version": requested.updated_at.isoformat(),
        },
    )

    requested.refresh_from_db()
    assert "reviewer" in response.context["form"].errors
    assert requested.status == FocusDayStatus.REQUESTED


# The reviewer's report -------------------------------------------------------------


@pytest.mark.django_db
def test_saving_the_draft_keeps_activities_and_findings(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    response = client.post(_url("focus_day_report", scheduled), _report_data(scheduled))

    scheduled.refresh_from_db()
    assert response.status_code == 302
    assert scheduled.status == FocusDayStatus.SCHEDULED
    assert sorted(scheduled.activities.values_list("kind", flat=True)) == [
        "leader_discussions",
        "lesson_visits",
    ]
    assert scheduled.findings.count() == 2
    reopened = client.get(_url("focus_day_report", scheduled))
    assert reopened.context["form"]["used_lesson_visits"].value() is True
    assert len(reopened.context["findings"].forms) == 2 + 3


@pytest.mark.django_db
def test_a_half_filled_finding_is_named_and_nothing_is_saved(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    data = _report_data(scheduled, **{"findings-1-area": ""})

    response = client.post(_url("focus_day_report", scheduled), data)

    assert response.status_code == 200
    assert "Give this finding its improvement area, or clear it." in (
        response.content.decode()
    )
    assert scheduled.findings.count() == 0
    assert scheduled.activities.count() == 0


@pytest.mark.django_db
def test_a_detail_without_its_activity_ticked_is_named(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    data = _report_data(scheduled, detail_pupil_voice="Year 6 council")

    response = client.post(_url("focus_day_report", scheduled), data)

    assert response.status_code == 200
    assert "used_pupil_voice" in response.context["form"].errors
    assert scheduled.activities.count() == 0


@pytest.mark.django_db
def test_issuing_an_incomplete_report_saves_the_draft_and_lists_what_is_missing(
    client, people, scheduled
):
    client.force_login(people["trust_reviewer"])
    data = _report_data(scheduled, summary="", issue="")

    response = client.post(_url("focus_day_report", scheduled), data)

    scheduled.refresh_from_db()
    assert response.status_code == 200
    assert response.context["issue_problems"] == ["Write the overall summary."]
    assert scheduled.status == FocusDayStatus.SCHEDULED
    assert scheduled.findings.count() == 2
    assert not Rendering.objects.exists()


@pytest.mark.django_db
def test_a_stale_report_form_overwrites_nothing(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)
    client.post(url, _report_data(scheduled, summary="Saved on the laptop."))

    # A second tab still holds the version from before that save.
    response = client.post(url, _report_data(scheduled, summary="Older tab."))

    scheduled.refresh_from_db()
    assert response.status_code == 200
    assert "Someone else saved changes here" in response.content.decode()
    assert scheduled.summary == "Saved on the laptop."
    assert "Older tab." in response.content.decode()


@pytest.mark.django_db
def test_an_issued_report_cannot_be_reopened(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)
    client.post(url, _report_data(scheduled, issue_confirmed=""))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == scheduled.get_absolute_url()


@pytest.mark.django_db
def test_another_reviewer_may_not_write_the_report(client, people, requested):
    focus_day_schedule(
        focus_day=requested,
        reviewer=people["admin"],
        scheduled_on=TODAY,
        scheduled_by=people["ceo"],
    )
    client.force_login(people["trust_reviewer"])

    # Not assigned to the school at all: it is not there for them.
    assert client.get(_url("focus_day_report", requested)).status_code == 404
    assert client.get(requested.get_absolute_url()).status_code == 404


# The trust's list -------------------------------------------------------------------


def _focus_days_at(count, people, area, decide):
    schools = [SchoolFactory() for _ in range(count)]
    for school in schools:
        decide(school, 1)
        focus_day_request(
            school=school,
            area=area,
            reason="Maths fluency.",
            proposed_first_on=TUESDAY,
            requested_by=people["ceo"],
        )
    return schools


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_more_focus_days(
    client, people, area, decide
):
    client.force_login(people["ceo"])
    url = reverse("visits:focus_days")
    _focus_days_at(2, people, area, decide)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _focus_days_at(8, people, area, decide)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["rows"]) == 10
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_reviewer_lists_only_their_own(client, people, scheduled, area, decide):
    other = _focus_days_at(1, people, area, decide)[0]
    client.force_login(people["trust_reviewer"])

    response = client.get(reverse("visits:focus_days"))

    listed = [focus_day.school for focus_day, _ in response.context["rows"]]
    assert listed == [scheduled.school]
    assert other.name not in response.content.decode()
    assert "Your focus days" in response.content.decode()


@pytest.mark.django_db
def test_a_reviewer_no_longer_lists_a_withdrawn_or_past_focus_day(
    client, people, scheduled, area, decide
):
    withdrawn, past = _focus_days_at(2, people, area, decide)
    # A reviewer is at one school a day: each on a day of its own.
    days = [TUESDAY, TUESDAY + datetime.timedelta(days=1)]
    focus_days = FocusDay.objects.filter(school__in=[withdrawn, past])
    for focus_day, day in zip(focus_days, days, strict=True):
        focus_day_schedule(
            focus_day=focus_day,
            reviewer=people["trust_reviewer"],
            scheduled_on=day,
            scheduled_by=people["ceo"],
        )
    FocusDay.objects.filter(school=withdrawn).update(status=FocusDayStatus.WITHDRAWN)
    last = scheduled.academic_year - 1
    FocusDay.objects.filter(school=past).update(academic_year=last)
    client.force_login(people["trust_reviewer"])
    url = reverse("visits:focus_days")

    this_year = client.get(url).context["rows"]
    last_year = client.get(url, {"year": last})
    export = client.get(url, {"format": "csv", "status": "withdrawn"})

    assert [focus_day.school for focus_day, _ in this_year] == [scheduled.school]
    assert last_year.context["rows"] == []
    assert past.name not in last_year.content.decode()
    assert withdrawn.name not in export.content.decode()


@pytest.mark.django_db
def test_the_list_filters_by_status_and_year_and_exports(
    client, people, scheduled, area, decide
):
    waiting = _focus_days_at(1, people, area, decide)[0]
    client.force_login(people["ceo"])
    url = reverse("visits:focus_days")

    only_requested = client.get(url, {"status": "requested"}).context["rows"]
    last_year = client.get(url, {"year": "2025"}).context["rows"]
    export = client.get(url, {"status": "scheduled", "format": "csv"})

    assert [focus_day.school for focus_day, _ in only_requested] == [waiting]
    assert last_year == []
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["URN", "School", "Tier"]
    assert rows[1][1] == scheduled.school.name
    assert rows[1][2] == "2"
    assert rows[1][7] == people["trust_reviewer"].full_name
    assert len(rows) == 2


@pytest.mark.django_db
def test_issuing_asks_once_more_before_the_school_is_sent_it(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)

    asked = client.post(url, _report_data(scheduled, issue=""))
    scheduled.refresh_from_db()
    assert asked.status_code == 200
    assert asked.context["confirming"] is True
    assert "Yes, issue the report" in asked.content.decode()
    assert scheduled.status == FocusDayStatus.SCHEDULED
    assert scheduled.findings.count() == 2

    # Confirming posts the form again with the version just saved: the
    # reviewer's own save is not taken for someone else's.
    again = asked.context["form"].data.copy()
    again.pop("issue")
    again["issue_confirmed"] = ""
    confirmed = client.post(url, again)

    scheduled.refresh_from_db()
    assert confirmed.status_code == 302
    assert scheduled.status == FocusDayStatus.ISSUED


TOKEN = "0123456789abcdef0123456789abcdef"


def _saved_token(response):
    """The token the report form tells the device its last save carried."""
    match = re.search(r'data-saved-token="([^"]*)"', response.content.decode())
    return match[1]


@pytest.mark.django_db
@pytest.mark.parametrize("button", [{"save": ""}, {"save": "more"}, {"issue": ""}])
def test_the_report_form_shows_the_token_of_the_save_that_arrived(
    client, people, scheduled, button
):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)
    assert _saved_token(client.get(url)) == ""

    data = _report_data(scheduled, draft_token=TOKEN, **button)
    response = client.post(url, data, follow=True)

    assert scheduled.findings.count() == 2
    assert _saved_token(response) == TOKEN
    # Kept until the next save, so a page lost on the way loses nothing.
    assert _saved_token(client.get(url)) == TOKEN


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "NOT-HEX-" * 4, "a" * 65])
def test_a_missing_or_malformed_draft_token_is_not_kept(
    client, people, scheduled, token
):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)

    client.post(url, _report_data(scheduled, draft_token=token))

    assert scheduled.findings.count() == 2
    assert _saved_token(client.get(url)) == ""


@pytest.mark.django_db
def test_a_save_that_did_not_happen_keeps_no_token(client, people, scheduled):
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)
    client.post(url, _report_data(scheduled, summary="Saved on the laptop."))

    stale = _report_data(scheduled, summary="Older tab.", draft_token=TOKEN)
    response = client.post(url, stale)

    assert "Someone else saved changes here" in response.content.decode()
    assert _saved_token(response) == ""
    assert _saved_token(client.get(url)) == ""


@pytest.mark.django_db
def test_the_report_form_costs_the_same_queries_for_more_findings(
    client, people, scheduled
):
    areas = list(ImprovementArea.objects.active())
    client.force_login(people["trust_reviewer"])
    url = _url("focus_day_report", scheduled)

    def queries_with(count):
        findings = [
            (FindingKind.STRENGTH, areas[index % len(areas)], f"Finding {index}.")
            for index in range(count)
        ]
        scheduled.refresh_from_db()
        focus_day_report_save(
            focus_day=scheduled,
            summary="",
            activities=[],
            findings=findings,
            saved_by=people["trust_reviewer"],
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(12)


# Withdrawing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ceo_withdraws_a_scheduled_day_and_the_school_and_reviewer_are_told(
    client, people, scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["ceo"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("focus_day_withdraw", scheduled),
            {"reason": "The school is joining the trust's reading hub instead."},
        )

    scheduled.refresh_from_db()
    assert response.status_code == 302
    assert scheduled.status == FocusDayStatus.WITHDRAWN
    assert scheduled.withdrawn_reason.startswith("The school is joining")
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == [people["headteacher"].email, people["trust_reviewer"].email]
    assert "reading hub" in mailoutbox[0].body
    # The year is free again, and the reviewer's access has gone with it.
    client.force_login(people["trust_reviewer"])
    assert client.get(scheduled.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_headteacher_withdraws_their_own_request_but_not_a_scheduled_day(
    client, people, requested
):
    client.force_login(people["headteacher"])
    assert "Withdraw" in client.get(requested.get_absolute_url()).content.decode()

    response = client.post(
        _url("focus_day_withdraw", requested), {"reason": "We asked too early."}
    )

    requested.refresh_from_db()
    assert response.status_code == 302
    assert requested.status == FocusDayStatus.WITHDRAWN
    again = client.get(reverse("visits:focus_day_request", args=[requested.school.urn]))
    assert again.context["form"] is not None


@pytest.mark.django_db
def test_the_headteacher_may_not_withdraw_a_scheduled_day(client, people, scheduled):
    client.force_login(people["headteacher"])

    page = client.get(scheduled.get_absolute_url()).content.decode()
    response = client.post(_url("focus_day_withdraw", scheduled), {"reason": "No."})

    scheduled.refresh_from_db()
    assert ">Withdraw<" not in page
    assert response.status_code == 403
    assert scheduled.status == FocusDayStatus.SCHEDULED


@pytest.mark.django_db
def test_withdrawing_needs_a_reason_and_an_issued_report_stays(
    client, people, scheduled
):
    client.force_login(people["ceo"])
    url = _url("focus_day_withdraw", scheduled)

    blank = client.post(url, {"reason": "  "})
    client.force_login(people["trust_reviewer"])
    client.post(
        _url("focus_day_report", scheduled),
        _report_data(scheduled, issue_confirmed=""),
    )
    client.force_login(people["ceo"])
    issued = client.post(url, {"reason": "Too late."})

    scheduled.refresh_from_db()
    assert blank.status_code == 200
    assert blank.context["form"].errors["reason"] == [
        "Say why the focus day is withdrawn."
    ]
    assert issued.status_code == 200
    assert "cannot be withdrawn" in issued.content.decode()
    assert scheduled.status == FocusDayStatus.ISSUED


# Next year's focus day, from May ------------------------------------------------------

MAY_DAY = datetime.date(2027, 5, 12)  # a Wednesday in the summer term of 2026/27
NEXT_SEPTEMBER = datetime.date(2027, 9, 15)  # a Wednesday in 2027/28


@pytest.mark.django_db
def test_from_may_a_school_with_this_years_day_asks_for_next_years(
    client, people, requested, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: MAY_DAY)
    client.force_login(people["headteacher"])
    school = requested.school

    tab = client.get(reverse("visits:school_focus_days", args=[school.urn]))
    response = client.post(
        reverse("visits:focus_day_request", args=[school.urn]),
        {
            "area": requested.area_id,
            "reason": "Writing in Key Stage 2.",
            "proposed_first_on": NEXT_SEPTEMBER.isoformat(),
        },
    )

    page = tab.content.decode()
    assert "This year, 2026/27" in page
    assert "Next year, 2027/28" in page
    assert "Request next year's focus day" in page
    assert response.status_code == 302
    assert FocusDay.objects.get(academic_year=2027).school == school


@pytest.mark.django_db
def test_a_date_beyond_the_open_years_names_them(
    client, people, school_a, tier_2, area, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: MAY_DAY)
    client.force_login(people["headteacher"])

    response = client.post(
        reverse("visits:focus_day_request", args=[school_a.urn]),
        {
            "area": area.pk,
            "reason": "Writing.",
            "proposed_first_on": "2028-09-13",
        },
    )

    assert response.context["form"].errors["proposed_first_on"] == [
        "Choose a date in the 2026/27 or 2027/28 academic year."
    ]
    assert FocusDay.objects.count() == 0


@pytest.mark.django_db
def test_in_december_only_this_years_day_may_be_asked_for(
    client, people, school_a, tier_2, area
):
    client.force_login(people["headteacher"])

    tab = client.get(reverse("visits:school_focus_days", args=[school_a.urn]))
    response = client.post(
        reverse("visits:focus_day_request", args=[school_a.urn]),
        {
            "area": area.pk,
            "reason": "Writing.",
            "proposed_first_on": NEXT_SEPTEMBER.isoformat(),
        },
    )

    assert "Next year" not in tab.content.decode()
    assert response.context["form"].errors["proposed_first_on"] == [
        "Choose a date in the 2026/27 academic year."
    ]


@pytest.mark.django_db
def test_the_second_proposed_date_must_be_in_the_same_year(
    client, people, school_a, tier_2, area, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: MAY_DAY)
    client.force_login(people["headteacher"])

    response = client.post(
        reverse("visits:focus_day_request", args=[school_a.urn]),
        {
            "area": area.pk,
            "reason": "Writing.",
            "proposed_first_on": NEXT_SEPTEMBER.isoformat(),
            "proposed_second_on": "2027-06-16",
        },
    )

    assert response.context["form"].errors["proposed_second_on"] == [
        "Choose a date in the 2027/28 academic year."
    ]
