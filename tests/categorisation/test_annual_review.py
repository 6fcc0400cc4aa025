import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from categorisation import annual_services, services
from categorisation.annual_services import (
    annual_review_finalise,
    annual_review_item_decide,
    annual_review_open,
    annual_review_summary,
)
from categorisation.facts import MISSING, Recommendation, Signal
from categorisation.models import AnnualReview, AnnualReviewItem, TierDecision
from schools.calendar import academic_start_year_of
from schools.models import School, SchoolStatus

from ..factories import MembershipFactory, SchoolFactory, UserFactory

YEAR = 2025
# The form that opens a review offers the years around the current one.
THIS_YEAR = academic_start_year_of(timezone.localdate())
EFFECTIVE_ON = datetime.date(2026, 9, 1)


@pytest.fixture
def recommended(monkeypatch):
    """The recommended tier per URN that opening a review records (Tier 2
    unless set), so the tests do not depend on the evidence rules."""
    tiers = {}

    def stand_in(schools, *, today=None):
        return [
            (school, _recommendation(tiers.get(school.urn, 2))) for school in schools
        ]

    monkeypatch.setattr(annual_services, "recommendations_for", stand_in)
    return tiers


def _recommendation(tier):
    return Recommendation(
        tier=tier,
        signals=(
            Signal("finance", "Finance", tier, f"Finance points to Tier {tier}."),
            Signal("attendance", "Attendance", None, "No attendance.", MISSING),
        ),
    )


def _current_tier(school, tier, by):
    return TierDecision.objects.create(
        school=school, tier=tier, decided_by=by, effective_on=datetime.date(2024, 9, 1)
    )


@pytest.fixture
def review(people, school_a, school_b, recommended):
    """The 2025/26 review: school A is in Tier 1 and recommended Tier 2,
    school B is in Tier 2 and recommended Tier 2."""
    _current_tier(school_a, 1, people["ceo"])
    _current_tier(school_b, 2, people["ceo"])
    return annual_review_open(academic_year=YEAR, opened_by=people["admin"])


def _item(review, school):
    return review.items.get(school=school)


def _decide(review, school, tier, user, rationale=""):
    return annual_review_item_decide(
        item=_item(review, school), tier=tier, rationale=rationale, decided_by=user
    )


def _item_url(review, school):
    return reverse(
        "categorisation:annual_review_item",
        kwargs={"academic_year": review.academic_year, "urn": school.urn},
    )


def _url(name, review):
    return reverse(
        f"categorisation:{name}", kwargs={"academic_year": review.academic_year}
    )


def _page(response):
    return response.content.decode()


def _messages(response):
    return [str(message) for message in response.wsgi_request._messages]


# Opening ----------------------------------------------------------------


def test_opening_adds_every_open_school_with_its_tiers(
    people, school_a, school_b, recommended
):
    SchoolFactory(status=SchoolStatus.CLOSED, closed_on=datetime.date(2024, 8, 31))
    SchoolFactory(status=SchoolStatus.JOINING)
    _current_tier(school_a, 1, people["ceo"])
    recommended[school_a.urn] = 3

    review = annual_review_open(academic_year=YEAR, opened_by=people["admin"])

    items = {item.school.urn: item for item in review.items.select_related("school")}
    assert set(items) == {school_a.urn, school_b.urn}
    assert (items[school_a.urn].current_tier, items[school_a.urn].recommended_tier) == (
        1,
        3,
    )
    assert items[school_b.urn].current_tier is None
    assert items[school_b.urn].recommended_tier == 2
    assert items[school_a.urn].signals[0] == {
        "criterion": "finance",
        "label": "Finance",
        "tier": 3,
        "reason": "Finance points to Tier 3.",
        "status": "current",
    }
    assert not any(item.is_decided for item in items.values())
    assert review.opened_by == people["admin"]


def test_opening_with_the_rules_takes_the_same_queries_for_more_schools(people):
    """With the real selectors and rules: schools without evidence are
    recommended nothing, and their missing evidence is kept as signals."""

    def queries_to_open(year):
        with CaptureQueriesContext(connection) as captured:
            annual_review_open(academic_year=year, opened_by=people["admin"])
        return len(captured)

    at_two = queries_to_open(2024)
    for _ in range(10):
        SchoolFactory()

    assert queries_to_open(2025) == at_two
    items = AnnualReview.objects.get(academic_year=2025).items.all()
    assert len(items) == 12
    assert all(item.recommended_tier is None for item in items)
    assert {signal["tier"] for signal in items[0].signals} == {None}
    assert "criterion" in items[0].signals[0]


