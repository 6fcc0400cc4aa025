"""The annual tier review in real Chromium, each page checked with axe-core."""

import pytest
from playwright.sync_api import expect

from categorisation.models import AnnualReview, TierDecision

from .axe import assert_accessible
from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_admin_runs_the_annual_review_from_opening_to_finalising(
    page, live_server, transactional_db, admin_user, school_a, school_b
):
    sign_in(page, live_server, admin_user)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Annual review"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual tier reviews")
    assert_accessible(page)

    page.get_by_role("button", name="Open the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual tier review")
    expect(page.get_by_text("0 of 2 schools decided")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Decide for {school_a.name}").click()
    assert_accessible(page)
    _decide(page, "Tier 2", "Reading outcomes fell for two years.")
    expect(page.get_by_role("heading", level=1)).to_have_text(school_b.name)
    _decide(page, "Tier 1", "Strong on every measure we hold.")

    expect(page.get_by_text("2 of 2 schools decided")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Finalise the review").click()
    expect(page.get_by_role("status")).to_contain_text("is finalised")
    assert_accessible(page)

    review = AnnualReview.objects.get()
    assert review.is_finalised
    decisions = TierDecision.objects.filter(annual_review=review)
    assert dict(decisions.values_list("school__urn", "tier")) == {
        school_a.urn: 2,
        school_b.urn: 1,
    }

    page.get_by_role("link", name="Printable report").click()
    report = page.get_by_role(
        "table", name="Each school's tier before and after the review"
    )
    expect(report).to_contain_text("Reading outcomes fell for two years.")
    assert_accessible(page)


def _decide(page, tier, rationale):
    page.get_by_label(tier, exact=True).check()
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name="Save decision").click()
