"""The demo's focus days: this year one issued with its PDF, one scheduled,
one waiting for a date, and last year's at a special school whose strengths
answer this year's development points; each made once however often the
demo is seeded."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from demo.focus_days import (
    ISSUED,
    LAST_YEAR,
    REQUESTED,
    SCHEDULED,
    SUMMARY,
    coming_school_day,
    held_on_for,
    seed_focus_days,
)
from demo.seed import _headteachers
from reports.models import Rendering, RenderingStatus
from schools.models import School
from visits.focus_days import FOCUS_DAY_KIND, focus_day_year
from visits.models import (
    FindingKind,
    FocusDay,
    FocusDayActivity,
    FocusDayFinding,
    FocusDayStatus,
)

REVIEWER = "reviewer@demo.pvat.example"


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    # Issuing queues the PDF when the seed commits; run it, as the demo does.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    return {
        focus_day.school.urn: focus_day
        for focus_day in FocusDay.objects.select_related(
            "school", "reviewer", "requested_by"
        ).filter(academic_year=focus_day_year(timezone.localdate()))
    }


def _expected_statuses(today):
    """What the calendar allows today: nothing can have been held before the
    first school day, nor asked for once the summer holiday starts."""
    expected = {}
    if held_on_for(today):
        expected[ISSUED.urn] = FocusDayStatus.ISSUED
    if coming_school_day(today, after=datetime.timedelta(days=1)):
        expected[SCHEDULED.urn] = FocusDayStatus.SCHEDULED
        expected[REQUESTED.urn] = FocusDayStatus.REQUESTED
    return expected


def test_demo_has_an_issued_a_scheduled_and_a_requested_focus_day(seeded):
    today = timezone.localdate()

    statuses = {urn: focus_day.status for urn, focus_day in seeded.items()}
    assert statuses == _expected_statuses(today)
    assert all(f.academic_year == focus_day_year(today) for f in seeded.values())
    if SCHEDULED.urn in seeded:
        scheduled, requested = seeded[SCHEDULED.urn], seeded[REQUESTED.urn]
        assert scheduled.reviewer.email == REVIEWER
        assert scheduled.scheduled_on > today
        heads = _headteachers()
        assert scheduled.requested_by == heads[SCHEDULED.urn]
        assert requested.requested_by == heads[REQUESTED.urn]
        assert requested.reviewer is None and requested.scheduled_on is None
        assert requested.proposed_dates
        assert min(requested.proposed_dates) > today


def test_demo_head_reads_an_issued_report_with_its_pdf(seeded, client):
    focus_day = seeded.get(ISSUED.urn)
    if focus_day is None:
        pytest.skip("No school day yet this academic year to have held it on.")

    assert focus_day.requested_by.email == "head@demo.pvat.example"
    assert focus_day.reviewer.email == REVIEWER
    assert focus_day.scheduled_on < timezone.localdate()
    assert focus_day.requested_at < focus_day.scheduled_at < focus_day.issued_at
    activities = focus_day.activities.all()
    assert 4 <= len(activities) <= 5
    assert all(activity.detail for activity in activities)
    findings = focus_day.findings.values_list("kind", "area")
    assert Counter(kind for kind, _ in findings) == {
        FindingKind.STRENGTH: 3,
        FindingKind.DEVELOPMENT_POINT: 2,
    }
    assert len({area for _, area in findings}) == 5
    rendering = Rendering.objects.get(kind=FOCUS_DAY_KIND, object_id=focus_day.pk)
    assert rendering.status == RenderingStatus.READY, rendering.error
    assert rendering.file

    client.force_login(focus_day.requested_by)
    page = client.get(focus_day.get_absolute_url()).content.decode()
    assert SUMMARY.split("\n")[0] in page
    assert "Download the focus day report (PDF)" in page


def test_seeding_the_demo_focus_days_again_adds_nothing(seeded):
    rows = (FocusDay, FocusDayActivity, FocusDayFinding, Rendering)
    counts = [model.objects.count() for model in rows]

    made = seed_focus_days(
        schools={school.urn: school for school in School.objects.all()},
        ceo=User.objects.get(email="ceo@demo.pvat.example"),
        head_by_urn=_headteachers(),
    )

    assert made == []
    assert counts == [model.objects.count() for model in rows]


def test_last_years_report_at_the_special_school_is_issued(seeded):
    last_year = FocusDay.objects.get(
        academic_year=focus_day_year(timezone.localdate()) - 1
    )

    assert last_year.school.urn == LAST_YEAR.urn
    assert last_year.status == FocusDayStatus.ISSUED
    assert last_year.requested_at < last_year.scheduled_at < last_year.issued_at
    assert last_year.scheduled_on.month == 3
    rendering = Rendering.objects.get(kind=FOCUS_DAY_KIND, object_id=last_year.pk)
    assert rendering.status == RenderingStatus.READY, rendering.error


def test_the_ceo_is_pointed_from_a_development_point_to_last_years_strength(
    seeded, client
):
    issued = seeded.get(ISSUED.urn)
    if issued is None:
        pytest.skip("No school day yet this academic year to have held it on.")
    last_year = FocusDay.objects.get(school__urn=LAST_YEAR.urn)

    client.force_login(User.objects.get(email="ceo@demo.pvat.example"))
    page = client.get(issued.get_absolute_url()).content.decode()

    assert "Strength elsewhere in the trust" in page
    assert f'href="{last_year.get_absolute_url()}"' in page
