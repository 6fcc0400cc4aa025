"""The one permission-checked getter for schools."""

from django.http import Http404

from accounts.access import require_object_permission

from .models import School


def school_for_user(user, urn, *, permission=None, queryset=None):
    """The school with this URN if the user may see it, else 404.

    With a permission, a user who may see the school but not do this gets 403.
    """
    queryset = queryset if queryset is not None else School.objects.all()
    try:
        school = queryset.get(urn=urn)
    except School.DoesNotExist:
        raise Http404("No such school.") from None
    if not user.has_perm("schools.view_school", school):
        raise Http404("No such school.")
    if permission:
        require_object_permission(user, permission, school)
    return school
