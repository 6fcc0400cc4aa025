import logging
import time

from django.core.management.base import BaseCommand

from visits.reminders import reminders_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail today's reminders: visits due within a week, visits overdue, "
        "focus-day requests not yet scheduled, focus days not yet requested, "
        "focus-day reports and other PDFs that are ready. Each reminder goes to "
        "each person once, so running "
        "this again (or alongside the daily Celery task) sends nothing new. Ends "
        "by printing how many reminders it sent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        sent = reminders_send()
        logger.info(
            "send_reminders: %s sent in %.2f s", sent, time.monotonic() - started
        )
        self.stdout.write(f"Sent {sent} reminders.")
