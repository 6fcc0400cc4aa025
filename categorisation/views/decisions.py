from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import signed_in
from pvat.lists import csv_response, wants_csv
from schools.access import school_for_user
from schools.models import School, SchoolStatus

from .. import services
from ..forms_decisions import TierDecisionForm
from ..models import TIER_MEANINGS, Tier
from ..selectors import current_tiers, recommendations_for


@signed_in
def school_tier(request, urn):
    school = school_for_user(request.user, urn, permission="categorisation.view_tier")
    [(_, recommendation)] = recommendations_for([school])
    history = school.tier_decisions.select_related(
        "decided_by", "annual_review", "joining_review"
    )
    today = timezone.localdate()
    current = next((d for d in history if d.effective_on <= today), None)
    upcoming = [d for d in history if d.effective_on > today]
    context = {
        "school": school,
        "recommendation": recommendation,
        "history": history,
        "current": current,
        "upcoming": upcoming[-1] if upcoming else None,
        "current_meaning": TIER_MEANINGS[current.tier] if current else "",
        "can_decide": request.user.has_perm("categorisation.decide_tier", school),
        "joining_reviews": school.joining_reviews.all(),
    }
    return render(request, "categorisation/school_tier.html", context)


@signed_in
def decision_create(request, urn):
    school = school_for_user(request.user, urn, permission="categorisation.decide_tier")
    [(_, recommendation)] = recommendations_for([school])
    # Any decision, even one not yet in effect, counts as the latest seen.
    latest = school.tier_decisions.first()
    form = TierDecisionForm(
        request.POST or None,
        recommended_tier=recommendation.tier,
        initial={
            "tier": recommendation.tier or (latest.tier if latest else None),
            "effective_on": timezone.localdate(),
            "latest_decision": latest.pk if latest else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        if _decided_meanwhile(form, latest):
            messages.warning(
                request,
                "Another tier decision was recorded after you opened this page, "
                "so yours was not saved. Check it below, then decide again.",
            )
            return redirect("categorisation:school_tier", urn=school.urn)
        try:
            services.tier_decision_record(
                school=school,
                tier=form.cleaned_data["tier"],
                decided_by=request.user,
                recommendation=recommendation,
                effective_on=form.cleaned_data["effective_on"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            tier = form.cleaned_data["tier"]
            messages.success(request, f"{school.name} is recorded in Tier {tier}.")
            return redirect("categorisation:school_tier", urn=school.urn)
    context = {"school": school, "recommendation": recommendation, "form": form}
    return render(request, "categorisation/decision_form.html", context)


def _decided_meanwhile(form, latest):
    opened_on = form.cleaned_data.get("latest_decision")
    return (latest.pk if latest else None) != opened_on


@signed_in
def tier_overview(request):
    schools = list(
        School.objects.visible_to(request.user)
        .filter(status=SchoolStatus.OPEN)
        .order_by("name")
    )
    tiers = current_tiers(schools)
    rows = [
        _overview_row(school, recommendation, tiers.get(school.pk))
        for school, recommendation in recommendations_for(schools)
    ]
    rows = _filtered(rows, request.GET)
    if wants_csv(request):
        header = ["URN", "School", "Current tier", "Since", "Recommended tier"]
        return csv_response("tiers.csv", header, (_csv_row(row) for row in rows))
    context = {
        "rows": rows,
        "tiers": Tier.choices,
        "counts": {tier: sum(r["current"] == tier for r in rows) for tier in Tier},
        "selected": request.GET,
    }
    return render(request, "categorisation/tier_overview.html", context)


def _overview_row(school, recommendation, decision):
    return {
        "school": school,
        "decision": decision,
        "current": decision.tier if decision else None,
        "recommended": recommendation.tier,
        "recommendation": recommendation,
    }


def _filtered(rows, query):
    tier, recommended = query.get("tier", ""), query.get("recommended", "")
    if tier.isdigit():
        rows = [row for row in rows if row["current"] == int(tier)]
    if recommended.isdigit():
        rows = [row for row in rows if row["recommended"] == int(recommended)]
    if query.get("differs") == "yes":
        rows = [row for row in rows if row["current"] != row["recommended"]]
    return rows


def _csv_row(row):
    decision = row["decision"]
    return [
        row["school"].urn,
        row["school"].name,
        row["current"] or "",
        decision.effective_on if decision else "",
        row["recommended"] or "",
    ]
