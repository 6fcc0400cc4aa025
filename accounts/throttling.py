"""How sign-in throttling (django-axes) names whom it counts and logs.

Axes counts failures per e-mail address and IP address, and writes a line
to the log for each. These keep both to what the trust may log: the address
is compared in lower case, so Head@ and head@ count together, and a log line
names a user by id (or says the address is unknown), never the address.
"""

import logging

from axes.utils import reset
from django.conf import settings
from django.shortcuts import render

from .models import User

logger = logging.getLogger(__name__)


def sign_in_email(request, credentials):
    """The e-mail address tried, as axes should count it."""
    email = (credentials or {}).get("username")
    if email is None:
        email = request.POST.get("username", "")
    return email.strip().lower() or None


def client_description(username, ip_address, user_agent, path_info, request):
    """What axes writes in its log lines about a failed sign-in."""
    user_id = (
        User.objects.filter(email__iexact=username).values_list("pk", flat=True).first()
        if username
        else None
    )
    who = f"user {user_id}" if user_id else "an unknown e-mail address"
    return f"{who} at {path_info}"


def locked_out(request, original_response, credentials):
    """The page shown instead of signing in while the pause lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def sign_in_pause_lift(user):
    """Forget the failed sign-ins counted against the user's address."""
    lifted = reset(username=user.email.lower())
    if lifted:
        logger.info("Sign-in pause lifted for user %s by a new password", user.pk)
    return lifted
