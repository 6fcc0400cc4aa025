"""Planning the CEO's visits from each school's tier, and changing them.

A schedule is re-planned when a tier decision changes a school's tier (the
tier_changed receiver), when the CEO sets a school's own cadence, and by the
plan_visits command. Re-planning is safe to repeat: a planned visit that the
new schedule would create again is kept as it is, with any date or lead the
CEO has set, and a window that already holds a visit gets no second one.
"""

import datetime
import logging
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import Role
from categorisation.models import TierDecision
from categorisation.selectors import current_tiers
from schools.calendar import ProposedHalfTerm, ProposedTerm, ProposedYear
from schools.models import AcademicYear, HalfTerm, School

from .cadence import visit_windows
from .models import (
    CADENCE_ORDER,
    SchoolCadence,
    TierCadence,
    Visit,
    VisitStatus,
)

logger = logging.getLogger(__name__)

LEAD_ROLES = [Role.CEO, Role.ADMIN, Role.TRUST_REVIEWER]
UNCHANGED = object()


@dataclass
class ScheduleChange:
    """What a re-plan did: the visits it created and the ids it replaced."""

    created: list = field(default_factory=list)
    replaced_ids: list = field(default_factory=list)

    def __iadd__(self, other):
        self.created += other.created
        self.replaced_ids += other.replaced_ids
        return self


# Planning ---------------------------------------------------------------------


def visit_schedule_replace(*, school_id, tier_decision_id):
    """Re-plan the school's visits under this decision's tier.

    From the later of today and the day the decision takes effect, to the
    end of the calendar the trust has entered (or to the day the school's
    next decision takes effect), in one transaction holding the school's row
    lock. Planned visits with a target date after today and on or after the
    decision's effective date are marked replaced; past, completed and
    today's visits stay. Returns a ScheduleChange."""
    school = School.objects.get(pk=school_id)
    decision = TierDecision.objects.get(pk=tier_decision_id, school_id=school_id)
    return _schedule_replace(school=school, decision=decision)


def visit_schedule_for_school(*, school):
    """Plan the school's visits from its current tier, and from any tier
    decided for a later date. Does nothing for a school with no tier."""
    today = timezone.localdate()
    change = ScheduleChange()
    for decision in _decisions_to_plan(school, today):
        change += _schedule_replace(school=school, decision=decision)
    return change


def visit_schedules_for_schools(*, schools):
    """Plan each school's visits. Returns (ScheduleChange, number of schools
    with no tier)."""
    change, without_tier = ScheduleChange(), 0
    for school in schools:
        if not school.tier_decisions.exists():
            without_tier += 1
            continue
        change += visit_schedule_for_school(school=school)
    return change, without_tier


def _decisions_to_plan(school, today):
    """The decision in effect today, then each later one, in date order."""
    decisions = list(school.tier_decisions.order_by("effective_on", "decided_at", "pk"))
    latest_per_day = {decision.effective_on: decision for decision in decisions}
    current = [day for day in latest_per_day if day <= today]
    days = ([max(current)] if current else []) + [
        day for day in latest_per_day if day > today
    ]
    return [latest_per_day[day] for day in days]


def _schedule_replace(*, school, decision):
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        # Re-plans of one school run one at a time.
        School.objects.select_for_update().get(pk=school.pk)
        change = _replan(school, decision, today)

    logger.info(
        "Visits of school %s re-planned under tier decision %s: %s created, "
        "%s replaced (ids %s) in %.2f s",
        school.pk,
        decision.pk,
        len(change.created),
        len(change.replaced_ids),
        change.replaced_ids,
        time.monotonic() - started,
    )
    return change


@dataclass(frozen=True)
class _Plan:
    """The visits one decision asks for, between today (or the day it takes
    effect) and `until`, the day the next decision takes effect (or None)."""

    decision: TierDecision
    cadence: str
    kind: str
    windows: list
    today: datetime.date
    until: datetime.date | None

    def matches(self, visit):
        window = (visit.window_starts_on, visit.window_ends_on)
        return (visit.cadence, visit.kind) == (self.cadence, self.kind) and any(
            window == (planned.starts_on, planned.ends_on) for planned in self.windows
        )


def _replan(school, decision, today):
    if _is_superseded(decision):
        return ScheduleChange()
    tier_cadence = TierCadence.objects.filter(tier=decision.tier).first()
    if tier_cadence is None:
        logger.warning("No visit cadence for tier %s: nothing planned", decision.tier)
        return ScheduleChange()
    plan = _plan(school, decision, tier_cadence, today)

    replaced_ids = _replace_planned(school, plan)
    created = _create_planned(school, plan)
    return ScheduleChange(created=created, replaced_ids=replaced_ids)


