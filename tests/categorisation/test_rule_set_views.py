import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from categorisation.models import RuleSet
from categorisation.rule_set_services import rule_set_save
from categorisation.thresholds import THRESHOLDS, default_thresholds

from ..conftest import NOT_ADMINS

pytestmark = pytest.mark.django_db

LIST_URL = reverse("categorisation:rule_sets")


def _edit_url(academic_year):
    return reverse("categorisation:rule_set_edit", args=[academic_year])


@pytest.fixture(autouse=True)
def autumn_2025(monkeypatch):
    """Today is in 2025/26."""
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda: datetime.date(2025, 11, 10)
    )


def _save(academic_year, user, notes="", **changes):
    values = {**default_thresholds(), **{k: Decimal(v) for k, v in changes.items()}}
    return rule_set_save(
        academic_year=academic_year, values=values, notes=notes, saved_by=user
    )


def _form_data(response, notes="", **changes):
    """What the opened form would post, with some values typed over."""
    form = response.context["form"]
    data = {key: str(form[key].value()) for key in form.fields}
    data["notes"] = notes
    data.update(changes)
    return data


def test_everyone_signed_in_reads_the_list_and_sees_defaults_in_force(client, people):
    for key in NOT_ADMINS:
        client.force_login(people[key])

        response = client.get(LIST_URL)

        assert response.status_code == 200
        page = response.content.decode()
        assert "In force now (2025/26)" in page
        assert "the defaults, because no rule set has been saved" in page
        assert "Set the thresholds for" not in page


def test_list_names_the_earlier_years_set_in_force_and_who_changed_it(client, people):
    _save(2024, people["admin"], notes="Wider gaps after the new tests.")
    client.force_login(people["headteacher"])

    page = client.get(LIST_URL).content.decode()

    assert "the 2024/25 rule set, because there is none for 2025/26 yet" in page
    assert "<td>Admin</td>" in page  # who changed it
    assert "Wider gaps after the new tests." in page
    assert "In force now</span>" in page


def test_admin_is_offered_the_years_without_a_set(client, people):
    _save(2025, people["admin"])
    client.force_login(people["admin"])

    page = client.get(LIST_URL).content.decode()

    assert "Set the thresholds for 2026/27" in page
    assert "Set the thresholds for 2025/26" not in page
    assert _edit_url(2025) in page


@pytest.mark.parametrize("key", NOT_ADMINS)
def test_only_the_admin_edits_rule_sets(client, people, key):
    client.force_login(people[key])

    assert client.get(_edit_url(2025)).status_code == 403
    assert client.post(_edit_url(2025), {"notes": "x"}).status_code == 403
    assert not RuleSet.objects.exists()


def test_admin_creates_a_years_set_starting_from_the_defaults(client, people):
    admin = people["admin"]
    client.force_login(admin)

    opened = client.get(_edit_url(2025))
    page = opened.content.decode()
    assert "There is no rule set for 2025/26 yet" in page
    assert "the defaults, as no earlier rule set exists" in page
    assert 'name="percent_gap_tier2" value="5"' in page
    assert '<legend class="h4">Outcomes against national</legend>' in page
    assert '<label class="form-label mb-0" for="id_percent_gap_tier2">' in page

    response = client.post(_edit_url(2025), _form_data(opened))

    assert response.status_code == 302
    rule_set = RuleSet.objects.get()
    assert rule_set.academic_year == 2025
    assert rule_set.updated_by == admin
    assert rule_set.values() == default_thresholds()
    assert rule_set.thresholds["progress_tier2"] == "-0.3"


def test_new_year_starts_from_the_previous_years_values_shown_beside(client, people):
    _save(2024, people["admin"], percent_gap_tier2="7", notes="Wider gap.")
    client.force_login(people["admin"])

    opened = client.get(_edit_url(2025))
    page = opened.content.decode()
    assert 'name="percent_gap_tier2" value="7"' in page
    assert '<th scope="col" class="text-end">2024/25</th>' in page
    assert "Changed<span" not in page

    response = client.post(
        _edit_url(2025),
        _form_data(opened, notes="Back towards national.", percent_gap_tier2="6"),
    )

    assert response.status_code == 302
    assert RuleSet.objects.get(academic_year=2025).values()["percent_gap_tier2"] == 6
    assert RuleSet.objects.get(academic_year=2024).values()["percent_gap_tier2"] == 7
    page = client.get(_edit_url(2025)).content.decode()
    assert 'Changed<span class="visually-hidden"> from 7</span>' in page


