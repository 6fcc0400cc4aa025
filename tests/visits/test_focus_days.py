"""Focus days: who may have one, requesting, scheduling, the report and its
issue, withdrawal when the school leaves Tier 1 and 2, the database's own
guards and who may do what.

The services take `today`; it is Thursday 3 December 2026 (2026/27) unless
a test says otherwise. School A's headteacher asks, the CEO schedules.
"""

import datetime
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.access import forget_access
from accounts.roles import Role
from categorisation.services import tier_decision_record
from reports.models import Rendering
from schools.calendar import calendar_propose
from schools.models import ImprovementArea, SchoolStatus
from schools.services import academic_year_create
from tests.factories import MembershipFactory, UserFactory
from visits.focus_days import (
    FOCUS_DAY_KIND,
    focus_day_eligibility,
    focus_day_issue,
    focus_day_report_save,
    focus_day_request,
    focus_day_schedule,
    focus_day_withdraw,
    focus_day_year,
    focus_days_withdraw_for_tier,
    issue_problems,
    reviewer_choices,
)
from visits.models import (
    FindingKind,
    FocusDay,
    FocusDayActivity,
    FocusDayActivityKind,
    FocusDayFinding,
    FocusDayStatus,
)

date = datetime.date
TODAY = date(2026, 12, 3)  # a Thursday in 2026/27
TUESDAY = date(2026, 12, 8)
WEDNESDAY = date(2026, 12, 9)
SATURDAY = date(2026, 12, 5)
YESTERDAY = date(2026, 12, 2)
NEXT_YEAR_MONDAY = date(2027, 9, 6)  # 2027/28
CHRISTMAS_MONDAY = date(2026, 12, 21)  # in the proposed 2026/27 holiday


@pytest.fixture
def area(db):
    return ImprovementArea.objects.active().first()


@pytest.fixture
def other_area(area):
    return ImprovementArea.objects.active().exclude(pk=area.pk).first()


@pytest.fixture
def decide(people, django_capture_on_commit_callbacks):
    """Put the school in a tier as the CEO and run what follows the commit
    (the tier_changed receivers)."""

    def decide(school, tier):
        with django_capture_on_commit_callbacks(execute=True):
            return tier_decision_record(
                school=school, tier=tier, decided_by=people["ceo"], effective_on=TODAY
            )

    return decide


@pytest.fixture
def ask(people, school_a, area):
    """School A's headteacher asks for a focus day; keywords override."""

    def ask(**overrides):
        arguments = {
            "school": school_a,
            "area": area,
            "reason": "Reading at Key Stage 2 fell behind writing.",
            "proposed_first_on": TUESDAY,
            "requested_by": people["headteacher"],
            "today": TODAY,
            **overrides,
        }
        return focus_day_request(**arguments)

    return ask


@pytest.fixture
def requested(school_a, decide, ask):
    decide(school_a, 2)
    return ask()


@pytest.fixture
def scheduled(requested, people):
    return focus_day_schedule(
        focus_day=requested,
        reviewer=people["trust_reviewer"],
        scheduled_on=TUESDAY,
        scheduled_by=people["ceo"],
        today=TODAY,
    )


def _report(area, other_area):
    return {
        "summary": "  Reading is taught well in Year 6.  ",
        "activities": [
            (FocusDayActivityKind.LESSON_VISITS, " Year 4 and Year 6 reading "),
            (FocusDayActivityKind.PUPILS_WORK, ""),
        ],
        "findings": [
            (FindingKind.STRENGTH, area, " Daily reading is routine. "),
            (FindingKind.DEVELOPMENT_POINT, other_area, "Phonics catch-up."),
        ],
    }


@pytest.fixture
def written(scheduled, area, other_area, people):
    """The scheduled focus day with a complete draft report."""
    return focus_day_report_save(
        focus_day=scheduled,
        saved_by=people["trust_reviewer"],
        **_report(area, other_area),
    )


def _errors(excinfo):
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {}


# Who may have one ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("tier", [1, 2])
def test_tier_1_and_tier_2_schools_may_have_a_focus_day(school_a, decide, tier):
    decide(school_a, tier)

    eligibility = focus_day_eligibility(school_a, academic_year=2026)

    assert (eligibility.allowed, eligibility.tier, eligibility.reason) == (
        True,
        tier,
        "",
    )


