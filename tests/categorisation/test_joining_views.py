import datetime

import pytest
from django.core import mail
from django.urls import reverse

from categorisation.joining_services import (
    joining_review_record,
    team_size_suggested,
)
from categorisation.models import JoiningFinding, JoiningReview, TierDecision
from schools.models import ImprovementArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    return list(ImprovementArea.objects.active()[:2])


def _create_url(school):
    return reverse("categorisation:joining_review_create", args=[school.urn])


def _review_url(review):
    return reverse(
        "categorisation:joining_review",
        kwargs={"urn": review.school.urn, "review_pk": review.pk},
    )


def _findings_data(rows, total=None):
    data = {
        "findings-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "1",
        "findings-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"findings-{index}-{name}"] = value
    return data


def _review_data(areas, findings=None, **overrides):
    if findings is None:
        findings = [
            {"area": areas[0].pk, "kind": "strength", "text": "Leaders know pupils."},
            {"area": areas[1].pk, "kind": "development", "text": "Phonics is patchy."},
            {"area": "", "kind": "", "text": ""},
        ]
    return {
        "starts_on": "2026-12-03",
        "ends_on": "2026-12-04",
        "trust_participants": "Ann Lee, CEO\nRaj Patel, director of education",
        "school_participants": "Sam Green, headteacher",
        "team_size": "2",
        "summary": "A school with strong care and uneven reading.",
        **_findings_data(findings),
        **overrides,
    }


def _recorded_review(school, areas, recorded_by):
    return joining_review_record(
        school=school,
        data={
            "starts_on": datetime.date(2026, 12, 3),
            "ends_on": datetime.date(2026, 12, 4),
            "trust_participants": "Ann Lee, CEO",
            "school_participants": "Sam Green, headteacher",
            "team_size": 2,
            "summary": "",
        },
        findings=[
            {"area": areas[0], "kind": "strength", "text": "Leaders know pupils."},
            {"area": areas[1], "kind": "development", "text": "Phonics is patchy."},
        ],
        recorded_by=recorded_by,
    )


@pytest.mark.parametrize(
    ("pupils", "team_size"),
    [
        (None, None),
        (0, 2),
        (210, 2),
        (211, 3),
        (420, 3),
        (421, 4),
        (1000, 4),
        (1001, 5),
        (2400, 5),
    ],
)
def test_team_size_is_suggested_by_school_size(pupils, team_size):
    assert team_size_suggested(pupils) == team_size


def test_ceo_records_a_joining_review_then_the_initial_tier(
    client, people, school_a, areas, django_capture_on_commit_callbacks
):
    school_a.number_of_pupils = 312
    school_a.status = "joining"
    school_a.save()
    client.force_login(people["ceo"])
    page = client.get(_create_url(school_a)).content.decode()
    assert "Suggested for 312 pupils: 3." in page
    assert 'name="team_size" value="3"' in page

    response = client.post(_create_url(school_a), _review_data(areas))

    review = JoiningReview.objects.get()
    assert response.status_code == 302
    assert response.url == f"{_review_url(review)}#initial-tier"
    assert (review.school, review.recorded_by) == (school_a, people["ceo"])
    assert review.ends_on == datetime.date(2026, 12, 4)
    assert sorted(review.findings.values_list("kind", "area")) == [
        ("development", areas[1].pk),
        ("strength", areas[0].pk),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _review_url(review),
            {
                "tier": "2",
                "effective_on": "2027-01-04",
                "rationale": "Reading needs support.",
            },
        )

    assert response.status_code == 302
    decision = TierDecision.objects.get()
    assert decision.joining_review == review
    assert (decision.school, decision.tier) == (school_a, 2)
    assert decision.rationale == "Reading needs support."
    assert decision.effective_on == datetime.date(2027, 1, 4)
    assert [message.to for message in mail.outbox] == [["headteacher@example.org"]]
    page = client.get(_review_url(review)).content.decode()
    assert "Tier 2" in page and "Reading needs support." in page
    assert "Record the initial tier</button>" not in page


def test_an_open_school_may_have_a_re_review(client, people, school_a, areas):
    client.force_login(people["admin"])

    page = client.get(_create_url(school_a)).content.decode()
    response = client.post(_create_url(school_a), _review_data(areas))

    assert "so this is a re-review" in page
    assert response.status_code == 302
    assert JoiningReview.objects.filter(school=school_a).count() == 1


def test_a_review_without_findings_is_refused_and_nothing_written(
    client, people, school_a, areas
):
    client.force_login(people["ceo"])
    blank = [{"area": "", "kind": "", "text": ""}] * 3

    response = client.post(_create_url(school_a), _review_data(areas, blank))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Record at least one finding" in page
    assert "This field is required" not in page
    assert not JoiningReview.objects.exists()
    assert not JoiningFinding.objects.exists()


def test_a_half_filled_finding_is_refused_on_its_row(client, people, school_a, areas):
    client.force_login(people["ceo"])
    findings = [{"area": areas[0].pk, "kind": "", "text": "Good."}]

    response = client.post(_create_url(school_a), _review_data(areas, findings))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Finding 1, strength or development point: This field is required." in page
    assert 'id="id_findings-0-kind_error"' in page
    assert not JoiningReview.objects.exists()


def test_a_review_ending_before_it_starts_is_refused(client, people, school_a, areas):
    client.force_login(people["ceo"])

    response = client.post(
        _create_url(school_a), _review_data(areas, ends_on="2026-12-02")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "The review cannot end before it starts."
    ]
    assert "Leaders know pupils." in response.content.decode()
    assert not JoiningReview.objects.exists()


def test_add_another_finding_keeps_what_was_typed(client, people, school_a, areas):
    client.force_login(people["ceo"])
    data = {**_review_data(areas), "add_finding": "1"}

    response = client.post(_create_url(school_a), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 4
    page = response.content.decode()
    assert "Phonics is patchy." in page
    assert "Ann Lee, CEO" in page
    assert 'role="alert"' not in page
    assert not JoiningReview.objects.exists()


def test_the_initial_tier_needs_a_rationale(client, people, school_a, areas):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["ceo"])

    response = client.post(
        _review_url(review),
        {"tier": "1", "effective_on": "2027-01-04", "rationale": " "},
    )

    assert response.status_code == 200
    assert "Why this tier: This field is required." in response.content.decode()
    assert not TierDecision.objects.exists()


def test_the_initial_tier_is_recorded_once(client, people, school_a, areas):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["admin"])
    data = {"tier": "1", "effective_on": "2027-01-04", "rationale": "Strong."}

    client.post(_review_url(review), data)
    response = client.post(_review_url(review), {**data, "tier": "3"})

    assert response.status_code == 302
    assert list(TierDecision.objects.values_list("tier", flat=True)) == [1]


