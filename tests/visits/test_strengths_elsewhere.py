"""A development point at one school matched to strengths recorded in the same
area at other schools, on the focus day's page for those who see every
school, and for nobody else."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import ImprovementArea
from tests.factories import SchoolFactory
from visits.focus_day_report import (
    STRENGTHS_SHOWN,
    focus_day_report_context,
    strengths_elsewhere,
)
from visits.models import FindingKind, FocusDay, FocusDayFinding, FocusDayStatus

date = datetime.date
HEADING = "Strength elsewhere in the trust"
FOCUS_DAY_ON = date(2026, 11, 12)


@pytest.fixture
def areas(db):
    reading, maths, send = ImprovementArea.objects.active()[:3]
    return {"reading": reading, "maths": maths, "send": send}


def _focus_day(
    school,
    people,
    areas,
    *,
    year=2026,
    status=FocusDayStatus.ISSUED,
    findings=(),
    on=FOCUS_DAY_ON,
):
    focus_day = FocusDay.objects.create(
        school=school,
        academic_year=year,
        area=areas["reading"],
        reason="An outside view.",
        proposed_first_on=on,
        requested_by=people["headteacher"],
        status=status,
        reviewer=people["trust_reviewer"],
        scheduled_on=on,
    )
    for kind, area in findings:
        FocusDayFinding.objects.create(
            focus_day=focus_day, kind=kind, area=areas[area], text=f"{kind} seen."
        )
    return focus_day


STRENGTH, POINT = FindingKind.STRENGTH, FindingKind.DEVELOPMENT_POINT


@pytest.fixture
def needs_maths(people, school_a, areas):
    """School A's issued report: a development point in maths and in SEND."""
    return _focus_day(
        school_a, people, areas, findings=[(POINT, "maths"), (POINT, "send")]
    )


def _matches(focus_day):
    points = focus_day_report_context(focus_day)["development_points"]
    return {
        match.area.pk: [strength.focus_day.school for strength in match.strengths]
        for match in strengths_elsewhere(focus_day, points)
    }


def test_other_schools_strong_in_the_area_are_named_latest_first(
    people, school_a, school_b, areas, needs_maths
):
    school_c = SchoolFactory(name="Castle Hill Primary")
    _focus_day(school_b, people, areas, findings=[(STRENGTH, "maths")])
    _focus_day(
        school_c,
        people,
        areas,
        year=2025,
        on=date(2026, 3, 4),
        findings=[(STRENGTH, "maths"), (STRENGTH, "maths")],
    )
    # Not matches: a development point, a draft, another area, its own school.
    _focus_day(SchoolFactory(), people, areas, findings=[(POINT, "maths")])
    _focus_day(
        SchoolFactory(),
        people,
        areas,
        status=FocusDayStatus.SCHEDULED,
        findings=[(STRENGTH, "maths")],
    )
    _focus_day(SchoolFactory(), people, areas, findings=[(STRENGTH, "reading")])
    _focus_day(school_a, people, areas, year=2025, findings=[(STRENGTH, "maths")])

    matches = _matches(needs_maths)

    assert matches == {
        areas["maths"].pk: [school_b, school_c],
        areas["send"].pk: [],
    }


def test_each_area_names_a_few_schools_each_once(people, school_a, areas, needs_maths):
    for days in range(STRENGTHS_SHOWN + 2):
        _focus_day(
            SchoolFactory(),
            people,
            areas,
            on=date(2026, 11, 1) + datetime.timedelta(days=days),
            findings=[(STRENGTH, "maths"), (STRENGTH, "maths")],
        )

    named = _matches(needs_maths)[areas["maths"].pk]

    assert len(named) == STRENGTHS_SHOWN
    assert len(set(named)) == STRENGTHS_SHOWN


def test_the_match_reads_one_query_however_many_schools(people, areas, needs_maths):
    points = focus_day_report_context(needs_maths)["development_points"]
    for _ in range(8):
        _focus_day(SchoolFactory(), people, areas, findings=[(STRENGTH, "send")])

    with CaptureQueriesContext(connection) as captured:
        strengths_elsewhere(needs_maths, points)

    assert len(captured) == 1


def _page(client, user, focus_day):
    client.force_login(user)
    url = reverse(
        "visits:focus_day",
        kwargs={"urn": focus_day.school.urn, "focus_day_pk": focus_day.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["ceo", "admin", "trustee"])
def test_those_who_see_every_school_read_the_matches(
    client, people, school_b, areas, needs_maths, role
):
    strong = _focus_day(school_b, people, areas, findings=[(STRENGTH, "maths")])

    page = _page(client, people[role], needs_maths)

    assert HEADING in page
    assert f'href="{strong.get_absolute_url()}"' in page
    assert "strength seen." in page
    assert "No other school has a strength recorded in this area yet." in page


@pytest.mark.parametrize("role", ["headteacher", "governor", "trust_reviewer"])
def test_the_school_and_its_reviewer_never_read_other_schools(
    client, people, school_b, areas, needs_maths, role
):
    _focus_day(school_b, people, areas, findings=[(STRENGTH, "maths")])

    page = _page(client, people[role], needs_maths)

    assert HEADING not in page
    assert school_b.name not in page


def test_a_report_without_development_points_shows_no_matches(
    client, people, school_a, school_b, areas
):
    only_strengths = _focus_day(
        school_a, people, areas, findings=[(STRENGTH, "reading")]
    )
    _focus_day(school_b, people, areas, findings=[(STRENGTH, "reading")])

    assert HEADING not in _page(client, people["ceo"], only_strengths)
