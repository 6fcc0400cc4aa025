"""Focus days: requested by the headteacher, scheduled by the central team,
reported on by a trust colleague, issued as a PDF.

Each function that changes something checks the focus day's state under a
row lock, logs the ids it changed at info, and sends its e-mails once the
transaction commits. ValidationError carries the message a person reads.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from accounts.models import Membership
from accounts.roles import Role
from categorisation.selectors import current_tiers
from schools.calendar import academic_start_year_of
from schools.models import School, SchoolStatus, academic_year_name

from .models import (
    FOCUS_DAY_HELD,
    FocusDay,
    FocusDayActivity,
    FocusDayFinding,
    FocusDayStatus,
)
from .services import is_holiday, lead_choices

logger = logging.getLogger(__name__)

# The tiers whose support includes a focus day each academic year.
FOCUS_DAY_TIERS = (1, 2)
FOCUS_DAY_KIND = "focus_day_report"


# From May a school may also ask for next year's focus day: the summer term
# leaves few days for this year's, and the summer holiday none.
NEXT_YEAR_REQUESTS_FROM_MONTH = 5


def focus_day_year(today=None):
    """The current academic year (by start year)."""
    return academic_start_year_of(today or timezone.localdate())


def focus_day_request_years(today=None):
    """The academic years a request made today may be for: this one, and
    from May to August the next one too."""
    today = today or timezone.localdate()
    current = focus_day_year(today)
    if NEXT_YEAR_REQUESTS_FROM_MONTH <= today.month <= 8:
        return [current, current + 1]
    return [current]


def _long(day):
    return dateformat.format(day, "j F Y")


# Who may have one ---------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """Whether the school may ask for this year's focus day, and if not, why,
    in words for the headteacher."""

    allowed: bool
    reason: str = ""
    existing: FocusDay | None = None
    tier: int | None = None


def focus_day_eligibility(school, *, academic_year):
    year = academic_year_name(academic_year)
    existing = (
        FocusDay.objects.held()
        .filter(school=school, academic_year=academic_year)
        .select_related("school", "area")
        .first()
    )
    if existing is not None:
        return Eligibility(
            False,
            f"{school.name} already has its focus day for {year}.",
            existing=existing,
        )
    if school.status == SchoolStatus.JOINING:
        return Eligibility(
            False,
            f"{school.name} is still joining the trust: its focus days begin "
            "once it has opened as a trust school with a Tier 1 or Tier 2 tier.",
        )
    if school.status != SchoolStatus.OPEN:
        return Eligibility(False, f"{school.name} is closed.")
    # Next year's focus day follows the tier the school will have then.
    on = max(timezone.localdate(), datetime.date(academic_year, 9, 1))
    decision = current_tiers([school], on=on)[school.pk]
    if decision is None:
        return Eligibility(
            False,
            f"{school.name} has no tier yet. A focus day comes with Tier 1 and "
            "Tier 2 support once the trust has decided the school's tier.",
        )
    if decision.tier not in FOCUS_DAY_TIERS:
        is_or_will_be = (
            f"moves to Tier {decision.tier} on {_long(decision.effective_on)}"
            if decision.effective_on > timezone.localdate()
            else f"is in Tier {decision.tier}"
        )
        return Eligibility(
            False,
            f"{school.name} {is_or_will_be}. Tier 3 support has no "
            "focus day: the CEO's fortnightly visits and the rapid improvement "
            "plan take its place.",
            tier=decision.tier,
        )
    return Eligibility(True, tier=decision.tier)


# Dates ------------------------------------------------------------------------


def _date_problem(day, *, academic_year, today):
    """Why this day cannot be a focus day, or "" when it can."""
    year = academic_year_name(academic_year)
    starts_on = datetime.date(academic_year, 9, 1)
    ends_on = datetime.date(academic_year + 1, 8, 31)
    if day < today:
        return "Choose a date from today onwards."
    if not starts_on <= day <= ends_on:
        return f"Choose a date in the {year} academic year."
    if day.weekday() > 4:
        return "Choose a weekday."
    if is_holiday(day):
        return "That day is in a school holiday: choose a school day."
    return ""


def _check_proposed_dates(dates, *, academic_year, today):
    errors = {}
    for field_name, day in dates.items():
        if day is None:
            continue
        problem = _date_problem(day, academic_year=academic_year, today=today)
        if problem:
            errors[field_name] = problem
    chosen = [day for day in dates.values() if day]
    if not errors and len(chosen) != len(set(chosen)):
        errors["proposed_second_on"] = "Propose different dates, or leave it blank."
    if errors:
        raise ValidationError(errors)


# Requesting ---------------------------------------------------------------------


def _requested_year(proposed_first_on, *, today):
    """The academic year the first proposed date is in, when requests are
    open for it. A past date goes on to the date checks, which say so."""
    years = focus_day_request_years(today)
    academic_year = academic_start_year_of(proposed_first_on)
    if academic_year in years:
        return academic_year
    if proposed_first_on < today:
        return years[0]
    names = " or ".join(academic_year_name(year) for year in years)
    raise ValidationError(
        {"proposed_first_on": f"Choose a date in the {names} academic year."}
    )


def focus_day_request(
    *,
    school,
    area,
    reason,
    proposed_first_on,
    requested_by,
    proposed_second_on=None,
    proposed_third_on=None,
    today=None,
):
    """Record the school's request for a year's focus day and tell the
    central team. The first proposed date decides the year, which must be
    one that requests are open for (focus_day_request_years); the other
    dates must fall in it too. Raises ValidationError when the school may
    not have one or a date does not suit."""
    today = today or timezone.localdate()
    academic_year = _requested_year(proposed_first_on, today=today)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the school chose this area."})
    if not area.is_active:
        raise ValidationError({"area": "That area is no longer offered."})
    _check_proposed_dates(
        {
            "proposed_first_on": proposed_first_on,
            "proposed_second_on": proposed_second_on,
            "proposed_third_on": proposed_third_on,
        },
        academic_year=academic_year,
        today=today,
    )
    with transaction.atomic():
        # Two requests at once for the same school queue here; the second
        # then finds the first and is refused.
        School.objects.select_for_update().get(pk=school.pk)
        eligibility = focus_day_eligibility(school, academic_year=academic_year)
        if not eligibility.allowed:
            raise ValidationError(eligibility.reason)
        try:
            with transaction.atomic():
                focus_day = FocusDay.objects.create(
                    school=school,
                    academic_year=academic_year,
                    area=area,
                    reason=reason.strip(),
                    proposed_first_on=proposed_first_on,
                    proposed_second_on=proposed_second_on,
                    proposed_third_on=proposed_third_on,
                    requested_by=requested_by,
                )
        except IntegrityError:
            raise ValidationError(
                f"{school.name} already has its focus day for "
                f"{academic_year_name(academic_year)}."
            ) from None
        logger.info(
            "Focus day %s requested for school %s (%s) by user %s",
            focus_day.pk,
            school.pk,
            academic_year,
            requested_by.pk,
        )
        transaction.on_commit(lambda: _email_requested(focus_day))
    return focus_day


# Scheduling ---------------------------------------------------------------------


def reviewer_choices(*, including=None):
    """Trust colleagues who may review a focus day: the CEO, admins and
    trust reviewers, and the focus day's current reviewer."""
    return lead_choices(including=including).order_by("full_name", "email")


