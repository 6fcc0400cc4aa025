"""Role predicates and the permissions built on them (django-rules)."""

import rules

from .access import access_of
from .roles import Role


@rules.predicate
def is_trust_admin(user):
    return access_of(user).has_trust_role(Role.ADMIN)


@rules.predicate
def is_ceo(user):
    return access_of(user).has_trust_role(Role.CEO)


@rules.predicate
def sees_all_schools(user):
    return access_of(user).sees_all_schools


@rules.predicate
def has_any_role(user):
    return bool(access_of(user).all_roles)


rules.add_perm("accounts.manage_people", is_trust_admin)
