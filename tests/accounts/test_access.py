import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_headteacher_sees_only_own_school_in_list(
    client, headteacher, school_a, school_b
):
    client.force_login(headteacher)
    response = client.get(reverse("schools:list"))
    assert response.status_code == 200
    assert school_a.name in response.content.decode()
    assert school_b.name not in response.content.decode()


@pytest.mark.django_db
def test_headteacher_cannot_open_other_school(client, headteacher, school_b):
    client.force_login(headteacher)
    assert client.get(reverse("schools:detail", args=[school_b.urn])).status_code == 404


@pytest.mark.django_db
def test_governor_may_read_but_not_edit_own_school(client, governor, school_a):
    client.force_login(governor)
    assert client.get(school_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("schools:edit", args=[school_a.urn])).status_code == 403
