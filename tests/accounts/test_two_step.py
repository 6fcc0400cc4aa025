"""Two-step sign-in: setting it up, signing in with a code or a recovery
code, the roles that must use it, turning it off and the admin's reset."""

import logging
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_step
from tests.conftest import PASSWORD


@pytest.fixture
def head(people):
    return people["headteacher"]


def _code(device, *, later=0):
    """The code the app shows now, or `later` steps from now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, drift=later):06d}"


def _turn_on(client, user):
    """Set up the app as the person would; returns (device, recovery codes)."""
    client.force_login(user)
    client.get(reverse("accounts:two_step_setup"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_step_setup"), {"code": _code(device)})
    codes = client.session.get("two_step_new_codes")
    client.post(reverse("accounts:logout"))
    device.refresh_from_db()
    return device, codes


def _password(client, user, **query):
    url = reverse("accounts:login")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(url, {"username": user.email, "password": PASSWORD})


def _signed_in(client):
    return "_auth_user_id" in client.session


def _after_waiting(user):
    """As if the person waited out django-otp's pause after a wrong code."""
    for devices in (TOTPDevice.objects, StaticDevice.objects):
        devices.filter(user=user).update(throttling_failure_timestamp=None)


# Setting up ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_set_up_page_shows_one_key_until_it_is_confirmed(client, head):
    client.force_login(head)

    first = client.get(reverse("accounts:two_step_setup"))
    again = client.get(reverse("accounts:two_step_setup"))

    assert first.context["secret"] == again.context["secret"]
    assert "<svg" in first.content.decode()
    assert TOTPDevice.objects.get(user=head).confirmed is False
    assert not two_step.is_on(head)


@pytest.mark.django_db
def test_a_wrong_code_leaves_it_off(client, head):
    client.force_login(head)
    client.get(reverse("accounts:two_step_setup"))
    device = TOTPDevice.objects.get(user=head)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"

    response = client.post(reverse("accounts:two_step_setup"), {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not two_step.is_on(head)


@pytest.mark.django_db
def test_the_right_code_turns_it_on_and_shows_recovery_codes_once(client, head):
    device, codes = _turn_on(client, head)
    client.force_login(head)

    assert device.confirmed
    assert len(codes) == two_step.RECOVERY_CODE_COUNT
    assert two_step.recovery_codes_left(head) == two_step.RECOVERY_CODE_COUNT
    # Shown on the page after setting up, then never again.
    client.session["two_step_new_codes"] = codes
    page = client.get(reverse("accounts:two_step")).content.decode()
    assert "On" in page
    assert codes[0] not in page


# Signing in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_password_alone_does_not_sign_in_once_it_is_on(client, head):
    _turn_on(client, head)

    response = _password(client, head)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in_code")
    assert not _signed_in(client)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_code_finishes_signing_in_and_keeps_where_they_were_going(client, head):
    device, _ = _turn_on(client, head)
    target = reverse("schools:list")
    code_page = _password(client, head, next=target)["Location"]

    wrong = client.post(code_page, {"code": "000000"})
    # django-otp makes the next try wait a moment after a wrong code.
    too_soon = client.post(code_page, {"code": _code(device, later=1)})
    _after_waiting(head)
    right = client.post(code_page, {"code": _code(device, later=1)})

    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert "wait 1 second before the next" in too_soon.content.decode()
    assert right.status_code == 302
    assert right["Location"] == target
    assert _signed_in(client)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_next_address_elsewhere_is_not_followed(client, head):
    device, _ = _turn_on(client, head)
    code_page = _password(client, head, next="https://evil.example/")["Location"]

    response = client.post(code_page, {"code": _code(device, later=1)})

    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, head):
    _, codes = _turn_on(client, head)

    _password(client, head)
    first = client.post(reverse("accounts:sign_in_code"), {"code": codes[0].upper()})
    client.post(reverse("accounts:logout"))
    _password(client, head)
    second = client.post(reverse("accounts:sign_in_code"), {"code": codes[0]})

    assert first.status_code == 302
    assert second.status_code == 200
    assert two_step.recovery_codes_left(head) == two_step.RECOVERY_CODE_COUNT - 1


@pytest.mark.django_db
def test_too_many_wrong_codes_ask_for_the_password_again(client, head):
    device, _ = _turn_on(client, head)
    _password(client, head)

    def wrong_code_after_waiting():
        _after_waiting(head)
        return client.post(reverse("accounts:sign_in_code"), {"code": "1"})

    for _ in range(two_step.CODE_ATTEMPTS - 1):
        assert wrong_code_after_waiting().status_code == 200
    last = wrong_code_after_waiting()

    assert last["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:sign_in_code"))["Location"] == reverse(
        "accounts:login"
    )


