"""Visits the CEO has already made this year, with their notes, so the demo
shows a visit history, shared notes and governors' summaries."""

import datetime

from django.utils import timezone

from schools.models import HalfTerm, ImprovementArea
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
from visits.services import trust_calendar

JUDGEMENT = {1: "strong", 2: "some_concerns", 3: "serious_concerns"}
SUMMARY = {
    1: "Leaders know the school well; priorities are the right ones.",
    2: "Improvement is under way; the plan's first milestones are met.",
    3: "Progress since the last visit is too slow; the next steps now have dates.",
}


def seed_visit_history(*, schools, ceo, tiers):
    """A completed visit in the first half-term of this year for each school
    with a tier, unless it already has one."""
    today = timezone.localdate()
    first_half = HalfTerm.objects.filter(
        number=1, term__academic_year__starts_on__lte=today,
        term__academic_year__ends_on__gte=today,
    ).first()  # fmt: skip
    if first_half is None or first_half.ends_on >= today:
        return
    areas = list(ImprovementArea.objects.active()[:3])
    for urn, tier in tiers.items():
        school = schools[urn]
        if school.visits.filter(status=VisitStatus.COMPLETED).exists():
            continue
        _completed_visit(school, ceo, tier, first_half, areas)


def _completed_visit(school, ceo, tier, half_term, areas):
    """The visit of the tier's first window of the year (the autumn term, its
    first half or its first fortnight), made on a day in the first
    half-term."""
    tier_cadence = TierCadence.objects.get(tier=tier)
    window = visit_windows(
        trust_calendar(since=half_term.starts_on),
        tier_cadence.cadence,
        starts_from=half_term.starts_on,
        spread=int(school.urn),
    )[0]
    planned_on = min(window.planned_on, half_term.ends_on)
    # Completed on the day of the visit, in the afternoon.
    completed_at = datetime.datetime.combine(
        planned_on, datetime.time(15, 30), tzinfo=timezone.get_current_timezone()
    )
    visit = Visit.in_window(
        window,
        school=school,
        kind=tier_cadence.visit_kind,
        cadence=tier_cadence.cadence,
        planned_on=planned_on,
        status=VisitStatus.COMPLETED,
        lead=ceo,
        tier=tier,
        completed_at=completed_at,
    )
    visit.save()
    note = VisitNote.objects.create(
        visit=visit,
        purpose="Termly review of the latest data and the improvement priorities.",
        latest_data="Autumn assessment shows most pupils on track in reading.",
        improvement_priorities="Writing in key stage 2; attendance of "
        "disadvantaged pupils.",
        self_evaluation="The self-evaluation is accurate and evidenced.",
        summary=SUMMARY[tier],
        is_shared_with_school=tier < 3,
        status=NoteStatus.COMPLETED,
        author=ceo,
        revision=1,
        completed_at=completed_at,
    )
    note.focus_areas.set(areas)
    for area in areas:
        VisitJudgement.objects.create(note=note, area=area, judgement=JUDGEMENT[tier])
    AgreedAction.objects.create(
        note=note,
        action="Share the writing moderation outcomes with the CEO.",
        owner="Headteacher",
        due_on=half_term.ends_on + datetime.timedelta(days=30),
    )