def _plan(school, decision, tier_cadence, today):
    cadence = cadence_for(school=school, tier_cadence=tier_cadence)
    until = _next_effective_on(decision)
    starts_from = max(today, decision.effective_on)
    windows = visit_windows(
        trust_calendar(since=starts_from),
        cadence,
        starts_from=starts_from,
        # Schools' visits fall on different days of a window, not all on one.
        spread=int(school.urn),
    )
    return _Plan(
        decision=decision,
        cadence=cadence,
        kind=tier_cadence.visit_kind,
        windows=[w for w in windows if until is None or w.ends_on < until],
        today=today,
        until=until,
    )


def _replace_planned(school, plan):
    """Mark replaced the planned visits still to come under this decision,
    except those the plan would create again, which it takes over."""
    decision = plan.decision
    replaceable = school.visits.planned().filter(
        planned_on__gt=plan.today, planned_on__gte=decision.effective_on
    )
    if plan.until is not None:
        replaceable = replaceable.filter(planned_on__lt=plan.until)
    same = [visit.pk for visit in replaceable if plan.matches(visit)]
    replaced_ids = sorted(replaceable.exclude(pk__in=same).values_list("pk", flat=True))
    now = timezone.now()
    Visit.objects.filter(pk__in=replaced_ids).update(
        status=VisitStatus.REPLACED, updated_at=now
    )
    Visit.objects.filter(pk__in=same).exclude(tier_decision=decision).update(
        tier=decision.tier, tier_decision=decision, updated_at=now
    )
    return replaced_ids


def _create_planned(school, plan):
    """A visit for each window of the plan that holds none already."""
    staying = list(
        school.visits.filter(
            status__in=[VisitStatus.PLANNED, VisitStatus.COMPLETED]
        ).values_list("planned_on", flat=True)
    )
    lead = trust_ceo()
    return Visit.objects.bulk_create(
        Visit.in_window(
            window,
            school=school,
            kind=plan.kind,
            cadence=plan.cadence,
            lead=lead,
            tier=plan.decision.tier,
            tier_decision=plan.decision,
        )
        for window in plan.windows
        # A window that holds a visit already, done or still due, gets no other.
        if not any(day in window for day in staying)
    )


def _is_superseded(decision):
    """A later decision for the same day replaces this one entirely."""
    latest = TierDecision.objects.filter(
        school_id=decision.school_id, effective_on=decision.effective_on
    ).first()
    return latest.pk != decision.pk


def _next_effective_on(decision):
    later = (
        TierDecision.objects.filter(
            school_id=decision.school_id, effective_on__gt=decision.effective_on
        )
        .order_by("effective_on")
        .first()
    )
    return later.effective_on if later else None


def cadence_for(*, school, tier_cadence):
    """The school's own cadence when it visits more often than its tier's,
    else the tier's."""
    own = SchoolCadence.objects.filter(school=school).first()
    if own and is_more_often(own.cadence, than=tier_cadence.cadence):
        return own.cadence
    return tier_cadence.cadence


def is_more_often(cadence, *, than):
    return CADENCE_ORDER.index(cadence) < CADENCE_ORDER.index(than)


def trust_calendar(*, since=None):
    """The academic years the trust has entered, as ProposedYear values,
    leaving out those that ended before `since`."""
    years = AcademicYear.objects.prefetch_related("terms__half_terms").order_by(
        "start_year"
    )
    if since is not None:
        years = years.filter(ends_on__gte=since)
    return [_as_dates(year) for year in years]


def _as_dates(academic_year):
    terms = tuple(
        ProposedTerm(
            term.name,
            term.starts_on,
            term.ends_on,
            tuple(
                ProposedHalfTerm(half.number, half.starts_on, half.ends_on)
                for half in term.half_terms.all()
            ),
        )
        for term in academic_year.terms.all()
    )
    return ProposedYear(start_year=academic_year.start_year, terms=terms)


