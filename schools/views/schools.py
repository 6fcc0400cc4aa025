import logging

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from accounts.access import permission_required, signed_in
from accounts.models import Membership
from pvat.lists import csv_response, list_context, wants_csv

from ..access import school_for_user
from ..filters import SchoolFilter
from ..forms import SchoolForm
from ..models import School
from ..profile import school_columns, with_school_columns

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = [
    ("URN", "urn"),
    ("Name", "name"),
    ("Phase", "get_phase_display"),
    ("Type", "establishment_type"),
    ("Local authority", "local_authority"),
    ("Pupils", "number_of_pupils"),
    ("Capacity", "capacity"),
    ("Age range", "age_range"),
    ("Status", "get_status_display"),
    ("Date joined", "joined_trust_on"),
]


@signed_in
def school_list(request):
    queryset = with_school_columns(School.objects.visible_to(request.user))
    schools = SchoolFilter(request.GET, queryset=queryset)
    columns = school_columns()
    if wants_csv(request):
        header = [label for label, _ in EXPORT_COLUMNS] + [c.label for c in columns]
        rows = (_export_row(school, columns) for school in schools.qs)
        return csv_response("schools.csv", header, rows)
    context = {**list_context(request, schools), "columns": columns}
    return render(request, "schools/school_list.html", context)


def _export_row(school, columns):
    row = [_value(school, name) for _, name in EXPORT_COLUMNS]
    return row + [column.display(getattr(school, column.name)) for column in columns]


def _value(school, attribute):
    value = getattr(school, attribute)
    return value() if callable(value) else value


@signed_in
def school_detail(request, urn):
    memberships = Membership.objects.current().select_related("user")
    queryset = School.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )
    school = school_for_user(request.user, urn, queryset=queryset)
    context = {
        "school": school,
        "can_edit": request.user.has_perm("schools.change_school", school),
    }
    return render(request, "schools/school_detail.html", context)


@permission_required("schools.add_school")
def school_create(request):
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = form.save()
        logger.info("School %s created by user %s", school.pk, request.user.pk)
        messages.success(request, f"{school.name} was added.")
        return redirect(school)
    return render(request, "schools/school_form.html", {"form": form})


@signed_in
def school_edit(request, urn):
    school = school_for_user(request.user, urn, permission="schools.change_school")
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid() and _save_current(form, school):
        logger.info("School %s updated by user %s", school.pk, request.user.pk)
        messages.success(request, "School details saved.")
        return redirect(school)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


def _save_current(form, school):
    with transaction.atomic():
        locked = School.objects.select_for_update().get(pk=school.pk)
        if not form.is_current(locked):
            return False
        form.save()
    return True
