"""Tiers and visits for every bench school, in bulk, so the visit pages, the
workload and the calendar feed are measured with a year of visits behind
them: completed visits with notes up to today, one overdue visit at every
third school, and planned visits to the end of the calendar."""

import datetime

from django.utils import timezone

from categorisation.models import TierDecision
from schools.calendar import calendar_propose
from schools.models import ImprovementArea, SchoolStatus
from visits.cadence import visit_windows
from visits.models import (
    AgreedAction,
    NoteStatus,
    TierCadence,
    Visit,
    VisitJudgement,
    VisitNote,
    VisitStatus,
)

JUDGEMENTS = ["strong", "secure", "some_concerns"]
ACTIONS = [("Moderate Year 5 writing.", True), ("Share the reading audit.", False)]


def tier_of(number):
    """Tier 3 at each fifth school (the ones with no focus day), else Tier 1
    and Tier 2 in turn."""
    return 3 if number % 5 == 4 else 1 + number % 2


def tiers_and_visits_seed(schools, *, numbers, start_years, ceo):
    """A tier decision for each open school, effective from the first of the
    years, and its visits under that tier's cadence across them."""
    open_schools = [school for school in schools if school.status == SchoolStatus.OPEN]
    tiers = {school.pk: tier_of(numbers[school.pk]) for school in open_schools}
    effective_on = datetime.date(start_years[0], 9, 1)
    decisions = TierDecision.objects.bulk_create(
        TierDecision(
            school=school,
            tier=tiers[school.pk],
            effective_on=effective_on,
            rationale="Bench tier.",
            decided_by=ceo,
        )
        for school in open_schools
    )
    calendar = [calendar_propose(year) for year in start_years]
    cadences = {row.tier: row for row in TierCadence.objects.all()}
    visits = Visit.objects.bulk_create(
        visit
        for decision in decisions
        for visit in _visits(decision, cadences[decision.tier], calendar, ceo)
    )
    _notes_add([visit for visit in visits if visit.status == VisitStatus.COMPLETED])


def _visits(decision, tier_cadence, calendar, ceo):
    today = timezone.localdate()
    windows = visit_windows(
        calendar,
        tier_cadence.cadence,
        starts_from=decision.effective_on,
        spread=int(decision.school.urn),
    )
    closed = [index for index, window in enumerate(windows) if window.ends_on < today]
    # The last closed window of every third school is still to be done.
    overdue = closed[-1] if closed and int(decision.school.urn) % 3 == 0 else None
    for index, window in enumerate(windows):
        done = window.planned_on < today and index != overdue
        yield Visit.in_window(
            window,
            school=decision.school,
            kind=tier_cadence.visit_kind,
            cadence=tier_cadence.cadence,
            status=VisitStatus.COMPLETED if done else VisitStatus.PLANNED,
            completed_at=_afternoon_of(window.planned_on) if done else None,
            lead=ceo,
            tier=decision.tier,
            tier_decision=decision,
        )


def _afternoon_of(day):
    return datetime.datetime.combine(
        day, datetime.time(15, 30), tzinfo=timezone.get_current_timezone()
    )


def _notes_add(visits):
    """A completed note for each completed visit, shared with Tier 1 and 2
    schools, with three judgements, two agreed actions and three focus
    areas."""
    areas = list(ImprovementArea.objects.order_by("position")[:3])
    notes = VisitNote.objects.bulk_create(
        VisitNote(
            visit=visit,
            purpose="Review of the latest data and the improvement priorities.",
            latest_data="Most pupils are on track in reading; writing lags.",
            improvement_priorities="Writing in Key Stage 2.",
            self_evaluation="Accurate and evidenced.",
            summary="Improvement is under way; the first milestones are met.",
            is_shared_with_school=visit.tier < 3,
            status=NoteStatus.COMPLETED,
            author=visit.lead,
            revision=1,
            completed_at=visit.completed_at,
        )
        for visit in visits
    )
    VisitNote.focus_areas.through.objects.bulk_create(
        VisitNote.focus_areas.through(visitnote=note, improvementarea=area)
        for note in notes
        for area in areas
    )
    VisitJudgement.objects.bulk_create(
        VisitJudgement(note=note, area=area, judgement=JUDGEMENTS[index])
        for note in notes
        for index, area in enumerate(areas)
    )
    AgreedAction.objects.bulk_create(
        AgreedAction(
            note=note,
            action=action,
            owner="Deputy headteacher",
            due_on=note.visit.planned_on + datetime.timedelta(days=21),
            is_done=is_done,
        )
        for note in notes
        for action, is_done in ACTIONS
    )
