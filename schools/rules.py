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


can_view_school = sees_all_schools | is_member_of_school

rules.add_perm("schools.view_school", can_view_school)
rules.add_perm("schools.add_school", is_trust_admin)
rules.add_perm("schools.change_school", is_trust_admin)
rules.add_perm("schools.import_gias", is_trust_admin)
rules.add_perm("schools.manage_calendar", is_trust_admin)
rules.add_perm("schools.manage_improvement_areas", is_trust_admin)