@pytest.mark.django_db
def test_a_tier_3_school_is_told_its_support_has_no_focus_day(school_a, decide):
    decide(school_a, 3)

    eligibility = focus_day_eligibility(school_a, academic_year=2026)

    assert not eligibility.allowed
    assert eligibility.tier == 3
    assert "Tier 3" in eligibility.reason
    assert school_a.name in eligibility.reason


@pytest.mark.django_db
def test_a_school_with_no_tier_may_not_have_a_focus_day(school_a):
    eligibility = focus_day_eligibility(school_a, academic_year=2026)

    assert not eligibility.allowed
    assert "no tier yet" in eligibility.reason


@pytest.mark.django_db
def test_a_closed_school_may_not_have_a_focus_day(school_a, decide, ask):
    decide(school_a, 2)
    school_a.status = SchoolStatus.CLOSED
    school_a.save()

    eligibility = focus_day_eligibility(school_a, academic_year=2026)
    assert not eligibility.allowed
    assert "closed" in eligibility.reason

    with pytest.raises(ValidationError, match="closed"):
        ask()
    assert not FocusDay.objects.exists()


@pytest.mark.django_db
def test_a_second_request_in_the_same_academic_year_is_refused(
    school_a, requested, ask
):
    eligibility = focus_day_eligibility(school_a, academic_year=2026)
    assert not eligibility.allowed
    assert eligibility.existing == requested

    with pytest.raises(ValidationError) as excinfo:
        ask(proposed_first_on=WEDNESDAY)

    assert excinfo.value.messages == [
        "Ashby Road Primary already has its focus day for 2026/27."
    ]
    assert list(FocusDay.objects.all()) == [requested]


@pytest.mark.django_db
def test_a_request_after_a_withdrawn_one_is_allowed(school_a, requested, ask):
    FocusDay.objects.filter(pk=requested.pk).update(status=FocusDayStatus.WITHDRAWN)

    again = ask(proposed_first_on=WEDNESDAY)

    assert again.pk != requested.pk
    assert (again.status, again.academic_year) == (FocusDayStatus.REQUESTED, 2026)
    assert FocusDay.objects.count() == 2


@pytest.mark.django_db
def test_a_request_in_a_new_academic_year_is_allowed(school_a, requested, ask):
    FocusDay.objects.filter(pk=requested.pk).update(
        status=FocusDayStatus.ISSUED,
        reviewer=requested.requested_by,
        scheduled_on=TUESDAY,
    )

    next_year = ask(proposed_first_on=date(2027, 9, 8), today=NEXT_YEAR_MONDAY)

    assert next_year.academic_year == 2027
    assert next_year.status == FocusDayStatus.REQUESTED
    assert FocusDay.objects.count() == 2


@pytest.mark.django_db
def test_a_valid_request_records_what_the_school_asked_for(
    requested, school_a, area, people
):
    requested.refresh_from_db()
    assert requested.school == school_a
    assert requested.area == area
    assert requested.reason == "Reading at Key Stage 2 fell behind writing."
    assert requested.proposed_dates == [TUESDAY]
    assert requested.requested_by == people["headteacher"]
    assert (requested.status, requested.academic_year) == ("requested", 2026)
    assert requested.reviewer is None


# Request validation ---------------------------------------------------------------