@pytest.mark.django_db
def test_the_code_page_waits_only_a_few_minutes(client, head, monkeypatch):
    device, _ = _turn_on(client, head)
    _password(client, head)
    later = time.time() + two_step.PENDING_SECONDS + 1
    monkeypatch.setattr(two_step.time, "time", lambda: later)

    response = client.post(reverse("accounts:sign_in_code"), {"code": _code(device)})

    assert response["Location"] == reverse("accounts:login")
    assert not _signed_in(client)


# Roles that must use it ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_that_needs_it_is_sent_to_set_it_up(client, people, settings):
    settings.TWO_STEP_REQUIRED_ROLES = ["headteacher"]
    client.force_login(people["headteacher"])

    home = client.get(reverse("home"))
    setup = client.get(reverse("accounts:two_step_setup"))

    assert home["Location"] == reverse("accounts:two_step_setup")
    assert setup.status_code == 200
    assert "Your role needs two-step sign-in" in setup.content.decode()
    client.force_login(people["governor"])
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_session_from_before_it_was_needed_must_sign_in_again(client, head, settings):
    _turn_on(client, head)
    settings.TWO_STEP_REQUIRED_ROLES = ["headteacher"]
    client.force_login(head)  # a password-only session

    response = client.get(reverse("schools:list"))

    assert response["Location"].startswith(reverse("accounts:login"))
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_role_that_needs_it_cannot_turn_it_off(client, head, settings):
    _turn_on(client, head)
    settings.TWO_STEP_REQUIRED_ROLES = ["headteacher"]
    device = TOTPDevice.objects.get(user=head)
    code_page = _password(client, head)["Location"]
    client.post(code_page, {"code": _code(device, later=1)})

    client.post(reverse("accounts:two_step_off"), {"password": PASSWORD})

    assert two_step.is_on(head)


# Turning it off, new codes, the admin's reset ---------------------------------


@pytest.mark.django_db
def test_turning_it_off_needs_the_password(client, head):
    _turn_on(client, head)
    client.force_login(head)

    client.post(reverse("accounts:two_step_off"), {"password": "wrong"})
    still_on = two_step.is_on(head)
    client.post(reverse("accounts:two_step_off"), {"password": PASSWORD})

    assert still_on
    assert not two_step.is_on(head)
    assert not StaticToken.objects.filter(device__user=head).exists()


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old(client, head):
    _, old_codes = _turn_on(client, head)
    client.force_login(head)

    client.post(reverse("accounts:two_step_recovery_codes"))
    new_codes = client.session["two_step_new_codes"]

    left = set(
        StaticToken.objects.filter(device__user=head).values_list("token", flat=True)
    )
    assert left == set(new_codes)
    assert not left & set(old_codes)


@pytest.mark.django_db
def test_the_admin_resets_it_for_someone_who_lost_their_phone(client, people, head):
    _turn_on(client, head)
    client.force_login(people["admin"])

    response = client.post(reverse("accounts:person_two_step_reset", args=[head.pk]))

    assert response.status_code == 302
    assert not two_step.is_on(head)
    client.post(reverse("accounts:logout"))
    assert _password(client, head)["Location"] == reverse("home")


@pytest.mark.django_db
def test_the_logs_hold_ids_not_keys_or_codes(client, head, caplog):
    caplog.set_level(logging.INFO)

    device, codes = _turn_on(client, head)
    _password(client, head)
    client.post(reverse("accounts:sign_in_code"), {"code": codes[1]})

    text = caplog.text
    assert f"Two-step sign-in turned on by user {head.pk}" in text
    assert f"User {head.pk} signed in with a recovery code" in text
    assert device.key not in text
    assert not any(code in text for code in codes)
    assert head.email not in text


@pytest.mark.django_db
def test_after_a_wrong_recovery_code_the_page_says_to_wait(client, head):
    _, codes = _turn_on(client, head)
    _password(client, head)

    client.post(reverse("accounts:sign_in_code"), {"code": "abcdefgh"})
    too_soon = client.post(reverse("accounts:sign_in_code"), {"code": codes[0]})

    assert "wait 1 second before the next" in too_soon.content.decode()
    assert two_step.recovery_codes_left(head) == two_step.RECOVERY_CODE_COUNT
    assert client.session[two_step.PENDING_KEY]["attempts"] == 1


@pytest.mark.django_db
def test_the_set_up_page_shows_no_menu_of_pages_not_yet_open(client, people, settings):
    settings.TWO_STEP_REQUIRED_ROLES = ["headteacher"]
    client.force_login(people["headteacher"])

    required = client.get(reverse("accounts:two_step_setup")).content.decode()
    settings.TWO_STEP_REQUIRED_ROLES = []
    optional = client.get(reverse("accounts:two_step_setup")).content.decode()

    assert reverse("schools:list") not in required
    assert reverse("schools:list") in optional
    assert reverse("accounts:logout") in required
