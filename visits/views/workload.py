from django.shortcuts import render
from django.utils import timezone

from accounts.access import permission_required
from categorisation.models import Tier
from pvat.lists import csv_response, wants_csv

from ..selectors import (
    DUE_SOON,
    DUE_SOON_DAYS,
    OVERDUE,
    SECTION_TITLES,
    THIS_WEEK,
    workload_for,
)

CSV_HEADER = [
    "Section",
    "URN",
    "School",
    "Current tier",
    "Visit",
    "Window",
    "Window starts",
    "Window ends",
    "Target date",
    "Lead",
]


@permission_required("visits.view_workload")
def workload(request):
    tier = _chosen_tier(request.GET.get("tier", ""))
    is_mine = request.GET.get("lead") == "mine"
    today = timezone.localdate()
    workload = workload_for(
        today=today,
        tier=tier,
        lead=request.user if is_mine else None,
    )
    sections = _sections(workload)
    if wants_csv(request):
        return csv_response("visit-workload.csv", CSV_HEADER, _csv_rows(sections))
    context = {
        "workload": workload,
        "today": today,
        "due_soon_days": DUE_SOON_DAYS,
        "sections": sections,
        "tiers": Tier.choices,
        "tier": tier,
        "is_mine": is_mine,
        "query": request.GET.urlencode(),
    }
    return render(request, "visits/workload.html", context)


def _chosen_tier(value):
    return int(value) if value in {str(choice) for choice in Tier.values} else None


def _sections(workload):
    return [
        _section(THIS_WEEK, workload.this_week, "No visits this week"),
        _section(DUE_SOON, workload.due_soon, "No visits due soon"),
        _section(OVERDUE, workload.overdue, "No overdue visits"),
    ]


def _section(key, visits, empty):
    title = SECTION_TITLES[key]
    return {"key": key, "title": title, "visits": visits, "empty": empty}


def _csv_rows(sections):
    for section in sections:
        for visit in section["visits"]:
            yield [
                section["title"],
                visit.school.urn,
                visit.school.name,
                visit.school.current_tier,
                visit.get_kind_display(),
                visit.window_label,
                visit.window_starts_on,
                visit.window_ends_on,
                visit.planned_on,
                visit.lead.get_full_name() if visit.lead else "",
            ]
