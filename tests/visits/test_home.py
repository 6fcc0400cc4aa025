"""The home page's visits and focus-day panel: what waits for each person.

`visits_home` takes today; it is Thursday 3 December 2026 (2026/27) unless a
test says otherwise. The page tests use the real date, so they build their
rows around it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from categorisation.models import TierDecision
from schools.models import ImprovementArea, SchoolStatus
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    UserFactory,
    VisitFactory,
)
from visits.home import SHOWN, visits_home
from visits.models import FocusDay, FocusDayStatus, VisitStatus

date = datetime.date
TODAY = date(2026, 12, 3)
YEAR_START = date(2026, 9, 1)


@pytest.fixture
def area(db):
    return ImprovementArea.objects.active().first()


def _tier(school, tier, people, effective_on=YEAR_START):
    return TierDecision.objects.create(
        school=school,
        tier=tier,
        effective_on=effective_on,
        rationale="From the evidence.",
        decided_by=people["ceo"],
    )


def _focus_day(school, area, people, status=FocusDayStatus.REQUESTED, **fields):
    scheduled = {}
    if status != FocusDayStatus.REQUESTED:
        scheduled = {"reviewer": people["trust_reviewer"], "scheduled_on": TODAY}
    values = {
        "school": school,
        "academic_year": 2026,
        "area": area,
        "reason": "Reading at Key Stage 2.",
        "proposed_first_on": date(2026, 12, 8),
        "requested_by": people["headteacher"],
        "status": status,
        **scheduled,
        **fields,
    }
    return FocusDay.objects.create(**values)


def _visit(school, planned_on, *, lead=None, window_ends_on=None):
    visit = VisitFactory.build(school=school, planned_on=planned_on, lead=lead)
    visit.window_ends_on = window_ends_on or visit.window_ends_on
    visit.save()
    return visit


def test_ceo_sees_own_visits_by_section_and_requests_to_schedule(
    people, school_a, school_b, area
):
    ceo = people["ceo"]
    overdue = _visit(
        school_a, date(2026, 11, 10), lead=ceo, window_ends_on=date(2026, 11, 20)
    )
    this_week = _visit(school_b, date(2026, 12, 4), lead=ceo)
    _visit(school_b, date(2026, 12, 9), lead=people["admin"])  # not hers
    request = _focus_day(school_a, area, people)
    _focus_day(school_b, area, people, status=FocusDayStatus.SCHEDULED)

    context = visits_home(ceo, today=TODAY)

    sections = {
        section.key: (section.first, section.count)
        for section in context["visits"].sections
    }
    assert sections["overdue"] == ([overdue], 1)
    assert sections["this-week"] == ([this_week], 1)
    assert sections["due-soon"] == ([], 0)
    assert context["to_schedule"] == {"focus_days": [request], "count": 1}
    assert "to_write" not in context


def test_requests_to_schedule_show_the_oldest_few_and_count_them_all(people, area):
    schools = SchoolFactory.create_batch(SHOWN + 2)
    for days_ago, school in enumerate(schools):
        _focus_day(
            school,
            area,
            people,
            requested_at=timezone.now() - datetime.timedelta(days=days_ago),
        )

    waiting = visits_home(people["admin"], today=TODAY)["to_schedule"]

    assert waiting["count"] == SHOWN + 2
    assert [focus_day.school for focus_day in waiting["focus_days"]] == list(
        reversed(schools)
    )[:SHOWN]


def test_reviewer_sees_the_reports_still_to_write(people, school_a, school_b, area):
    mine = _focus_day(school_a, area, people, status=FocusDayStatus.SCHEDULED)
    _focus_day(school_b, area, people, status=FocusDayStatus.ISSUED)

    context = visits_home(people["trust_reviewer"], today=TODAY)

    assert context["to_write"] == [mine]
    assert "to_schedule" not in context
    assert "visits" not in context


def test_headteacher_of_a_tier_two_school_is_asked_to_request(people, school_a, area):
    _tier(school_a, 2, people)

    context = visits_home(people["headteacher"], today=TODAY)

    assert context["to_request"] == [(school_a, "2026/27")]
    [row] = context["schools"]
    assert row == {
        "school": school_a,
        "last_visit_on": None,
        "next_visit_on": None,
        "focus_day": None,
    }


@pytest.mark.parametrize(
    "situation", ["tier 3", "no tier", "already asked", "closed", "governor"]
)
def test_no_request_prompt_where_the_school_may_not_ask(
    people, school_a, area, situation
):
    if situation != "no tier":
        _tier(school_a, 3 if situation == "tier 3" else 1, people)
    if situation == "already asked":
        _focus_day(school_a, area, people)
    if situation == "closed":
        school_a.status = SchoolStatus.CLOSED
        school_a.save()
    person = people["governor" if situation == "governor" else "headteacher"]

    assert "to_request" not in visits_home(person, today=TODAY)


def test_from_may_a_head_may_also_ask_for_next_years_day(people, school_a, area):
    _tier(school_a, 1, people)
    _focus_day(school_a, area, people, status=FocusDayStatus.ISSUED)

    context = visits_home(people["headteacher"], today=date(2027, 5, 10))

    assert context["to_request"] == [(school_a, "2027/28")]


def test_next_years_prompt_follows_the_tier_decided_for_september(people, school_a):
    _tier(school_a, 1, people)
    _tier(school_a, 3, people, effective_on=date(2027, 9, 1))

    context = visits_home(people["headteacher"], today=date(2027, 5, 10))

    assert context["to_request"] == [(school_a, "2026/27")]


def test_governor_sees_the_next_visit_and_this_years_focus_day(
    people, school_a, school_b, area
):
    _visit(school_a, date(2026, 11, 30))  # past, not done: not the last visit
    done = _visit(school_a, date(2026, 10, 14))
    done.status = VisitStatus.COMPLETED
    done.save()
    _visit(school_a, date(2027, 1, 12))
    _visit(school_a, date(2026, 12, 9))
    _visit(school_b, date(2026, 12, 4))  # another school's
    focus_day = _focus_day(school_a, area, people, status=FocusDayStatus.SCHEDULED)

    context = visits_home(people["governor"], today=TODAY)

    assert context["schools"] == [
        {
            "school": school_a,
            "last_visit_on": date(2026, 10, 14),
            "next_visit_on": date(2026, 12, 9),
            "focus_day": focus_day,
        }
    ]


def test_someone_with_nothing_waiting_gets_no_panel(people):
    assert visits_home(people["trustee"], today=TODAY) == {}
    assert visits_home(people["no_role"], today=TODAY) == {}


# The page --------------------------------------------------------------------


def test_home_page_shows_the_headteacher_their_prompt_and_next_visit(
    client, people, school_a, school_b
):
    today = timezone.localdate()
    _tier(school_a, 1, people, effective_on=today - datetime.timedelta(days=30))
    _visit(school_a, today + datetime.timedelta(days=3))
    _visit(school_b, today + datetime.timedelta(days=1))
    client.force_login(people["headteacher"])

    page = client.get(reverse("home")).content.decode()

    request_url = reverse("visits:focus_day_request", kwargs={"urn": school_a.urn})
    assert f'href="{request_url}"' in page
    assert "Visits and focus days at your school" in page
    assert school_b.name not in page


def test_home_page_links_the_reviewer_to_the_report(client, people, school_a, area):
    focus_day = _focus_day(school_a, area, people, status=FocusDayStatus.SCHEDULED)
    client.force_login(people["trust_reviewer"])

    page = client.get(reverse("home")).content.decode()

    report_url = reverse(
        "visits:focus_day_report",
        kwargs={"urn": school_a.urn, "focus_day_pk": focus_day.pk},
    )
    assert "Focus-day reports to write" in page
    assert f'href="{report_url}"' in page


def test_home_page_shows_a_trustee_no_panel(client, people):
    client.force_login(people["trustee"])

    page = client.get(reverse("home")).content.decode()

    assert "Your visits" not in page
    assert "Focus days to schedule" not in page
    assert "Visits and focus days at your school" not in page


def _home_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


def _busy_school(people, area, today, *, head):
    school = SchoolFactory()
    MembershipFactory(user=head, role=Role.HEADTEACHER, school=school)
    _tier(school, 1 + len(head.memberships.all()) % 2, people, today)
    _visit(school, today, lead=people["ceo"])
    _visit(school, today + datetime.timedelta(days=5), lead=people["ceo"])
    _focus_day(school, area, people, requested_by=head)
    return school


@pytest.mark.parametrize("role", ["ceo", "executive head"])
def test_home_panel_reads_the_same_queries_however_many_schools(
    client, people, area, role
):
    today = timezone.localdate()
    head = UserFactory()
    for _ in range(2):
        _busy_school(people, area, today, head=head)
    client.force_login(people["ceo"] if role == "ceo" else head)
    client.get(reverse("home"))  # warm-up
    queries_at_two = _home_queries(client)

    for _ in range(6):
        _busy_school(people, area, today, head=head)

    assert _home_queries(client) == queries_at_two
