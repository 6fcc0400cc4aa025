import rules

from accounts.access import access_of
from accounts.roles import Role
from accounts.rules import is_ceo, is_trust_admin, sees_all_schools
from schools.rules import can_view_school, is_headteacher_of_school

is_central_team = is_ceo | is_trust_admin

# Object permissions take the school.
rules.add_perm("visits.view_visits", can_view_school)
rules.add_perm("visits.plan_visits", can_view_school & is_central_team)
rules.add_perm(
    "visits.request_focus_day",
    can_view_school & (is_headteacher_of_school | is_central_team),
)
# Trust-wide permissions.
rules.add_perm("visits.view_workload", is_central_team)
rules.add_perm("visits.manage_cadences", is_trust_admin)


@rules.predicate
def is_trust_reviewer(user):
    return access_of(user).has_trust_role(Role.TRUST_REVIEWER)


# Those who may lead a visit (visits.services.lead_choices), and so have
# visits for a calendar feed.
rules.add_perm("visits.lead_visits", is_central_team | is_trust_reviewer)


# The trust's list of focus days: all of them for those who see every
# school, a reviewer's own assignments for a reviewer.
rules.add_perm("visits.view_focus_days", sees_all_schools | is_trust_reviewer)


# Focus-day permissions take the focus day.
@rules.predicate
def can_view_focus_day_school(user, focus_day):
    return can_view_school.test(user, focus_day.school)


@rules.predicate
def is_central_team_for_focus_day(user, focus_day):
    return is_central_team.test(user)


@rules.predicate
def is_focus_day_reviewer(user, focus_day):
    from .models import FocusDayStatus

    return (
        focus_day.reviewer_id is not None
        and focus_day.reviewer_id == user.pk
        and focus_day.status != FocusDayStatus.WITHDRAWN
    )


@rules.predicate
def is_focus_day_issued(user, focus_day):
    return focus_day.is_issued


@rules.predicate
def is_request_of_own_school(user, focus_day):
    """The school's headteacher, while the day is only asked for."""
    from .models import FocusDayStatus

    return focus_day.status == FocusDayStatus.REQUESTED and (
        is_headteacher_of_school.test(user, focus_day.school)
    )


may_write_focus_day = is_focus_day_reviewer | is_central_team_for_focus_day

rules.add_perm("visits.view_focus_day", can_view_focus_day_school)
rules.add_perm(
    "visits.schedule_focus_day",
    can_view_focus_day_school & is_central_team_for_focus_day,
)
rules.add_perm(
    "visits.write_focus_day_report", can_view_focus_day_school & may_write_focus_day
)
rules.add_perm(
    "visits.withdraw_focus_day",
    can_view_focus_day_school
    & (is_central_team_for_focus_day | is_request_of_own_school),
)
# The findings: everyone who sees the school once the report is issued, and
# before that only those who write it.
rules.add_perm(
    "visits.view_focus_day_report",
    can_view_focus_day_school & (is_focus_day_issued | may_write_focus_day),
)