def test_opening_a_year_twice_is_refused(review, people):
    with pytest.raises(ValidationError, match="already open or finalised"):
        annual_review_open(academic_year=YEAR, opened_by=people["admin"])

    assert AnnualReview.objects.count() == 1
    assert review.items.count() == 2


def test_admin_opens_a_review_from_the_list(client, people, recommended):
    client.force_login(people["admin"])

    response = client.post(
        reverse("categorisation:annual_reviews"), {"academic_year": THIS_YEAR}
    )

    review = AnnualReview.objects.get(academic_year=THIS_YEAR)
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.items.count() == 2
    assert review.opened_by == people["admin"]


def test_the_list_refuses_a_second_review_of_a_year(client, people, recommended):
    annual_review_open(academic_year=THIS_YEAR, opened_by=people["admin"])
    client.force_login(people["admin"])

    response = client.post(
        reverse("categorisation:annual_reviews"), {"academic_year": THIS_YEAR}
    )

    assert response.status_code == 200
    assert "is already open or finalised" in _page(response)
    assert AnnualReview.objects.count() == 1


def test_the_list_shows_progress_and_the_ceo_cannot_open(client, people, review):
    _decide(review, review.items.first().school, 2, people["ceo"], "Agreed.")
    client.force_login(people["ceo"])

    page = _page(client.get(reverse("categorisation:annual_reviews")))
    refused = client.post(
        reverse("categorisation:annual_reviews"), {"academic_year": YEAR + 1}
    )

    assert "2025/26" in page
    assert "Open: 1 of 2 schools decided" in page
    assert "Open the review" not in page
    assert refused.status_code == 403
    assert AnnualReview.objects.count() == 1


# Deciding ---------------------------------------------------------------


def test_a_differing_tier_needs_a_rationale(client, people, review, school_a):
    client.force_login(people["ceo"])
    url = _item_url(review, school_a)
    version = client.get(url).context["form"].initial["version"]

    refused = client.post(url, {"decided_tier": 3, "version": version})

    assert refused.status_code == 200
    assert "Say why the tier differs from the recommended tier (Tier 2)" in _page(
        refused
    )
    assert not _item(review, school_a).is_decided

    saved = client.post(
        url, {"decided_tier": 3, "rationale": "Leadership gaps.", "version": version}
    )

    assert saved.status_code == 302
    item = _item(review, school_a)
    assert (item.decided_tier, item.rationale) == (3, "Leadership gaps.")
    assert item.decided_by == people["ceo"]
    assert item.movement == "up"


def test_the_form_defaults_to_the_recommendation_and_shows_the_signals(
    client, people, review, school_a
):
    client.force_login(people["admin"])

    response = client.get(_item_url(review, school_a))

    page = _page(response)
    assert response.context["form"].initial["decided_tier"] == 2
    assert 'id="tier-2" value="2" aria-describedby="tier-2-meaning" checked' in page
    assert "Finance points to Tier 2." in page
    assert "Moderate support for specific weaknesses." in page


def test_confirming_moves_on_to_the_next_undecided_school(
    client, people, review, school_a, school_b
):
    client.force_login(people["ceo"])
    url = _item_url(review, school_a)
    version = client.get(url).context["form"].initial["version"]

    first = client.post(url, {"decided_tier": 2, "version": version})
    version = client.get(_item_url(review, school_b)).context["form"].initial["version"]
    last = client.post(
        _item_url(review, school_b), {"decided_tier": 2, "version": version}
    )

    assert first["Location"] == _item_url(review, school_b)
    assert last["Location"] == review.get_absolute_url()
    assert review.items.filter(decided_tier=2).count() == 2


def test_a_stale_edit_is_refused(client, people, review, school_a):
    client.force_login(people["ceo"])
    url = _item_url(review, school_a)
    version = client.get(url).context["form"].initial["version"]
    _decide(review, school_a, 1, people["admin"], "The admin decided first.")

    response = client.post(
        url, {"decided_tier": 3, "rationale": "Mine.", "version": version}
    )

    assert response.status_code == 200
    assert "Nothing was saved" in _page(response)
    item = _item(review, school_a)
    assert (item.decided_tier, item.decided_by) == (1, people["admin"])


def test_a_school_not_in_the_review_is_not_found(client, people, review):
    client.force_login(people["ceo"])
    joining = SchoolFactory(status=SchoolStatus.JOINING)

    response = client.get(_item_url(review, joining))

    assert response.status_code == 404