@pytest.fixture
def retired_area(db):
    return ImprovementArea.objects.create(
        name="Retired area", slug="retired-area", is_active=False
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"reason": "  \n "}, "reason", id="blank reason"),
        pytest.param({"area": "retired"}, "area", id="retired area"),
        pytest.param(
            {"proposed_first_on": SATURDAY}, "proposed_first_on", id="weekend"
        ),
        pytest.param({"proposed_first_on": YESTERDAY}, "proposed_first_on", id="past"),
        pytest.param(
            {"proposed_first_on": NEXT_YEAR_MONDAY},
            "proposed_first_on",
            id="next academic year",
        ),
        pytest.param(
            {"proposed_second_on": CHRISTMAS_MONDAY}, "proposed_second_on", id="holiday"
        ),
        pytest.param(
            {"proposed_second_on": WEDNESDAY, "proposed_third_on": WEDNESDAY},
            "proposed_second_on",
            id="duplicate dates",
        ),
        pytest.param(
            {"proposed_second_on": TUESDAY},
            "proposed_second_on",
            id="second same as first",
        ),
    ],
)
def test_an_unsuitable_request_names_the_field_and_saves_nothing(
    school_a, decide, ask, retired_area, overrides, field
):
    academic_year_create(start_year=2026, dates=calendar_propose(2026))
    decide(school_a, 2)
    if overrides.get("area") == "retired":
        overrides = {**overrides, "area": retired_area}

    with pytest.raises(ValidationError) as excinfo:
        ask(**overrides)

    assert list(_errors(excinfo)) == [field]
    assert not FocusDay.objects.exists()


@pytest.mark.django_db
def test_a_holiday_is_only_refused_once_the_calendar_is_entered(school_a, decide, ask):
    decide(school_a, 2)

    # With no calendar for 2026/27 no day is known to be a holiday.
    focus_day = ask(proposed_first_on=CHRISTMAS_MONDAY)

    assert focus_day.proposed_first_on == CHRISTMAS_MONDAY


@pytest.mark.django_db
def test_a_holiday_message_says_so(school_a, decide, ask):
    academic_year_create(start_year=2026, dates=calendar_propose(2026))
    decide(school_a, 2)

    with pytest.raises(ValidationError) as excinfo:
        ask(proposed_first_on=CHRISTMAS_MONDAY)

    assert _errors(excinfo) == {
        "proposed_first_on": ["That day is in a school holiday: choose a school day."]
    }


# Scheduling -----------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_choices_are_the_central_team_and_trust_reviewers(people):
    assert set(reviewer_choices()) == {
        people["ceo"],
        people["admin"],
        people["trust_reviewer"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["ceo", "admin", "trust_reviewer"])
def test_scheduling_names_the_reviewer_and_the_date(requested, people, key):
    focus_day = focus_day_schedule(
        focus_day=requested,
        reviewer=people[key],
        scheduled_on=WEDNESDAY,
        scheduled_by=people["admin"],
        today=TODAY,
    )

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.SCHEDULED
    assert (focus_day.reviewer, focus_day.scheduled_on) == (people[key], WEDNESDAY)
    assert focus_day.scheduled_by == people["admin"]
    assert focus_day.scheduled_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["headteacher", "governor", "trustee", "external_reviewer", "no_role"]
)
def test_only_a_reviewer_choice_may_review(requested, people, key):
    with pytest.raises(ValidationError) as excinfo:
        focus_day_schedule(
            focus_day=requested,
            reviewer=people[key],
            scheduled_on=WEDNESDAY,
            scheduled_by=people["ceo"],
            today=TODAY,
        )

    assert list(_errors(excinfo)) == ["reviewer"]
    requested.refresh_from_db()
    assert (requested.status, requested.reviewer) == (FocusDayStatus.REQUESTED, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scheduled_on", "message"),
    [
        pytest.param(SATURDAY, "Choose a weekday.", id="weekend"),
        pytest.param(YESTERDAY, "Choose a date from today onwards.", id="past"),
        pytest.param(
            NEXT_YEAR_MONDAY,
            "Choose a date in the 2026/27 academic year.",
            id="next academic year",
        ),
        pytest.param(
            CHRISTMAS_MONDAY,
            "That day is in a school holiday: choose a school day.",
            id="holiday",
        ),
    ],
)
def test_an_unsuitable_date_is_refused_and_nothing_saved(
    requested, people, scheduled_on, message
):
    academic_year_create(start_year=2026, dates=calendar_propose(2026))

    with pytest.raises(ValidationError) as excinfo:
        focus_day_schedule(
            focus_day=requested,
            reviewer=people["trust_reviewer"],
            scheduled_on=scheduled_on,
            scheduled_by=people["ceo"],
            today=TODAY,
        )

    assert _errors(excinfo) == {"scheduled_on": [message]}
    requested.refresh_from_db()
    assert (requested.status, requested.scheduled_on) == (
        FocusDayStatus.REQUESTED,
        None,
    )


