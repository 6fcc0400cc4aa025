import datetime

import pytest
from django.urls import reverse

from schools.calendar import calendar_propose
from schools.calendar_forms import AcademicYearDatesForm
from schools.models import AcademicYear, HalfTerm, Term
from schools.services import academic_year_create

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("schools:calendar_create")


def _post_data(start_year, **overrides):
    """The proposal for start_year as the create form would post it."""
    initial = AcademicYearDatesForm.initial_from_dates(calendar_propose(start_year))
    data = {name: day.isoformat() for name, day in initial.items()}
    data["start_year"] = str(start_year)
    data.update(overrides)
    return data


def _pin_today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: day)


@pytest.fixture
def year_2025(db):
    return academic_year_create(start_year=2025, dates=calendar_propose(2025))


def test_anonymous_is_sent_to_sign_in(client, year_2025):
    for url in (
        reverse("schools:calendar"),
        CREATE_URL,
        year_2025.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_everyone_signed_in_reads_the_overview(client, people, year_2025):
    for person in people.values():
        client.force_login(person)
        response = client.get(reverse("schools:calendar"))
        assert response.status_code == 200
        assert "2025/26" in response.content.decode()


def test_overview_lists_terms_and_marks_the_current_year(client, people, monkeypatch):
    academic_year_create(start_year=2025, dates=calendar_propose(2025))
    academic_year_create(start_year=2026, dates=calendar_propose(2026))
    client.force_login(people["headteacher"])
    _pin_today(monkeypatch, datetime.date(2025, 11, 10))

    page = client.get(reverse("schools:calendar")).content.decode()

    assert "2025/26" in page and "2026/27" in page
    assert "3 November 2025" in page  # autumn 2 starts
    assert page.count("Current year") == 1
    assert page.index("Current year") > page.index('id="year-2025"')
    assert "weekdays in term time" in page
    assert "Add an academic year" not in page


def test_admin_sees_the_proposal_for_the_year_after_the_latest(
    client, people, year_2025
):
    client.force_login(people["admin"])

    page = client.get(CREATE_URL).content.decode()

    assert "Dates for 2026/27" in page
    assert 'value="2026-09-02"' in page  # autumn 1 starts, pre-filled
    assert '<label class="visually-hidden" for="id_half_term_1_starts_on">' in page
    assert "Autumn 1 starts" in page


def test_admin_without_any_years_is_offered_the_current_one(
    client, people, monkeypatch
):
    client.force_login(people["admin"])
    _pin_today(monkeypatch, datetime.date(2026, 2, 1))

    page = client.get(CREATE_URL).content.decode()

    assert "Dates for 2025/26" in page


def test_admin_creates_a_year(client, people):
    client.force_login(people["admin"])

    response = client.post(CREATE_URL, _post_data(2025))

    academic_year = AcademicYear.objects.get()
    assert response.status_code == 302
    assert response.url == academic_year.get_absolute_url()
    assert academic_year.start_year == 2025
    assert academic_year.starts_on == datetime.date(2025, 9, 1)
    assert academic_year.ends_on == datetime.date(2026, 8, 31)
    assert Term.objects.filter(academic_year=academic_year).count() == 3
    assert HalfTerm.objects.filter(term__academic_year=academic_year).count() == 6
    half_term = HalfTerm.objects.get(term__name="spring", number=4)
    assert half_term.starts_on == datetime.date(2026, 2, 23)


def test_admin_creates_a_year_with_edited_dates(client, people):
    client.force_login(people["admin"])

    client.post(
        CREATE_URL,
        _post_data(
            2025,
            autumn_starts_on="2025-09-01",
            half_term_1_starts_on="2025-09-01",
        ),
    )

    assert HalfTerm.objects.get(number=1).starts_on == datetime.date(2025, 9, 1)


def test_invalid_dates_are_shown_again_and_nothing_is_written(client, people):
    client.force_login(people["admin"])

    response = client.post(
        CREATE_URL, _post_data(2025, half_term_2_starts_on="2025-10-20")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Autumn 2 must start after autumn 1 ends on 24 October 2025." in page
    assert 'value="2025-10-20"' in page  # the admin's entry is kept
    assert not AcademicYear.objects.exists()
    assert not Term.objects.exists()
    assert not HalfTerm.objects.exists()


def test_a_missing_date_is_refused(client, people):
    client.force_login(people["admin"])

    response = client.post(CREATE_URL, _post_data(2025, spring_ends_on=""))

    assert "Spring term ends: This field is required." in response.content.decode()
    assert not AcademicYear.objects.exists()


def test_a_duplicate_year_is_refused(client, people, year_2025):
    client.force_login(people["admin"])
    changed = _post_data(2025, autumn_starts_on="2025-09-01")

    response = client.post(CREATE_URL, changed)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The academic year 2025/26 already exists" in page
    assert AcademicYear.objects.count() == 1
    assert Term.objects.get(name="autumn").starts_on == datetime.date(2025, 9, 2)


def test_choosing_an_existing_year_offers_its_page_instead(client, people, year_2025):
    client.force_login(people["admin"])

    page = client.get(CREATE_URL, {"start_year": 2025}).content.decode()

    assert "already exists" in page
    assert year_2025.get_absolute_url() in page
    assert 'type="date"' not in page


def test_an_impossible_start_year_is_refused(client, people):
    client.force_login(people["admin"])

    response = client.get(CREATE_URL, {"start_year": 1850})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Year starting in September: Ensure this value is greater than" in page
    assert 'type="date"' not in page


def test_admin_edits_a_half_term_date(client, people, year_2025):
    client.force_login(people["admin"])
    data = _post_data(2025, half_term_5_ends_on="2026-05-21")
    del data["start_year"]
    data["version"] = year_2025.updated_at.isoformat()

    response = client.post(year_2025.get_absolute_url(), data)

    assert response.status_code == 302
    half_term = HalfTerm.objects.get(term__academic_year=year_2025, number=5)
    half_term.refresh_from_db()
    assert half_term.ends_on == datetime.date(2026, 5, 21)


def test_an_invalid_edit_changes_nothing(client, people, year_2025):
    client.force_login(people["admin"])
    data = _post_data(2025, half_term_5_ends_on="2026-07-30")
    data["version"] = year_2025.updated_at.isoformat()

    response = client.post(year_2025.get_absolute_url(), data)

    assert "Summer 1 must fall within the summer term" in response.content.decode()
    half_term = HalfTerm.objects.get(number=5)
    assert half_term.ends_on == datetime.date(2026, 5, 22)


def test_admin_sees_the_edit_form(client, people, year_2025):
    client.force_login(people["admin"])

    page = client.get(year_2025.get_absolute_url()).content.decode()

    assert 'type="date"' in page
    assert 'value="2025-11-03"' in page


def test_headteacher_sees_the_year_read_only(client, people, year_2025):
    client.force_login(people["headteacher"])

    response = client.get(year_2025.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "3 November 2025" in page
    assert '<form method="post" novalidate>' not in page
    assert 'type="date"' not in page


def test_headteacher_cannot_change_the_dates(client, people, year_2025):
    client.force_login(people["headteacher"])
    data = _post_data(2025, half_term_5_ends_on="2026-05-21")

    response = client.post(year_2025.get_absolute_url(), data)

    assert response.status_code == 403
    half_term = HalfTerm.objects.get(number=5)
    assert half_term.ends_on == datetime.date(2026, 5, 22)


@pytest.mark.parametrize(
    "role", ["ceo", "trust_reviewer", "trustee", "headteacher", "governor", "no_role"]
)
def test_only_the_admin_may_add_a_year(client, people, role):
    client.force_login(people[role])

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _post_data(2025)).status_code == 403
    assert not AcademicYear.objects.exists()


def test_unknown_year_is_not_found(client, people):
    client.force_login(people["admin"])

    response = client.get(reverse("schools:calendar_year", args=[2031]))

    assert response.status_code == 404


def test_a_seed_command_can_create_a_year_without_a_user(db):
    academic_year = academic_year_create(start_year=2030, dates=calendar_propose(2030))

    assert academic_year.terms.count() == 3
    assert HalfTerm.objects.filter(term__academic_year=academic_year).count() == 6


@pytest.mark.django_db
def test_second_calendar_editor_does_not_overwrite_the_first(client, people):
    from schools.calendar import calendar_propose
    from schools.models import HalfTerm
    from schools.services import academic_year_create

    year = academic_year_create(start_year=2025, dates=calendar_propose(2025))
    client.force_login(people["admin"])
    url = reverse("schools:calendar_year", args=[2025])
    opened = client.get(url).context["form"]
    data = {name: opened[name].value() for name in opened.fields}
    data["version"] = opened["version"].value()
    first = {**data, "half_term_1_ends_on": "2025-10-23"}
    second = {**data, "half_term_6_ends_on": "2026-07-16"}
    client.post(url, first)

    response = client.post(url, second)

    assert "Nothing was saved" in response.content.decode()
    halves = {h.number: h for h in HalfTerm.objects.filter(term__academic_year=year)}
    assert str(halves[1].ends_on) == "2025-10-23"
    assert str(halves[6].ends_on) != "2026-07-16"
