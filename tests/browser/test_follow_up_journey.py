"""The CEO, at the next visit, marks an action agreed last time as done,
in place, without leaving the page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import VisitFactory
from visits.models import AgreedAction, NoteStatus, VisitNote, VisitStatus

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_ceo_marks_last_visits_action_done_in_place(
    page, live_server, transactional_db, people, school_a
):
    today = timezone.localdate()
    last = VisitFactory(
        school=school_a,
        planned_on=today - datetime.timedelta(days=30),
        status=VisitStatus.COMPLETED,
    )
    note = VisitNote.objects.create(
        visit=last, author=people["ceo"], status=NoteStatus.COMPLETED
    )
    action = AgreedAction.objects.create(
        note=note,
        action="Share the reading audit.",
        owner="Headteacher",
        due_on=today - datetime.timedelta(days=2),
    )
    upcoming = VisitFactory(
        school=school_a, planned_on=today + datetime.timedelta(days=3)
    )
    sign_in(page, live_server, people["ceo"])

    page.goto(f"{live_server.url}{upcoming.get_absolute_url()}")
    follow_up = page.get_by_role("region", name="Actions to follow up")
    expect(follow_up).to_contain_text("Past its date")
    assert_accessible(page)
    url_before = page.url
    follow_up.get_by_role("button", name="Mark done").click()

    expect(follow_up.get_by_role("button", name="Undo")).to_be_visible()
    expect(follow_up).to_contain_text("Done")
    assert page.url == url_before
    action.refresh_from_db()
    assert action.is_done
    assert_accessible(page)
