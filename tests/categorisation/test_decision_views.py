import datetime

import pytest
from django.core import mail
from django.urls import reverse

from categorisation import criteria, selectors
from categorisation.facts import CURRENT, MISSING, Recommendation, Signal
from categorisation.models import TierDecision
from categorisation.services import tier_decision_record
from categorisation.signals import tier_changed

SIGNALS = (
    Signal("inspection", "Inspection", 2, "Requires improvement on 4 May 2023."),
    Signal("finance", "Finance", None, "No finance recorded.", MISSING),
    Signal("attendance", "Attendance", 1, "Overall absence 5.1% in 2025/26.", CURRENT),
)


@pytest.fixture
def recommends_tier_2(monkeypatch):
    """Every school's evidence recommends Tier 2, with the signals above."""

    def recommend(evidence, thresholds):
        return Recommendation(tier=2, signals=SIGNALS)

    monkeypatch.setattr(criteria, "recommend", recommend)
    monkeypatch.setattr(selectors, "recommend", recommend, raising=False)


def _decide(client, school, **data):
    url = reverse("categorisation:decision_create", args=[school.urn])
    opened = client.get(url).context["form"]
    posted = {
        "tier": 2,
        "effective_on": "2026-12-03",
        "rationale": "",
        "latest_decision": opened.initial.get("latest_decision") or "",
        **data,
    }
    return client.post(url, posted)


@pytest.mark.django_db
def test_ceo_records_the_recommended_tier_and_its_signals_are_kept(
    client, ceo, school_a, recommends_tier_2, django_capture_on_commit_callbacks
):
    client.force_login(ceo)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, school_a)

    assert response.status_code == 302
    decision = TierDecision.objects.get(school=school_a)
    assert (decision.tier, decision.recommended_tier) == (2, 2)
    assert decision.decided_by == ceo
    assert decision.effective_on == datetime.date(2026, 12, 3)
    assert [s["criterion"] for s in decision.signals] == [
        "inspection",
        "finance",
        "attendance",
    ]
    assert decision.signals[1]["tier"] is None


@pytest.mark.django_db
def test_a_tier_that_differs_from_the_recommendation_needs_a_rationale(
    client, ceo, school_a, recommends_tier_2
):
    client.force_login(ceo)

    response = _decide(client, school_a, tier=3)

    assert response.status_code == 200
    assert "Say why the tier differs" in response.content.decode()
    assert not TierDecision.objects.exists()

    _decide(client, school_a, tier=3, rationale="Safeguarding concerns at visit.")
    decision = TierDecision.objects.get()
    assert decision.tier == 3
    assert decision.rationale == "Safeguarding concerns at visit."


@pytest.mark.django_db
def test_a_change_of_tier_emails_the_headteacher_and_announces_it(
    client, ceo, headteacher, school_a, recommends_tier_2,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    tier_changed.connect(receiver)
    client.force_login(ceo)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _decide(client, school_a)
        with django_capture_on_commit_callbacks(execute=True):
            _decide(client, school_a)  # the same tier again: no change
    finally:
        tier_changed.disconnect(receiver)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [headteacher.email]
    assert "Tier 2" in mail.outbox[0].subject
    assert [(h["old_tier"], h["new_tier"]) for h in heard] == [(None, 2)]
    assert TierDecision.objects.count() == 2


@pytest.mark.django_db
def test_decisions_are_kept_and_the_latest_is_current(client, ceo, governor, school_a):
    tier_decision_record(school=school_a, tier=1, decided_by=ceo)
    tier_decision_record(
        school=school_a, tier=2, decided_by=ceo, rationale="Correction."
    )

    client.force_login(governor)
    page = client.get(reverse("categorisation:school_tier", args=[school_a.urn]))

    assert TierDecision.objects.filter(school=school_a).count() == 2
    assert page.context["current"].tier == 2
    assert "Correction." in page.content.decode()


@pytest.mark.django_db
def test_a_decision_recorded_meanwhile_is_not_saved_over(
    client, ceo, admin_user, school_a, recommends_tier_2
):
    client.force_login(ceo)
    url = reverse("categorisation:decision_create", args=[school_a.urn])
    client.get(url)
    tier_decision_record(school=school_a, tier=1, decided_by=admin_user)

    response = client.post(
        url, {"tier": 2, "effective_on": "2026-12-03", "latest_decision": ""}
    )

    assert response.status_code == 302
    assert list(TierDecision.objects.values_list("tier", flat=True)) == [1]


@pytest.mark.django_db
def test_headteacher_reads_own_tier_and_reasons_but_cannot_decide(
    client, headteacher, school_a, school_b, recommends_tier_2
):
    client.force_login(headteacher)

    page = client.get(reverse("categorisation:school_tier", args=[school_a.urn]))
    decide = client.get(reverse("categorisation:decision_create", args=[school_a.urn]))
    other = client.get(reverse("categorisation:school_tier", args=[school_b.urn]))

    assert "Requires improvement on 4 May 2023." in page.content.decode()
    assert "Record a tier decision" not in page.content.decode()
    assert decide.status_code == 403
    assert other.status_code == 404


@pytest.mark.django_db
def test_school_list_filters_and_exports_by_tier(client, ceo, school_a, school_b):
    tier_decision_record(school=school_a, tier=3, decided_by=ceo)
    tier_decision_record(school=school_b, tier=1, decided_by=ceo)
    client.force_login(ceo)

    page = client.get(reverse("schools:list"), {"current_tier": 3}).content.decode()
    export = client.get(reverse("schools:list"), {"format": "csv"}).content.decode()

    assert school_a.name in page
    assert school_b.name not in page
    assert "Tier 3" in export.splitlines()[1] or "Tier 3" in export


@pytest.mark.django_db
def test_tier_overview_shows_only_the_headteachers_school(
    client, ceo, headteacher, school_a, school_b
):
    tier_decision_record(school=school_b, tier=2, decided_by=ceo)
    client.force_login(headteacher)

    page = client.get(reverse("categorisation:tiers")).content.decode()

    assert school_a.name in page
    assert school_b.name not in page
