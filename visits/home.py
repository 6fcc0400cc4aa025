"""What the home page shows each person of visits and focus days.

- Those who plan visits: their own visits overdue, this week and due soon,
  and the focus-day requests still waiting for a reviewer and a date.
- Whoever is named to review a focus day: the reports still to write.
- Headteachers: each of their schools that may still ask for a focus day.
- Headteachers and governors: each of their schools' last and next visits
  and this year's focus day.

Each part reads a fixed number of queries, however many schools the trust
or the person has.
"""

import datetime

from django.db.models import Max, Min

from accounts.access import access_of
from accounts.roles import Role
from categorisation.selectors import current_tiers
from schools.models import School, SchoolStatus, academic_year_name

from .focus_days import FOCUS_DAY_TIERS, focus_day_request_years, focus_day_year
from .models import FocusDay, FocusDayStatus, Visit, VisitStatus
from .selectors import workload_summary_for

# The home page lists this many of a kind, then links to the whole list.
SHOWN = 5


def visits_home(user, *, today):
    """The context of `visits/home_panel.html`; empty when there is nothing
    for this person."""
    access = access_of(user)
    context = {}
    if user.has_perm("visits.view_workload"):
        context["visits"] = _own_visits(user, today)
        context["to_schedule"] = _waiting_to_schedule()
    context["to_write"] = list(
        FocusDay.objects.filter(reviewer=user, status=FocusDayStatus.SCHEDULED)
        .select_related("school", "area")
        .order_by("scheduled_on", "pk")
    )
    head_of = _school_ids_where(access, Role.HEADTEACHER)
    context["to_request"] = _may_request(head_of, today)
    context["schools"] = _coming_up(
        _school_ids_where(access, Role.HEADTEACHER, Role.GOVERNOR), today
    )
    shown = {name: value for name, value in context.items() if value}
    return {**shown, "today": today} if shown else {}


def _school_ids_where(access, *roles):
    return sorted(
        school_id
        for school_id, school_roles in access.school_roles.items()
        if school_roles.intersection(roles)
    )


def _own_visits(user, today):
    """The person's visits overdue, this week and due soon, the first few
    of each, or None when they have none."""
    summary = workload_summary_for(today=today, lead=user, first=SHOWN)
    return None if summary.is_empty else summary


def _waiting_to_schedule():
    waiting = FocusDay.objects.filter(status=FocusDayStatus.REQUESTED)
    shown = list(
        waiting.select_related("school", "area").order_by("requested_at", "pk")[:SHOWN]
    )
    if not shown:
        return None
    return {"focus_days": shown, "count": waiting.count()}


def _may_request(school_ids, today):
    """(school, academic year name) for each open school of these whose tier
    brings a focus day and which holds none for the year yet, for each year
    a request may be made for today."""
    if not school_ids:
        return []
    schools = list(
        School.objects.filter(pk__in=school_ids, status=SchoolStatus.OPEN).order_by(
            "name"
        )
    )
    years = focus_day_request_years(today)
    held = set(
        FocusDay.objects.held()
        .filter(school__in=schools, academic_year__in=years)
        .values_list("school_id", "academic_year")
    )
    may_request = []
    for year in years:
        # Next year's focus day follows the tier the school will have then.
        tiers = current_tiers(schools, on=max(today, datetime.date(year, 9, 1)))
        may_request += [
            (school, academic_year_name(year))
            for school in schools
            if (school.pk, year) not in held
            and tiers[school.pk] is not None
            and tiers[school.pk].tier in FOCUS_DAY_TIERS
        ]
    return may_request


def _coming_up(school_ids, today):
    """Each school's last completed visit, next planned visit and this
    year's focus day."""
    if not school_ids:
        return []
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name"))
    visits = Visit.objects.filter(school__in=schools).values("school_id")
    next_visits = dict(
        visits.filter(status=VisitStatus.PLANNED, planned_on__gte=today)
        .annotate(next_on=Min("planned_on"))
        .values_list("school_id", "next_on")
    )
    last_visits = dict(
        visits.filter(status=VisitStatus.COMPLETED)
        .annotate(last_on=Max("planned_on"))
        .values_list("school_id", "last_on")
    )
    focus_days = {
        focus_day.school_id: focus_day
        for focus_day in FocusDay.objects.held()
        .filter(school__in=schools, academic_year=focus_day_year(today))
        .select_related("school", "area")
    }
    return [
        {
            "school": school,
            "last_visit_on": last_visits.get(school.pk),
            "next_visit_on": next_visits.get(school.pk),
            "focus_day": focus_days.get(school.pk),
        }
        for school in schools
    ]
