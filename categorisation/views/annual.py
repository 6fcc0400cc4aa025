"""The annual tier review: the CEO, the admin and trustees read it; the CEO
and the admin decide each school; the admin opens it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from pvat.forms import form_service_call
from pvat.lists import csv_response, wants_csv

from .. import annual_services
from ..annual_services import (
    annual_review_report_context,
    annual_review_summary,
    movement_words,
)
from ..forms_annual import (
    AnnualReviewFinaliseForm,
    AnnualReviewItemFilter,
    AnnualReviewItemForm,
    AnnualReviewOpenForm,
)
from ..models import AnnualReview

TEMPLATES = "categorisation/annual_review_{}.html"


def _review_or_404(academic_year):
    reviews = AnnualReview.objects.select_related("opened_by", "finalised_by")
    return get_object_or_404(reviews, academic_year=academic_year)


def _items(review):
    return review.items.select_related("school", "decided_by").order_by(
        "school__name", "pk"
    )


@permission_required("categorisation.view_annual_review")
def annual_review_list(request):
    """Every year's review; the admin opens a new one here too."""
    can_open = request.user.has_perm("categorisation.open_annual_review")
    if request.method == "POST" and not can_open:
        raise PermissionDenied
    form = AnnualReviewOpenForm(request.POST or None) if can_open else None
    if form is not None and form.is_bound and form.is_valid():
        review = _open(form, request.user)
        if review:
            messages.success(
                request,
                f"The {review.academic_year_name} review is open with "
                f"{review.items.count()} schools.",
            )
            return redirect(review)

    decided = Count("items", filter=Q(items__decided_tier__isnull=False))
    reviews = AnnualReview.objects.select_related("finalised_by").annotate(
        total=Count("items"), decided=decided
    )
    context = {"reviews": reviews, "form": form}
    return render(request, TEMPLATES.format("list"), context)


def _open(form, user):
    try:
        return annual_services.annual_review_open(
            academic_year=form.cleaned_data["academic_year"], opened_by=user
        )
    except ValidationError as error:
        form.add_error("academic_year", error)
        return None


@permission_required("categorisation.view_annual_review")
def annual_review_detail(request, academic_year):
    review = _review_or_404(academic_year)
    items = _items(review)
    filtered = AnnualReviewItemFilter(request.GET, queryset=items)
    if wants_csv(request):
        return _csv(review, filtered.qs)

    can_decide = (
        request.user.has_perm("categorisation.run_annual_review")
        and not review.is_finalised
    )
    summary = annual_review_summary(items)
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "review": review,
        "summary": summary,
        "filter": filtered,
        "rows": _rows(filtered.qs),
        "is_filtered": any(request.GET.get(name) for name in filtered.filters),
        "query": query.urlencode(),
        "can_decide": can_decide,
        "finalise_form": (
            AnnualReviewFinaliseForm(review=review)
            if can_decide and summary.is_complete
            else None
        ),
    }
    return render(request, TEMPLATES.format("detail"), context)


def _rows(items):
    return [(item, movement_words(item.movement)) for item in items]


CSV_HEADER = [
    "URN",
    "School",
    "Tier before",
    "Recommended tier",
    "Decided tier",
    "Movement",
    "Rationale",
    "Decided by",
    "Decided on",
]


def _csv(review, items):
    rows = (
        [
            item.school.urn,
            item.school.name,
            item.current_tier,
            item.recommended_tier,
            item.decided_tier,
            movement_words(item.movement),
            item.rationale,
            item.decided_by.full_name if item.decided_by else "",
            timezone.localdate(item.decided_at) if item.decided_at else "",
        ]
        for item in items
    )
    filename = f"annual-review-{review.academic_year}.csv"
    return csv_response(filename, CSV_HEADER, rows)


@permission_required("categorisation.run_annual_review")
def annual_review_item(request, academic_year, urn):
    review = _review_or_404(academic_year)
    item = get_object_or_404(_items(review), school__urn=urn)
    context = {"review": review, "item": item}
    if review.is_finalised:
        if request.method == "POST":
            messages.error(request, annual_services.finalised_message(review))
            return redirect(review)
        return render(request, TEMPLATES.format("item"), context)

    form = AnnualReviewItemForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        saved = form_service_call(
            form,
            annual_services.annual_review_item_decide,
            item=item,
            tier=form.cleaned_data["decided_tier"],
            rationale=form.cleaned_data["rationale"],
            decided_by=request.user,
            is_current=form.is_current,
        )
        if saved:
            messages.success(
                request,
                f"{saved.get_decided_tier_display()} recorded for {item.school.name}.",
            )
            return redirect(_next_url(review, item))
    return render(request, TEMPLATES.format("item"), {**context, "form": form})


def _next_url(review, item):
    """The next undecided school after this one by name, else the first
    undecided one, else the review itself."""
    undecided = _items(review).filter(decided_tier__isnull=True)
    following = (
        undecided.filter(school__name__gt=item.school.name).first() or undecided.first()
    )
    if following is None:
        return review.get_absolute_url()
    return reverse(
        "categorisation:annual_review_item",
        kwargs={"academic_year": review.academic_year, "urn": following.school.urn},
    )


@permission_required("categorisation.run_annual_review")
@require_POST
def annual_review_finalise(request, academic_year):
    review = _review_or_404(academic_year)
    form = AnnualReviewFinaliseForm(request.POST, review=review)
    if not form.is_valid():
        errors = " ".join(form.errors.get("effective_on", []))
        messages.error(request, f"The review was not finalised. {errors}")
        return redirect(review)
    try:
        review = annual_services.annual_review_finalise(
            review=review,
            finalised_by=request.user,
            effective_on=form.cleaned_data["effective_on"],
        )
    except ValidationError as error:
        messages.error(
            request, f"The review was not finalised. {' '.join(error.messages)}"
        )
        return redirect(review)
    effective_on = date_format(review.effective_on, "j F Y")
    messages.success(
        request,
        f"The {review.academic_year_name} review is finalised: every school's "
        f"tier is recorded, taking effect on {effective_on}.",
    )
    return redirect(review)


@permission_required("categorisation.view_annual_review")
def annual_review_report(request, academic_year):
    review = _review_or_404(academic_year)
    context = annual_review_report_context(review)
    return render(request, TEMPLATES.format("report"), context)
