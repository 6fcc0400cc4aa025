from decimal import Decimal

import pytest
from django.urls import reverse

from evidence.models import NationalComparator

from ..conftest import NOT_ADMINS

LIST_URL = reverse("evidence:comparators")
CREATE_URL = reverse("evidence:comparator_create")
KS2_2024 = {"measure": "ks2_rwm_expected", "academic_year": 2024}


def _edit_url(comparator):
    return reverse("evidence:comparator_edit", args=[comparator.pk])


def _new_figure(**changes):
    return {
        "measure": "phonics_expected",
        "academic_year": "2025/26",
        "value": "81",
        "source": "DfE phonics screening check 2026",
        **changes,
    }


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["headteacher", "governor", "trustee", "no_role"])
def test_everyone_signed_in_reads_the_national_figures(client, people, role):
    client.force_login(people[role])

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "KS2 reading, writing and maths at the expected standard" in page
    assert "62%" in page
    assert "Add a national figure" not in page


@pytest.mark.django_db
def test_list_filters_by_group_and_year(admin_client):
    response = admin_client.get(
        LIST_URL, {"group": "Attendance", "academic_year": "2023"}
    )

    shown = [row["comparator"] for row in response.context["rows"]]
    assert {(c.measure, c.academic_year) for c in shown} == {
        ("overall_absence", 2023),
        ("persistent_absence", 2023),
        ("severe_absence", 2023),
    }


@pytest.mark.django_db
def test_list_exports_the_filtered_figures_as_csv(admin_client):
    response = admin_client.get(LIST_URL, {"group": "Key stage 4", "format": "csv"})

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("Measure,Measure key,Group,Academic year,Value")
    assert "Attainment 8,ks4_attainment8,Key stage 4,2022/23,46.20,score," in (
        response.content.decode()
    )
    assert (
        len(lines)
        == 1 + NationalComparator.objects.filter(measure__startswith="ks4_").count()
    )


@pytest.mark.django_db
def test_admin_adds_a_national_figure(admin_client):
    response = admin_client.post(CREATE_URL, _new_figure())

    assert response["Location"] == LIST_URL
    figure = NationalComparator.objects.get(
        measure="phonics_expected", academic_year=2025
    )
    assert figure.value == Decimal("81")


@pytest.mark.django_db
def test_admin_corrects_a_national_figure(admin_client):
    figure = NationalComparator.objects.get(**KS2_2024)
    data = _new_figure(measure="ks2_rwm_expected", academic_year="2024/25")
    data.update(value="62.5", version=figure.updated_at.isoformat())

    response = admin_client.post(_edit_url(figure), data)

    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == Decimal("62.5")


@pytest.mark.django_db
def test_edit_form_shows_the_year_as_typed(admin_client):
    figure = NationalComparator.objects.get(**KS2_2024)

    response = admin_client.get(_edit_url(figure))

    assert 'value="2024/25"' in response.content.decode()


@pytest.mark.django_db
def test_second_figure_for_the_same_measure_and_year_is_refused(admin_client):
    data = _new_figure(measure="ks2_rwm_expected", academic_year="2024/25")

    response = admin_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "There is already a national figure for this measure and year" in (
        response.content.decode()
    )
    assert NationalComparator.objects.filter(**KS2_2024).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "101"}, "A percentage is between 0 and 100."),
        ({"value": "-3"}, "A percentage is between 0 and 100."),
        (
            {"measure": "mtc_average", "value": "26"},
            "The multiplication tables check has 25 questions.",
        ),
        ({"academic_year": "2025"}, "Enter the year as two years with a slash"),
    ],
)
def test_value_outside_its_measures_range_is_refused(admin_client, changes, message):
    before = NationalComparator.objects.count()

    response = admin_client.post(CREATE_URL, _new_figure(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert NationalComparator.objects.count() == before


@pytest.mark.django_db
def test_negative_progress_score_is_allowed(admin_client):
    data = _new_figure(measure="ks4_progress8", academic_year="2026/27", value="-0.03")

    response = admin_client.post(CREATE_URL, data)

    assert response.status_code == 302


@pytest.mark.django_db
def test_stale_edit_is_refused_and_keeps_the_typed_value(admin_client):
    figure = NationalComparator.objects.get(**KS2_2024)
    opened = figure.updated_at.isoformat()
    data = _new_figure(measure="ks2_rwm_expected", academic_year="2024/25")
    admin_client.post(_edit_url(figure), {**data, "value": "63", "version": opened})

    response = admin_client.post(
        _edit_url(figure), {**data, "value": "64", "version": opened}
    )

    assert "Nothing was saved" in response.content.decode()
    assert 'value="64"' in response.content.decode()
    figure.refresh_from_db()
    assert figure.value == Decimal("63")


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMINS)
def test_only_the_admin_adds_or_edits_figures(client, people, role):
    client.force_login(people[role])
    figure = NationalComparator.objects.get(**KS2_2024)

    created = client.post(CREATE_URL, _new_figure())
    edited = client.post(_edit_url(figure), _new_figure(value="1"))

    assert created.status_code == 403
    assert edited.status_code == 403
    figure.refresh_from_db()
    assert figure.value == Decimal("62")
    assert not NationalComparator.objects.filter(academic_year=2025).exists()
