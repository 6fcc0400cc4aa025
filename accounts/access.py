"""One object-level access layer for every view.

Each view declares who may use it with one of the decorators below; the
AccessDeclarationMiddleware refuses any view that declares nothing. Views that
work on one school fetch it through a getter that answers 404 to outsiders,
then check write permissions, which answer 403 to read-only members.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import ALL_SCHOOLS_ROLES, ASSIGNABLE_ROLES, Role

ACCESS_ATTRIBUTE = "access_declaration"


@dataclass(frozen=True)
class UserAccess:
    """The roles a user holds now: trust-wide, and per school id; and, for
    reviewers, the schools their current assignments reach."""

    trust_roles: frozenset
    school_roles: dict
    assigned_school_ids: frozenset = frozenset()

    @property
    def sees_all_schools(self):
        return bool(self.trust_roles & ALL_SCHOOLS_ROLES)

    def has_trust_role(self, *roles):
        return bool(self.trust_roles.intersection(roles))

    def roles_at(self, school_id):
        return self.school_roles.get(school_id, frozenset())

    def is_assigned_to(self, school_id):
        return school_id in self.assigned_school_ids

    @property
    def visible_school_ids(self):
        """The schools seen by someone who does not see them all."""
        return set(self.school_roles) | self.assigned_school_ids

    @property
    def all_roles(self):
        roles = set(self.trust_roles)
        for school_roles in self.school_roles.values():
            roles |= school_roles
        return frozenset(roles)


NO_ACCESS = UserAccess(frozenset(), {})

# Where reviewers' assignments come from. Apps that assign reviewers to
# schools (focus days in visits, later support and impact reviews) register a
# function taking the user and returning the ids of the schools their current
# assignments reach. Accounts knows none of those apps.
_ASSIGNMENT_SOURCES = []


def assignment_source_register(source):
    if source not in _ASSIGNMENT_SOURCES:
        _ASSIGNMENT_SOURCES.append(source)
    return source


def _assigned_school_ids(user, trust_roles):
    # Only reviewers are assigned, and people who see every school need no
    # assignment: everyone else pays no query for this.
    if not trust_roles & ASSIGNABLE_ROLES or trust_roles & ALL_SCHOOLS_ROLES:
        return frozenset()
    return frozenset(
        school_id for source in _ASSIGNMENT_SOURCES for school_id in source(user)
    )


def access_of(user):
    """Load the user's current memberships once and keep them on the user
    object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_pvat_access", None)
    if cached is not None:
        return cached
    trust_roles, school_roles = set(), {}
    for school_id, role in user.memberships.current().values_list("school_id", "role"):
        if school_id is None:
            trust_roles.add(Role(role))
        else:
            school_roles.setdefault(school_id, set()).add(Role(role))
    access = UserAccess(
        frozenset(trust_roles),
        {key: frozenset(value) for key, value in school_roles.items()},
        _assigned_school_ids(user, trust_roles),
    )
    user._pvat_access = access
    return access


def forget_access(user):
    user.__dict__.pop("_pvat_access", None)


def _declare(view, declaration):
    setattr(view, ACCESS_ATTRIBUTE, declaration)
    return view


def public(view):
    """Anyone may use the view, signed in or not."""
    return _declare(view, "public")


def signed_in(view):
    """Any active signed-in user; object checks happen inside the view."""
    return _declare(login_required(view), "signed_in")


def permission_required(permission):
    """A signed-in user holding a global rules permission; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(login_required(wrapper), f"permission:{permission}")

    return decorator


def require_object_permission(user, permission, obj):
    """Raise 403 unless the user holds the permission on this object."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied
