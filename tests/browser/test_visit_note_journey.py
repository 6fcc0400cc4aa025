"""The CEO writes a visit's note on a tablet and the connection drops, and
chooses between her tablet's draft and a version saved on another device."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from visits.models import Visit, VisitNote, VisitStatus
from visits.notes import visit_note_save

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Saved at \d\d:\d\d")
PANEL = "Your version from this device"
TABLET_TEXT = "Writing in Year 4, typed on the tablet."
OFFICE_TEXT = "Maths in Year 6, saved from the office."
OFFICE_SUMMARY = "Agreed by phone with the headteacher."
TABLET_ACTION = "Share the Year 4 writing samples"


def _visit(school):
    today = timezone.localdate()
    return Visit.objects.create(
        school=school,
        kind="monitoring",
        window_label="This half-term",
        window_starts_on=today - datetime.timedelta(days=7),
        window_ends_on=today + datetime.timedelta(days=7),
        planned_on=today,
    )


def _draft_offline_while_the_office_saves(page, live_server, ceo, visit):
    """The tablet saves revision 1, then keeps an offline draft on it while
    another device saves revision 2."""
    sign_in(page, live_server, ceo)
    # Straight to the form: goto waits for the page's script to be listening.
    note_url = reverse("visits:note_edit", args=[visit.school.urn, visit.pk])
    page.goto(f"{live_server.url}{note_url}")
    page.get_by_label("Latest data").fill("KS2 reading up 6 points.")
    expect(page.locator("#note-status")).to_have_text(SAVED)

    page.context.set_offline(True)
    page.get_by_label("Improvement priorities").fill(TABLET_TEXT)
    page.get_by_label("Action", exact=True).fill(TABLET_ACTION)
    page.get_by_label("Owner", exact=True).fill("Headteacher")
    page.get_by_label("Due date", exact=True).fill("2030-07-01")
    expect(page.locator("#note-status")).to_contain_text("Offline")

    office = {
        "latest_data": "KS2 reading up 6 points.",
        "improvement_priorities": OFFICE_TEXT,
        "summary": OFFICE_SUMMARY,
    }
    visit_note_save(visit=visit, data=office, author=ceo, revision=1)


def _stored_draft(page, visit, user):
    key = f"visit-note-{visit.pk}-{user.pk}"
    return page.evaluate(f"() => localStorage.getItem('{key}')")


def _note_url(live_server, visit):
    note_url = reverse("visits:note_edit", args=[visit.school.urn, visit.pk])
    return f"{live_server.url}{note_url}"


def _expect_locked(page, field):
    """The form waits for the choice: a field can be neither focused nor
    typed into, and the status says why."""
    field.focus()
    expect(field).not_to_be_focused()
    before = field.input_value()
    page.keyboard.type("Typed while choosing.")
    expect(field).to_have_value(before)
    expect(page.locator("#note-status")).to_contain_text("cannot be changed until")


@pytest.mark.django_db(transaction=True)
def test_ceo_loses_nothing_when_the_network_drops(
    tablet_page, live_server, ceo, school_a
):
    visit = _visit(school_a)
    page = tablet_page
    sign_in(page, live_server, ceo)

    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    page.get_by_role("link", name="Write the note").click()
    assert_accessible(page)
    status = page.get_by_role("status").filter(has_text=re.compile("."))
    page.get_by_label("Latest data").fill("KS2 reading up 6 points.")
    expect(page.locator("#note-status")).to_have_text(SAVED)

    page.context.set_offline(True)
    page.get_by_label("Improvement priorities").fill("Writing in Year 4.")
    expect(page.locator("#note-status")).to_contain_text("Offline")
    assert "Writing in Year 4." in _stored_draft(page, visit, ceo)

    page.context.set_offline(False)
    expect(page.locator("#note-status")).to_have_text(SAVED, timeout=10_000)
    note = VisitNote.objects.get(visit=visit)
    assert note.latest_data == "KS2 reading up 6 points."
    assert note.improvement_priorities == "Writing in Year 4."
    assert status.count() >= 1
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_ceo_sees_her_device_draft_beside_the_saved_note_and_keeps_hers(
    tablet_page, live_server, ceo, school_a
):
    visit = _visit(school_a)
    page = tablet_page
    _draft_offline_while_the_office_saves(page, live_server, ceo, visit)

    # Back online, the tablet's send is refused and both versions are shown.
    page.context.set_offline(False)
    panel = page.get_by_role("region", name=PANEL)
    expect(panel).to_be_visible(timeout=10_000)
    expect(panel).to_contain_text(TABLET_TEXT)
    expect(panel).to_contain_text(OFFICE_TEXT)
    note = VisitNote.objects.get(visit=visit)
    assert (note.revision, note.improvement_priorities) == (2, OFFICE_TEXT)
    # The form shows the tablet's version; it waits for the choice too.
    _expect_locked(page, page.get_by_label("Summary"))

    # The draft survives a reload: the saved note fills the form, the
    # tablet's draft is offered beside it, and focus lands on the panel.
    page.reload()
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name=PANEL)).to_be_focused()
    expect(page.get_by_label("Improvement priorities")).to_have_value(OFFICE_TEXT)
    expect(panel).to_contain_text(TABLET_TEXT)
    expect(panel).to_contain_text(OFFICE_SUMMARY)
    expect(panel).to_contain_text("judgements or agreed actions also differ")
    expect(page.get_by_label("Action", exact=True)).to_have_value("")
    assert_accessible(page)
    note.refresh_from_db()
    assert (note.revision, note.improvement_priorities) == (2, OFFICE_TEXT)
    # Typing into the saved version now would be lost whichever is chosen.
    _expect_locked(page, page.get_by_label("Improvement priorities"))
    expect(panel.get_by_role("heading", name=PANEL)).to_be_focused()
    assert TABLET_TEXT in _stored_draft(page, visit, ceo)

    panel.get_by_role("button", name="Use my version").click()
    expect(panel).to_be_hidden()
    expect(page.get_by_label("Improvement priorities")).to_have_value(TABLET_TEXT)
    expect(page.get_by_label("Improvement priorities")).to_be_focused()
    expect(page.locator("#note-status")).to_contain_text(
        "replaced the other device's", timeout=10_000
    )
    note.refresh_from_db()
    assert note.revision == 3
    assert note.improvement_priorities == TABLET_TEXT
    assert note.latest_data == "KS2 reading up 6 points."
    assert note.summary == ""
    assert [action.action for action in note.actions.all()] == [TABLET_ACTION]


@pytest.mark.django_db(transaction=True)
def test_ceo_keeps_the_saved_note_and_the_device_draft_is_discarded(
    tablet_page, live_server, ceo, school_a
):
    visit = _visit(school_a)
    page = tablet_page
    _draft_offline_while_the_office_saves(page, live_server, ceo, visit)
    page.context.set_offline(False)
    panel = page.get_by_role("region", name=PANEL)
    expect(panel).to_contain_text(TABLET_TEXT, timeout=10_000)

    panel.get_by_role("button", name="Keep the saved version").click()
    expect(panel).to_be_hidden()
    expect(page.get_by_label("Improvement priorities")).to_have_value(OFFICE_TEXT)
    expect(page.get_by_label("Summary")).to_have_value(OFFICE_SUMMARY)
    expect(page.get_by_label("Action", exact=True)).to_have_value("")
    expect(page.locator("#note-status")).to_contain_text("saved version is kept")
    assert _stored_draft(page, visit, ceo) is None
    note = VisitNote.objects.get(visit=visit)
    assert (note.revision, note.improvement_priorities) == (2, OFFICE_TEXT)
    assert note.summary == OFFICE_SUMMARY
    assert not note.actions.exists()


@pytest.mark.django_db(transaction=True)
def test_another_person_on_the_same_browser_never_gets_the_first_ones_draft(
    tablet_page, live_server, ceo, admin_user, school_a
):
    visit = _visit(school_a)
    page = tablet_page
    admin_page = page.context.new_page()
    sign_in(admin_page, live_server, admin_user)
    admin_page.goto(_note_url(live_server, visit))
    page.context.set_offline(True)
    admin_page.get_by_label("Purpose of the visit").fill("The admin's unsent draft.")
    expect(admin_page.locator("#note-status")).to_contain_text("Offline")
    # The admin leaves before it is sent; the CEO signs in on the same tablet.
    admin_page.close()
    page.context.set_offline(False)
    page.context.clear_cookies()

    sign_in(page, live_server, ceo)
    page.goto(_note_url(live_server, visit))
    page.wait_for_timeout(500)

    expect(page.get_by_label("Purpose of the visit")).to_have_value("")
    expect(page.locator("#note-status")).not_to_contain_text("restored")
    assert not VisitNote.objects.filter(visit=visit).exists()
    assert "unsent draft" in _stored_draft(page, visit, admin_user)
    assert _stored_draft(page, visit, ceo) is None


@pytest.mark.django_db(transaction=True)
def test_completing_while_a_draft_is_on_its_way_waits_for_its_answer(
    tablet_page, live_server, ceo, school_a
):
    visit = _visit(school_a)
    page = tablet_page
    sign_in(page, live_server, ceo)
    page.goto(_note_url(live_server, visit))

    # A half-typed action does not hold back the rest of the note.
    page.get_by_label("Purpose of the visit").fill("Check reading.")
    page.get_by_label("Action", exact=True).fill(TABLET_ACTION)
    status = page.locator("#note-status")
    expect(status).to_contain_text(
        "Action 1 is not saved yet: it needs an owner and a date", timeout=10_000
    )
    note = VisitNote.objects.get(visit=visit)
    assert (note.purpose, note.actions.exists()) == ("Check reading.", False)
    # This device holds the only copy of the action: it comes back on reload.
    page.reload()
    expect(page.get_by_label("Action", exact=True)).to_have_value(TABLET_ACTION)
    expect(status).to_contain_text("Action 1 is not saved yet", timeout=10_000)
    note.refresh_from_db()
    saved_revision = note.revision

    # The next draft reaches the server, but its answer is slow to return.
    answers = []
    autosave = live_server.url + reverse(
        "visits:note_autosave", args=[visit.school.urn, visit.pk]
    )
    page.route(autosave, lambda route: answers.append((route, route.fetch())))
    page.get_by_label("Owner", exact=True).fill("Headteacher")
    page.get_by_label("Due date", exact=True).fill("2030-07-01")
    for _tick in range(100):
        if answers:
            break
        page.wait_for_timeout(100)
    note.refresh_from_db()
    assert note.revision == saved_revision + 1

    page.get_by_role("button", name="Complete the visit").click(no_wait_after=True)
    expect(status).to_contain_text("Finishing the save in progress")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED

    route, response = answers[0]
    route.fulfill(response=response)
    page.wait_for_url(f"{live_server.url}{visit.get_absolute_url()}")
    page.unroute(autosave)
    expect(page.get_by_role("main")).to_contain_text("The visit was completed.")
    visit.refresh_from_db()
    note.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    assert note.status == "completed"
    assert [(row.action, row.owner) for row in note.actions.all()] == [
        (TABLET_ACTION, "Headteacher")
    ]
