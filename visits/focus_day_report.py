"""What a focus day's report shows, on the focus day's page and in its PDF.

Both include `visits/_focus_day_report.html` with the context built here, so
the school reads the same report on screen and on paper.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from .models import (
    FindingKind,
    FocusDay,
    FocusDayActivityKind,
    FocusDayFinding,
    FocusDayStatus,
)

# Activities follow the order of the choices, the order the reviewer's form
# offers them, not the order they were saved in.
ACTIVITY_ORDER = {kind: index for index, kind in enumerate(FocusDayActivityKind)}


@dataclass(frozen=True)
class FindingGroup:
    """The strengths (or development points) found in one improvement area."""

    area: object
    findings: list


def focus_day_for_report(focus_day_pk):
    """The focus day with the people and places its report names, in one
    query. Raises FocusDay.DoesNotExist."""
    related = FocusDay.objects.select_related("school", "area", "reviewer", "issued_by")
    return related.get(pk=focus_day_pk)


def focus_day_report_context(focus_day):
    """The focus day with its activities in the choices' order, and its
    strengths and development points each grouped by improvement area in
    the areas' order. Two queries, whatever the number of findings; pass a
    focus day with its school, area and reviewer already selected."""
    in_area_order = FocusDayFinding.objects.select_related("area").order_by(
        "area__position", "area__name", "area_id", "pk"
    )
    prefetch_related_objects(
        [focus_day], "activities", Prefetch("findings", queryset=in_area_order)
    )
    findings = list(focus_day.findings.all())
    return {
        "focus_day": focus_day,
        "activities": sorted(focus_day.activities.all(), key=_activity_position),
        "strengths": _grouped(findings, FindingKind.STRENGTH),
        "development_points": _grouped(findings, FindingKind.DEVELOPMENT_POINT),
    }


def _activity_position(activity):
    # A kind no longer offered goes last rather than failing the report.
    return ACTIVITY_ORDER.get(activity.kind, len(ACTIVITY_ORDER))


def _grouped(findings, kind):
    """Findings of one kind by area, in the order they come (area order)."""
    groups = {}
    for finding in findings:
        if finding.kind == kind:
            groups.setdefault(finding.area_id, FindingGroup(finding.area, []))
            groups[finding.area_id].findings.append(finding)
    return list(groups.values())


# How many schools are named for each area: enough to choose a colleague
# from without crowding the page.
STRENGTHS_SHOWN = 5


@dataclass(frozen=True)
class StrengthsElsewhere:
    """Strengths other schools' issued focus-day reports found in an area
    where this one has a development point, latest focus day first: one
    finding per school, with its focus day and school selected."""

    area: object
    strengths: list


def strengths_elsewhere(focus_day, development_points):
    """For each area of the development points (FindingGroups), the
    strengths recorded there at up to STRENGTHS_SHOWN other schools, each
    school once, from its latest focus day. One query.

    It names other schools: show it only to people who see every school."""
    areas = [group.area for group in development_points]
    strengths = (
        FocusDayFinding.objects.filter(
            kind=FindingKind.STRENGTH,
            area__in=areas,
            focus_day__status=FocusDayStatus.ISSUED,
        )
        .exclude(focus_day__school_id=focus_day.school_id)
        .select_related("focus_day__school")
        .order_by("-focus_day__scheduled_on", "focus_day__school__name", "pk")
    )
    by_area = {area.pk: {} for area in areas}
    for strength in strengths:
        schools = by_area[strength.area_id]
        if len(schools) < STRENGTHS_SHOWN:
            schools.setdefault(strength.focus_day.school_id, strength)
    return [StrengthsElsewhere(area, list(by_area[area.pk].values())) for area in areas]