def focus_day_schedule(
    *, focus_day, reviewer, scheduled_on, scheduled_by, is_current=None, today=None
):
    """Name the reviewer and fix the date, or change either before the
    report is issued; the reviewer and the headteacher are told.

    `is_current(locked)` is the edit form's version check; when it answers
    False nothing is saved and None is returned."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = FocusDay.objects.select_for_update().get(pk=focus_day.pk)
        if is_current is not None and not is_current(locked):
            return None
        if locked.status not in (FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED):
            raise ValidationError(
                f"This focus day is {locked.get_status_display().lower()}, so "
                "it cannot be scheduled."
            )
        if not reviewer_choices(including=locked.reviewer_id).filter(pk=reviewer.pk):
            raise ValidationError({"reviewer": "Choose a trust colleague."})
        is_same_day = locked.scheduled_on == scheduled_on
        unchanged = is_same_day and locked.reviewer_id == reviewer.pk
        # A day kept as it was is not checked again: after the day itself,
        # the write-up can still be handed to another reviewer.
        if not is_same_day:
            problem = _date_problem(
                scheduled_on, academic_year=locked.academic_year, today=today
            )
            if problem:
                raise ValidationError({"scheduled_on": problem})
        if not unchanged:
            _check_reviewer_free(locked, reviewer, scheduled_on)
        previous_reviewer = locked.reviewer
        was_scheduled = locked.status == FocusDayStatus.SCHEDULED
        locked.reviewer = reviewer
        locked.scheduled_on = scheduled_on
        locked.scheduled_by = scheduled_by
        locked.scheduled_at = timezone.now()
        locked.status = FocusDayStatus.SCHEDULED
        locked.save()
        logger.info(
            "Focus day %s scheduled for %s with reviewer %s by user %s",
            locked.pk,
            scheduled_on.isoformat(),
            reviewer.pk,
            scheduled_by.pk,
        )
        if not unchanged:
            transaction.on_commit(
                lambda: _email_scheduled(
                    locked,
                    was_scheduled=was_scheduled,
                    previous_reviewer=previous_reviewer,
                )
            )
    return locked


def _check_reviewer_free(focus_day, reviewer, scheduled_on):
    """A reviewer spends the whole day at one school. Two people scheduling
    the same reviewer at the same moment could both pass this check; it is
    a guard against a slip, not a rule the database keeps."""
    other = (
        FocusDay.objects.filter(
            reviewer=reviewer, scheduled_on=scheduled_on, status__in=FOCUS_DAY_HELD
        )
        .exclude(pk=focus_day.pk)
        .select_related("school")
        .first()
    )
    if other is not None:
        name = reviewer.get_full_name() or reviewer.email
        raise ValidationError(
            {
                "scheduled_on": f"{name} is already reviewing the focus day at "
                f"{other.school.name} on {_long(scheduled_on)}. Choose another "
                "day or another reviewer."
            }
        )


# Writing and issuing the report ---------------------------------------------------


def focus_day_report_save(
    *, focus_day, summary, activities, findings, saved_by, is_current=None
):
    """Replace the draft report: the summary, the activities used (pairs of
    kind and detail) and the findings (triples of kind, area and text).

    Returns the saved focus day, or None when `is_current` finds that someone
    else saved first (nothing is written then)."""
    with transaction.atomic():
        locked = FocusDay.objects.select_for_update().get(pk=focus_day.pk)
        if is_current is not None and not is_current(locked):
            return None
        if locked.status != FocusDayStatus.SCHEDULED:
            raise ValidationError(
                "Only the report of a scheduled focus day can be changed; "
                f"this one is {locked.get_status_display().lower()}."
            )
        locked.summary = summary.strip()
        locked.save(update_fields=["summary", "updated_at"])
        locked.activities.all().delete()
        FocusDayActivity.objects.bulk_create(
            FocusDayActivity(focus_day=locked, kind=kind, detail=detail.strip())
            for kind, detail in activities
        )
        locked.findings.all().delete()
        FocusDayFinding.objects.bulk_create(
            FocusDayFinding(focus_day=locked, kind=kind, area=area, text=text.strip())
            for kind, area, text in findings
        )
        logger.info(
            "Focus day %s report saved by user %s (%s activities, %s findings)",
            locked.pk,
            saved_by.pk,
            len(activities),
            len(findings),
        )
    return locked


def issue_problems(focus_day, *, today=None):
    """What stops the report from being issued, in words for the reviewer."""
    today = today or timezone.localdate()
    problems = []
    if focus_day.status != FocusDayStatus.SCHEDULED:
        return [f"The focus day is {focus_day.get_status_display().lower()}."]
    if focus_day.scheduled_on > today:
        problems.append(
            f"The focus day is on {_long(focus_day.scheduled_on)}: its report "
            "can be issued from that day."
        )
    if not focus_day.summary.strip():
        problems.append("Write the overall summary.")
    if not focus_day.activities.exists():
        problems.append("Record at least one activity used on the day.")
    if not focus_day.findings.exists():
        problems.append("Record at least one strength or development point.")
    return problems


def focus_day_issue(*, focus_day, issued_by, today=None):
    """Issue the report: it can no longer change, and its PDF is queued.
    Returns the Rendering whose progress the reviewer follows; the
    headteacher is e-mailed when the PDF is ready."""
    from reports.services import rendering_request

    with transaction.atomic():
        locked = FocusDay.objects.select_for_update().get(pk=focus_day.pk)
        problems = issue_problems(locked, today=today)
        if problems:
            raise ValidationError(problems)
        locked.status = FocusDayStatus.ISSUED
        locked.issued_by = issued_by
        locked.issued_at = timezone.now()
        locked.save(update_fields=["status", "issued_by", "issued_at", "updated_at"])
        logger.info("Focus day %s report issued by user %s", locked.pk, issued_by.pk)
        rendering = rendering_request(
            kind=FOCUS_DAY_KIND, object_id=locked.pk, requested_by=issued_by
        )
    return rendering


def focus_day_latest_rendering(focus_day):
    """The newest rendering of the focus day's report, or None."""
    from reports.models import Rendering

    renderings = Rendering.objects.filter(kind=FOCUS_DAY_KIND, object_id=focus_day.pk)
    return renderings.order_by("-requested_at", "-pk").first()