@pytest.mark.django_db
def test_a_scheduled_focus_day_may_be_rescheduled(scheduled, people):
    focus_day_schedule(
        focus_day=scheduled,
        reviewer=people["admin"],
        scheduled_on=WEDNESDAY,
        scheduled_by=people["admin"],
        today=TODAY,
    )

    scheduled.refresh_from_db()
    assert scheduled.status == FocusDayStatus.SCHEDULED
    assert (scheduled.reviewer, scheduled.scheduled_on) == (people["admin"], WEDNESDAY)
    assert scheduled.scheduled_by == people["admin"]


@pytest.fixture
def school_b_requested(school_b, decide, people, area):
    decide(school_b, 1)
    return focus_day_request(
        school=school_b,
        area=area,
        reason="Mathematics fluency.",
        proposed_first_on=TUESDAY,
        requested_by=people["other_headteacher"],
        today=TODAY,
    )


def _schedule(focus_day, reviewer, day, people):
    return focus_day_schedule(
        focus_day=focus_day,
        reviewer=reviewer,
        scheduled_on=day,
        scheduled_by=people["ceo"],
        today=TODAY,
    )


@pytest.mark.django_db
def test_a_reviewer_cannot_be_at_two_focus_days_on_one_day(
    scheduled, school_b_requested, people
):
    with pytest.raises(ValidationError) as refused:
        _schedule(school_b_requested, people["trust_reviewer"], TUESDAY, people)

    message = refused.value.message_dict["scheduled_on"][0]
    assert "already reviewing the focus day at Ashby Road Primary" in message
    assert "on 8 December 2026. Choose another day" in message
    school_b_requested.refresh_from_db()
    assert school_b_requested.status == FocusDayStatus.REQUESTED
    assert school_b_requested.reviewer is None


@pytest.mark.django_db
def test_the_same_day_suits_another_reviewer_or_a_withdrawn_clash(
    scheduled, school_b_requested, people
):
    _schedule(school_b_requested, people["admin"], TUESDAY, people)
    focus_day_withdraw(
        focus_day=scheduled, reason="Staff illness.", withdrawn_by=people["ceo"]
    )

    moved = _schedule(school_b_requested, people["trust_reviewer"], TUESDAY, people)

    assert (moved.reviewer, moved.scheduled_on) == (people["trust_reviewer"], TUESDAY)


@pytest.mark.django_db
def test_an_unchanged_schedule_may_be_saved_after_its_date_has_passed(
    scheduled, people
):
    # The form saved again on the day after: the date is not re-checked.
    focus_day = focus_day_schedule(
        focus_day=scheduled,
        reviewer=people["trust_reviewer"],
        scheduled_on=TUESDAY,
        scheduled_by=people["ceo"],
        today=WEDNESDAY,
    )

    assert focus_day.scheduled_on == TUESDAY


@pytest.mark.django_db
def test_the_write_up_may_pass_to_another_reviewer_after_the_day(
    scheduled, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        focus_day = focus_day_schedule(
            focus_day=scheduled,
            reviewer=people["admin"],
            scheduled_on=TUESDAY,
            scheduled_by=people["ceo"],
            today=WEDNESDAY,
        )

    focus_day.refresh_from_db()
    assert (focus_day.reviewer, focus_day.scheduled_on) == (people["admin"], TUESDAY)
    # The new reviewer hears of it, and the day stays in the past.
    assert people["admin"].email in [to for sent in mail.outbox for to in sent.to]
    with pytest.raises(ValidationError) as refused:
        focus_day_schedule(
            focus_day=focus_day,
            reviewer=people["admin"],
            scheduled_on=TODAY,
            scheduled_by=people["ceo"],
            today=WEDNESDAY,
        )
    assert "from today onwards" in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "word"),
    [(FocusDayStatus.ISSUED, "report issued"), (FocusDayStatus.WITHDRAWN, "withdrawn")],
)
def test_an_issued_or_withdrawn_focus_day_cannot_be_scheduled(
    scheduled, people, status, word
):
    FocusDay.objects.filter(pk=scheduled.pk).update(status=status)

    with pytest.raises(ValidationError, match=word):
        focus_day_schedule(
            focus_day=scheduled,
            reviewer=people["admin"],
            scheduled_on=WEDNESDAY,
            scheduled_by=people["ceo"],
            today=TODAY,
        )

    scheduled.refresh_from_db()
    assert scheduled.status == status
    assert (scheduled.reviewer, scheduled.scheduled_on) == (
        people["trust_reviewer"],
        TUESDAY,
    )


