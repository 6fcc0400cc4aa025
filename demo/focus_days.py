"""This academic year's focus days, for the demo: one whose report is issued
(with its PDF), one scheduled for the coming weeks, one waiting for a date;
and one issued last year at a special school, whose strengths answer the
development points of this year's issued report.

Made through the focus-day services, so the demo meets the real rules on
tiers, dates and reviewers. A school that already holds this year's focus
day is left as it is, so seeding twice adds nothing. Dates come from the
trust calendar around today: early in September there is no school day yet
to have held a focus day on, and in the summer holiday none left to ask
for, and the focus days those dates need are then left out.
"""

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from schools.models import ImprovementArea
from visits.focus_days import (
    focus_day_eligibility,
    focus_day_issue,
    focus_day_report_save,
    focus_day_request,
    focus_day_schedule,
    focus_day_year,
)
from visits.models import FindingKind, FocusDay
from visits.models import FocusDayActivityKind as Activity
from visits.services import is_holiday

logger = logging.getLogger(__name__)

REVIEWER_EMAIL = "reviewer@demo.pvat.example"
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class DemoReport:
    summary: str
    activities: list
    findings: list


@dataclass(frozen=True)
class DemoRequest:
    urn: str
    area: str
    reason: str


# The demo headteacher's school (Tier 1): its report is issued.
ISSUED = DemoRequest(
    "149001",
    "reading-and-phonics",
    "Our phonics screening results have risen for three years. We would like "
    "an outside view of how quickly pupils who fall behind in Year 1 catch "
    "up, and whether our reading curriculum in Key Stage 2 builds on what "
    "they learnt in phonics.",
)
# The executive headteacher's school (Tier 2): scheduled for the coming weeks.
SCHEDULED = DemoRequest(
    "149005",
    "mathematics",
    "Attainment in mathematics at the end of Key Stage 2 fell last summer. "
    "We introduced daily fluency sessions in Years 3 to 6 in September and "
    "want to know whether they are taught as intended and are making a "
    "difference to pupils' recall of number facts.",
)
# A Tier 2 secondary: asked this week, waiting for a reviewer and a date.
REQUESTED = DemoRequest(
    "149003",
    "attendance",
    "Persistent absence in Years 9 and 10 is still well above the national "
    "figure despite the work of our attendance team. We would value a review "
    "of how we spot pupils whose attendance is slipping and how the pastoral "
    "team works with their families.",
)

# A Tier 1 special school, last spring: strong where this year's issued
# report found development points, so the trust can point one to the other.
LAST_YEAR = DemoRequest(
    "149009",
    "inclusion-and-send",
    "We have rewritten our pupils' support plans around small, measurable "
    "steps. We would like a colleague to check whether the steps are precise "
    "enough and whether every adult in the classroom works towards them.",
)
LAST_YEAR_SUMMARY = (
    "Support for pupils with SEND is precise and consistent. Each pupil's "
    "plan names a few small steps, and every adult in the room knows them "
    "and records progress against them. Lessons are adapted well.\n\n"
    "Attendance of a small group of pupils with complex medical needs is "
    "the school's next priority."
)
LAST_YEAR_ACTIVITIES = [
    (
        Activity.LEADER_DISCUSSIONS,
        "Headteacher and SENCo: how support plans are written.",
    ),
    (Activity.LESSON_VISITS, "Six classes, with a focus on adaptation."),
    (Activity.PUPILS_WORK, "Support plans and progress records for ten pupils."),
]
LAST_YEAR_FINDINGS = [
    (
        FindingKind.STRENGTH,
        "inclusion-and-send",
        "Support plans name two or three small steps at a time, and teaching "
        "assistants record progress against them in every session.",
    ),
    (
        FindingKind.STRENGTH,
        "curriculum-and-teaching",
        "Teachers adapt tasks well: pupils work on the same content through "
        "different routes, and time on reading is protected every day.",
    ),
    (
        FindingKind.DEVELOPMENT_POINT,
        "attendance",
        "A small group of pupils with complex medical needs miss too many "
        "sessions; their attendance is not yet planned with health services.",
    ),
]

