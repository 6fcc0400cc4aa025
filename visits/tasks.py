import logging
import smtplib
import time

from celery import shared_task

from .reminders import reminders_send

logger = logging.getLogger(__name__)


# Run daily by Celery beat (CELERY_BEAT_SCHEDULE). It takes no id: it sweeps
# everything due. Safe to run twice or to retry: reminders_send claims each
# reminder once, so a retry only sends what an earlier attempt had not claimed.
@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_reminders():
    started = time.monotonic()
    sent = reminders_send()
    logger.info("Reminders task: %s sent in %.2f s", sent, time.monotonic() - started)
    return sent