@pytest.mark.django_db
def test_a_stale_schedule_form_saves_nothing(requested, people):
    seen = []

    def is_current(locked):
        seen.append(locked.pk)
        return False

    result = focus_day_schedule(
        focus_day=requested,
        reviewer=people["trust_reviewer"],
        scheduled_on=TUESDAY,
        scheduled_by=people["ceo"],
        is_current=is_current,
        today=TODAY,
    )

    assert result is None
    assert seen == [requested.pk]
    requested.refresh_from_db()
    assert requested.status == FocusDayStatus.REQUESTED
    assert (requested.reviewer, requested.scheduled_on) == (None, None)


@pytest.mark.django_db
def test_scheduling_logs_ids_and_no_personal_data(
    requested, people, caplog, django_capture_on_commit_callbacks
):
    reviewer, ceo = people["trust_reviewer"], people["ceo"]

    # The e-mails sent on commit log too: their lines are checked as well.
    with (
        caplog.at_level(logging.INFO, logger="visits.focus_days"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        focus_day_schedule(
            focus_day=requested,
            reviewer=reviewer,
            scheduled_on=TUESDAY,
            scheduled_by=ceo,
            today=TODAY,
        )

    records = [r for r in caplog.records if r.name == "visits.focus_days"]
    scheduled_records = [r for r in records if "scheduled" in r.getMessage()]
    assert len(scheduled_records) == 1
    assert any("e-mailed" in r.getMessage() for r in records)
    record = scheduled_records[0]
    assert record.levelno == logging.INFO
    assert record.args == (requested.pk, "2026-12-08", reviewer.pk, ceo.pk)
    text = caplog.text
    for person in (reviewer, ceo, people["headteacher"]):
        assert person.email not in text
        assert person.full_name not in text
    assert "@" not in text


# The report -----------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_the_report_replaces_activities_and_findings(
    written, area, other_area, people
):
    written.refresh_from_db()
    assert written.summary == "Reading is taught well in Year 6."
    assert [(a.kind, a.detail) for a in written.activities.all()] == [
        ("lesson_visits", "Year 4 and Year 6 reading"),
        ("pupils_work", ""),
    ]
    assert {(f.kind, f.area, f.text) for f in written.findings.all()} == {
        ("strength", area, "Daily reading is routine."),
        ("development_point", other_area, "Phonics catch-up."),
    }

    focus_day_report_save(
        focus_day=written,
        summary="Shorter.",
        activities=[(FocusDayActivityKind.PUPIL_VOICE, "Year 5")],
        findings=[(FindingKind.STRENGTH, other_area, "Pupils talk about books.")],
        saved_by=people["trust_reviewer"],
    )

    written.refresh_from_db()
    assert written.summary == "Shorter."
    assert list(written.activities.values_list("kind", "detail")) == [
        ("pupil_voice", "Year 5")
    ]
    assert list(written.findings.values_list("kind", "area", "text")) == [
        ("strength", other_area.pk, "Pupils talk about books.")
    ]
    assert FocusDayActivity.objects.count() == 1
    assert FocusDayFinding.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [FocusDayStatus.REQUESTED, FocusDayStatus.ISSUED, FocusDayStatus.WITHDRAWN],
)
def test_only_a_scheduled_focus_day_report_can_be_saved(
    written, area, other_area, people, status
):
    FocusDay.objects.filter(pk=written.pk).update(status=status)

    with pytest.raises(ValidationError, match="Only the report of a scheduled"):
        focus_day_report_save(
            focus_day=written,
            summary="Changed.",
            activities=[],
            findings=[],
            saved_by=people["trust_reviewer"],
        )

    written.refresh_from_db()
    assert written.summary == "Reading is taught well in Year 6."
    assert written.activities.count() == 2
    assert written.findings.count() == 2