# Withdrawing --------------------------------------------------------------------


def focus_days_withdraw_for_tier(*, school_id, new_tier, effective_on):
    """A school that leaves Tier 1 and 2 has no focus day: its request or
    scheduled day not yet reported on, in the academic year the decision
    takes effect or later, is withdrawn (kept, marked, never deleted). A
    decision for next year leaves this year's focus day as it is. Returns
    the ids withdrawn."""
    if new_tier in FOCUS_DAY_TIERS:
        return []
    reason = f"The school moved to Tier {new_tier}, whose support has no focus day."
    withdrawn = []
    with transaction.atomic():
        pending = FocusDay.objects.select_for_update().filter(
            school_id=school_id,
            status__in=[FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED],
            academic_year__gte=academic_start_year_of(effective_on),
        )
        for focus_day in pending:
            focus_day.status = FocusDayStatus.WITHDRAWN
            focus_day.withdrawn_reason = reason
            focus_day.save(update_fields=["status", "withdrawn_reason", "updated_at"])
            withdrawn.append(focus_day.pk)
    if withdrawn:
        logger.info(
            "Focus days %s of school %s withdrawn: Tier %s from %s",
            withdrawn,
            school_id,
            new_tier,
            effective_on.isoformat(),
        )
    return withdrawn


