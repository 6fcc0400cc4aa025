"""Sign-in throttling: wrong passwords pause sign-in for an address from one
place for a while, without locking a colleague out from elsewhere, and
without writing the address to the log."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import PASSWORD

LIMIT = 5
HERE = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def head(people):
    return people["headteacher"]


def _sign_in(client, email, password, address=HERE):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def _fail(client, email, times, address=HERE):
    for _ in range(times):
        _sign_in(client, email, "not the password", address)


def _is_signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_right_password_still_works_before_the_limit(client, head):
    _fail(client, head.email, LIMIT - 1)

    response = _sign_in(client, head.email, PASSWORD)

    assert response.status_code == 302
    assert _is_signed_in(client)


@pytest.mark.django_db
def test_at_the_limit_even_the_right_password_is_paused(client, head):
    _fail(client, head.email, LIMIT)

    response = _sign_in(client, head.email, PASSWORD)

    assert response.status_code == 429
    assert not _is_signed_in(client)
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "paused for 15 minutes" in page
    assert reverse("accounts:password_reset") in page


@pytest.mark.django_db
def test_the_same_address_in_other_capitals_counts_together(client, head):
    _fail(client, head.email.upper(), LIMIT)

    assert _sign_in(client, head.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_pause_here_does_not_lock_the_colleague_out_elsewhere(client, head):
    _fail(client, head.email, LIMIT, address=ELSEWHERE)

    response = _sign_in(client, head.email, PASSWORD, address=HERE)

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_pause_ends_after_the_cool_off(client, head):
    _fail(client, head.email, LIMIT)
    later = timezone.now() - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=later)

    response = _sign_in(client, head.email, PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_signing_in_forgets_the_earlier_failures(client, head):
    _fail(client, head.email, LIMIT - 1)
    _sign_in(client, head.email, PASSWORD)
    client.post(reverse("accounts:logout"))

    _fail(client, head.email, LIMIT - 1)

    assert _sign_in(client, head.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_new_password_from_the_e_mailed_link_lifts_the_pause(client, head):
    _fail(client, head.email, LIMIT)
    uid = urlsafe_base64_encode(force_bytes(head.pk))
    token = default_token_generator.make_token(head)
    link = reverse("accounts:password_reset_confirm", args=[uid, token])
    # The link redirects to a form under a session token, as Django does.
    form_url = client.get(link)["Location"]
    new_password = "a much longer new secret"

    client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )

    assert not AccessAttempt.objects.exists()
    assert _sign_in(client, head.email, new_password).status_code == 302


@pytest.mark.django_db
def test_the_log_names_no_e_mail_address(client, head, caplog):
    caplog.set_level(logging.INFO)

    _fail(client, head.email, 2)
    _fail(client, "nobody@example.org", 1)

    text = caplog.text
    assert f"user {head.pk}" in text
    assert "an unknown e-mail address" in text
    assert "@" not in text
    assert HERE not in text
