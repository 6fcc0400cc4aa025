"""Read functions for visits: the CEO's workload and whose visits are whose.

workload_for reads any number of schools and visits in a fixed number of
queries: one for the visits with their leads, one for their schools with
each school's current tier. workload_summary_for reads only the first few
visits of each section and counts the rest, in two.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from accounts.access import access_of
from accounts.roles import Role
from categorisation.models import current_tier_subquery
from schools.models import School

from .models import Visit

# The sections of the workload, in the order a person reads them.
OVERDUE, THIS_WEEK, DUE_SOON = "overdue", "this-week", "due-soon"
SECTION_TITLES = {OVERDUE: "Overdue", THIS_WEEK: "This week", DUE_SOON: "Due soon"}

# "Due soon" looks this many days past the end of the current week.
DUE_SOON_DAYS = 14


@dataclass
class Workload:
    """Planned visits in three tables that never share a visit: overdue
    (window closed) comes first, then this week, then due soon."""

    week_starts_on: datetime.date
    week_ends_on: datetime.date
    due_soon_ends_on: datetime.date
    this_week: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)


def week_of(day):
    """Monday and Sunday of the week holding the day."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def visits_led_by(user):
    """A Q for the visits that are this person's: those they lead and, for
    a current CEO, the CEO visits nobody has been named to lead yet."""
    mine = Q(lead=user)
    if access_of(user).has_trust_role(Role.CEO):
        mine |= Q(lead__isnull=True)
    return mine


def schools_with_current_tier():
    return School.objects.annotate(current_tier=current_tier_subquery())


def workload_for(*, today, tier=None, lead=None):
    """The planned visits of the workload page. `tier` keeps only schools
    whose current tier it is; `lead` keeps only that person's visits."""
    workload = _workload_of(today)
    sections = {
        OVERDUE: workload.overdue,
        THIS_WEEK: workload.this_week,
        DUE_SOON: workload.due_soon,
    }
    for visit in _workload_visits(workload, today, tier, lead):
        sections[visit.section].append(visit)
    return workload


@dataclass(frozen=True)
class WorkloadSection:
    key: str
    title: str
    first: list
    count: int


@dataclass(frozen=True)
class WorkloadSummary:
    due_soon_ends_on: datetime.date
    sections: list

    @property
    def is_empty(self):
        return not any(section.count for section in self.sections)


def workload_summary_for(*, today, lead, first):
    """The person's workload as its sections, each with its `first` visits
    by target date (with their schools) and how many it holds in all."""
    workload = _workload_of(today)
    visits = _sectioned(workload, today).filter(visits_led_by(lead))
    counts = dict(
        visits.order_by()
        .values("section")
        .annotate(count=Count("pk"))
        .values_list("section", "count")
    )
    rank = Window(
        RowNumber(),
        partition_by=[F("section")],
        order_by=[F("planned_on").asc(), F("school__name").asc(), F("pk").asc()],
    )
    firsts = {key: [] for key in SECTION_TITLES}
    for visit in (
        visits.annotate(rank=rank).filter(rank__lte=first).select_related("school")
    ):
        firsts[visit.section].append(visit)
    return WorkloadSummary(
        workload.due_soon_ends_on,
        [
            WorkloadSection(key, title, firsts[key], counts.get(key, 0))
            for key, title in SECTION_TITLES.items()
        ],
    )


def _workload_of(today):
    monday, sunday = week_of(today)
    return Workload(
        week_starts_on=monday,
        week_ends_on=sunday,
        due_soon_ends_on=sunday + datetime.timedelta(days=DUE_SOON_DAYS),
    )


def _sectioned(workload, today):
    """Planned visits in a section of the workload, each with its `section`.

    A target date earlier this week or before, with the window still open,
    stays in "this week" so that a visit missed on its day is not lost
    between the sections before its window closes."""
    section = Case(
        When(window_ends_on__lt=today, then=Value(OVERDUE)),
        When(planned_on__lte=workload.week_ends_on, then=Value(THIS_WEEK)),
        When(planned_on__lte=workload.due_soon_ends_on, then=Value(DUE_SOON)),
        default=None,
        output_field=CharField(),
    )
    # The first filter says the same as the sections in a form the index
    # on (status, planned_on) serves, so later visits are never read.
    return (
        Visit.objects.planned()
        .filter(
            Q(planned_on__lte=workload.due_soon_ends_on) | Q(window_ends_on__lt=today)
        )
        .annotate(section=section)
        .filter(section__isnull=False)
    )


def _workload_visits(workload, today, tier, lead):
    visits = _sectioned(workload, today)
    if tier is not None:
        visits = visits.filter(
            school__in=schools_with_current_tier().filter(current_tier=tier)
        )
    if lead is not None:
        visits = visits.filter(visits_led_by(lead))
    schools = Prefetch("school", queryset=schools_with_current_tier())
    return visits.select_related("lead").prefetch_related(schools)
