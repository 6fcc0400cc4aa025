import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.mark.django_db
def test_sign_in_with_email_and_password(client, ceo):
    response = client.post(
        reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client, ceo):
    response = client.post(
        reverse("accounts:login"), {"username": ceo.email, "password": "wrong"}
    )

    assert response.status_code == 200
    assert "correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_sign_out_ends_the_session(client, ceo):
    client.force_login(ceo)
    client.post(reverse("accounts:logout"))

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, ceo):
    client.post(reverse("accounts:password_reset"), {"email": ceo.email})

    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line
    )
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a new long passphrase"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    ceo.refresh_from_db()
    assert ceo.check_password(new_password)


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client, ceo):
    client.force_login(ceo)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not it",
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )

    assert response.status_code == 200
    ceo.refresh_from_db()
    assert ceo.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_view_that_declares_no_access_is_refused(rf, ceo):
    from accounts.middleware import AccessDeclarationMiddleware

    def undeclared(request):
        raise AssertionError("must not run")

    request = rf.get("/")
    request.user = ceo
    request.resolver_match = None
    middleware = AccessDeclarationMiddleware(lambda r: None)
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})
