from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import require_object_permission, signed_in
from categorisation.selectors import current_tiers
from pvat.forms import form_service_call
from schools.access import school_for_user
from schools.models import School

from .. import replans, services
from ..forms import SchoolCadenceForm, TierCadenceFormSet, VisitPlanForm
from ..models import (
    ReplanStatus,
    SchoolCadence,
    TierCadence,
    VisitNote,
    VisitStatus,
)
from ..notes import actions_to_follow_up, note_part_for


@signed_in
def school_visits(request, urn):
    school = school_for_user(request.user, urn, permission="visits.view_visits")
    today = timezone.localdate()
    visits = list(school.visits.select_related("lead"))
    upcoming = [
        visit
        for visit in visits
        if visit.status == VisitStatus.PLANNED and visit.window_ends_on >= today
    ]
    upcoming_pks = {visit.pk for visit in upcoming}
    history = [visit for visit in reversed(visits) if visit.pk not in upcoming_pks]
    context = {
        "school": school,
        "cadence": _cadence_summary(school),
        "upcoming": upcoming,
        "history": history,
        "can_plan": request.user.has_perm("visits.plan_visits", school),
    }
    return render(request, "visits/school_visits.html", context)


def _cadence_summary(school):
    """The tier, what it brings and any cadence of the school's own; None
    for a school with no tier yet."""
    decision = current_tiers([school])[school.pk]
    if decision is None:
        return None
    tier_cadence = TierCadence.objects.filter(tier=decision.tier).first()
    if tier_cadence is None:
        return {"tier": decision.tier, "text": f"Tier {decision.tier}"}
    own = SchoolCadence.objects.filter(school=school).select_related("set_by").first()
    if own and not services.is_more_often(own.cadence, than=tier_cadence.cadence):
        own = None
    kind = tier_cadence.get_visit_kind_display().lower()
    every = tier_cadence.get_cadence_display().lower()
    return {
        "tier": decision.tier,
        "text": f"Tier {decision.tier}: a {kind} {every}",
        "own": own,
    }


@signed_in
def visit_detail(request, urn, visit_pk):
    school = school_for_user(request.user, urn, permission="visits.view_visits")
    visit = get_object_or_404(
        school.visits.select_related("lead", "tier_decision"), pk=visit_pk
    )
    can_plan = request.user.has_perm("visits.plan_visits", school)
    if request.method == "POST":
        require_object_permission(request.user, "visits.plan_visits", school)

    form = None
    if can_plan and visit.status == VisitStatus.PLANNED:
        form = VisitPlanForm(
            request.POST or None,
            visit=visit,
            lead_choices=services.lead_choices(including=visit.lead_id),
        )
    if form and request.method == "POST" and form.is_valid():
        moved = form_service_call(
            form,
            services.visit_move,
            visit=visit,
            planned_on=form.cleaned_data["planned_on"],
            lead=form.cleaned_data["lead"],
            moved_by=request.user,
            is_current=form.is_current,
        )
        if moved:
            messages.success(request, "The visit's target date and lead were saved.")
            return redirect(moved)

    note = VisitNote.objects.filter(visit=visit).first()
    today = timezone.localdate()
    context = {
        "school": school,
        "visit": visit,
        "form": form,
        "can_plan": can_plan,
        "note": note,
        "note_part": note_part_for(user=request.user, note=note, school=school),
        "is_overdue": visit.status == VisitStatus.PLANNED
        and visit.window_ends_on < today,
        "follow_up": actions_to_follow_up(visit=visit) if can_plan else [],
        "today": today,
    }
    return render(request, "visits/visit_detail.html", context)


@signed_in
def school_cadence(request, urn):
    school = school_for_user(request.user, urn, permission="visits.plan_visits")
    tier_cadence = services.tier_cadence_of(school)
    own = SchoolCadence.objects.filter(school=school).first()
    form = None
    if tier_cadence:
        initial = {"cadence": own.cadence, "reason": own.reason} if own else {}
        form = SchoolCadenceForm(
            request.POST or None, tier_cadence=tier_cadence, initial=initial
        )
    if form and request.method == "POST" and form.is_valid():
        change = form_service_call(
            form,
            services.school_cadence_set,
            school=school,
            cadence=form.cleaned_data["cadence"],
            reason=form.cleaned_data["reason"],
            set_by=request.user,
        )
        if change is not None:
            messages.success(request, _cadence_message(change))
            return redirect("visits:school_visits", urn=school.urn)

    context = {
        "school": school,
        "tier_cadence": tier_cadence,
        "own": own,
        "form": form,
        "has_choice": bool(form) and (own or len(form.fields["cadence"].choices) > 1),
    }
    return render(request, "visits/school_cadence.html", context)


def _cadence_message(change):
    return (
        f"The cadence was saved and future visits re-planned: "
        f"{_visits(len(change.created))} planned, "
        f"{len(change.replaced_ids)} replaced."
    )


@signed_in
def tier_cadences(request):
    """Trust configuration that everyone may read, like the rule sets; only
    the admin changes it or re-plans the schools."""
    can_manage = request.user.has_perm("visits.manage_cadences")
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    if request.method == "POST" and "replan" in request.POST:
        _replan(request)
        return redirect(f"{reverse('visits:cadences')}#replan-heading")
    if can_manage and request.htmx:
        # The re-plan's progress, redrawn while it runs.
        context = {"replan": replans.schedule_replan_latest()}
        return render(request, "visits/_replan_status.html", context)

    tier_cadences = TierCadence.objects.select_related("updated_by")
    formset = None
    if can_manage:
        formset = TierCadenceFormSet(request.POST or None, queryset=tier_cadences)
    if request.method == "POST" and formset.is_valid():
        tiers = services.tier_cadences_save(formset=formset, saved_by=request.user)
        messages.success(request, _saved_message(tiers))
        return redirect("visits:cadences")

    context = {
        "formset": formset,
        "tier_cadences": tier_cadences,
        "open_schools": School.objects.open().count(),
        "replan": replans.schedule_replan_latest() if can_manage else None,
    }
    return render(request, "visits/tier_cadences.html", context)


def _saved_message(tiers):
    if not tiers:
        return "Nothing changed."
    affected = len(services.schools_affected_by(tiers=tiers))
    names = " and ".join(f"Tier {tier}" for tier in tiers)
    return (
        f"The cadence of {names} was saved. {_schools(affected)} "
        f"{'is' if affected == 1 else 'are'} affected: their planned visits stay "
        "as they are until you re-plan them."
    )


def _replan(request):
    latest = replans.schedule_replan_latest()
    replan = replans.schedule_replan_request(requested_by=request.user)
    if latest is not None and replan.pk == latest.pk:
        messages.info(request, "A re-plan is already under way: see its progress.")
        return
    replan.refresh_from_db()
    if replan.is_in_progress:
        messages.info(request, "The schools are being re-planned: see the progress.")
    elif replan.status == ReplanStatus.DONE:
        messages.success(request, _replan_message(replan))
    else:
        messages.error(request, replan.error)


def _replan_message(replan):
    message = (
        f"Visits re-planned: {_visits(replan.visits_created)} planned, "
        f"{replan.visits_replaced} replaced."
    )
    without_tier = replan.schools_without_tier
    if without_tier:
        message += (
            f" {_schools(without_tier)} with no tier yet "
            f"{'has' if without_tier == 1 else 'have'} no visits."
        )
    return message


def _schools(count):
    return f"{count} open school{'s' if count != 1 else ''}"


def _visits(count):
    return f"{count} visit{'s' if count != 1 else ''}"
