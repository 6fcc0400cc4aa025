import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from categorisation.models import TierDecision
from visits.models import Visit, VisitStatus
from visits.selectors import DUE_SOON_DAYS, workload_for, workload_summary_for

from ..factories import SchoolFactory

# A Thursday: its week runs from Monday 30 November to Sunday 6 December,
# and "due soon" from Monday 7 December to Sunday 20 December.
TODAY = datetime.date(2026, 12, 3)
MONDAY = datetime.date(2026, 11, 30)
SUNDAY = datetime.date(2026, 12, 6)
WINDOW = (datetime.date(2026, 11, 2), datetime.date(2026, 12, 18))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _visit(school, planned_on, window=WINDOW, **fields):
    starts_on, ends_on = window
    return Visit.objects.create(
        school=school,
        kind="monitoring",
        window_label="Autumn 2 2026/27",
        window_starts_on=starts_on,
        window_ends_on=ends_on,
        planned_on=planned_on,
        **fields,
    )


def _tier(school, tier, by):
    return TierDecision.objects.create(
        school=school, tier=tier, decided_by=by, effective_on=datetime.date(2025, 9, 1)
    )


def _days(count):
    return datetime.timedelta(days=count)


def _pks(visits):
    return {visit.pk for visit in visits}


def test_visits_split_at_the_week_and_horizon_boundaries(school_a):
    monday = _visit(school_a, MONDAY)
    sunday = _visit(school_a, SUNDAY)
    next_monday = _visit(school_a, SUNDAY + _days(1))
    spring = (MONDAY, TODAY + _days(60))
    horizon = _visit(school_a, SUNDAY + _days(DUE_SOON_DAYS), window=spring)
    _visit(school_a, SUNDAY + _days(DUE_SOON_DAYS + 1), window=spring)

    workload = workload_for(today=TODAY)

    assert (workload.week_starts_on, workload.week_ends_on) == (MONDAY, SUNDAY)
    assert _pks(workload.this_week) == {monday.pk, sunday.pk}
    assert _pks(workload.due_soon) == {next_monday.pk, horizon.pk}
    assert workload.overdue == []


def test_overdue_once_the_window_has_closed_and_only_while_planned(school_a):
    closed_yesterday = _visit(school_a, MONDAY, window=(MONDAY, TODAY - _days(1)))
    closes_today = _visit(school_a, MONDAY, window=(MONDAY, TODAY))
    long_ago = _visit(
        school_a,
        datetime.date(2026, 10, 1),
        window=(datetime.date(2026, 9, 1), datetime.date(2026, 10, 23)),
    )
    _visit(school_a, MONDAY, window=(MONDAY, TODAY - _days(1)), status="completed")
    _visit(school_a, TODAY, status=VisitStatus.REPLACED)

    workload = workload_for(today=TODAY)

    assert _pks(workload.overdue) == {closed_yesterday.pk, long_ago.pk}
    assert _pks(workload.this_week) == {closes_today.pk}
    assert _pks(Visit.objects.overdue()) == _pks(workload.overdue)


def test_a_missed_target_stays_in_this_week_while_its_window_is_open(school_a):
    missed = _visit(school_a, datetime.date(2026, 11, 20))

    workload = workload_for(today=TODAY)

    assert _pks(workload.this_week) == {missed.pk}


