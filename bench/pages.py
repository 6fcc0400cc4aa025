"""The pages the bench measures. Add a `Page` here when a feature adds one."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def no_kwargs(trust):
    return {}


def academic_year(trust):
    return {"start_year": 2025}


def source_tab(slug):
    def kwargs(trust):
        return {"urn": trust.first_school.urn, "source": slug}

    return kwargs


def new_attendance(trust):
    return {"urn": trust.first_school.urn, "source": "attendance"}


def first_school(trust):
    return {"urn": trust.first_school.urn}


def focus_day(state):
    """The URL arguments of the trust's focus day in this state (issued,
    scheduled or requested: see `bench.seed.Trust`)."""

    def kwargs(trust):
        focus_day = getattr(trust, f"{state}_focus_day")
        return {"urn": focus_day.school.urn, "focus_day_pk": focus_day.pk}

    return kwargs


def visit(state):
    """The URL arguments of the first school's latest completed visit (with
    its note) or its next planned one."""

    def kwargs(trust):
        visit = getattr(trust, f"{state}_visit")
        return {"urn": visit.school.urn, "visit_pk": visit.pk}

    return kwargs


def ceo_feed(trust):
    return {"feed_token": trust.ceo_feed_token}


@dataclass(frozen=True)
class Page:
    """One request to measure.

    `kwargs` takes the seeded `bench.seed.Trust` and returns the URL's
    arguments; `role` names the user who signs in (None: signed out).
    """

    name: str
    url_name: str
    role: str | None
    kwargs: Callable = no_kwargs
    query: str = ""

    def url(self, trust):
        url = reverse(self.url_name, kwargs=self.kwargs(trust))
        return f"{url}?{self.query}" if self.query else url


# A trivial signed-in page that every other page's time is divided by.
BASELINE = Page("baseline", "accounts:password_change_done", "ceo")

PAGES = [
    Page("home", "home", "ceo"),
    Page("home", "home", "headteacher"),
    Page("home", "home", "governor"),
    Page("home", "home", "trust_reviewer"),
    Page("school list", "schools:list", "ceo"),
    Page("school list", "schools:list", "headteacher"),
    Page("school list filtered", "schools:list", "ceo", query="phase=primary&q=a"),
    Page("school list CSV", "schools:list", "ceo", query="format=csv"),
    Page("school profile", "schools:detail", "ceo", first_school),
    Page("school profile", "schools:detail", "headteacher", first_school),
    Page("school edit", "schools:edit", "admin", first_school),
    Page("people list", "accounts:people", "admin"),
    Page("people list CSV", "accounts:people", "admin", query="format=csv"),
    Page("calendar", "schools:calendar", "headteacher"),
    Page("calendar year", "schools:calendar_year", "admin", academic_year),
    Page("improvement areas", "schools:areas", "headteacher"),
    Page("GIAS import", "schools:gias_import", "admin"),
    Page("evidence overview", "evidence:overview", "ceo", first_school),
    Page("evidence overview", "evidence:overview", "headteacher", first_school),
    *[
        Page(f"evidence: {slug}", "evidence:source", "ceo", source_tab(slug))
        for slug in (
            "inspections",
            "attainment",
            "attendance",
            "behaviour",
            "finance",
            "safeguarding",
            "quality",
            "workforce",
            "documents",
        )
    ],  # fmt: skip
    Page("evidence record form", "evidence:record_create", "admin", new_attendance),
    Page("national comparators", "evidence:comparators", "headteacher"),
    Page("import evidence", "evidence:import", "admin"),
    Page("tier tab", "categorisation:school_tier", "ceo", first_school),
    Page("tier tab", "categorisation:school_tier", "headteacher", first_school),
    Page("tier decision form", "categorisation:decision_create", "ceo", first_school),
    Page("tier overview", "categorisation:tiers", "ceo"),
    Page("tier overview", "categorisation:tiers", "headteacher"),
    Page("school list by tier", "schools:list", "ceo", query="current_tier=2"),
    Page("tier rule sets", "categorisation:rule_sets", "ceo"),
    Page("annual reviews", "categorisation:annual_reviews", "admin"),
    Page("visits tab", "visits:school_visits", "ceo", first_school),
    Page("visits tab", "visits:school_visits", "headteacher", first_school),
    Page("visit workload", "visits:workload", "ceo"),
    Page("visit workload CSV", "visits:workload", "ceo", query="format=csv"),
    Page("completed visit", "visits:detail", "ceo", visit("completed")),
    Page("completed visit", "visits:detail", "headteacher", visit("completed")),
    Page("completed visit", "visits:detail", "governor", visit("completed")),
    Page("planned visit", "visits:detail", "ceo", visit("planned")),
    Page("completed note form", "visits:note_edit", "ceo", visit("completed")),
    Page("new note form", "visits:note_edit", "ceo", visit("planned")),
    Page("school cadence form", "visits:school_cadence", "ceo", first_school),
    Page("visit cadences", "visits:cadences", "admin"),
    Page("visit cadences", "visits:cadences", "ceo"),
    Page("calendar link", "visits:calendar_link", "ceo"),
    Page("calendar feed", "visits:calendar_feed", None, ceo_feed),
    Page("focus days tab", "visits:school_focus_days", "ceo", first_school),
    Page("focus days tab", "visits:school_focus_days", "headteacher", first_school),
    Page("focus day", "visits:focus_day", "ceo", focus_day("issued")),
    Page("focus day", "visits:focus_day", "headteacher", focus_day("issued")),
    Page("focus day", "visits:focus_day", "trust_reviewer", focus_day("issued")),
    Page(
        "focus day schedule form",
        "visits:focus_day_schedule",
        "admin",
        focus_day("requested"),
    ),
    Page(
        "focus day report form",
        "visits:focus_day_report",
        "trust_reviewer",
        focus_day("scheduled"),
    ),
    Page("focus day list", "visits:focus_days", "ceo"),
    Page("focus day list", "visits:focus_days", "trust_reviewer"),
    Page("focus day list CSV", "visits:focus_days", "ceo", query="format=csv"),
    Page("healthz", "healthz", None),
]
