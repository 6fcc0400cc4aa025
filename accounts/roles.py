"""The roles of the trust's model and what each one may see.

A plain module with no model imports, so that every app can use it.
"""

from django.db import models


class Role(models.TextChoices):
    CEO = "ceo", "CEO"
    ADMIN = "admin", "Trust admin"
    TRUST_REVIEWER = "trust_reviewer", "Trust reviewer"
    EXTERNAL_REVIEWER = "external_reviewer", "External reviewer"
    HEADTEACHER = "headteacher", "Headteacher"
    GOVERNOR = "governor", "Local governor"
    TRUSTEE = "trustee", "Trustee"


# Roles held across the trust, not at one school.
TRUST_ROLES = frozenset(
    {Role.CEO, Role.ADMIN, Role.TRUST_REVIEWER, Role.EXTERNAL_REVIEWER, Role.TRUSTEE}
)
# Roles held at a particular school.
SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.GOVERNOR})
# Trust roles that may read every school. Reviewers see only the schools they
# are assigned to (accounts.access.assignment_source_register).
ALL_SCHOOLS_ROLES = frozenset({Role.CEO, Role.ADMIN, Role.TRUSTEE})
ASSIGNABLE_ROLES = frozenset({Role.TRUST_REVIEWER, Role.EXTERNAL_REVIEWER})