# Finalising -------------------------------------------------------------


def test_finalising_is_refused_while_a_school_is_undecided(
    client, people, review, school_a
):
    _decide(review, school_a, 2, people["ceo"], "Needs support.")
    client.force_login(people["admin"])

    response = client.post(
        _url("annual_review_finalise", review), {"effective_on": "2026-09-01"}
    )

    assert response.status_code == 302
    assert "1 school is still undecided" in " ".join(_messages(response))
    review.refresh_from_db()
    assert not review.is_finalised
    assert not TierDecision.objects.filter(annual_review=review).exists()


def test_finalising_applies_every_decision_at_once(
    client, people, review, school_a, school_b, django_capture_on_commit_callbacks
):
    _decide(review, school_a, 2, people["ceo"])
    _decide(review, school_b, 2, people["admin"])
    client.force_login(people["admin"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("annual_review_finalise", review), {"effective_on": "2026-09-01"}
        )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_finalised
    assert (review.finalised_by, review.effective_on) == (people["admin"], EFFECTIVE_ON)
    decisions = {
        decision.school: decision
        for decision in TierDecision.objects.filter(annual_review=review)
    }
    assert set(decisions) == {school_a, school_b}
    assert decisions[school_a].tier == 2
    assert decisions[school_a].recommended_tier == 2
    assert decisions[school_a].effective_on == EFFECTIVE_ON
    assert decisions[school_a].decided_by == people["ceo"]
    assert decisions[school_a].signals[0]["reason"] == "Finance points to Tier 2."
    assert decisions[school_b].decided_by == people["admin"]
    # Only school A's tier changed, so only its headteacher hears.
    assert [message.to for message in mail.outbox] == [["headteacher@example.org"]]


def test_finalising_twice_is_refused(people, review, school_a, school_b):
    _decide(review, school_a, 2, people["ceo"])
    _decide(review, school_b, 2, people["ceo"])
    annual_review_finalise(
        review=review, finalised_by=people["ceo"], effective_on=EFFECTIVE_ON
    )

    with pytest.raises(ValidationError, match="cannot happen twice"):
        annual_review_finalise(
            review=review, finalised_by=people["admin"], effective_on=EFFECTIVE_ON
        )

    assert TierDecision.objects.filter(annual_review=review).count() == 2
    review.refresh_from_db()
    assert review.finalised_by == people["ceo"]


def test_finalising_a_stale_copy_is_refused(people, review, school_a, school_b):
    """The check is made on the locked row, not on the caller's copy."""
    _decide(review, school_a, 2, people["ceo"])
    _decide(review, school_b, 2, people["ceo"])
    stale = AnnualReview.objects.get(pk=review.pk)
    annual_review_finalise(
        review=review, finalised_by=people["ceo"], effective_on=EFFECTIVE_ON
    )

    with pytest.raises(ValidationError, match="cannot happen twice"):
        annual_review_finalise(
            review=stale, finalised_by=people["admin"], effective_on=EFFECTIVE_ON
        )

    assert TierDecision.objects.filter(annual_review=review).count() == 2


def test_no_item_changes_after_finalising(client, people, review, school_a, school_b):
    _decide(review, school_a, 2, people["ceo"])
    _decide(review, school_b, 2, people["ceo"])
    annual_review_finalise(
        review=review, finalised_by=people["ceo"], effective_on=EFFECTIVE_ON
    )
    client.force_login(people["ceo"])

    response = client.post(
        _item_url(review, school_a), {"decided_tier": 3, "rationale": "Too late."}
    )
    page = _page(client.get(_item_url(review, school_a)))

    assert response.status_code == 302
    assert "cannot change now" in " ".join(_messages(response))
    assert _item(review, school_a).decided_tier == 2
    assert "cannot change now" in page
    assert "Save decision" not in page
    with pytest.raises(ValidationError, match="cannot change now"):
        _decide(review, school_a, 3, people["ceo"], "Still too late.")


def test_a_failure_part_way_applies_nothing(
    people, review, school_a, school_b, monkeypatch, django_capture_on_commit_callbacks
):
    _decide(review, school_a, 2, people["ceo"])
    _decide(review, school_b, 2, people["ceo"])
    record = services.tier_decision_record
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs["school"])
        if len(calls) == 2:
            raise RuntimeError("The database went away.")
        return record(**kwargs)

    monkeypatch.setattr(services, "tier_decision_record", fail_on_second)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        annual_review_finalise(
            review=review, finalised_by=people["ceo"], effective_on=EFFECTIVE_ON
        )

    assert len(calls) == 2
    assert not TierDecision.objects.filter(annual_review=review).exists()
    review.refresh_from_db()
    assert not review.is_finalised
    assert review.effective_on is None
    assert mail.outbox == []


