"""Focus days in real Chromium: the headteacher asks and the CEO schedules;
the reviewer writes and issues the report and the headteacher downloads
its PDF. Each page is checked with axe-core."""

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from categorisation.services import tier_decision_record
from schools.models import ImprovementArea
from tests.services import need
from visits.focus_days import (
    focus_day_report_save,
    focus_day_request,
    focus_day_schedule,
    focus_day_year,
)
from visits.models import FindingKind, FocusDay, FocusDayStatus

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser

# Set FOCUS_DAY_SCREENSHOTS to a folder to keep a picture of each main page
# for a person to look at; unset, none is taken.
SHOTS = os.environ.get("FOCUS_DAY_SCREENSHOTS", "")
PDFTOTEXT = Path("/usr/bin/pdftotext")
READING = "Reading and phonics"
MATHEMATICS = "Mathematics"
REASON = "Phonics outcomes in Year 1 fell for the second year running."
STRENGTH = "Pupils in Year 2 decode unfamiliar words with confidence."
DEVELOPMENT_POINT = "Books in Reception do not yet match the sounds taught."
SUMMARY = "A school that knows its phonics well and is fixing the gaps."


@pytest.fixture
def areas(transactional_db):
    """The areas the forms offer. A transactional test empties the tables
    afterwards, taking the migration's vocabulary with them, so each test
    makes sure of its own."""
    return {
        name: ImprovementArea.objects.get_or_create(
            name=name, defaults={"slug": slug, "position": position}
        )[0]
        for name, slug, position in [
            (READING, "reading-and-phonics", 20),
            (MATHEMATICS, "mathematics", 30),
        ]
    }


@pytest.fixture
def tier_two_school(people, school_a):
    tier_decision_record(school=school_a, tier=2, decided_by=people["ceo"])
    return school_a


def test_headteacher_requests_a_focus_day_and_the_ceo_schedules_it(
    page, live_server, people, tier_two_school, areas, mailoutbox
):
    school = tier_two_school
    first_choice, reviewer_date = _school_days_ahead(2)
    sign_in(page, live_server, people["headteacher"])
    # The home page prompts the head; the journey goes on by the school's tab.
    prompt = page.get_by_role("region", name="Your focus day")
    expect(prompt).to_contain_text(f"{school.name} can ask for its")
    expect(prompt.get_by_role("link", name=re.compile("^Request the"))).to_be_visible()
    assert_accessible(page)

    _main_navigation(page).get_by_role("link", name="Schools").click()
    page.get_by_role("table").get_by_role("link", name=school.name).click()
    _profile_tab(page, "Focus days").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Focus days")
    assert_accessible(page)

    page.get_by_role("link", name="Request this year's focus day").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("focus day")
    page.get_by_label("Area to focus on").select_option(label=READING)
    page.get_by_label("First choice of date").fill(first_choice.isoformat())
    page.get_by_role("button", name="Send the request").click()

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("The request was not sent")
    expect(errors).to_contain_text("Why this area")
    expect(page.get_by_label("Area to focus on")).to_have_value(str(areas[READING].pk))
    expect(page.get_by_label("First choice of date")).to_have_value(
        first_choice.isoformat()
    )
    assert not FocusDay.objects.exists()
    assert_accessible(page)
    _screenshot(page, "request-form-errors.png")

    page.get_by_label("Why this area").fill(REASON)
    _screenshot(page, "request-form.png")
    page.get_by_role("button", name="Send the request").click()

    expect(page.get_by_role("heading", level=2)).to_contain_text(READING)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your focus day request was sent")
    expect(main).to_contain_text("Waiting to be scheduled")
    expect(main).to_contain_text(REASON)
    expect(main).to_contain_text(_long(first_choice))
    assert_accessible(page)

    focus_day = FocusDay.objects.get()
    assert focus_day.status == FocusDayStatus.REQUESTED
    assert focus_day.school == school
    assert focus_day.area == areas[READING]
    assert focus_day.reason == REASON
    assert focus_day.proposed_first_on == first_choice
    assert focus_day.requested_by == people["headteacher"]
    assert _recipients(mailoutbox, f"Focus day requested: {school.name}") == {
        people["ceo"].email,
        people["admin"].email,
    }

    _sign_out(page, people["headteacher"])
    sign_in(page, live_server, people["ceo"])
    waiting = page.get_by_role("region", name=re.compile("^Focus days to schedule"))
    expect(waiting.get_by_role("link", name=re.compile(school.name))).to_be_visible()
    _main_navigation(page).get_by_role("link", name="Focus days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Focus days")
    assert_accessible(page)

    page.get_by_role("table").get_by_role("link", name=school.name).click()
    page.get_by_role("link", name="Schedule the focus day").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Schedule")
    assert_accessible(page)
    page.get_by_label("Reviewer").select_option(
        label=people["trust_reviewer"].full_name
    )
    page.get_by_label("Date of the focus day").fill(reviewer_date.isoformat())
    _screenshot(page, "schedule-form.png")
    page.get_by_role("button", name="Schedule", exact=True).click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("The focus day is scheduled")
    expect(_status(page)).to_have_text("Scheduled")
    expect(main).to_contain_text(_long(reviewer_date))
    expect(main).to_contain_text(people["trust_reviewer"].full_name)
    assert_accessible(page)

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.SCHEDULED
    assert focus_day.reviewer == people["trust_reviewer"]
    assert focus_day.scheduled_on == reviewer_date
    assert focus_day.scheduled_by == people["ceo"]
    assert _recipients(mailoutbox, "Focus day scheduled") == {
        people["headteacher"].email,
        people["trust_reviewer"].email,
    }