SUMMARY = (
    "Reading is a clear strength of the school. Phonics is taught well and "
    "consistently from Reception, leaders act quickly when pupils fall behind, "
    "and the rising results of the phonics screening check reflect this. "
    "Pupils enjoy reading and talk about books with confidence.\n\n"
    "To build on this, the school should give pupils in Key Stage 2 more time "
    "to read during guided reading sessions, and make the catch-up support for "
    "pupils with SEND more precise, so that they keep pace with their peers."
)
ACTIVITIES = [
    (
        Activity.LEADER_DISCUSSIONS,
        "Headteacher, English lead and SENCo: the phonics programme, catch-up "
        "groups and the Key Stage 2 reading curriculum.",
    ),
    (
        Activity.LESSON_VISITS,
        "Phonics in Reception and Year 1; guided reading in Years 3, 4 and 6.",
    ),
    (
        Activity.PUPILS_WORK,
        "Reading records and phonics assessments of pupils in the Year 1 and "
        "Year 2 catch-up groups.",
    ),
    (
        Activity.PUPIL_VOICE,
        "Twelve pupils from Years 2, 4 and 6 read aloud and talked about the "
        "books they choose.",
    ),
    (
        Activity.DATA_ANALYSIS,
        "Phonics screening check results over three years and this year's "
        "half-termly phonics assessments.",
    ),
]
FINDINGS = [
    (
        FindingKind.STRENGTH,
        "reading-and-phonics",
        "Phonics is taught consistently: every adult in Reception and Year 1 "
        "uses the same routines, and pupils read decodable books matched to "
        "the sounds they know.",
    ),
    (
        FindingKind.STRENGTH,
        "leadership-and-governance",
        "Leaders check the phonics assessments every half-term and move pupils "
        "into catch-up groups within a fortnight. The English lead knows which "
        "pupils are behind and why.",
    ),
    (
        FindingKind.STRENGTH,
        "personal-development",
        "Pupils are enthusiastic readers. Older pupils recommend books to one "
        "another, and the library run by Year 6 volunteers is busy at "
        "lunchtime.",
    ),
    (
        FindingKind.DEVELOPMENT_POINT,
        "curriculum-and-teaching",
        "In Key Stage 2, guided reading sessions spend more time on written "
        "answers than on reading: pupils read too little in a session to build "
        "fluency.",
    ),
    (
        FindingKind.DEVELOPMENT_POINT,
        "inclusion-and-send",
        "Pupils with SEND in the catch-up groups make slower progress than "
        "their peers. Their support plans do not yet name the sounds they need "
        "to practise, so the extra sessions are not precise enough.",
    ),
]


REPORT = DemoReport(SUMMARY, ACTIVITIES, FINDINGS)
LAST_YEAR_REPORT = DemoReport(
    LAST_YEAR_SUMMARY, LAST_YEAR_ACTIVITIES, LAST_YEAR_FINDINGS
)


def seed_focus_days(*, schools, ceo, head_by_urn, today=None):
    """Seed this year's demo focus days that are not there yet; returns the
    ids made. The services e-mail once the transaction commits and issuing
    queues the PDF then, so seed_demo, which holds the transaction, decides
    what becomes of both."""
    today = today or timezone.localdate()
    people = {"ceo": ceo, "reviewer": User.objects.get(email=REVIEWER_EMAIL)}
    made = []
    last_year = _last_years(LAST_YEAR, schools, head_by_urn, people, today)
    if last_year is not None:
        made.append(last_year.pk)
    for seed, spec in [
        (_issued, ISSUED),
        (_scheduled, SCHEDULED),
        (_requested, REQUESTED),
    ]:
        school = schools[spec.urn]
        if not _is_free(school, today):
            continue
        focus_day = seed(spec, school, head_by_urn[spec.urn], people, today)
        if focus_day is not None:
            made.append(focus_day.pk)
    logger.info("Demo focus days seeded: %s", made)
    return made


def _is_free(school, today):
    """Whether the school may still ask for this year's focus day. One that
    holds it already is left alone; one no longer in Tier 1 or 2 (the CEO
    moved it in the demo) is skipped rather than failing the seed."""
    eligibility = focus_day_eligibility(school, academic_year=focus_day_year(today))
    if not eligibility.allowed and eligibility.existing is None:
        logger.info("Demo focus day of school %s skipped: not eligible", school.pk)
    return eligibility.allowed


def _issued(spec, school, head, people, today):
    """Held on a school day a few weeks ago and reported on today.

    The request and the schedule go through the services as of the days
    they were made (`today=` set to those days), so that the dates pass the
    same checks as in the app."""
    held_on = held_on_for(today)
    if held_on is None:
        return None
    year_starts_on = datetime.date(focus_day_year(today), 9, 1)
    request_day = max(held_on - 5 * WEEK, year_starts_on)
    schedule_day = min(request_day + 4 * DAY, held_on)
    dates = [held_on, _school_day_from(held_on + WEEK, today=today)]
    focus_day = _request(spec, school, head, dates, today=request_day)
    _hold_and_issue(
        focus_day,
        REPORT,
        people,
        days=(request_day, schedule_day, held_on, today),
    )
    return focus_day