def test_tiers_cannot_take_effect_before_the_review_year(client, people, review):
    for item in review.items.all():
        annual_review_item_decide(
            item=item, tier=2, rationale="", decided_by=people["ceo"]
        )
    client.force_login(people["ceo"])

    response = client.post(
        _url("annual_review_finalise", review), {"effective_on": "2025-08-31"}
    )

    assert "Choose a date from the start of 2025/26" in " ".join(_messages(response))
    review.refresh_from_db()
    assert not review.is_finalised
    assert not TierDecision.objects.filter(annual_review=review).exists()


def test_finalise_answers_only_posts(client, people, review):
    client.force_login(people["admin"])

    response = client.get(_url("annual_review_finalise", review))

    assert response.status_code == 405


def test_the_finalise_form_appears_once_every_school_is_decided(
    client, people, review, school_a, school_b
):
    client.force_login(people["ceo"])
    _decide(review, school_a, 2, people["ceo"])
    before = _page(client.get(review.get_absolute_url()))
    _decide(review, school_b, 2, people["ceo"])

    after = _page(client.get(review.get_absolute_url()))

    assert "1 school is still to be decided" in before
    assert "Finalise the review</button>" not in before
    assert "Finalise the review</button>" in after
    assert 'value="2026-09-01"' in after


# The review page and report -----------------------------------------------


def test_the_review_page_shows_progress_movements_and_support(
    client, people, review, school_a
):
    _decide(review, school_a, 2, people["ceo"])
    client.force_login(people["trustee"])

    response = client.get(review.get_absolute_url())

    page = _page(response)
    summary = response.context["summary"]
    assert (summary.decided, summary.total) == (1, 2)
    assert summary.movements == {"up": 1, "down": 0, "same": 0, "new": 0}
    # Before: Tier 1 (1 visit) and Tier 2 (2); after: school A in Tier 2 (2).
    assert (summary.visits_now, summary.visits_after) == (3, 2)
    assert 'aria-valuenow="1"' in page
    assert "1 of 2 schools decided (50%)" in page
    assert "Up: more support" in page
    assert "Finance points to Tier 2." in page
    # Trustees read but do not decide.
    assert "Decide<span" not in page
    assert "Finalise the review" not in page


def test_the_review_page_filters_by_status_and_movement(
    client, people, review, school_a, school_b
):
    _decide(review, school_a, 2, people["ceo"])
    client.force_login(people["ceo"])
    url = review.get_absolute_url()

    undecided = client.get(url, {"status": "undecided"}).context["rows"]
    up = client.get(url, {"movement": "up"}).context["rows"]
    same = client.get(url, {"movement": "same"}).context["rows"]

    assert [item.school for item, _ in undecided] == [school_b]
    assert [(item.school, words) for item, words in up] == [
        (school_a, "Up: more support")
    ]
    assert same == []


def test_the_review_exports_csv(client, people, review, school_a):
    _decide(review, school_a, 2, people["ceo"])
    client.force_login(people["ceo"])

    response = client.get(review.get_absolute_url(), {"format": "csv"})

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("URN,School,Tier before")
    assert f"{school_a.urn},Ashby Road Primary,1,2,2,Up: more support" in lines[1]


def test_the_report_shows_the_result(client, people, review, school_a, school_b):
    _decide(review, school_a, 3, people["ceo"], "Safeguarding concerns.")
    _decide(review, school_b, 2, people["ceo"])
    annual_review_finalise(
        review=review, finalised_by=people["admin"], effective_on=EFFECTIVE_ON
    )
    client.force_login(people["trustee"])

    response = client.get(_url("annual_review_report", review))

    page = _page(response)
    assert response.status_code == 200
    assert "by Admin" in page
    assert "take effect on 1 September 2026" in page
    assert "Safeguarding concerns." in page
    assert "As recommended." in page
    assert "css/print-report.css" in page
    assert "Provisional" not in page


def test_the_report_of_an_open_review_is_provisional(client, people, review):
    client.force_login(people["ceo"])

    page = _page(client.get(_url("annual_review_report", review)))

    assert "Provisional." in page


