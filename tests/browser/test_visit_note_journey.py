"""The CEO writes a visit's note on a tablet and the connection drops."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from visits.models import Visit, VisitNote

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Saved at \d\d:\d\d")


@pytest.mark.django_db(transaction=True)
def test_ceo_loses_nothing_when_the_network_drops(
    tablet_page, live_server, ceo, school_a
):
    today = timezone.localdate()
    visit = Visit.objects.create(
        school=school_a,
        kind="monitoring",
        window_label="This half-term",
        window_starts_on=today - datetime.timedelta(days=7),
        window_ends_on=today + datetime.timedelta(days=7),
        planned_on=today,
    )
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
    stored = page.evaluate(f"() => localStorage.getItem('visit-note-{visit.pk}')")
    assert "Writing in Year 4." in stored

    page.context.set_offline(False)
    expect(page.locator("#note-status")).to_have_text(SAVED, timeout=10_000)
    note = VisitNote.objects.get(visit=visit)
    assert note.latest_data == "KS2 reading up 6 points."
    assert note.improvement_priorities == "Writing in Year 4."
    assert status.count() >= 1
    assert_accessible(page)
