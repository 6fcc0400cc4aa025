"""The evidence tabs of a school's profile: an overview, and one tab per
source. Read-only pages; the forms they link to live in records.py and
documents.py."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import signed_in
from pvat.charts import trend_chart
from schools.access import school_for_user

from ..selectors import evidence_overview_for, evidence_source_for
from ..sources import SOURCES, source_by_slug


@signed_in
def evidence_overview(request, urn):
    school = school_for_user(request.user, urn, permission="evidence.view_evidence")
    overview = evidence_overview_for(school, today=timezone.localdate())
    context = {
        "school": school,
        "sources": SOURCES,
        "completeness": overview["completeness"],
        "attention": [c for c in overview["completeness"] if c.needs_attention],
        "evidence_by_source": overview["sources"],
    }
    return render(request, "evidence/evidence_overview.html", context)


@signed_in
def evidence_source(request, urn, source):
    school = school_for_user(request.user, urn, permission="evidence.view_evidence")
    found = source_by_slug(source)
    if found is None:
        raise Http404("No such source of evidence.")
    evidence = evidence_source_for(school, found)
    trends = _trends(school, evidence.measures)
    context = {
        "school": school,
        "sources": SOURCES,
        "source": found,
        "evidence": evidence,
        "trends": list(trends.values()),
        "trend_groups": [
            (group, [trends[summary.measure.key] for summary in summaries])
            for group, summaries in evidence.groups
        ],
        "partial": f"evidence/sources/_{found.slug}.html",
        **_permissions(request.user, school),
    }
    return render(request, "evidence/evidence_source.html", context)


def _permissions(user, school):
    return {
        "can_change": user.has_perm("evidence.change_evidence", school),
        "can_upload": user.has_perm("evidence.upload_document", school),
        "can_scrutinise": user.has_perm("evidence.scrutinise_document", school),
    }


def _trends(school, summaries):
    """Each measure's summary with its three-year chart, by measure key."""
    return {
        summary.measure.key: {"summary": summary, "chart": _chart(school, summary)}
        for summary in summaries
    }


def _chart(school, summary):
    measure = summary.measure
    series = [(school.name, summary.school_values)]
    if summary.has_national_values:
        series.append(("National", summary.national_values))
    years = summary.chart_years
    better = "Higher" if measure.higher_is_better else "Lower"
    return trend_chart(
        title=f"{measure.label}, {years[0]} to {years[-1]}",
        years=years,
        series=series,
        unit=measure.unit,
        description=f"{better} is better. {summary.gaps_text}",
    )