def test_headteacher_reads_own_schools_review_without_deciding(
    client, people, school_a, areas
):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["headteacher"])

    response = client.get(_review_url(review))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Joining review, 3 December 2026 to 4 December 2026" in page
    assert f">{areas[0].name}</h4>" in page
    assert "Leaders know pupils." in page and "Phonics is patchy." in page
    assert "Development points" in page
    assert "No tier has been recorded from this review yet." in page
    assert "<form" not in page.split('id="initial-tier"')[1]


def test_headteacher_cannot_record_the_tier(client, people, school_a, areas):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["headteacher"])

    response = client.post(
        _review_url(review),
        {"tier": "1", "effective_on": "2027-01-04", "rationale": "Mine."},
    )

    assert response.status_code == 403
    assert not TierDecision.objects.exists()


def test_other_schools_headteacher_cannot_find_the_review(
    client, people, school_a, areas
):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["other_headteacher"])

    assert client.get(_review_url(review)).status_code == 404
    assert client.get(_create_url(school_a)).status_code == 404


def test_a_review_is_not_found_under_another_school(
    client, people, school_a, school_b, areas
):
    review = _recorded_review(school_a, areas, people["ceo"])
    client.force_login(people["ceo"])
    url = reverse(
        "categorisation:joining_review",
        kwargs={"urn": school_b.urn, "review_pk": review.pk},
    )

    assert client.get(url).status_code == 404


def test_governor_cannot_record_a_review(client, people, school_a, areas):
    client.force_login(people["governor"])

    assert client.get(_create_url(school_a)).status_code == 403
    assert client.post(_create_url(school_a), _review_data(areas)).status_code == 403
    assert not JoiningReview.objects.exists()