def test_admin_edits_an_existing_set(client, people):
    rule_set = _save(2025, people["ceo"])
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))

    response = client.post(
        _edit_url(2025),
        _form_data(
            opened, notes="Tighter attendance.", absence_above_national_tier2="0.5"
        ),
    )

    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.values()["absence_above_national_tier2"] == Decimal("0.5")
    assert rule_set.notes == "Tighter attendance."
    assert rule_set.updated_by == people["admin"]


def test_changing_a_threshold_needs_a_reason(client, people):
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))

    response = client.post(_edit_url(2025), _form_data(opened, percent_gap_tier2="6"))

    assert response.status_code == 200
    assert "Say why the thresholds changed from 2024/25." in response.content.decode()
    assert not RuleSet.objects.exists()


def test_a_value_out_of_range_is_refused_and_nothing_written(client, people):
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))

    response = client.post(
        _edit_url(2025), _form_data(opened, notes="Try.", percent_gap_tier2="99")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Points below national for Tier 2: Enter a value from 0 to 50." in page
    assert 'id="id_percent_gap_tier2_error"' in page
    assert 'value="99"' in page
    assert not RuleSet.objects.exists()


def test_a_tier_3_bar_inside_tier_2s_is_refused_on_its_field(client, people):
    rule_set = _save(2025, people["admin"])
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))

    response = client.post(
        _edit_url(2025), _form_data(opened, notes="Try.", percent_gap_tier3="4")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["percent_gap_tier3"] == [
        "The Tier 3 bar must be beyond the Tier 2 bar."
    ]
    assert "percent_gap_tier2" not in form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.values()["percent_gap_tier3"] == 10


def test_a_stale_edit_is_refused_and_keeps_the_typed_values(client, people):
    rule_set = _save(2025, people["admin"])
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))
    # Another admin saves after this page was opened.
    _save(2025, people["admin"], notes="Theirs.", staff_costs_tier2="85")

    response = client.post(
        _edit_url(2025), _form_data(opened, notes="Mine.", staff_costs_tier2="80")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes here" in page
    assert 'name="staff_costs_tier2" value="80"' in page
    rule_set.refresh_from_db()
    assert rule_set.values()["staff_costs_tier2"] == 85
    assert rule_set.notes == "Theirs."


def test_a_set_created_by_someone_else_meanwhile_is_not_overwritten(client, people):
    client.force_login(people["admin"])
    opened = client.get(_edit_url(2025))
    _save(2025, people["ceo"], notes="First.", staff_costs_tier2="85")

    response = client.post(
        _edit_url(2025), _form_data(opened, notes="Second.", staff_costs_tier2="80")
    )

    assert response.status_code == 200
    assert "Someone else saved changes here" in response.content.decode()
    assert RuleSet.objects.get().notes == "First."


def test_a_year_outside_the_calendar_is_not_found(client, people):
    client.force_login(people["admin"])

    assert client.get(_edit_url(1999)).status_code == 404


def test_values_round_trip_as_decimals(people):
    values = {
        threshold.key: threshold.default + Decimal("0.25") for threshold in THRESHOLDS
    }
    values["progress_tier2"] = Decimal("-0.35")
    values["progress_tier3"] = Decimal("-0.75")
    values["persistent_years"] = Decimal("2")

    rule_set_save(academic_year=2025, values=values, notes="", saved_by=people["admin"])

    rule_set = RuleSet.objects.get()
    assert rule_set.thresholds["progress_tier2"] == "-0.35"
    read = rule_set.values()
    assert read == values
    assert all(isinstance(value, Decimal) for value in read.values())
