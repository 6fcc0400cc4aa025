import logging
import smtplib
import time

from celery import shared_task

from .models import ScheduleReplan
from .reminders import reminders_send
from .replans import schedule_replan_run

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


# Queued on commit by schedule_replan_request. Safe to run twice: a re-plan
# that is done is left alone, and re-planning a school again changes nothing.
@shared_task(acks_late=True)
def replan_visits(replan_id):
    replan = ScheduleReplan.objects.filter(pk=replan_id).first()
    if replan is None:
        logger.info("Re-plan %s not run: it does not exist", replan_id)
        return
    schedule_replan_run(replan=replan)
