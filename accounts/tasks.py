import logging
import smtplib

from celery import shared_task

from . import services
from .models import User

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation(user_id, domain, use_https):
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        logger.info("Invitation for user %s not sent: no active account", user_id)
        return
    services.invitation_send(user=user, domain=domain, use_https=use_https)
