"""Re-planning every open school's visits at once, in a worker.

The admin asks after changing the cadences. One re-plan runs at a time: a
request while one waits or is under way returns that one, unless it has
stalled (its worker died), when a new one may start. Each school is
re-planned in its own transaction by `visit_schedule_for_school`, which is
safe to repeat, so a re-plan retried or run twice changes nothing more.
"""

import logging
import time

from django.db import transaction
from django.utils import timezone

from schools.models import School

from .models import ReplanStatus, ScheduleReplan
from .services import visit_schedule_for_school

logger = logging.getLogger(__name__)

FAILED = (
    "The re-plan stopped because of an error in the app. It has been logged; "
    "the schools re-planned before it keep their new visits. Try again, and "
    "if it happens again, tell whoever supports the system."
)


def schedule_replan_latest():
    return ScheduleReplan.objects.select_related("requested_by").first()


def schedule_replan_request(*, requested_by):
    """Queue a re-plan of every open school, or return the one already
    waiting or under way."""
    from .tasks import replan_visits

    with transaction.atomic():
        latest = ScheduleReplan.objects.select_for_update().first()
        if latest is not None and latest.is_in_progress and not latest.is_stalled:
            return latest
        replan = ScheduleReplan.objects.create(requested_by=requested_by)
        replan_visits.delay_on_commit(replan.pk)
    logger.info("Re-plan %s requested by user %s", replan.pk, requested_by.pk)
    return replan


def schedule_replan_run(*, replan):
    """Re-plan each open school, counting as it goes. A re-plan already done
    or failed is left as it is."""
    if not replan.is_in_progress:
        logger.info("Re-plan %s not run again: it is %s", replan.pk, replan.status)
        return replan
    started = time.monotonic()
    schools = list(School.objects.open().order_by("pk"))
    _start(replan, total=len(schools))
    try:
        for school in schools:
            _replan_school(replan, school)
    except Exception:
        logger.exception("Re-plan %s failed at school %s", replan.pk, school.pk)
        return _finish(replan, ReplanStatus.FAILED, error=FAILED)
    _finish(replan, ReplanStatus.DONE)
    logger.info(
        "Re-plan %s done: %s schools, %s visits planned, %s replaced in %.2f s",
        replan.pk,
        replan.schools_done,
        replan.visits_created,
        replan.visits_replaced,
        time.monotonic() - started,
    )
    return replan


def _start(replan, *, total):
    replan.status = ReplanStatus.RUNNING
    replan.started_at = timezone.now()
    replan.schools_total = total
    replan.schools_done = replan.schools_without_tier = 0
    replan.visits_created = replan.visits_replaced = 0
    replan.save()


def _replan_school(replan, school):
    if school.tier_decisions.exists():
        change = visit_schedule_for_school(school=school)
        replan.visits_created += len(change.created)
        replan.visits_replaced += len(change.replaced_ids)
    else:
        replan.schools_without_tier += 1
    replan.schools_done += 1
    replan.save(
        update_fields=[
            "schools_done",
            "schools_without_tier",
            "visits_created",
            "visits_replaced",
        ]
    )


def _finish(replan, status, *, error=""):
    replan.status = status
    replan.error = error
    replan.finished_at = timezone.now()
    replan.save(update_fields=["status", "error", "finished_at"])
    return replan
