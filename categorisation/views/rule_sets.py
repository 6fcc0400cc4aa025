from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import permission_required, signed_in
from schools.calendar import academic_start_year_of
from schools.models import academic_year_name

from ..forms_rule_sets import RuleSetForm
from ..models import RuleSet
from ..rule_set_services import FIRST_YEAR, LAST_YEAR, rule_set_save
from ..thresholds import THRESHOLDS, default_thresholds


@signed_in
def rule_set_list(request):
    current_year = academic_start_year_of(timezone.localdate())
    in_force = RuleSet.objects.for_year(current_year)
    values = in_force.values() if in_force else default_thresholds()
    context = {
        "rule_sets": RuleSet.objects.select_related("updated_by"),
        "current_year": current_year,
        "current_name": academic_year_name(current_year),
        "in_force": in_force,
        "groups": _value_groups(values),
        "can_manage": request.user.has_perm("categorisation.manage_rule_sets"),
        "years_to_start": _years_to_start(current_year),
    }
    return render(request, "categorisation/rule_set_list.html", context)


def _value_groups(values):
    """[(group, [(threshold, value), ...])] in the order of THRESHOLDS."""
    groups = {}
    for threshold in THRESHOLDS:
        row = (threshold, values[threshold.key])
        groups.setdefault(threshold.group, []).append(row)
    return list(groups.items())


def _years_to_start(current_year):
    """Years an admin may want a new set for: this one, if it has none, and
    the year after the latest set."""
    years = set(RuleSet.objects.values_list("academic_year", flat=True))
    candidates = {current_year, max(years | {current_year}) + 1}
    return [(year, academic_year_name(year)) for year in sorted(candidates - years)]


@permission_required("categorisation.manage_rule_sets")
def rule_set_edit(request, academic_year):
    """A year with no set starts from the values in force the year before."""
    if not FIRST_YEAR <= academic_year <= LAST_YEAR:
        raise Http404("No such academic year.")
    rule_set = RuleSet.objects.filter(academic_year=academic_year).first()
    previous = RuleSet.objects.for_year(academic_year - 1)
    previous_values = previous.values() if previous else default_thresholds()
    previous_name = academic_year_name(academic_year - 1)

    initial = rule_set.values() if rule_set else dict(previous_values)
    form = RuleSetForm(
        request.POST or None,
        rule_set=rule_set,
        previous_values=previous_values,
        previous_name=previous_name,
        initial={**initial, "notes": rule_set.notes if rule_set else ""},
    )
    is_valid = request.method == "POST" and form.is_valid()
    if is_valid and _save_current(form, academic_year, request.user):
        year_name = academic_year_name(academic_year)
        messages.success(request, f"The thresholds for {year_name} were saved.")
        return redirect("categorisation:rule_sets")

    context = {
        "form": form,
        "rule_set": rule_set,
        "year_name": academic_year_name(academic_year),
        "previous": previous,
        "previous_name": previous_name,
    }
    return render(request, "categorisation/rule_set_form.html", context)


def _save_current(form, academic_year, user):
    """Save unless another admin saved this year's set since the form was
    opened (or created it, when there was none). Returns the saved set, or
    None with the reason added to the form."""
    with transaction.atomic():
        locked = (
            RuleSet.objects.select_for_update()
            .filter(academic_year=academic_year)
            .first()
        )
        if locked is not None and not form.is_current(locked):
            return None
        try:
            return rule_set_save(
                academic_year=academic_year,
                values=form.threshold_values(),
                notes=form.cleaned_data["notes"],
                saved_by=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
