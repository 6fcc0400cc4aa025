from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import require_object_permission, signed_in
from schools.access import school_for_user

from ..forms_joining import FindingFormSet, InitialTierForm, JoiningReviewForm
from ..joining_services import (
    joining_review_record,
    joining_review_tier_record,
    team_size_suggested,
)
from ..models import FindingKind, JoiningReview

ALREADY_DECIDED = "The initial tier from this review has already been recorded."


@signed_in
def joining_review_create(request, urn):
    school = school_for_user(request.user, urn, permission="categorisation.decide_tier")
    suggested = team_size_suggested(school.number_of_pupils)
    if "add_finding" in request.POST:
        form, formset = _forms_with_another_row(request.POST, school, suggested)
    else:
        form = JoiningReviewForm(
            request.POST or None, school=school, suggested_team_size=suggested
        )
        formset = FindingFormSet(request.POST or None)
        review = _record(request, school, form, formset)
        if review:
            messages.success(
                request,
                "The joining review was recorded. Now record the initial tier "
                "it leads to.",
            )
            return redirect(f"{_review_url(review)}#initial-tier")
    context = {"school": school, "form": form, "formset": formset}
    return render(request, "categorisation/joining_review_form.html", context)


def _forms_with_another_row(data, school, suggested):
    """The page again, unbound so that it shows no errors yet, keeping what
    was typed and adding a blank finding."""
    form = JoiningReviewForm(
        initial=data.dict(), school=school, suggested_team_size=suggested
    )
    formset = FindingFormSet(rows=FindingFormSet.posted_rows(data))
    return form, formset


def _record(request, school, form, formset):
    """The new review, or None when nothing was posted or saved."""
    if request.method != "POST":
        return None
    if not all([form.is_valid(), formset.is_valid()]):
        return None
    try:
        return joining_review_record(
            school=school,
            data=form.cleaned_data,
            findings=formset.findings(),
            recorded_by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


@signed_in
def joining_review_detail(request, urn, review_pk):
    """Readers of the school's tier read the review; the CEO and the admin
    record the initial tier from it here, once."""
    school = school_for_user(request.user, urn, permission="categorisation.view_tier")
    review = get_object_or_404(
        JoiningReview.objects.select_related("school", "recorded_by"),
        pk=review_pk,
        school=school,
    )
    decision = review.decisions.select_related("decided_by").order_by("pk").first()
    form = None
    if decision is None and request.user.has_perm("categorisation.decide_tier", school):
        form = InitialTierForm(request.POST or None)

    if request.method == "POST":
        require_object_permission(request.user, "categorisation.decide_tier", school)
        if form is None:
            messages.error(request, ALREADY_DECIDED)
            return redirect(_review_url(review))
        decision = _record_tier(request, review, form)
        if decision:
            messages.success(
                request, f"{school.name} is now in {decision.get_tier_display()}."
            )
            return redirect(f"{_review_url(review)}#initial-tier")

    context = {
        "school": school,
        "review": review,
        "trust_participants": _lines(review.trust_participants),
        "school_participants": _lines(review.school_participants),
        "areas": _findings_by_area(review),
        "decision": decision,
        "form": form,
    }
    return render(request, "categorisation/joining_review_detail.html", context)


def _record_tier(request, review, form):
    if not form.is_valid():
        return None
    try:
        return joining_review_tier_record(
            review=review,
            tier=form.cleaned_data["tier"],
            rationale=form.cleaned_data["rationale"],
            effective_on=form.cleaned_data["effective_on"],
            decided_by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


def _review_url(review):
    return reverse(
        "categorisation:joining_review",
        kwargs={"urn": review.school.urn, "review_pk": review.pk},
    )


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def _findings_by_area(review):
    """[{"area", "strengths", "development_points"}] in the vocabulary's
    order."""
    areas = {}
    for finding in review.findings.select_related("area"):
        group = areas.setdefault(
            finding.area_id,
            {"area": finding.area, "strengths": [], "development_points": []},
        )
        is_strength = finding.kind == FindingKind.STRENGTH
        group["strengths" if is_strength else "development_points"].append(finding)
    return list(areas.values())
