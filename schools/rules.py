import rules

from accounts.access import access_of
from accounts.roles import Role
from accounts.rules import is_trust_admin, sees_all_schools


@rules.predicate
def is_member_of_school(user, school):
    if school is None:
        return False
    return bool(access_of(user).roles_at(school.pk))


@rules.predicate
def is_headteacher_of_school(user, school):
    if school is None:
        return False
    return Role.HEADTEACHER in access_of(user).roles_at(school.pk)


@rules.predicate
def is_assigned_to_school(user, school):
    """A reviewer with a current assignment at the school reads it as a
    trustee would: every read-only page, nothing to change."""
    if school is None:
        return False
    return access_of(user).is_assigned_to(school.pk)


can_view_school = sees_all_schools | is_member_of_school | is_assigned_to_school

rules.add_perm("schools.view_school", can_view_school)
rules.add_perm("schools.add_school", is_trust_admin)
rules.add_perm("schools.change_school", is_trust_admin)
rules.add_perm("schools.import_gias", is_trust_admin)
rules.add_perm("schools.manage_calendar", is_trust_admin)
rules.add_perm("schools.manage_improvement_areas", is_trust_admin)