def trust_ceo():
    """The user who holds the trust's CEO role, or None."""
    membership = (
        Membership.objects.current()
        .filter(role=Role.CEO, school__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.user if membership else None


def lead_choices(*, including=None):
    """Active users who may lead a visit: the CEO, admins and trust
    reviewers, and the user with the pk `including` (a visit's current lead,
    who stays a choice after leaving their role)."""
    holds_role = Q(
        is_active=True,
        memberships__ended_at__isnull=True,
        memberships__school__isnull=True,
        memberships__role__in=LEAD_ROLES,
    )
    if including is not None:
        holds_role |= Q(pk=including)
    return User.objects.filter(holds_role).distinct()


def schools_affected_by(*, tiers):
    """Open schools whose current tier is one of these."""
    schools = list(School.objects.open())
    decisions = current_tiers(schools)
    return [
        school
        for school in schools
        if decisions[school.pk] and decisions[school.pk].tier in tiers
    ]


# Changing one visit or one school's cadence ---------------------------------


def visit_move(
    *, visit, planned_on, moved_by, lead=UNCHANGED, is_current=lambda locked: True
):
    """Move a planned visit's target date within its window, and change its
    lead if one is given (None for no lead).

    Locks the visit's row; is_current is called with it (see
    pvat.concurrency) and when it answers False nothing is saved and None is
    returned. Raises ValidationError for a visit that is no longer planned
    or a date outside the window, on a weekend or in a holiday."""
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not is_current(locked):
            return None
        _check_move(locked, planned_on)
        locked.planned_on = planned_on
        if lead is not UNCHANGED:
            locked.lead = lead
        locked.save()

    logger.info(
        "Visit %s of school %s moved to %s, lead %s, by user %s",
        locked.pk,
        locked.school_id,
        planned_on.isoformat(),
        locked.lead_id,
        moved_by.pk,
    )
    return locked


def _check_move(visit, planned_on):
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError("Only a planned visit can be moved.")
    if not visit.window_starts_on <= planned_on <= visit.window_ends_on:
        raise ValidationError(
            {
                "planned_on": "Choose a date inside the visit's window, "
                f"{_long(visit.window_starts_on)} to {_long(visit.window_ends_on)}."
            }
        )
    if planned_on.weekday() > 4:
        raise ValidationError({"planned_on": "Choose a weekday."})
    if is_holiday(planned_on):
        raise ValidationError(
            {"planned_on": "That day is in a school holiday: choose a school day."}
        )


def is_holiday(day):
    """Outside every half-term of an academic year the trust has entered. A
    day in a year with no calendar yet is not known to be a holiday."""
    if not AcademicYear.objects.containing(day).exists():
        return False
    return not HalfTerm.objects.filter(starts_on__lte=day, ends_on__gte=day).exists()


def school_cadence_set(*, school, cadence, reason, set_by):
    """Set the school to be visited more often than its tier (cadence), or
    as its tier (cadence empty), then re-plan its visits. The reason is
    required with a cadence. Returns the re-plan's ScheduleChange."""
    reason = reason.strip()
    with transaction.atomic():
        School.objects.select_for_update().get(pk=school.pk)
        if cadence:
            _check_school_cadence(school, cadence, reason)
            SchoolCadence.objects.update_or_create(
                school=school,
                defaults={"cadence": cadence, "reason": reason, "set_by": set_by},
            )
        else:
            # The school goes back to its tier's cadence; the row only ever
            # says "more often", so there is nothing to keep.
            SchoolCadence.objects.filter(school=school).delete()
        change = visit_schedule_for_school(school=school)

    logger.info(
        "Visit cadence of school %s set to %s by user %s",
        school.pk,
        cadence or "its tier's",
        set_by.pk,
    )
    return change


def _check_school_cadence(school, cadence, reason):
    tier_cadence = tier_cadence_of(school)
    if tier_cadence is None:
        raise ValidationError("The school has no tier yet.")
    if not is_more_often(cadence, than=tier_cadence.cadence):
        raise ValidationError(
            {"cadence": "Choose a cadence more often than the tier's."}
        )
    if not reason:
        raise ValidationError({"reason": "Say why the school is visited more often."})


def tier_cadence_of(school):
    """The TierCadence of the school's current tier, or None without one."""
    decision = current_tiers([school])[school.pk]
    if decision is None:
        return None
    return TierCadence.objects.filter(tier=decision.tier).first()


def tier_cadences_save(*, formset, saved_by):
    """Save the admin's tier cadences together. Returns the tiers changed.
    Nothing is re-planned: the admin chooses when."""
    with transaction.atomic():
        saved = formset.save(commit=False)
        for tier_cadence in saved:
            tier_cadence.updated_by = saved_by
            tier_cadence.save()
    tiers = sorted(tier_cadence.tier for tier_cadence in saved)
    logger.info("Visit cadences of tiers %s changed by user %s", tiers, saved_by.pk)
    return tiers


def _long(day):
    return f"{day.day} {day:%B %Y}"
