import logging

from django.apps import AppConfig

logger = logging.getLogger("accounts")


def _log_sign_in(sender, request, user, **kwargs):
    logger.info("User %s signed in", user.pk)


def _log_sign_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info("User %s signed out", user.pk)


def _log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # The e-mail typed is personal data and may be a password typed in the
    # wrong box, so only the fact is logged.
    logger.warning("Failed sign-in attempt")


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and access"

    def ready(self):
        from django.contrib.auth import signals

        signals.user_logged_in.connect(_log_sign_in, dispatch_uid="pvat-sign-in")
        signals.user_logged_out.connect(_log_sign_out, dispatch_uid="pvat-sign-out")
        signals.user_login_failed.connect(
            _log_failed_sign_in, dispatch_uid="pvat-sign-in-failed"
        )
