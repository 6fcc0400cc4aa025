"""Planning visits from tier decisions over a real calendar (2026/27 and
2027/28 as proposed), with today pinned to Thursday 3 December 2026."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from categorisation.services import tier_decision_record
from schools.calendar import calendar_propose
from schools.models import HalfTerm, SchoolStatus
from schools.services import academic_year_create
from tests.factories import SchoolFactory
from visits import services
from visits.cadence import visit_windows
from visits.forms import VisitPlanForm
from visits.models import SchoolCadence, TierCadence, Visit, VisitStatus

date = datetime.date
TODAY = date(2026, 12, 3)


@pytest.fixture
def today(monkeypatch):
    """Call with a date to make it today; it starts as TODAY."""
    real_localdate = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return real_localdate(value, timezone) if value else day

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    set_today(TODAY)
    return set_today


@pytest.fixture
def calendar(db):
    return [
        academic_year_create(start_year=year, dates=calendar_propose(year))
        for year in (2026, 2027)
    ]


@pytest.fixture
def decide(ceo, django_capture_on_commit_callbacks):
    """Record a tier decision as the CEO and run what follows the commit."""

    def decide(school, tier, effective_on=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return tier_decision_record(
                school=school, tier=tier, decided_by=ceo, effective_on=effective_on
            )

    return decide


def _planned(school):
    return list(school.visits.planned().order_by("planned_on"))


def _expected_windows(cadence, starts_from=TODAY, school=None):
    years = [calendar_propose(2026), calendar_propose(2027)]
    spread = int(school.urn) if school else 0
    return visit_windows(years, cadence, starts_from=starts_from, spread=spread)


@pytest.mark.django_db
def test_a_tier_3_decision_plans_fortnightly_visits(
    school_a, ceo, calendar, today, decide
):
    decision = decide(school_a, 3)

    visits = _planned(school_a)
    expected = _expected_windows("fortnightly", school=school_a)
    assert [(v.window_label, v.planned_on) for v in visits] == [
        (w.label, w.planned_on) for w in expected
    ]
    assert visits[0].window_label == "Fortnight of 30 November 2026"
    assert visits[-1].window_ends_on == date(2028, 7, 21)
    for visit in visits:
        assert (visit.kind, visit.cadence, visit.tier) == (
            "monitoring",
            "fortnightly",
            3,
        )
        assert (visit.tier_decision, visit.lead) == (decision, ceo)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tier", "cadence", "kind", "first_label"),
    [
        (1, "termly", "quality_assurance", "Autumn term 2026/27"),
        (2, "half_termly", "monitoring", "Autumn 2 2026/27"),
        (3, "fortnightly", "monitoring", "Fortnight of 30 November 2026"),
    ],
)
def test_each_tier_brings_its_cadence_and_no_visit_falls_in_a_holiday(
    school_a, calendar, today, decide, tier, cadence, kind, first_label
):
    decide(school_a, tier)

    visits = _planned(school_a)
    assert len(visits) == len(_expected_windows(cadence))
    assert visits[0].window_label == first_label
    assert {(v.cadence, v.kind) for v in visits} == {(cadence, kind)}
    for visit in visits:
        assert visit.planned_on.weekday() < 5
        assert HalfTerm.objects.filter(
            starts_on__lte=visit.planned_on, ends_on__gte=visit.planned_on
        ).exists(), visit


@pytest.mark.django_db
def test_a_tier_change_mid_term_replaces_future_planned_visits_only(
    school_a, calendar, today, decide
):
    today(date(2026, 10, 1))
    decide(school_a, 2, effective_on=date(2026, 10, 1))
    autumn_1, autumn_2, *later = _planned(school_a)
    Visit.objects.filter(pk=autumn_1.pk).update(
        status=VisitStatus.COMPLETED, completed_at=timezone.now()
    )
    windows = _expected_windows("half_termly", date(2026, 10, 1), school_a)
    assert autumn_2.planned_on == windows[1].planned_on
    count_before = Visit.objects.count()

    today(TODAY)
    decision = decide(school_a, 3)

    statuses = dict(Visit.objects.values_list("pk", "status"))
    assert statuses[autumn_1.pk] == VisitStatus.COMPLETED
    # Its target date has passed but its window is open: it stays due.
    assert statuses[autumn_2.pk] == VisitStatus.PLANNED
    assert {statuses[visit.pk] for visit in later} == {VisitStatus.REPLACED}
    new = school_a.visits.filter(tier_decision=decision)
    assert new.count() == len(_expected_windows("fortnightly"))
    assert Visit.objects.count() == count_before + new.count()
    assert all(visit.planned_on >= TODAY for visit in new)


@pytest.mark.django_db
def test_running_twice_for_the_same_decision_creates_nothing_new(
    school_a, calendar, today, decide
):
    decision = decide(school_a, 3)
    before = sorted(Visit.objects.values_list("pk", "status", "planned_on"))

    change = services.visit_schedule_replace(
        school_id=school_a.pk, tier_decision_id=decision.pk
    )

    assert (change.created, change.replaced_ids) == ([], [])
    assert sorted(Visit.objects.values_list("pk", "status", "planned_on")) == before


@pytest.mark.django_db
def test_re_planning_keeps_the_date_and_lead_the_ceo_chose(
    school_a, calendar, today, decide, ceo, admin_user
):
    decide(school_a, 2)
    visit = _planned(school_a)[1]
    services.visit_move(
        visit=visit,
        planned_on=visit.window_starts_on,
        lead=admin_user,
        moved_by=ceo,
    )

    services.visit_schedule_for_school(school=school_a)

    visit.refresh_from_db()
    assert (visit.status, visit.planned_on) == (
        VisitStatus.PLANNED,
        visit.window_starts_on,
    )
    assert visit.lead == admin_user


@pytest.mark.django_db
def test_a_school_cadence_more_often_than_its_tier_wins(
    school_a, calendar, today, decide, ceo
):
    SchoolCadence.objects.create(
        school=school_a, cadence="fortnightly", reason="New headteacher.", set_by=ceo
    )

    decide(school_a, 2)

    visits = _planned(school_a)
    assert len(visits) == len(_expected_windows("fortnightly"))
    assert {(v.cadence, v.kind, v.tier) for v in visits} == {
        ("fortnightly", "monitoring", 2)
    }


@pytest.mark.django_db
def test_a_school_cadence_less_often_than_its_tier_is_ignored(
    school_a, calendar, today, decide, ceo
):
    SchoolCadence.objects.create(
        school=school_a, cadence="termly", reason="Set under Tier 1.", set_by=ceo
    )

    decide(school_a, 3)

    assert {v.cadence for v in _planned(school_a)} == {"fortnightly"}


@pytest.mark.django_db
def test_setting_the_school_cadence_re_plans_and_clearing_it_goes_back(
    school_a, calendar, today, decide, ceo
):
    decide(school_a, 1)

    change = services.school_cadence_set(
        school=school_a, cadence="half_termly", reason="Falling results.", set_by=ceo
    )

    assert len(change.created) == len(_expected_windows("half_termly"))
    assert {v.cadence for v in _planned(school_a)} == {"half_termly"}
    services.school_cadence_set(school=school_a, cadence="", reason="", set_by=ceo)
    assert not SchoolCadence.objects.exists()
    assert {v.cadence for v in _planned(school_a)} == {"termly"}


@pytest.mark.django_db
def test_school_cadence_must_be_more_often_and_give_a_reason(
    school_a, calendar, today, decide, ceo
):
    decide(school_a, 2)

    with pytest.raises(ValidationError):
        services.school_cadence_set(
            school=school_a, cadence="termly", reason="Why not.", set_by=ceo
        )
    with pytest.raises(ValidationError):
        services.school_cadence_set(
            school=school_a, cadence="fortnightly", reason=" ", set_by=ceo
        )
    assert not SchoolCadence.objects.exists()


@pytest.mark.django_db
def test_a_decision_for_next_september_keeps_this_years_visits(
    school_a, calendar, today, decide
):
    decide(school_a, 2)
    this_year = [v.pk for v in _planned(school_a) if v.planned_on < date(2027, 9, 1)]

    decision = decide(school_a, 3, effective_on=date(2027, 9, 1))

    kept = Visit.objects.filter(pk__in=this_year)
    assert set(kept.values_list("status", flat=True)) == {VisitStatus.PLANNED}
    new = school_a.visits.filter(tier_decision=decision)
    assert new.earliest("planned_on").window_label == "Fortnight of 2 September 2027"
    assert not school_a.visits.planned().filter(
        cadence="half_termly", planned_on__gte=date(2027, 9, 1)
    )


@pytest.mark.django_db
def test_a_back_dated_decision_keeps_past_planned_visits(
    school_a, calendar, today, decide
):
    today(date(2026, 10, 1))
    decide(school_a, 2, effective_on=date(2026, 10, 1))
    today(date(2027, 1, 6))

    decide(school_a, 3, effective_on=date(2026, 11, 2))

    overdue = school_a.visits.overdue()
    assert [v.window_label for v in overdue] == ["Autumn 1 2026/27", "Autumn 2 2026/27"]


@pytest.mark.django_db
def test_visits_have_no_lead_without_a_ceo(school_a, calendar, today, admin_user):
    Membership.objects.filter(role=Role.CEO).update(ended_at=timezone.now())
    decision = tier_decision_record(school=school_a, tier=1, decided_by=admin_user)

    services.visit_schedule_replace(school_id=school_a.pk, tier_decision_id=decision.pk)

    assert {v.lead for v in _planned(school_a)} == {None}


@pytest.mark.django_db
def test_no_calendar_means_no_visits(school_a, today, decide):
    decide(school_a, 3)

    assert not Visit.objects.exists()


# Moving a visit ---------------------------------------------------------------


@pytest.fixture
def autumn_term_visit(school_a, calendar, today, decide):
    today(date(2026, 9, 1))
    decide(school_a, 1, effective_on=date(2026, 9, 1))
    visit = _planned(school_a)[0]
    assert visit.window_label == "Autumn term 2026/27"
    return visit


@pytest.mark.django_db
def test_ceo_moves_a_visit_within_its_window(autumn_term_visit, ceo):
    services.visit_move(
        visit=autumn_term_visit, planned_on=date(2026, 12, 17), moved_by=ceo
    )

    autumn_term_visit.refresh_from_db()
    assert autumn_term_visit.planned_on == date(2026, 12, 17)
    assert autumn_term_visit.lead == ceo


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2027, 1, 5), "inside the visit's window"),
        (date(2026, 9, 1), "inside the visit's window"),
        (date(2026, 10, 27), "school holiday"),  # the October half-term
        (date(2026, 10, 3), "weekday"),
    ],
)
def test_a_move_outside_the_window_or_term_time_is_refused(
    autumn_term_visit, ceo, day, message
):
    planned_on = autumn_term_visit.planned_on

    with pytest.raises(ValidationError, match=message):
        services.visit_move(visit=autumn_term_visit, planned_on=day, moved_by=ceo)

    autumn_term_visit.refresh_from_db()
    assert autumn_term_visit.planned_on == planned_on


@pytest.mark.django_db
def test_a_stale_move_is_refused(autumn_term_visit, ceo, admin_user):
    opened = VisitPlanForm(
        visit=autumn_term_visit, lead_choices=services.lead_choices()
    )
    services.visit_move(
        visit=autumn_term_visit, planned_on=date(2026, 11, 10), moved_by=admin_user
    )
    form = VisitPlanForm(
        {
            "planned_on": "2026-12-16",
            "lead": ceo.pk,
            "version": opened.initial["version"],
        },
        visit=autumn_term_visit,
        lead_choices=services.lead_choices(),
    )
    assert form.is_valid()

    moved = services.visit_move(
        visit=autumn_term_visit,
        planned_on=form.cleaned_data["planned_on"],
        moved_by=ceo,
        is_current=form.is_current,
    )

    assert moved is None
    assert "Someone else saved changes" in str(form.non_field_errors())
    autumn_term_visit.refresh_from_db()
    assert autumn_term_visit.planned_on == date(2026, 11, 10)


@pytest.mark.django_db
def test_only_planned_visits_move(autumn_term_visit, ceo):
    Visit.objects.filter(pk=autumn_term_visit.pk).update(status=VisitStatus.REPLACED)
    autumn_term_visit.refresh_from_db()

    with pytest.raises(ValidationError, match="Only a planned visit"):
        services.visit_move(
            visit=autumn_term_visit, planned_on=date(2026, 12, 16), moved_by=ceo
        )


# The plan_visits command ------------------------------------------------------


@pytest.mark.django_db
def test_plan_visits_plans_every_open_school_once(
    school_a, school_b, calendar, today, ceo, capsys
):
    closed = SchoolFactory(status=SchoolStatus.CLOSED, closed_on=date(2025, 8, 31))
    for school, tier in ((school_a, 3), (school_b, 1), (closed, 2)):
        tier_decision_record(school=school, tier=tier, decided_by=ceo)

    call_command("plan_visits")
    first = capsys.readouterr().out
    count = Visit.objects.count()
    call_command("plan_visits")
    second = capsys.readouterr().out

    expected = len(_expected_windows("fortnightly")) + len(_expected_windows("termly"))
    assert count == expected == Visit.objects.count()
    assert not closed.visits.exists()
    assert f"2 school(s): {expected} created, 0 replaced" in first
    assert "2 school(s): 0 created, 0 replaced" in second


@pytest.mark.django_db
def test_plan_visits_for_one_school(school_a, school_b, calendar, today, ceo, capsys):
    tier_decision_record(school=school_a, tier=1, decided_by=ceo)
    tier_decision_record(school=school_b, tier=1, decided_by=ceo)

    call_command("plan_visits", school=school_a.urn)

    assert school_a.visits.exists()
    assert not school_b.visits.exists()


@pytest.mark.django_db
def test_plan_visits_refuses_an_unknown_urn(db):
    with pytest.raises(CommandError, match="No school has the URN 999999"):
        call_command("plan_visits", school="999999")


@pytest.mark.django_db
def test_tier_cadence_is_trust_configuration(school_a, calendar, today, decide):
    TierCadence.objects.filter(tier=1).update(cadence="half_termly")

    decide(school_a, 1)

    assert {v.cadence for v in _planned(school_a)} == {"half_termly"}
