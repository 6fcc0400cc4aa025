import pytest
from django.urls import reverse

from schools.models import ImprovementArea
from schools.services import improvement_area_create
from tests.conftest import NOT_ADMINS

pytestmark = pytest.mark.django_db

LIST_URL = reverse("schools:areas")
CREATE_URL = reverse("schools:area_create")


def _edit_url(area):
    return reverse("schools:area_edit", args=[area.slug])


@pytest.fixture
def reading():
    return ImprovementArea.objects.get(slug="reading-and-phonics")


def test_the_seeded_vocabulary_is_listed_in_order(client, people):
    client.force_login(people["governor"])

    page = client.get(LIST_URL).content.decode()

    assert page.index("Curriculum and teaching") < page.index("Mathematics")
    assert page.index("Mathematics") < page.index("Finance")
    assert "<caption>12 improvement areas" in page


def test_admin_adds_an_area(client, people):
    client.force_login(people["admin"])

    response = client.post(
        CREATE_URL,
        {"name": "Oracy & Writing", "description": "Talk for writing.", "position": 5},
    )

    assert response.status_code == 302
    assert response.url == LIST_URL
    area = ImprovementArea.objects.get(name="Oracy & Writing")
    assert area.slug == "oracy-writing"
    assert area.description == "Talk for writing."
    assert area.position == 5
    assert area.is_active
    page = client.get(LIST_URL).content.decode()
    assert page.index("Oracy &amp; Writing") < page.index("Curriculum and teaching")


def test_new_area_is_offered_a_position_after_the_last(client, people):
    client.force_login(people["admin"])

    page = client.get(CREATE_URL).content.decode()

    assert 'value="130"' in page  # the seeded areas run from 10 to 120
    assert "Active" not in page


def test_duplicate_name_is_refused_whatever_its_case(client, people):
    client.force_login(people["admin"])

    response = client.post(CREATE_URL, {"name": "MATHEMATICS", "position": 1})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "There is already an improvement area called “MATHEMATICS”." in page
    assert ImprovementArea.objects.filter(name__iexact="mathematics").count() == 1


def test_slug_stays_unique_when_names_differ_only_in_punctuation(db):
    first = improvement_area_create(name="Maths & English")
    second = improvement_area_create(name="Maths English")

    assert first.slug == "maths-english"
    assert second.slug == "maths-english-2"


def test_admin_edits_an_area(client, people, reading):
    client.force_login(people["admin"])

    response = client.post(
        _edit_url(reading),
        {
            "name": "Early reading and phonics",
            "description": "Systematic synthetic phonics.",
            "position": 15,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    reading.refresh_from_db()
    assert reading.name == "Early reading and phonics"
    assert reading.description == "Systematic synthetic phonics."
    assert reading.position == 15
    assert reading.slug == "reading-and-phonics"  # links stay valid
    assert reading.is_active


def test_renaming_onto_another_name_is_refused(client, people, reading):
    client.force_login(people["admin"])

    response = client.post(
        _edit_url(reading), {"name": "attendance", "position": 20, "is_active": "on"}
    )

    assert "There is already an improvement area called" in response.content.decode()
    reading.refresh_from_db()
    assert reading.name == "Reading and phonics"


def test_admin_may_keep_an_area_name_while_changing_its_case(client, people, reading):
    client.force_login(people["admin"])

    client.post(
        _edit_url(reading),
        {"name": "Reading and Phonics", "position": 20, "is_active": "on"},
    )

    reading.refresh_from_db()
    assert reading.name == "Reading and Phonics"


def test_retiring_an_area_keeps_the_row(client, people, reading):
    client.force_login(people["admin"])

    response = client.post(
        _edit_url(reading), {"name": reading.name, "position": reading.position}
    )

    assert response.status_code == 302
    reading.refresh_from_db()
    assert not reading.is_active
    assert ImprovementArea.objects.filter(pk=reading.pk).exists()
    assert reading not in ImprovementArea.objects.active()
    page = client.get(LIST_URL).content.decode()
    assert "Reading and phonics" in page
    assert "Retired" in page


def test_unknown_area_is_not_found(client, people):
    client.force_login(people["admin"])

    response = client.get(reverse("schools:area_edit", args=["no-such-area"]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_non_admins_read_the_list_but_cannot_change_it(client, people, role, reading):
    client.force_login(people[role])

    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Add an improvement area" not in response.content.decode()
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, {"name": "Oracy", "position": 1}).status_code == 403
    assert client.get(_edit_url(reading)).status_code == 403
    assert (
        client.post(_edit_url(reading), {"name": "X", "position": 1}).status_code == 403
    )

    assert not ImprovementArea.objects.filter(name="Oracy").exists()
    reading.refresh_from_db()
    assert reading.name == "Reading and phonics"
    assert reading.is_active


def test_anonymous_is_sent_to_sign_in(client, reading):
    for url in (LIST_URL, CREATE_URL, _edit_url(reading)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
