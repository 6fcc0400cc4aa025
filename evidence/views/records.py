"""Entering and correcting a school's evidence, one generic pair of views for
every source, and the national comparators the admin keeps."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import permission_required, signed_in
from pvat.lists import csv_response, list_context, wants_csv
from schools.access import school_for_user

from ..filters import ComparatorFilter
from ..forms import RECORD_FORMS, ComparatorForm
from ..measures import MEASURES_BY_KEY
from ..models import NationalComparator
from ..services import comparator_save, evidence_record_save
from ..sources import source_by_slug

CHANGE_EVIDENCE = "evidence.change_evidence"


def _record_form_class(slug):
    """The form for this source; documents are uploaded, not entered."""
    form_class = RECORD_FORMS.get(slug)
    if form_class is None:
        raise Http404("No such evidence source.")
    return form_class


def _form_data(request):
    """What binds the form: the POST; or, when htmx asks to redraw part of the
    form after a field changed, the values typed so far."""
    if request.method == "POST":
        return request.POST, request.FILES
    if request.htmx:
        return request.GET, None
    return None, None


@signed_in
def record_create(request, urn, source):
    school = school_for_user(request.user, urn, permission=CHANGE_EVIDENCE)
    form_class = _record_form_class(source)
    form = form_class(*_form_data(request), school=school)
    return _record_form_page(request, form, source)


@signed_in
def record_edit(request, urn, source, record_pk):
    school = school_for_user(request.user, urn, permission=CHANGE_EVIDENCE)
    form_class = _record_form_class(source)
    records = form_class.Meta.model.objects.filter(school=school)
    record = get_object_or_404(records, pk=record_pk)
    form = form_class(*_form_data(request), instance=record, school=school)
    # Named before validation, which writes the typed values onto the record.
    return _record_form_page(request, form, source, record_name=str(record))


def _record_form_page(request, form, slug, *, record_name=""):
    school = form.school
    if request.method == "POST" and form.is_valid():
        record = evidence_record_save(form=form, school=school, user=request.user)
        if record is not None:
            messages.success(request, f"Saved: {record}.")
            return redirect("evidence:source", urn=school.urn, source=slug)
    context = {
        "school": school,
        "source": source_by_slug(slug),
        "form": form,
        "record_name": record_name,
        "page_heading": form.edit_heading if record_name else form.add_heading,
    }
    return render(request, "evidence/record_form.html", context)


# National comparators -------------------------------------------------------------

EXPORT_COLUMNS = [
    "Measure",
    "Measure key",
    "Group",
    "Academic year",
    "Value",
    "Unit",
    "Source",
]


@signed_in
def comparator_list(request):
    comparators = ComparatorFilter(
        request.GET, queryset=NationalComparator.objects.all()
    )
    if wants_csv(request):
        rows = (_export_row(comparator) for comparator in comparators.qs)
        return csv_response("national-comparators.csv", EXPORT_COLUMNS, rows)
    context = list_context(request, comparators)
    context["rows"] = [_display_row(comparator) for comparator in context["page"]]
    context["can_manage"] = request.user.has_perm("evidence.manage_comparators")
    return render(request, "evidence/comparator_list.html", context)


def _export_row(comparator):
    measure = MEASURES_BY_KEY.get(comparator.measure)
    return [
        comparator.get_measure_display(),
        comparator.measure,
        measure.group if measure else "",
        comparator.academic_year_name,
        comparator.value,
        measure.unit if measure else "",
        comparator.source,
    ]


def _display_row(comparator):
    measure = MEASURES_BY_KEY.get(comparator.measure)
    value = _plain_number(comparator.value)
    if measure and measure.is_percent:
        value = f"{value}%"
    return {
        "comparator": comparator,
        "group": measure.group if measure else "",
        "value": value,
    }


def _plain_number(value):
    """62.00 as 62 and 67.20 as 67.2: as DfE publishes them."""
    return format(Decimal(value).normalize(), "f")


@permission_required("evidence.manage_comparators")
def comparator_create(request):
    form = ComparatorForm(request.POST or None)
    return _comparator_form_page(request, form)


@permission_required("evidence.manage_comparators")
def comparator_edit(request, comparator_pk):
    comparator = get_object_or_404(NationalComparator, pk=comparator_pk)
    form = ComparatorForm(request.POST or None, instance=comparator)
    return _comparator_form_page(request, form, comparator_name=str(comparator))


def _comparator_form_page(request, form, *, comparator_name=""):
    if request.method == "POST" and form.is_valid():
        comparator = comparator_save(form=form, user=request.user)
        if comparator is not None:
            messages.success(request, f"Saved the national figure: {comparator}.")
            return redirect("evidence:comparators")
    context = {"form": form, "comparator_name": comparator_name}
    return render(request, "evidence/comparator_form.html", context)
