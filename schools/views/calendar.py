from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import permission_required, signed_in

from .. import services
from ..calendar import academic_start_year_of, calendar_propose, term_time_weekdays
from ..calendar_forms import AcademicYearChoiceForm, AcademicYearDatesForm
from ..models import AcademicYear, academic_year_name

TEMPLATE = "schools/academic_year_form.html"


def _academic_years():
    return AcademicYear.objects.prefetch_related("terms__half_terms")


def _weekdays(academic_year):
    return term_time_weekdays(
        [half for term in academic_year.terms.all() for half in term.half_terms.all()]
    )


@signed_in
def calendar_overview(request):
    years = [
        {"academic_year": year, "weekdays": _weekdays(year)}
        for year in _academic_years()
    ]
    context = {
        "years": years,
        "today": timezone.localdate(),
        "can_manage": request.user.has_perm("schools.manage_calendar"),
    }
    return render(request, "schools/calendar_overview.html", context)


@permission_required("schools.manage_calendar")
def academic_year_create(request):
    choice = AcademicYearChoiceForm(
        request.POST or request.GET or None,
        initial={"start_year": _next_start_year()},
    )
    if not choice.is_bound:
        start_year = choice.initial["start_year"]
    elif choice.is_valid():
        start_year = choice.cleaned_data["start_year"]
    else:
        return render(request, TEMPLATE, {"choice": choice})
    context = {"choice": choice, "year_name": academic_year_name(start_year)}

    existing = AcademicYear.objects.filter(start_year=start_year).first()
    if existing:
        return render(request, TEMPLATE, {**context, "existing": existing})

    proposal = calendar_propose(start_year)
    form = AcademicYearDatesForm(
        request.POST or None,
        start_year=start_year,
        initial=AcademicYearDatesForm.initial_from_dates(proposal),
    )
    academic_year = _submit(
        request,
        form,
        lambda dates: services.academic_year_create(
            start_year=start_year, dates=dates, created_by=request.user
        ),
    )
    if academic_year:
        messages.success(request, f"{academic_year.name} was added to the calendar.")
        return redirect(academic_year)
    context.update(form=form, start_year=start_year, weekdays=_form_weekdays(form))
    return render(request, TEMPLATE, context)


def _next_start_year():
    """The year after the latest one in the calendar, or the current one."""
    latest = AcademicYear.objects.aggregate(latest=Max("start_year"))["latest"]
    if latest is None:
        return academic_start_year_of(timezone.localdate())
    return latest + 1


@signed_in
def academic_year_edit(request, start_year):
    """Everyone signed in reads the dates; only calendar managers change them."""
    academic_year = get_object_or_404(_academic_years(), start_year=start_year)
    can_edit = request.user.has_perm("schools.manage_calendar")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    context = {
        "academic_year": academic_year,
        "year_name": academic_year.name,
        "weekdays": _weekdays(academic_year),
        "today": timezone.localdate(),
    }
    if not can_edit:
        return render(request, TEMPLATE, context)

    form = AcademicYearDatesForm(
        request.POST or None,
        start_year=start_year,
        academic_year=academic_year,
        initial=AcademicYearDatesForm.initial_from_academic_year(academic_year),
    )
    saved = _submit(
        request,
        form,
        lambda dates: _update_current(form, academic_year, dates, request.user),
    )
    if saved:
        messages.success(request, f"The dates of {academic_year.name} were saved.")
        return redirect(academic_year)
    return render(request, TEMPLATE, {**context, "form": form})


def _update_current(form, academic_year, dates, user):
    """Save unless someone else changed the year since the form was opened."""
    with transaction.atomic():
        locked = AcademicYear.objects.select_for_update().get(pk=academic_year.pk)
        if not form.is_current(locked):
            return None
        return services.academic_year_update(
            academic_year=locked, dates=dates, updated_by=user
        )


def _submit(request, form, save):
    """Pass a valid form's dates to save(). Returns what save() returns, or
    None, with any refusal added to the form, when nothing was saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.year_dates())
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _form_weekdays(form):
    """Weekdays in term time for the dates the form shows, if they parse."""
    if form.is_bound:
        if not form.is_valid():
            return None
        return term_time_weekdays(form.year_dates().half_terms)
    return term_time_weekdays(calendar_propose(form.start_year).half_terms)
