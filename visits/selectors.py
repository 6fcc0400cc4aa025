"""Read functions for visits: the CEO's workload and whose visits are whose.

workload_for reads any number of schools and visits in a fixed number of
queries: one for the visits with their leads, one for their schools with
each school's current tier.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from accounts.access import access_of
from accounts.roles import Role
from categorisation.models import current_tier_subquery
from schools.models import School

from .models import Visit

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
    monday, sunday = week_of(today)
    workload = Workload(
        week_starts_on=monday,
        week_ends_on=sunday,
        due_soon_ends_on=sunday + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    for visit in _workload_visits(workload, today, tier, lead):
        _section(workload, visit, today).append(visit)
    return workload


def _workload_visits(workload, today, tier, lead):
    # A target date earlier this week or before, with the window still
    # open, stays in "this week" so that a visit missed on its day is not
    # lost between the tables before its window closes.
    visits = Visit.objects.planned().filter(
        Q(planned_on__lte=workload.due_soon_ends_on) | Q(window_ends_on__lt=today)
    )
    if tier is not None:
        visits = visits.filter(
            school__in=schools_with_current_tier().filter(current_tier=tier)
        )
    if lead is not None:
        visits = visits.filter(visits_led_by(lead))
    schools = Prefetch("school", queryset=schools_with_current_tier())
    return visits.select_related("lead").prefetch_related(schools)


def _section(workload, visit, today):
    if visit.window_ends_on < today:
        return workload.overdue
    if visit.planned_on <= workload.week_ends_on:
        return workload.this_week
    return workload.due_soon
