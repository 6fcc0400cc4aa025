import rules

from accounts.rules import is_ceo, is_trust_admin
from schools.rules import can_view_school

is_central_team = is_ceo | is_trust_admin

# Object permissions take the school.
rules.add_perm("visits.view_visits", can_view_school)
rules.add_perm("visits.plan_visits", can_view_school & is_central_team)
# Trust-wide permissions.
rules.add_perm("visits.view_workload", is_central_team)
rules.add_perm("visits.manage_cadences", is_trust_admin)
