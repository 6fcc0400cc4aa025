"""Two-step sign-in in real Chromium: setting it up when a role needs it,
signing in with a recovery code, and an admin resetting it for someone."""

import base64
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import two_step
from tests.conftest import PASSWORD

from .axe import assert_accessible
from .conftest import open_trust_data_menu, sign_in

pytestmark = pytest.mark.browser

STEP_SECONDS = 30
# A code typed this close to the end of its step may reach the server in the
# next one; wait for a fresh step rather than race the clock.
STEP_MARGIN_SECONDS = 3
# After a wrong code django-otp checks no other for a second (the page asks
# to wait, and the wait doubles with each further wrong code). A person takes
# longer than that to type the next code; the test has to wait on purpose.
THROTTLE_SECONDS = 1.2


def test_headteacher_sets_up_two_step_and_signs_in_with_a_recovery_code(
    page, live_server, transactional_db, settings, headteacher
):
    settings.TWO_STEP_REQUIRED_ROLES = ["headteacher"]
    home_url = f"{live_server.url}/"
    setup_url = f"{live_server.url}/accounts/two-step/set-up/"

    sign_in(page, live_server, headteacher)
    expect(page).to_have_url(setup_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.locator("main")).to_contain_text("Your role needs two-step sign-in")
    assert_accessible(page)
    page.goto(home_url)
    expect(page).to_have_url(setup_url)

    key = _key_shown(page)
    _submit_code(page, _wrong_code(key), "Turn on two-step sign-in")
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert not two_step.is_on(headteacher)
    time.sleep(THROTTLE_SECONDS)
    _submit_code(page, _code_now(key), "Turn on two-step sign-in")
    expect(page.get_by_role("status")).to_contain_text("Two-step sign-in is on")
    recovery_codes = _recovery_codes_shown(page)
    assert_accessible(page)
    assert two_step.is_on(headteacher)
    assert two_step.recovery_codes_left(headteacher) == len(recovery_codes)

    _sign_out(page, headteacher)
    _type_password(page, live_server, headteacher)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    assert_accessible(page)
    _submit_code(page, _wrong_code(key), "Sign in")
    error = page.get_by_role("alert")
    expect(error).to_contain_text("You are not signed in yet")
    expect(error).to_contain_text("That code is not right")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    time.sleep(THROTTLE_SECONDS)
    _submit_code(page, recovery_codes[0], "Sign in")
    expect(page).to_have_url(home_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    left = StaticToken.objects.filter(device__user=headteacher)
    assert left.count() == len(recovery_codes) - 1
    assert not left.filter(token=recovery_codes[0]).exists()


def test_admin_resets_two_step_for_a_headteacher_who_lost_their_phone(
    page, live_server, transactional_db, settings, admin_user, headteacher
):
    settings.TWO_STEP_REQUIRED_ROLES = []
    TOTPDevice.objects.create(user=headteacher, name=two_step.APP_NAME, confirmed=True)
    two_step.recovery_codes_renew(headteacher)

    sign_in(page, live_server, admin_user)
    open_trust_data_menu(page, "People")
    page.get_by_role("table").get_by_role(
        "link", name=headteacher.full_name, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(headteacher.full_name)
    details = page.get_by_role("region", name="Details")
    expect(details.get_by_text("On", exact=True)).to_be_visible()
    assert_accessible(page)
    reset = details.get_by_role("button", name="Reset two-step sign-in")
    reset.click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Two-step sign-in was reset for {headteacher.full_name}"
    )
    expect(details.get_by_text("Off", exact=True)).to_be_visible()
    expect(reset).to_have_count(0)
    assert not TOTPDevice.objects.filter(user=headteacher).exists()
    assert not StaticDevice.objects.filter(user=headteacher).exists()

    _sign_out(page, admin_user)
    sign_in(page, live_server, headteacher)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def _key_shown(page):
    """The key the setup page offers for typing in by hand, as bytes."""
    secret = page.locator("#two-step-key").inner_text().replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def _code_now(key):
    """The code an authenticator app shows now, from a step not about to end."""
    left_in_step = STEP_SECONDS - time.time() % STEP_SECONDS
    if left_in_step < STEP_MARGIN_SECONDS:
        time.sleep(left_in_step + 0.1)
    return f"{totp(key, step=STEP_SECONDS):06d}"


def _wrong_code(key):
    """Six digits the app would not show now, nor a step either side (the
    steps django-otp accepts)."""
    near = {totp(key, step=STEP_SECONDS, drift=drift) for drift in (-1, 0, 1)}
    return next(f"{number:06d}" for number in range(10) if number not in near)


def _submit_code(page, code, button):
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name=button).click()


def _recovery_codes_shown(page):
    codes = page.get_by_role("alert").filter(has_text="Your recovery codes")
    items = codes.get_by_role("listitem")
    expect(items).to_have_count(two_step.RECOVERY_CODE_COUNT)
    return items.all_inner_texts()


def _type_password(page, live_server, user):
    """The password step alone: with two-step on it leads to the code page,
    which the shared sign_in helper would wait past forever."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/sign-in/code/")


def _sign_out(page, user):
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("button", name=user.full_name).click()
    navigation.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