def _last_years(spec, schools, head_by_urn, people, today):
    """Last year's issued focus day at the special school, held on the
    first school day of March, once."""
    school = schools[spec.urn]
    last_year = focus_day_year(today) - 1
    if not focus_day_eligibility(school, academic_year=last_year).allowed:
        return None
    held_on = _school_day_from(
        datetime.date(last_year + 1, 3, 1), today=datetime.date(last_year, 9, 1)
    )
    if held_on is None:
        return None
    request_day, schedule_day = held_on - 5 * WEEK, held_on - 4 * WEEK
    issue_day = held_on + 2 * WEEK
    head = head_by_urn[spec.urn]
    focus_day = _request(spec, school, head, [held_on], today=request_day)
    _hold_and_issue(
        focus_day,
        LAST_YEAR_REPORT,
        people,
        days=(request_day, schedule_day, held_on, issue_day),
    )
    return focus_day


def _hold_and_issue(focus_day, report, people, *, days):
    """Schedule the requested focus day with the demo reviewer, write its
    report and issue it, each as of its own day of `days` (asked, scheduled,
    held, issued). The services stamp the moment they run, so the stamps are
    then moved back to those days; a report issued today keeps its moment."""
    request_day, schedule_day, held_on, issue_day = days
    focus_day_schedule(
        focus_day=focus_day,
        reviewer=people["reviewer"],
        scheduled_on=held_on,
        scheduled_by=people["ceo"],
        today=schedule_day,
    )
    focus_day_report_save(
        focus_day=focus_day,
        summary=report.summary,
        activities=report.activities,
        findings=[(kind, _area(slug), text) for kind, slug, text in report.findings],
        saved_by=people["reviewer"],
    )
    focus_day_issue(focus_day=focus_day, issued_by=people["reviewer"], today=issue_day)
    stamps = {
        "requested_at": _at(request_day, 9),
        "scheduled_at": _at(schedule_day, 14),
    }
    if issue_day < timezone.localdate():
        stamps["issued_at"] = _at(issue_day, 16)
    FocusDay.objects.filter(pk=focus_day.pk).update(**stamps)


def _scheduled(spec, school, head, people, today):
    scheduled_on = coming_school_day(today, after=2 * WEEK)
    if scheduled_on is None:
        return None
    dates = [scheduled_on, _school_day_from(scheduled_on + WEEK, today=today)]
    focus_day = _request(spec, school, head, dates, today=today)
    return focus_day_schedule(
        focus_day=focus_day,
        reviewer=people["reviewer"],
        scheduled_on=scheduled_on,
        scheduled_by=people["ceo"],
        today=today,
    )


def _requested(spec, school, head, people, today):
    first = coming_school_day(today, after=3 * WEEK)
    if first is None:
        return None
    second = _school_day_from(first + WEEK, today=today)
    third = second and _school_day_from(second + WEEK, today=today)
    return _request(spec, school, head, [first, second, third], today=today)


def _request(spec, school, head, dates, *, today):
    first, second, third = [*dates, None, None][:3]
    return focus_day_request(
        school=school,
        area=_area(spec.area),
        reason=spec.reason,
        proposed_first_on=first,
        proposed_second_on=second,
        proposed_third_on=third,
        requested_by=head,
        today=today,
    )


# Dates --------------------------------------------------------------------------


def held_on_for(today):
    """A school day about three weeks before today in this academic year for
    the issued focus day; the latest one before today early in the year; or
    None before the first school day."""
    starts_on = datetime.date(focus_day_year(today), 9, 1)
    for latest in (today - 3 * WEEK, today - DAY):
        day = latest
        while day >= starts_on:
            if _is_school_day(day):
                return day
            day -= DAY
    return None


def coming_school_day(today, *, after):
    """The first school day `after` from today, or failing that the first
    after today, in this academic year; None in the summer holiday."""
    later = _school_day_from(today + after, today=today)
    return later or _school_day_from(today + DAY, today=today)


def _school_day_from(day, *, today):
    """The first school day on or after `day` in today's academic year
    (focus days belong to the year they are asked for in), or None."""
    ends_on = datetime.date(focus_day_year(today) + 1, 8, 31)
    while day <= ends_on:
        if _is_school_day(day):
            return day
        day += DAY
    return None


def _is_school_day(day):
    return day.weekday() < 5 and not is_holiday(day)


def _at(day, hour):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _area(slug):
    return ImprovementArea.objects.get(slug=slug)