def focus_day_withdraw(*, focus_day, reason, withdrawn_by):
    """Call off a focus day not yet reported on: the trust changing its
    plans, or the school no longer wanting the day it asked for. It is kept,
    marked withdrawn with the reason, and the year is free again; the
    headteachers and the reviewer are told (not whoever withdrew it)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the focus day is withdrawn."})
    with transaction.atomic():
        locked = FocusDay.objects.select_for_update().get(pk=focus_day.pk)
        if locked.status not in (FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED):
            raise ValidationError(
                f"This focus day is {locked.get_status_display().lower()}, so "
                "it cannot be withdrawn."
            )
        locked.status = FocusDayStatus.WITHDRAWN
        locked.withdrawn_reason = reason
        locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        logger.info("Focus day %s withdrawn by user %s", locked.pk, withdrawn_by.pk)
        transaction.on_commit(lambda: _email_withdrawn(locked, withdrawn_by))
    return locked


# Who hears about it -------------------------------------------------------------


def school_headteachers(school):
    memberships = Membership.objects.current().filter(
        school=school, role=Role.HEADTEACHER, user__is_active=True
    )
    return [membership.user for membership in memberships.select_related("user")]


def central_team():
    """Active people holding the CEO or admin role, each once."""
    memberships = Membership.objects.current().filter(
        school__isnull=True, role__in=[Role.CEO, Role.ADMIN], user__is_active=True
    )
    people = {m.user_id: m.user for m in memberships.select_related("user")}
    return list(people.values())


def _email(template, context, recipients):
    """One message per person, so that nobody sees who else was told."""
    if not recipients:
        return
    context = {
        **context,
        "trust_name": settings.TRUST_NAME,
        "site_domain": settings.SITE_DOMAIN,
    }
    subject = " ".join(
        render_to_string(f"visits/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"visits/email/{template}.txt", context)
    send_mass_mail([(subject, body, None, [person.email]) for person in recipients])


def _email_requested(focus_day):
    recipients = central_team()
    _email("focus_day_requested", {"focus_day": focus_day}, recipients)
    logger.info(
        "Focus day %s request e-mailed to %s people", focus_day.pk, len(recipients)
    )


def _email_scheduled(focus_day, *, was_scheduled, previous_reviewer):
    context = {"focus_day": focus_day, "was_scheduled": was_scheduled}
    heads = school_headteachers(focus_day.school)
    _email("focus_day_scheduled", {**context, "for_reviewer": False}, heads)
    _email(
        "focus_day_scheduled", {**context, "for_reviewer": True}, [focus_day.reviewer]
    )
    if previous_reviewer and previous_reviewer.pk != focus_day.reviewer_id:
        _email("focus_day_reviewer_released", context, [previous_reviewer])
    logger.info(
        "Focus day %s schedule e-mailed to reviewer %s and %s headteacher(s)",
        focus_day.pk,
        focus_day.reviewer_id,
        len(heads),
    )


def _email_withdrawn(focus_day, withdrawn_by):
    people = school_headteachers(focus_day.school)
    if focus_day.reviewer and focus_day.reviewer.is_active:
        people.append(focus_day.reviewer)
    recipients = [person for person in people if person.pk != withdrawn_by.pk]
    _email("focus_day_withdrawn", {"focus_day": focus_day}, recipients)
    logger.info(
        "Focus day %s withdrawal e-mailed to %s people",
        focus_day.pk,
        len(recipients),
    )


def assigned_school_ids(user):
    """The schools a reviewer's focus days of this academic year or later
    reach (the accounts assignment source). Access ends with the year."""
    return set(
        FocusDay.objects.assigned_to(user)
        .filter(academic_year__gte=focus_day_year())
        .values_list("school_id", flat=True)
    )