@pytest.mark.django_db
def test_a_stale_report_form_saves_nothing(scheduled, area, other_area, people):
    result = focus_day_report_save(
        focus_day=scheduled,
        saved_by=people["trust_reviewer"],
        is_current=lambda locked: False,
        **_report(area, other_area),
    )

    assert result is None
    scheduled.refresh_from_db()
    assert scheduled.summary == ""
    assert not scheduled.activities.exists()
    assert not scheduled.findings.exists()


# Issuing --------------------------------------------------------------------------

DATE_PROBLEM = (
    "The focus day is on 8 December 2026: its report can be issued from that day."
)
SUMMARY_PROBLEM = "Write the overall summary."
ACTIVITY_PROBLEM = "Record at least one activity used on the day."
FINDING_PROBLEM = "Record at least one strength or development point."


@pytest.mark.django_db
def test_issue_problems_lists_every_missing_part(scheduled):
    assert issue_problems(scheduled, today=TODAY) == [
        DATE_PROBLEM,
        SUMMARY_PROBLEM,
        ACTIVITY_PROBLEM,
        FINDING_PROBLEM,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "problem"),
    [
        ("date", DATE_PROBLEM),
        ("summary", SUMMARY_PROBLEM),
        ("activities", ACTIVITY_PROBLEM),
        ("findings", FINDING_PROBLEM),
    ],
)
def test_issue_problems_names_the_one_missing_part(written, missing, problem):
    today = TUESDAY
    if missing == "date":
        today = TODAY
    elif missing == "summary":
        FocusDay.objects.filter(pk=written.pk).update(summary="  ")
    else:
        getattr(written, missing).all().delete()
    written.refresh_from_db()

    assert issue_problems(written, today=today) == [problem]


@pytest.mark.django_db
def test_a_complete_report_on_or_after_its_day_has_no_problems(written):
    assert issue_problems(written, today=TUESDAY) == []
    assert issue_problems(written, today=WEDNESDAY) == []


@pytest.mark.django_db
def test_issue_problems_of_a_requested_focus_day(requested):
    assert issue_problems(requested, today=TODAY) == ["The focus day is requested."]


@pytest.mark.django_db
def test_issuing_marks_the_report_issued_and_queues_its_pdf(written, people):
    reviewer = people["trust_reviewer"]

    rendering = focus_day_issue(focus_day=written, issued_by=reviewer, today=TUESDAY)

    written.refresh_from_db()
    assert written.status == FocusDayStatus.ISSUED
    assert written.issued_by == reviewer
    assert written.issued_at is not None
    assert list(Rendering.objects.values_list("pk", "kind", "object_id")) == [
        (rendering.pk, FOCUS_DAY_KIND, written.pk)
    ]
    assert FOCUS_DAY_KIND == "focus_day_report"


@pytest.mark.django_db
def test_an_incomplete_report_is_not_issued(scheduled, people):
    with pytest.raises(ValidationError) as excinfo:
        focus_day_issue(
            focus_day=scheduled, issued_by=people["trust_reviewer"], today=TUESDAY
        )

    assert excinfo.value.messages == [
        SUMMARY_PROBLEM,
        ACTIVITY_PROBLEM,
        FINDING_PROBLEM,
    ]
    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.issued_at) == (FocusDayStatus.SCHEDULED, None)
    assert not Rendering.objects.exists()


@pytest.mark.django_db
def test_a_report_is_issued_only_once(written, people):
    focus_day_issue(
        focus_day=written, issued_by=people["trust_reviewer"], today=TUESDAY
    )
    written.refresh_from_db()
    first_issued_at = written.issued_at

    with pytest.raises(ValidationError, match="report issued"):
        focus_day_issue(focus_day=written, issued_by=people["ceo"], today=WEDNESDAY)

    written.refresh_from_db()
    assert (written.issued_by, written.issued_at) == (
        people["trust_reviewer"],
        first_issued_at,
    )
    assert Rendering.objects.count() == 1


