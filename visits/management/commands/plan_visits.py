import logging
import time

from django.core.management.base import BaseCommand, CommandError

from schools.models import School, SchoolStatus
from visits.services import visit_schedules_for_schools

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Plan every open school's visits from its current tier and the trust "
        "calendar, to the end of the last academic year entered. Safe to run "
        "again: visits already planned under the same cadence are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", metavar="URN", help="Only this open school.")

    def handle(self, *args, school=None, **options):
        started = time.monotonic()
        schools = _schools(school)
        change, without_tier = visit_schedules_for_schools(schools=schools)
        self.stdout.write(
            f"Planned visits for {len(schools) - without_tier} school(s): "
            f"{len(change.created)} created, {len(change.replaced_ids)} replaced."
        )
        if without_tier:
            self.stdout.write(f"{without_tier} school(s) have no tier yet.")
        logger.info(
            "plan_visits: %s schools, %s visits created, %s replaced in %.2f s",
            len(schools),
            len(change.created),
            len(change.replaced_ids),
            time.monotonic() - started,
        )


def _schools(urn):
    if urn is None:
        return list(School.objects.open())
    school = School.objects.filter(urn=urn).first()
    if school is None:
        raise CommandError(f"No school has the URN {urn}.")
    if school.status != SchoolStatus.OPEN:
        raise CommandError(f"{school.name} ({urn}) is not open: no visits planned.")
    return [school]
