import rules

from accounts.rules import is_ceo, is_trust_admin
from schools.rules import can_view_school, is_headteacher_of_school

is_central_team = is_ceo | is_trust_admin

# Object permissions take the school the evidence belongs to.
rules.add_perm("evidence.view_evidence", can_view_school)
rules.add_perm("evidence.change_evidence", can_view_school & is_central_team)
rules.add_perm(
    "evidence.upload_document",
    can_view_school & (is_central_team | is_headteacher_of_school),
)
rules.add_perm("evidence.scrutinise_document", can_view_school & is_central_team)
# Trust-wide permissions.
rules.add_perm("evidence.import_evidence", is_trust_admin)
rules.add_perm("evidence.manage_comparators", is_trust_admin)