# Withdrawal when the tier changes -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["requested", "scheduled"])
def test_moving_to_tier_3_withdraws_a_pending_focus_day(
    request, school_a, decide, fixture
):
    focus_day = request.getfixturevalue(fixture)

    decide(school_a, 3)

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.WITHDRAWN
    assert focus_day.withdrawn_reason == (
        "The school moved to Tier 3, whose support has no focus day."
    )
    # The school may not ask again while in Tier 3.
    assert not focus_day_eligibility(school_a, academic_year=2026).allowed


@pytest.mark.django_db
def test_moving_to_tier_3_leaves_an_issued_report(school_a, written, people, decide):
    focus_day_issue(
        focus_day=written, issued_by=people["trust_reviewer"], today=TUESDAY
    )

    decide(school_a, 3)

    written.refresh_from_db()
    assert written.status == FocusDayStatus.ISSUED
    assert written.withdrawn_reason == ""


@pytest.mark.django_db
def test_moving_between_tier_1_and_tier_2_withdraws_nothing(school_a, decide, ask):
    decide(school_a, 1)
    focus_day = ask()

    decide(school_a, 2)

    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.REQUESTED
    assert focus_day.withdrawn_reason == ""


@pytest.mark.django_db
def test_a_tier_3_decision_for_next_year_leaves_this_years_focus_day(
    school_a, people, ask, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    ceo = people["ceo"]
    with django_capture_on_commit_callbacks(execute=True):
        tier_decision_record(
            school=school_a, tier=2, decided_by=ceo, effective_on=date(2026, 10, 1)
        )
    focus_day = ask()

    with django_capture_on_commit_callbacks(execute=True):
        tier_decision_record(
            school=school_a, tier=3, decided_by=ceo, effective_on=date(2027, 9, 1)
        )

    # Until September the school is in Tier 2 and this year's day stands.
    focus_day.refresh_from_db()
    assert focus_day.status == FocusDayStatus.REQUESTED


@pytest.mark.django_db
def test_next_years_focus_day_follows_the_tier_the_school_will_have(
    school_a, people, monkeypatch, django_capture_on_commit_callbacks
):
    june = date(2027, 6, 15)  # next year's requests are open from May
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: june)
    with django_capture_on_commit_callbacks(execute=True):
        for tier, effective_on in ((2, date(2026, 9, 1)), (3, date(2027, 9, 1))):
            tier_decision_record(
                school=school_a,
                tier=tier,
                decided_by=people["ceo"],
                effective_on=effective_on,
            )

    this_year = focus_day_eligibility(school_a, academic_year=2026)
    next_year = focus_day_eligibility(school_a, academic_year=2027)

    assert this_year.allowed
    assert not next_year.allowed
    assert next_year.tier == 3
    assert "moves to Tier 3 on 1 September 2027" in next_year.reason


@pytest.mark.django_db
def test_withdrawal_touches_only_the_school_that_moved(
    school_a, school_b, requested, decide, area, people
):
    decide(school_b, 2)
    other = focus_day_request(
        school=school_b,
        area=area,
        reason="Attendance.",
        proposed_first_on=TUESDAY,
        requested_by=people["other_headteacher"],
        today=TODAY,
    )

    withdrawn = focus_days_withdraw_for_tier(
        school_id=school_b.pk, new_tier=3, effective_on=TODAY
    )
    assert withdrawn == [other.pk]

    requested.refresh_from_db()
    assert requested.status == FocusDayStatus.REQUESTED


# The database's own guards --------------------------------------------------------


def _focus_day(school, area, requested_by, **fields):
    return FocusDay.objects.create(
        school=school,
        academic_year=2026,
        area=area,
        reason="Reading.",
        proposed_first_on=TUESDAY,
        requested_by=requested_by,
        **fields,
    )


@pytest.mark.django_db
def test_a_school_holds_one_focus_day_a_year(school_a, area, headteacher):
    _focus_day(school_a, area, headteacher)

    with pytest.raises(IntegrityError), transaction.atomic():
        _focus_day(school_a, area, headteacher)

    assert FocusDay.objects.count() == 1


