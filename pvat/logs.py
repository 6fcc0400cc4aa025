"""Keeping the secrets that travel in URLs out of the logs.

A calendar feed's address is its only secret, and a password-reset link
carries a one-time token. Django names the path of a request it could not
serve ("Not Found: /visits/calendar/..."), and gunicorn's access log names
every path: both go through `secrets_hidden`.
"""

import logging
import re

HIDDEN = "[hidden]"
_SECRETS_IN_PATHS = [
    # /visits/calendar/<token>.ics
    (re.compile(r"(/visits/calendar/)[^/?#\s]+(\.ics)"), rf"\g<1>{HIDDEN}\g<2>"),
    # /accounts/password/reset/<uidb64>/<token>/
    (
        re.compile(r"(/accounts/password/reset/)[^/?#\s]+/[^/?#\s]+/"),
        rf"\g<1>{HIDDEN}/{HIDDEN}/",
    ),
]


def secrets_hidden(text):
    for pattern, replacement in _SECRETS_IN_PATHS:
        text = pattern.sub(replacement, text)
    return text


class SecretHidingFilter(logging.Filter):
    """Rewrites a record's message with the secrets hidden; drops nothing."""

    def filter(self, record):
        message = record.getMessage()
        hidden = secrets_hidden(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
