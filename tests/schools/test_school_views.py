import pytest
from django.urls import reverse

from schools.forms import SchoolForm
from schools.models import School


def _form_data(school, **changes):
    form = SchoolForm(instance=school)
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if name != "urn"
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_admin_edits_a_school(admin_client, school_a):
    url = reverse("schools:edit", args=[school_a.urn])
    response = admin_client.post(url, _form_data(school_a, number_of_pupils=230))

    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.number_of_pupils == 230


@pytest.mark.django_db
def test_second_editor_does_not_overwrite_the_first(admin_client, school_a):
    url = reverse("schools:edit", args=[school_a.urn])
    first = _form_data(school_a, number_of_pupils=230)
    second = _form_data(school_a, town="Belper")
    admin_client.post(url, first)

    response = admin_client.post(url, second)

    school_a.refresh_from_db()
    assert school_a.number_of_pupils == 230
    assert school_a.town != "Belper"
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert 'value="Belper"' in page


@pytest.mark.django_db
def test_stale_editor_can_save_again_after_the_warning(admin_client, school_a):
    url = reverse("schools:edit", args=[school_a.urn])
    stale = _form_data(school_a, town="Belper")
    admin_client.post(url, _form_data(school_a, number_of_pupils=230))
    warned = admin_client.post(url, stale)
    retry = {**stale, "version": warned.context["form"].data["version"]}

    response = admin_client.post(url, retry)

    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.town == "Belper"


@pytest.mark.django_db
def test_invalid_edit_re_renders_with_errors_and_changes_nothing(
    admin_client, school_a
):
    url = reverse("schools:edit", args=[school_a.urn])
    data = _form_data(school_a, statutory_low_age=11, statutory_high_age=4)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "The upper age must not be below the lower age." in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.statutory_low_age == 4


@pytest.mark.django_db
def test_admin_adds_a_school_and_bad_urn_is_explained(admin_client):
    data = {
        "urn": "12345",
        "name": "New Academy",
        "phase": "primary",
        "establishment_type": "Academy converter",
        "local_authority": "Derby",
        "status": "joining",
    }
    response = admin_client.post(reverse("schools:create"), data)
    assert "A URN is a six-digit number." in response.content.decode()
    assert not School.objects.filter(name="New Academy").exists()

    response = admin_client.post(reverse("schools:create"), {**data, "urn": "123456"})
    assert response.status_code == 302
    assert School.objects.get(urn="123456").name == "New Academy"


@pytest.mark.django_db
def test_school_list_filters_and_exports_only_visible_schools(
    client, headteacher, school_a, school_b
):
    client.force_login(headteacher)
    export = client.get(reverse("schools:list"), {"format": "csv"}).content.decode()

    assert school_a.urn in export
    assert school_b.urn not in export


@pytest.mark.django_db
def test_school_list_search_by_urn(client, ceo, school_a, school_b):
    client.force_login(ceo)
    page = client.get(reverse("schools:list"), {"q": school_b.urn}).content.decode()

    assert school_b.name in page
    assert school_a.name not in page


@pytest.mark.django_db
def test_profile_shows_the_headteacher(client, ceo, headteacher, school_a):
    client.force_login(ceo)
    page = client.get(school_a.get_absolute_url()).content.decode()

    assert headteacher.full_name in page
    assert "Headteacher" in page


@pytest.mark.django_db
def test_csv_export_does_not_let_a_cell_run_as_a_formula(client, ceo, school_a):
    school_a.name = '=HYPERLINK("http://evil.example")'
    school_a.save()
    client.force_login(ceo)

    export = client.get(reverse("schools:list"), {"format": "csv"}).content.decode()

    assert "'=HYPERLINK" in export
    assert ",=HYPERLINK" not in export