@pytest.mark.django_db
def test_withdrawn_focus_days_do_not_hold_the_year(school_a, area, headteacher):
    _focus_day(school_a, area, headteacher, status=FocusDayStatus.WITHDRAWN)
    _focus_day(school_a, area, headteacher, status=FocusDayStatus.WITHDRAWN)
    _focus_day(school_a, area, headteacher)

    assert FocusDay.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"scheduled_on": TUESDAY}, id="no reviewer"),
        pytest.param({"reviewer": "ceo"}, id="no date"),
    ],
)
def test_a_scheduled_focus_day_needs_a_reviewer_and_a_date(
    school_a, area, people, fields
):
    if fields.get("reviewer"):
        fields = {**fields, "reviewer": people["ceo"]}

    with pytest.raises(IntegrityError), transaction.atomic():
        _focus_day(
            school_a,
            area,
            people["headteacher"],
            status=FocusDayStatus.SCHEDULED,
            **fields,
        )

    assert not FocusDay.objects.exists()


# Who may do what ------------------------------------------------------------------

# Permission: the people (keys of `people`, plus "assigned" for the trust
# reviewer named on school A's focus day) who hold it.
CENTRAL = {"ceo", "admin"}
READS_SCHOOL_A = CENTRAL | {"trustee", "headteacher", "governor", "assigned"}
FOCUS_DAY_RULES = {
    "visits.view_focus_day": READS_SCHOOL_A,
    "visits.schedule_focus_day": CENTRAL,
    "visits.write_focus_day_report": CENTRAL | {"assigned"},
    "draft:visits.view_focus_day_report": CENTRAL | {"assigned"},
    "issued:visits.view_focus_day_report": READS_SCHOOL_A,
}
SCHOOL_RULES = {
    "visits.request_focus_day": CENTRAL | {"headteacher"},
    "visits.view_focus_days": CENTRAL | {"trustee", "trust_reviewer", "assigned"},
}
PEOPLE = [
    "ceo",
    "admin",
    "trust_reviewer",
    "external_reviewer",
    "trustee",
    "headteacher",
    "governor",
    "other_headteacher",
    "no_role",
    "assigned",
]


@pytest.fixture
def assigned(db):
    user = UserFactory(email="assigned@example.org", full_name="Assigned Reviewer")
    MembershipFactory(user=user, role=Role.TRUST_REVIEWER)
    return user


@pytest.fixture
def assigned_focus_day(school_a, area, people, assigned):
    """School A's focus day this academic year, reviewed by `assigned`."""
    return FocusDay.objects.create(
        school=school_a,
        academic_year=focus_day_year(),
        area=area,
        reason="Reading.",
        proposed_first_on=TUESDAY,
        requested_by=people["headteacher"],
        status=FocusDayStatus.SCHEDULED,
        reviewer=assigned,
        scheduled_on=TUESDAY,
    )


def _person(people, assigned, key):
    user = assigned if key == "assigned" else people[key]
    forget_access(user)
    return user


def _cases(table):
    return [
        pytest.param(permission, key, key in holders, id=f"{permission}-{key}")
        for permission, holders in table.items()
        for key in PEOPLE
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "key", "expected"), _cases(FOCUS_DAY_RULES))
def test_focus_day_permissions(
    people, assigned, assigned_focus_day, permission, key, expected
):
    state, _, permission = permission.rpartition(":")
    if state == "issued":
        FocusDay.objects.filter(pk=assigned_focus_day.pk).update(
            status=FocusDayStatus.ISSUED
        )
        assigned_focus_day.refresh_from_db()
    user = _person(people, assigned, key)

    assert user.has_perm(permission, assigned_focus_day) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "key", "expected"), _cases(SCHOOL_RULES))
def test_school_focus_day_permissions(
    people, assigned, assigned_focus_day, school_a, permission, key, expected
):
    user = _person(people, assigned, key)

    assert user.has_perm(permission, school_a) is expected


@pytest.mark.django_db
def test_a_withdrawn_focus_day_gives_its_reviewer_nothing(
    people, assigned, assigned_focus_day
):
    FocusDay.objects.filter(pk=assigned_focus_day.pk).update(
        status=FocusDayStatus.WITHDRAWN
    )
    assigned_focus_day.refresh_from_db()
    forget_access(assigned)

    for permission in [
        "visits.view_focus_day",
        "visits.write_focus_day_report",
        "visits.view_focus_day_report",
    ]:
        assert not assigned.has_perm(permission, assigned_focus_day), permission
