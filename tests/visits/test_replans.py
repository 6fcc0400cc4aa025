"""Re-planning every open school in a worker: counted progress, one at a
time, safe to run twice, and shown on the cadences page."""

import datetime
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from categorisation.services import tier_decision_record
from schools.calendar import calendar_propose
from schools.services import academic_year_create
from tests.factories import SchoolFactory
from visits import replans
from visits.models import ReplanStatus, ScheduleReplan, TierCadence, Visit
from visits.tasks import replan_visits

TODAY = date(2026, 12, 3)


@pytest.fixture
def trust(monkeypatch, school_a, school_b, ceo, django_capture_on_commit_callbacks):
    """Schools A (Tier 2) and B (Tier 1) planned from 1 October 2026, and a
    third open school with no tier yet; today is TODAY."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return real_localdate(value, timezone) if value else TODAY

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    academic_year_create(start_year=2026, dates=calendar_propose(2026))
    with django_capture_on_commit_callbacks(execute=True):
        for school, tier in ((school_a, 2), (school_b, 1)):
            tier_decision_record(
                school=school, tier=tier, decided_by=ceo, effective_on=TODAY
            )
    return SchoolFactory()


def _request(admin_user, capture):
    with capture(execute=True):
        replan = replans.schedule_replan_request(requested_by=admin_user)
    replan.refresh_from_db()
    return replan


@pytest.mark.django_db
def test_a_re_plan_counts_each_school_and_what_it_changed(
    trust, admin_user, django_capture_on_commit_callbacks
):
    TierCadence.objects.filter(tier=2).update(cadence="fortnightly")
    half_termly = Visit.objects.planned().filter(cadence="half_termly").count()

    replan = _request(admin_user, django_capture_on_commit_callbacks)

    assert replan.status == ReplanStatus.DONE
    assert (replan.schools_total, replan.schools_done) == (3, 3)
    assert replan.schools_without_tier == 1
    assert replan.visits_replaced == half_termly > 0
    fortnightly = Visit.objects.planned().filter(cadence="fortnightly").count()
    assert replan.visits_created == fortnightly > 0
    assert replan.started_at <= replan.finished_at


@pytest.mark.django_db
def test_running_a_re_plan_again_changes_nothing(
    trust, admin_user, django_capture_on_commit_callbacks
):
    TierCadence.objects.filter(tier=2).update(cadence="fortnightly")
    replan = _request(admin_user, django_capture_on_commit_callbacks)
    counted = (replan.visits_created, replan.visits_replaced, replan.finished_at)
    visits = sorted(Visit.objects.values_list("pk", "status", "planned_on"))

    replan_visits(replan.pk)  # the same task retried
    again = _request(admin_user, django_capture_on_commit_callbacks)

    replan.refresh_from_db()
    assert (replan.visits_created, replan.visits_replaced, replan.finished_at) == (
        counted
    )
    assert again != replan
    assert (again.status, again.visits_created, again.visits_replaced) == (
        ReplanStatus.DONE,
        0,
        0,
    )
    assert sorted(Visit.objects.values_list("pk", "status", "planned_on")) == visits


@pytest.mark.django_db
def test_one_re_plan_at_a_time_unless_it_has_stalled(admin_user, ceo):
    waiting = ScheduleReplan.objects.create(requested_by=ceo)

    assert replans.schedule_replan_request(requested_by=admin_user) == waiting
    assert ScheduleReplan.objects.count() == 1

    started = timezone.now() - datetime.timedelta(minutes=16)
    ScheduleReplan.objects.filter(pk=waiting.pk).update(
        status=ReplanStatus.RUNNING, started_at=started
    )
    fresh = replans.schedule_replan_request(requested_by=admin_user)

    assert fresh != waiting
    assert fresh.status == ReplanStatus.PENDING
    assert fresh.requested_by == admin_user


@pytest.mark.django_db
def test_a_fault_fails_the_re_plan_with_a_plain_message(
    trust, admin_user, monkeypatch, caplog
):
    replan = ScheduleReplan.objects.create(requested_by=admin_user)

    def broken(*, school):
        raise RuntimeError("database gone")

    monkeypatch.setattr(replans, "visit_schedule_for_school", broken)
    replans.schedule_replan_run(replan=replan)

    replan.refresh_from_db()
    assert replan.status == ReplanStatus.FAILED
    assert "stopped because of an error in the app" in replan.error
    assert "database gone" not in replan.error
    assert f"Re-plan {replan.pk} failed" in caplog.text


@pytest.mark.django_db
def test_the_page_redraws_the_progress_while_it_runs(client, admin_user, trust):
    ScheduleReplan.objects.create(
        requested_by=admin_user,
        status=ReplanStatus.RUNNING,
        started_at=timezone.now(),
        schools_total=3,
        schools_done=1,
    )
    client.force_login(admin_user)
    url = reverse("visits:cadences")

    page = client.get(url).content.decode()
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "Re-planning: 1 of 3 schools done." in " ".join(page.split())
    assert f'hx-get="{url}"' in page
    assert "Re-plan all schools now" not in page
    assert part.strip().startswith('<div id="replan-status"')
    assert "<html" not in part


@pytest.mark.django_db
def test_the_ceo_neither_sees_nor_starts_a_re_plan(client, ceo, trust):
    client.force_login(ceo)
    url = reverse("visits:cadences")

    page = client.get(url).content.decode()
    response = client.post(url, {"replan": "all"})

    assert "replan-status" not in page
    assert response.status_code == 403
    assert not ScheduleReplan.objects.exists()
