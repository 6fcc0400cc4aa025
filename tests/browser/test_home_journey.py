"""The home page in Chromium: what waits for the CEO and for a governor,
read with axe, and followed to the page it leads to."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from categorisation.models import TierDecision
from schools.models import ImprovementArea
from tests.factories import VisitFactory
from visits.focus_days import focus_day_year
from visits.models import FocusDay

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_school(transactional_db, people, school_a):
    """School A in Tier 2 with a visit the CEO leads in two days' time and a
    focus-day request waiting to be scheduled."""
    today = timezone.localdate()
    area, _ = ImprovementArea.objects.get_or_create(
        name="Reading and phonics",
        defaults={"slug": "reading-and-phonics", "position": 20},
    )
    TierDecision.objects.create(
        school=school_a,
        tier=2,
        effective_on=today - datetime.timedelta(days=60),
        rationale="From the evidence.",
        decided_by=people["ceo"],
    )
    VisitFactory(
        school=school_a,
        planned_on=today + datetime.timedelta(days=2),
        lead=people["ceo"],
    )
    FocusDay.objects.create(
        school=school_a,
        academic_year=focus_day_year(today),
        area=area,
        reason="Phonics in Year 1.",
        proposed_first_on=today + datetime.timedelta(days=30),
        requested_by=people["headteacher"],
    )
    return school_a


def test_ceo_follows_a_waiting_request_from_the_home_page(
    page, live_server, people, busy_school
):
    sign_in(page, live_server, people["ceo"])

    visits = page.get_by_role("region", name="Your visits")
    expect(visits.get_by_role("link", name=busy_school.name)).to_be_visible()
    waiting = page.get_by_role("region", name=re.compile("^Focus days to schedule"))
    expect(waiting).to_contain_text("Reading and phonics")
    assert_accessible(page)

    waiting.get_by_role("link", name=re.compile(busy_school.name)).click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Schedule")


def test_governor_reads_the_next_visit_and_the_focus_day(
    page, live_server, people, busy_school
):
    sign_in(page, live_server, people["governor"])

    table = page.get_by_role("region", name=re.compile("^Visits and focus days"))
    row = table.get_by_role("row", name=re.compile(busy_school.name))
    expect(row).to_contain_text("Waiting to be scheduled")
    expect(row).to_contain_text("None yet")
    expect(page.get_by_role("region", name="Your focus day")).to_have_count(0)
    assert_accessible(page)