def test_the_review_page_queries_do_not_grow_with_schools(client, people, recommended):
    def review_of(year, school_count, decided_by):
        for _ in range(school_count - len(_open_schools())):
            SchoolFactory()
        review = annual_review_open(academic_year=year, opened_by=people["admin"])
        for item in review.items.all()[:3]:
            annual_review_item_decide(
                item=item, tier=2, rationale="", decided_by=decided_by
            )
        return review

    def queries(review):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(review.get_absolute_url())
        assert response.status_code == 200
        return len(captured)

    small = review_of(2024, 5, people["ceo"])
    large = review_of(2025, 25, people["admin"])
    client.force_login(people["ceo"])
    client.get(small.get_absolute_url())  # warm-up

    assert large.items.count() == 25
    assert queries(large) == queries(small)


def _open_schools():
    return School.objects.open()


# Who may do what -------------------------------------------------------


def test_a_trustee_reads_the_review_and_report_but_cannot_decide(
    client, people, review, school_a
):
    client.force_login(people["trustee"])

    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(_url("annual_review_report", review)).status_code == 200
    assert client.get(_item_url(review, school_a)).status_code == 403
    refused = client.post(_item_url(review, school_a), {"decided_tier": 1})
    finalise = client.post(
        _url("annual_review_finalise", review), {"effective_on": "2026-09-01"}
    )

    assert refused.status_code == 403
    assert finalise.status_code == 403
    assert not _item(review, school_a).is_decided


def test_a_headteacher_is_refused_every_page(client, people, review, school_a):
    client.force_login(people["headteacher"])
    gets = [
        reverse("categorisation:annual_reviews"),
        review.get_absolute_url(),
        _item_url(review, school_a),
        _url("annual_review_report", review),
    ]

    answers = [client.get(url).status_code for url in gets]
    posts = [
        client.post(reverse("categorisation:annual_reviews"), {"academic_year": 2026}),
        client.post(_item_url(review, school_a), {"decided_tier": 1}),
        client.post(_url("annual_review_finalise", review)),
    ]

    assert answers == [403, 403, 403, 403]
    assert [response.status_code for response in posts] == [403, 403, 403]
    assert AnnualReview.objects.count() == 1


# The summary, over plain data ----------------------------------------------


class Row:
    def __init__(self, current_tier, decided_tier):
        self.current_tier, self.decided_tier = current_tier, decided_tier

    movement = AnnualReviewItem.movement


def test_the_summary_counts_movements_and_visits():
    rows = [Row(1, 2), Row(3, 2), Row(2, 2), Row(None, 3), Row(3, None)]

    summary = annual_review_summary(rows, visits_per_term={1: 1, 2: 2, 3: 6})

    assert summary.movements == {"up": 1, "down": 1, "same": 1, "new": 1}
    assert (summary.decided, summary.undecided, summary.untiered_now) == (4, 1, 1)
    # Now: Tier 1, Tier 2 and two in Tier 3 = 1 + 2 + 12 visits a term.
    # After: three in Tier 2 and one in Tier 3 = 6 + 6; the undecided one
    # is not counted.
    assert (summary.visits_now, summary.visits_after) == (15, 12)
    assert summary.difference == "\N{MINUS SIGN}3"
    assert [row.difference for row in summary.support] == [
        "\N{MINUS SIGN}1",
        "+4",
        "\N{MINUS SIGN}6",
    ]
    assert summary.percent_decided == 80


def test_the_summary_of_an_empty_review():
    summary = annual_review_summary([], visits_per_term={1: 1, 2: 2, 3: 6})

    assert (summary.total, summary.percent_decided, summary.difference) == (0, 0, "0")
    assert summary.is_complete


def test_headteachers_of_unchanged_schools_get_no_mail(
    people, review, school_a, school_b, django_capture_on_commit_callbacks
):
    MembershipFactory(user=UserFactory(), role=Role.HEADTEACHER, school=school_b)
    _decide(review, school_a, 1, people["ceo"], "Still strong.")
    _decide(review, school_b, 2, people["ceo"])

    with django_capture_on_commit_callbacks(execute=True):
        annual_review_finalise(
            review=review, finalised_by=people["ceo"], effective_on=EFFECTIVE_ON
        )

    assert mail.outbox == []
    assert TierDecision.objects.filter(annual_review=review).count() == 2


@pytest.mark.django_db
def test_support_figures_follow_the_trusts_visit_cadence():
    from visits.models import TierCadence

    TierCadence.objects.filter(tier=2).update(cadence="fortnightly")

    summary = annual_review_summary([])

    assert {row.tier: row.visits_per_school for row in summary.support} == {
        1: 1,
        2: 6,
        3: 6,
    }
