"""The CEO reads a focus day's development points beside other schools'
strengths in the same area, and follows one to its report."""

import datetime

import pytest
from playwright.sync_api import expect

from schools.models import ImprovementArea
from visits.models import FindingKind, FocusDay, FocusDayFinding, FocusDayStatus

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser


def _issued(school, people, area, kind, text):
    focus_day = FocusDay.objects.create(
        school=school,
        academic_year=2025,
        area=area,
        reason="An outside view.",
        proposed_first_on=datetime.date(2026, 3, 4),
        requested_by=people["headteacher"],
        status=FocusDayStatus.ISSUED,
        reviewer=people["trust_reviewer"],
        scheduled_on=datetime.date(2026, 3, 4),
        summary="Seen on the day.",
    )
    FocusDayFinding.objects.create(focus_day=focus_day, kind=kind, area=area, text=text)
    return focus_day


def test_ceo_follows_a_development_point_to_a_strength_elsewhere(
    page, live_server, transactional_db, people, school_a, school_b
):
    area, _ = ImprovementArea.objects.get_or_create(
        name="Mathematics", defaults={"slug": "mathematics", "position": 30}
    )
    needs = _issued(
        school_a, people, area, FindingKind.DEVELOPMENT_POINT, "Times tables lag."
    )
    _issued(school_b, people, area, FindingKind.STRENGTH, "Daily fluency works.")
    sign_in(page, live_server, people["ceo"])

    page.goto(f"{live_server.url}{needs.get_absolute_url()}")
    elsewhere = page.get_by_role("region", name="Strength elsewhere in the trust")
    expect(elsewhere).to_contain_text("Daily fluency works.")
    assert_accessible(page)
    elsewhere.get_by_role("link", name=school_b.name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(school_b.name)
