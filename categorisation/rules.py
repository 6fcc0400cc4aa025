import rules

from accounts.access import access_of
from accounts.roles import Role
from accounts.rules import is_ceo, is_trust_admin
from schools.rules import can_view_school

is_central_team = is_ceo | is_trust_admin

# Object permissions take the school.
rules.add_perm("categorisation.view_tier", can_view_school)
rules.add_perm("categorisation.decide_tier", can_view_school & is_central_team)
# Trust-wide permissions.
rules.add_perm("categorisation.manage_rule_sets", is_trust_admin)
rules.add_perm("categorisation.run_annual_review", is_central_team)


@rules.predicate
def is_trustee(user):
    return access_of(user).has_trust_role(Role.TRUSTEE)


rules.add_perm("categorisation.view_annual_review", is_central_team | is_trustee)
rules.add_perm("categorisation.open_annual_review", is_trust_admin)
