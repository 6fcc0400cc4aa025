import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, User
from accounts.roles import Role


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_admin_adds_a_headteacher_who_is_emailed_a_password_link(
    admin_client, school_a, django_capture_on_commit_callbacks
):
    data = {
        "person-full_name": "Jo Marsden",
        "person-email": "Jo.Marsden@Example.org",
        "role-role": Role.HEADTEACHER,
        "role-school": school_a.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("accounts:person_create"), data)

    person = User.objects.get(email="jo.marsden@example.org")
    assert response.status_code == 302
    assert not person.has_usable_password()
    assert person.memberships.get().school == school_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jo.marsden@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_headteacher_role_without_school_is_refused_and_nothing_saved(admin_client):
    data = {
        "person-full_name": "No School",
        "person-email": "noschool@example.org",
        "role-role": Role.HEADTEACHER,
    }
    response = admin_client.post(reverse("accounts:person_create"), data)

    assert response.status_code == 200
    assert "Choose the school for this role." in response.content.decode()
    assert not User.objects.filter(email="noschool@example.org").exists()
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_duplicate_email_is_refused(admin_client, headteacher):
    data = {
        "person-full_name": "Copy",
        "person-email": headteacher.email.upper(),
        "role-role": Role.CEO,
    }
    response = admin_client.post(reverse("accounts:person_create"), data)

    assert "Someone already has this email address." in response.content.decode()
    assert User.objects.filter(email__iexact=headteacher.email).count() == 1


@pytest.mark.django_db
def test_executive_head_holds_the_role_at_two_schools(
    admin_client, headteacher, school_b
):
    url = reverse("accounts:membership_create", args=[headteacher.pk])
    admin_client.post(url, {"role-role": Role.HEADTEACHER, "role-school": school_b.pk})

    schools = set(headteacher.memberships.current().values_list("school", flat=True))
    assert len(schools) == 2
    admin_client.force_login(headteacher)
    assert admin_client.get(school_b.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_ending_a_role_keeps_it_as_history_and_removes_access(
    admin_client, client, governor, school_a
):
    membership = governor.memberships.get()
    url = reverse("accounts:membership_end", args=[governor.pk, membership.pk])
    admin_client.post(url)

    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(governor)
    assert client.get(school_a.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_deactivated_person_cannot_sign_in(admin_client, client, governor):
    url = reverse("accounts:person_set_active", args=[governor.pk])
    admin_client.post(url, {"is_active": "false"})

    governor.refresh_from_db()
    assert governor.is_active is False
    # A browser of the governor's own: the admin's client is signed in.
    browser = Client()
    response = browser.post(
        reverse("accounts:login"),
        {"username": governor.email, "password": "correct horse battery"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in browser.session


@pytest.mark.django_db
def test_admin_cannot_deactivate_themselves(admin_client, admin_user):
    url = reverse("accounts:person_set_active", args=[admin_user.pk])
    response = admin_client.post(url, {"is_active": "false"}, follow=True)

    admin_user.refresh_from_db()
    assert admin_user.is_active is True
    assert "You cannot deactivate your own account." in response.content.decode()


@pytest.mark.django_db
def test_people_list_filters_by_role_and_exports_csv(admin_client, people):
    response = admin_client.get(reverse("accounts:people"), {"role": Role.GOVERNOR})
    page = response.content.decode()
    assert people["governor"].email in page
    assert people["ceo"].email not in page

    export = admin_client.get(reverse("accounts:people"), {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert people["ceo"].email in export.content.decode()


@pytest.mark.django_db
def test_membership_rejects_school_for_a_trust_wide_role(admin_client, ceo, school_a):
    url = reverse("accounts:membership_create", args=[ceo.pk])
    admin_client.post(url, {"role-role": Role.TRUSTEE, "role-school": school_a.pk})

    trustee = ceo.memberships.get(role=Role.TRUSTEE)
    assert trustee.school is None