def test_reviewer_issues_the_report_and_the_headteacher_downloads_it(
    page,
    tablet_page,
    live_server,
    people,
    tier_two_school,
    areas,
    mailoutbox,
    tmp_path,
):
    need(PDFTOTEXT.exists(), f"poppler's pdftotext is missing at {PDFTOTEXT}")
    school = tier_two_school
    reviewer, headteacher = people["trust_reviewer"], people["headteacher"]
    focus_day = _scheduled_focus_day(school, areas[READING], people)
    # The headteacher follows on a tablet, in a browser context of their own.
    head_page = tablet_page
    sign_in(head_page, live_server, headteacher)

    sign_in(page, live_server, reviewer)
    _main_navigation(page).get_by_role("link", name="Focus days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your focus days")
    assert_accessible(page)

    page.get_by_role("table").get_by_role("link", name=school.name).click()
    expect(_status(page)).to_have_text("Scheduled")
    assert_accessible(page)

    page.get_by_role("link", name="Write the report").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Focus day report")
    assert_accessible(page)
    _use_activity(page, "Discussions with leaders", "Phonics lead and the head.")
    _use_activity(page, "Lesson visits", "Reception and Year 1 phonics.")
    _fill_finding(page, 1, "Strength", READING, STRENGTH)
    _fill_finding(page, 2, "Development point", MATHEMATICS, DEVELOPMENT_POINT)
    page.get_by_label("Overall summary").fill(SUMMARY)
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("main")).to_contain_text("The draft report was saved.")
    expect(page.get_by_label("Discussions with leaders", exact=True)).to_be_checked()
    expect(page.get_by_label("Lesson visits", exact=True)).to_be_checked()
    expect(page.get_by_label("Pupil voice", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Lesson visits: what it covered")).to_have_value(
        "Reception and Year 1 phonics."
    )
    expect(page.get_by_label("Overall summary")).to_have_value(SUMMARY)
    finding_texts = page.get_by_label("Finding", exact=True)
    expect(finding_texts.filter(has_text=STRENGTH)).to_have_count(1)
    expect(finding_texts.filter(has_text=DEVELOPMENT_POINT)).to_have_count(1)
    assert_accessible(page)
    _screenshot(page, "report-form.png")

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.SCHEDULED
    assert focus_day.summary == SUMMARY
    assert set(focus_day.activities.values_list("kind", flat=True)) == {
        "leader_discussions",
        "lesson_visits",
    }
    assert set(focus_day.findings.values_list("kind", "area__name", "text")) == {
        (FindingKind.STRENGTH, READING, STRENGTH),
        (FindingKind.DEVELOPMENT_POINT, MATHEMATICS, DEVELOPMENT_POINT),
    }

    # The draft is saved, but the school reads nothing of it before issue.
    head_page.goto(f"{live_server.url}{school.get_absolute_url()}")
    _profile_tab(head_page, "Focus days").click()
    head_page.get_by_role("main").get_by_role("link", name=READING).first.click()
    head_main = head_page.get_by_role("main")
    expect(_status(head_page)).to_have_text("Scheduled")
    expect(head_main).to_contain_text("It appears on this page once it is issued")
    for text in (STRENGTH, DEVELOPMENT_POINT, SUMMARY):
        expect(head_main).not_to_contain_text(text)
    expect(head_page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)
    assert_accessible(head_page)
    _screenshot(head_page, "focus-day-headteacher-draft.png")

    page.get_by_role("button", name="Issue the report").click()
    # Issuing is final, so the page asks once more; nothing is issued yet.
    confirm = page.get_by_role("alert").filter(has_text="Issue the report to")
    expect(confirm).to_contain_text("can no longer be changed")
    assert_accessible(page)
    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.SCHEDULED
    confirm.get_by_role("button", name="Yes, issue the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Focus day report: {school.name}"
    )
    expect(page.get_by_role("main")).to_contain_text("The report is issued")
    download_link = page.get_by_role("link", name=re.compile(r"^Download "))
    expect(download_link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    _screenshot(page, "pdf-status.png")

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.ISSUED
    assert focus_day.issued_by == reviewer
    ready = f"Focus day report ready: {school.name}"
    assert _recipients(mailoutbox, ready) == {headteacher.email}

    head_page.reload()
    expect(_status(head_page)).to_have_text("Report issued")
    for text in (STRENGTH, DEVELOPMENT_POINT, SUMMARY):
        expect(head_main).to_contain_text(text)
    assert_accessible(head_page)
    _screenshot(head_page, "focus-day-headteacher-issued.png")

    with head_page.expect_download() as download_info:
        head_page.get_by_role(
            "link", name="Download the focus day report (PDF)"
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    text = _pdf_text(pdf)
    assert school.name in text
    assert STRENGTH in text
    assert DEVELOPMENT_POINT in text


# The report's draft on a tablet ---------------------------------------------------

OFFLINE = "Offline: what you type is kept on this device"
OFFICE_SUMMARY = "Saved from the office between lessons."


def test_reviewer_loses_no_report_when_the_connection_drops(
    tablet_page, live_server, people, tier_two_school, areas
):
    page = tablet_page
    focus_day = _scheduled_focus_day(tier_two_school, areas[READING], people)
    sign_in(page, live_server, people["trust_reviewer"])
    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    _fill_finding(page, 1, "Strength", READING, STRENGTH)

    # Save pressed while offline: kept on the tablet, sent when back online.
    page.context.set_offline(True)
    page.get_by_label("Overall summary").fill(SUMMARY)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_be_visible()
    assert SUMMARY in _stored_report_draft(page, focus_day)
    focus_day.refresh_from_db()
    assert focus_day.summary == ""
    assert_accessible(page)
    _screenshot(page, "report-offline.png")

    page.context.set_offline(False)
    expect(page.get_by_role("main")).to_contain_text("The draft report was saved.")
    focus_day.refresh_from_db()
    assert focus_day.summary == SUMMARY
    assert focus_day.findings.get().text == STRENGTH
    assert _stored_report_draft(page, focus_day) is None

    # A save lost on the way (the connection drops mid-request) and a page
    # left unsaved both come back with what was typed.
    page.get_by_label("Overall summary").fill(SUMMARY + " Phonics next.")
    _use_activity(page, "Pupil voice", "Year 2 readers.")
    page.route(re.compile(r"/report/$"), _drop_posts)
    page.get_by_role("button", name="Save the draft").click(no_wait_after=True)
    page.wait_for_timeout(500)
    page.unroute(re.compile(r"/report/$"))
    focus_day.refresh_from_db()
    assert focus_day.summary == SUMMARY

    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    expect(
        page.get_by_role("status").filter(has_text="has been put back")
    ).to_be_visible()
    expect(page.get_by_label("Overall summary")).to_have_value(
        SUMMARY + " Phonics next."
    )
    expect(page.get_by_label("Pupil voice", exact=True)).to_be_checked()
    expect(page.get_by_label("Pupil voice: what it covered")).to_have_value(
        "Year 2 readers."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("main")).to_contain_text("The draft report was saved.")
    focus_day.refresh_from_db()
    assert focus_day.summary == SUMMARY + " Phonics next."
    assert focus_day.activities.get().kind == "pupil_voice"


def test_reviewer_chooses_between_the_tablet_draft_and_a_later_save(
    tablet_page, live_server, people, tier_two_school, areas
):
    page = tablet_page
    reviewer = people["trust_reviewer"]
    focus_day = _scheduled_focus_day(tier_two_school, areas[READING], people)
    reading, maths = areas[READING], areas[MATHEMATICS]
    focus_day_report_save(
        focus_day=focus_day,
        summary="",
        activities=[],
        findings=[(FindingKind.STRENGTH, reading, STRENGTH)] * 2,
        saved_by=reviewer,
    )
    sign_in(page, live_server, reviewer)
    # Two findings saved and three blank rows: the tablet fills a fourth.
    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    page.context.set_offline(True)
    page.get_by_label("Overall summary").fill(SUMMARY)
    _fill_finding(page, 3, "Development point", MATHEMATICS, DEVELOPMENT_POINT)
    _fill_finding(page, 4, "Strength", READING, REASON)
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_be_visible()

    # Meanwhile the report is saved from the office, with no findings.
    focus_day_report_save(
        focus_day=focus_day,
        summary=OFFICE_SUMMARY,
        activities=[],
        findings=[],
        saved_by=reviewer,
    )
    page.context.set_offline(False)
    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    choice = page.get_by_role("region", name="This device holds a draft")
    expect(choice).to_be_visible()
    expect(page.get_by_label("Overall summary")).to_have_value(OFFICE_SUMMARY)
    expect(page.locator("#finding-4")).to_have_count(0)
    expect(choice.get_by_role("heading")).to_be_focused()
    # Typed into now, the saved report would be lost with either choice.
    _expect_report_locked(page)
    assert REASON in _stored_report_draft(page, focus_day)
    assert_accessible(page)
    _screenshot(page, "report-draft-choice.png")

    choice.get_by_role("button", name="Put this device's draft in the form").click()
    expect(choice).to_be_hidden()
    expect(page.get_by_label("Overall summary")).to_have_value(SUMMARY)
    fourth = page.locator("#finding-4")
    expect(fourth.get_by_role("heading")).to_have_text("Finding 4")
    expect(fourth.get_by_label("Finding", exact=True)).to_have_value(REASON)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("main")).to_contain_text("The draft report was saved.")
    focus_day.refresh_from_db()
    assert focus_day.summary == SUMMARY
    assert sorted(focus_day.findings.values_list("kind", "area", "text")) == sorted(
        [
            (FindingKind.STRENGTH, reading.pk, STRENGTH),
            (FindingKind.STRENGTH, reading.pk, STRENGTH),
            (FindingKind.DEVELOPMENT_POINT, maths.pk, DEVELOPMENT_POINT),
            (FindingKind.STRENGTH, reading.pk, REASON),
        ]
    )


def test_a_lost_save_is_offered_back_after_another_save_of_the_focus_day(
    tablet_page, live_server, people, tier_two_school, areas
):
    page = tablet_page
    focus_day = _scheduled_focus_day(tier_two_school, areas[READING], people)
    sign_in(page, live_server, people["trust_reviewer"])
    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    page.get_by_label("Overall summary").fill(SUMMARY)
    report = re.compile(r"/report/$")
    page.route(report, _drop_posts)
    page.get_by_role("button", name="Save the draft").click(no_wait_after=True)
    page.wait_for_timeout(500)
    page.unroute(report)

    # The CEO saves the focus day meanwhile: its version moves on.
    _reschedule(focus_day, people)
    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    choice = page.get_by_role("region", name="This device holds a draft")
    expect(choice).to_be_visible()
    expect(page.get_by_label("Overall summary")).to_have_value("")
    _expect_report_locked(page)
    assert_accessible(page)
    choice.get_by_role("button", name="Put this device's draft in the form").click()
    expect(page.get_by_label("Overall summary")).to_have_value(SUMMARY)

    # Saved this time, but the answer is lost on the way; then the focus day
    # is saved again. The page shows the summary tidied and a newer version,
    # yet this device knows its save arrived.
    page.get_by_label("Overall summary").fill(f"  {SUMMARY} Phonics next.  ")
    page.route(report, _arrive_but_drop_the_answer)
    page.get_by_role("button", name="Save the draft").click(no_wait_after=True)
    for _tick in range(50):
        focus_day.refresh_from_db()
        if focus_day.summary:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(200)
    page.unroute(report)
    assert focus_day.summary == f"{SUMMARY} Phonics next."
    _reschedule(focus_day, people)

    page.goto(f"{live_server.url}{_report_url(focus_day)}")
    expect(page.get_by_label("Overall summary")).to_have_value(
        f"{SUMMARY} Phonics next."
    )
    expect(choice).to_be_hidden()
    assert _stored_report_draft(page, focus_day) is None


def _reschedule(focus_day, people):
    focus_day.refresh_from_db()
    focus_day_schedule(
        focus_day=focus_day,
        reviewer=people["trust_reviewer"],
        scheduled_on=focus_day.scheduled_on,
        scheduled_by=people["ceo"],
        today=focus_day.scheduled_on,
    )


def _expect_report_locked(page):
    """The form waits for the choice: the summary can be neither focused
    nor typed into, and the status says why."""
    summary = page.get_by_label("Overall summary")
    before = summary.input_value()
    summary.focus()
    expect(summary).not_to_be_focused()
    page.keyboard.type("Typed while choosing.")
    expect(summary).to_have_value(before)
    expect(page.locator("#draft-status")).to_contain_text("cannot be changed until")


def _report_url(focus_day):
    return reverse("visits:focus_day_report", args=[focus_day.school.urn, focus_day.pk])


def _stored_report_draft(page, focus_day):
    reviewer = focus_day.reviewer_id
    return page.evaluate(
        f"() => localStorage.getItem('focus-day-report-{focus_day.pk}-{reviewer}')"
    )


def _drop_posts(route):
    if route.request.method == "POST":
        route.abort("internetdisconnected")
    else:
        route.continue_()


def _arrive_but_drop_the_answer(route):
    """The post reaches the server; the page it redirects to never comes."""
    if route.request.method == "POST":
        route.fetch(max_redirects=0)
        route.abort("internetdisconnected")
    else:
        route.continue_()


# Setting the scene ----------------------------------------------------------------


def _school_days_ahead(count):
    """The next `count` weekdays after today in this academic year; no
    calendar rows are made, so no day is a holiday."""
    today = timezone.localdate()
    ends_on = datetime.date(focus_day_year(today) + 1, 8, 31)
    ahead = (today + datetime.timedelta(days=n) for n in range(1, 366))
    days = [day for day in ahead if day <= ends_on and day.weekday() < 5][:count]
    if len(days) < count:
        pytest.skip("Too few school days left in this academic year")
    return days


def _latest_weekday():
    """Today, or the Friday before when today is a weekend: the report of a
    focus day can be issued from its date."""
    day = timezone.localdate()
    while day.weekday() > 4:
        day -= datetime.timedelta(days=1)
    return day


def _scheduled_focus_day(school, area, people):
    day = _latest_weekday()
    focus_day = focus_day_request(
        school=school,
        area=area,
        reason=REASON,
        proposed_first_on=day,
        requested_by=people["headteacher"],
        today=day,
    )
    return focus_day_schedule(
        focus_day=focus_day,
        reviewer=people["trust_reviewer"],
        scheduled_on=day,
        scheduled_by=people["ceo"],
        today=day,
    )


# Moving around the pages -----------------------------------------------------------


def _main_navigation(page):
    return page.get_by_role("navigation", name="Main")


def _profile_tab(page, label):
    tabs = page.get_by_role("navigation", name="School sections")
    return tabs.get_by_role("link", name=label)


def _status(page):
    """The focus day's status: the first badge, beside its heading."""
    return page.get_by_role("main").locator(".badge").first


def _sign_out(page, user):
    _main_navigation(page).get_by_role("button", name=user.full_name).click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile("/accounts/"))


def _use_activity(page, activity, detail):
    page.get_by_label(activity, exact=True).check()
    page.get_by_label(f"{activity}: what it covered").fill(detail)


def _fill_finding(page, number, kind, area, text):
    card = page.locator(f"#finding-{number}")
    card.get_by_label("Strength or development point").select_option(label=kind)
    card.get_by_label("Improvement area").select_option(label=area)
    card.get_by_label("Finding", exact=True).fill(text)


# What the test reads back ------------------------------------------------------------


def _long(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


def _recipients(outbox, subject):
    return {
        address
        for message in outbox
        if subject in message.subject
        for address in message.to
    }


def _screenshot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(SHOTS) / name, full_page=True)


def _pdf_text(path):
    """The PDF's text with each run of white space as one space, so a line
    wrapped in the PDF still reads whole."""
    result = subprocess.run(
        [str(PDFTOTEXT), str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())