def test_page_lists_each_table_with_counts_tier_and_link(client, ceo, school_a):
    _tier(school_a, 2, ceo)
    this_week = _visit(school_a, TODAY, lead=ceo)
    _visit(school_a, SUNDAY + _days(3))
    _visit(school_a, SUNDAY + _days(4))
    _visit(school_a, MONDAY, window=(MONDAY, TODAY - _days(1)))
    client.force_login(ceo)

    response = client.get(reverse("visits:workload"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 this week</a>, <a" in page
    assert "2 due soon" in page
    assert "1 overdue" in page
    assert "Tier 2</span>" in page
    assert "3 December 2026" in page
    assert ">Overdue</span>" in page
    assert ceo.get_full_name() in page
    detail = reverse(
        "visits:detail", kwargs={"urn": school_a.urn, "visit_pk": this_week.pk}
    )
    assert f'href="{detail}"' in page


def test_tier_filter_keeps_schools_of_that_current_tier(
    client, ceo, school_a, school_b
):
    _tier(school_a, 1, ceo)
    _tier(school_b, 2, ceo)
    _visit(school_a, TODAY)
    _visit(school_b, TODAY)
    client.force_login(ceo)

    response = client.get(reverse("visits:workload"), {"tier": "2"})

    assert [v.school for v in response.context["workload"].this_week] == [school_b]
    assert response.context["tier"] == 2


def test_current_tier_is_the_latest_decision(ceo, school_a):
    _tier(school_a, 1, ceo)
    TierDecision.objects.create(
        school=school_a, tier=3, decided_by=ceo, effective_on=datetime.date(2026, 9, 1)
    )
    _visit(school_a, TODAY)

    assert workload_for(today=TODAY, tier=1).this_week == []
    assert workload_for(today=TODAY, tier=3).this_week[0].school.current_tier == 3


def test_mine_shows_my_visits_and_for_the_ceo_unassigned_ones(
    client, ceo, admin_user, school_a
):
    ceo_visit = _visit(school_a, TODAY, lead=ceo)
    admin_visit = _visit(school_a, TODAY, lead=admin_user)
    unassigned = _visit(school_a, TODAY)
    url = reverse("visits:workload")

    client.force_login(ceo)
    as_ceo = client.get(url, {"lead": "mine"}).context["workload"]
    everyone = client.get(url).context["workload"]
    client.force_login(admin_user)
    as_admin = client.get(url, {"lead": "mine"}).context["workload"]

    assert _pks(as_ceo.this_week) == {ceo_visit.pk, unassigned.pk}
    assert _pks(everyone.this_week) == {ceo_visit.pk, admin_visit.pk, unassigned.pk}
    assert _pks(as_admin.this_week) == {admin_visit.pk}


def test_csv_export_lists_every_table_with_the_filters(client, ceo, school_a):
    _tier(school_a, 2, ceo)
    _visit(school_a, TODAY, lead=ceo)
    _visit(school_a, MONDAY, window=(MONDAY, TODAY - _days(1)))
    client.force_login(ceo)

    response = client.get(reverse("visits:workload"), {"format": "csv", "tier": "2"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Section", "URN", "School", "Current tier"]
    assert [row[0] for row in rows[1:]] == ["This week", "Overdue"]
    assert rows[1][1:4] == [school_a.urn, school_a.name, "2"]
    assert rows[1][-2:] == ["2026-12-03", ceo.get_full_name()]


def test_csv_with_another_tier_has_only_the_header(client, ceo, school_a):
    _tier(school_a, 2, ceo)
    _visit(school_a, TODAY)
    client.force_login(ceo)

    response = client.get(reverse("visits:workload"), {"format": "csv", "tier": "3"})

    assert len(response.content.decode().strip().splitlines()) == 1


def _trust_grow_to(school_count, lead):
    for _ in range(school_count - Visit.objects.values("school").distinct().count()):
        school = SchoolFactory()
        _tier(school, 2, lead)
        _visit(school, TODAY, lead=lead)
        _visit(school, SUNDAY + _days(2))
        _visit(school, MONDAY, window=(MONDAY, TODAY - _days(1)), lead=lead)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("query", ["", "?lead=mine&tier=2", "?format=csv"])
def test_query_count_does_not_grow_with_schools_and_visits(client, ceo, query):
    client.force_login(ceo)
    url = reverse("visits:workload") + query
    _trust_grow_to(3, ceo)
    client.get(url)  # warm-up: one-off lookups are not the page's doing
    queries_at_3, _ = _queries(client, url)

    _trust_grow_to(20, ceo)
    queries_at_20, response = _queries(client, url)

    assert Visit.objects.count() == 60
    shown = b"\r\n" if "csv" in query else b"Open visit<"
    assert response.content.count(shown) == 60 + ("csv" in query)
    assert queries_at_20 == queries_at_3


def test_headteacher_cannot_open_the_workload(client, headteacher):
    client.force_login(headteacher)

    response = client.get(reverse("visits:workload"))

    assert response.status_code == 403


def test_admin_sees_the_workload(client, admin_user, school_a):
    _visit(school_a, TODAY)
    client.force_login(admin_user)

    response = client.get(reverse("visits:workload"))

    assert response.status_code == 200
    assert school_a.name in response.content.decode()


def test_summary_gives_each_sections_first_visits_and_counts_them_all(
    ceo, admin_user, school_a, school_b
):
    days = [(2, school_a), (0, school_b), (1, school_a), (0, school_a)]
    this_week = [
        _visit(school, TODAY + _days(offset), lead=ceo) for offset, school in days
    ]
    overdue = _visit(school_a, MONDAY, window=(MONDAY, TODAY - _days(1)), lead=ceo)
    _visit(school_b, TODAY, lead=admin_user)  # not the CEO's
    spring = (MONDAY, TODAY + _days(60))
    _visit(school_b, SUNDAY + _days(DUE_SOON_DAYS + 1), spring, lead=ceo)  # later

    summary = workload_summary_for(today=TODAY, lead=ceo, first=3)

    sections = {section.key: section for section in summary.sections}
    assert [section.key for section in summary.sections] == [
        "overdue",
        "this-week",
        "due-soon",
    ]
    # By target date, then school name: Ashby Road before Brook Lane.
    assert sections["this-week"].first == [this_week[3], this_week[1], this_week[2]]
    assert sections["this-week"].count == 4
    assert sections["overdue"].first == [overdue]
    assert (sections["due-soon"].first, sections["due-soon"].count) == ([], 0)
    assert summary.due_soon_ends_on == SUNDAY + _days(DUE_SOON_DAYS)
    assert not summary.is_empty
    full = workload_for(today=TODAY, lead=ceo)
    assert full.this_week[:3] == sections["this-week"].first


def test_summary_of_someone_with_no_visits_is_empty(trustee):
    assert workload_summary_for(today=TODAY, lead=trustee, first=3).is_empty
