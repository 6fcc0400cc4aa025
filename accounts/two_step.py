"""Two-step sign-in: a password, then a code from an authenticator app.

Built on django-otp: a confirmed TOTPDevice is the person's app, and a
StaticDevice holds their one-use recovery codes. A person with a confirmed
app is asked for a code after their password, and is only signed in once it
is right (`sign_in_pending` keeps who they are in the session meanwhile, for
a few minutes). django-otp throttles wrong codes itself, each one doubling
the wait before the next may be tried.

Roles in TWO_STEP_REQUIRED_ROLES must use it: someone holding one is sent to
set it up before anything else (`TwoStepRequiredMiddleware`).
"""

import logging
import math
import time
from io import BytesIO

from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_of
from .models import User

logger = logging.getLogger(__name__)

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
PENDING_KEY = "two_step_pending"
# How long the code page waits after the password, in seconds.
PENDING_SECONDS = 5 * 60
# Wrong codes allowed in one sign-in before the password is asked again.
CODE_ATTEMPTS = 5


def app_of(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_on(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user):
    required = set(settings.TWO_STEP_REQUIRED_ROLES)
    held = {str(role) for role in access_of(user).all_roles}
    return bool(required & held)


def recovery_codes_left(user):
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_NAME
    ).count()


# Setting up -----------------------------------------------------------------


def setup_device(user):
    """The unconfirmed app being set up, made on first asking and kept until
    it is confirmed, so the QR code does not change on every visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def qr_code_svg(device):
    """The device's set-up address as an SVG QR code, for the page."""
    import segno

    out = BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", scale=5, xmldecl=False, svgns=True, dark="#000", light="#fff"
    )
    return out.getvalue().decode()


def secret_of(device):
    """The key in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def setup_confirm(*, request, device, code):
    """Confirm the app with a code it shows; returns the new recovery codes,
    or None when the code is wrong. The session counts as verified."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
    otp_login(request, device)
    logger.info("Two-step sign-in turned on by user %s", user.pk)
    return codes


def recovery_codes_renew(user):
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
    logger.info("Recovery codes renewed by user %s", user.pk)
    return codes


def _recovery_codes_replace(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def turn_off(user, *, by):
    """Remove the person's app and recovery codes (themselves, or the admin
    for someone who lost their phone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    logger.info("Two-step sign-in turned off for user %s by user %s", user.pk, by.pk)


# Signing in -------------------------------------------------------------------


def sign_in_pending(request, user):
    """The password was right: remember who is signing in until the code."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "attempts": 0,
    }


def pending_user(request):
    """The person whose password was right, while the code is awaited."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def sign_in_with_code(request, user, code):
    """Finish signing in when the code (or a recovery code) is right. Returns
    True when signed in; False when wrong, forgetting the password after
    CODE_ATTEMPTS wrong codes."""
    code = code.replace(" ", "").strip()
    device = _device_accepting(user, code)
    pending = request.session[PENDING_KEY]
    if device is None:
        pending["attempts"] += 1
        request.session[PENDING_KEY] = pending
        if pending["attempts"] >= CODE_ATTEMPTS:
            del request.session[PENDING_KEY]
        logger.info("Wrong two-step code for user %s", user.pk)
        return False
    del request.session[PENDING_KEY]
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        logger.info("User %s signed in with a recovery code", user.pk)
    return True


def wait_seconds(*devices):
    """How long django-otp makes the person wait after a wrong code before
    these devices check another (1, 2, 4 … seconds); 0 when they will."""
    waits = [0]
    for device in devices:
        if device is None:
            continue
        allowed, details = device.verify_is_allowed()
        if not allowed and details and "locked_until" in details:
            left = (details["locked_until"] - timezone.now()).total_seconds()
            waits.append(max(1, math.ceil(left)))
    return max(waits)


def sign_in_wait_seconds(user):
    """The wait before the code page checks a code: the longer of the app's
    and the recovery codes', since a code could be either."""
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    return wait_seconds(app_of(user), recovery)


def attempts_left(request):
    pending = request.session.get(PENDING_KEY)
    return CODE_ATTEMPTS - pending["attempts"] if pending else 0


def _device_accepting(user, code):
    app = app_of(user)
    if app is not None and code.isdigit() and app.verify_token(code):
        return app
    for device in StaticDevice.objects.filter(user=user, name=RECOVERY_NAME):
        if device.verify_token(code.lower()):
            return device
    return None
