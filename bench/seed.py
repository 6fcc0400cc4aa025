"""A trust of any size, seeded in bulk.

Values are spread by each school's number rather than drawn at random, so two
runs measure the same trust.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import Role
from bench.evidence import evidence_seed
from bench.visits import tiers_and_visits_seed
from reports.models import Rendering, RenderingStatus
from schools.calendar import calendar_propose
from schools.models import ImprovementArea, Phase, School, SchoolStatus
from schools.services import academic_year_create
from visits.feeds import calendar_feed_of, calendar_feed_reset
from visits.focus_days import FOCUS_DAY_KIND, focus_day_year
from visits.models import (
    FindingKind,
    FocusDay,
    FocusDayActivity,
    FocusDayActivityKind,
    FocusDayFinding,
    FocusDayStatus,
    Visit,
    VisitStatus,
)

# (name, LA code) of the authorities the trust's schools sit in.
LOCAL_AUTHORITIES = [
    ("Derbyshire", "830"),
    ("Derby", "831"),
    ("Nottinghamshire", "891"),
    ("Nottingham", "892"),
    ("Staffordshire", "860"),
    ("Leicestershire", "855"),
    ("Sheffield", "373"),
    ("Stoke-on-Trent", "861"),
]
PLACES = [
    "Ashbourne", "Bakewell", "Belper", "Buxton", "Chapel", "Clay Cross",
    "Dronfield", "Eckington", "Glossop", "Hathersage", "Heanor", "Ilkeston",
    "Matlock", "Ripley", "Shirebrook", "Swadlincote", "Tideswell", "Wirksworth",
    "Alfreton", "Bolsover", "Castleton", "Hayfield", "Whaley", "Youlgrave",
]  # fmt: skip
FEATURES = [
    "", "Church of England ", "St Mary's ", "Hill ", "Brook ", "Park ",
    "Valley ", "Oakwood ", "Meadow ", "Riverside ", "Holy Trinity ",
]  # fmt: skip
# Per phase: the name's ending, the establishment type, the statutory age
# range and a typical roll.
PHASES = {
    Phase.PRIMARY: ("Primary School", "Academy converter", 4, 11, 210),
    Phase.SECONDARY: ("Academy", "Academy sponsor led", 11, 18, 1100),
    Phase.NURSERY: ("Nursery School", "Academy converter", 2, 5, 60),
    Phase.ALL_THROUGH: ("All-through Academy", "Free school", 4, 18, 1400),
    Phase.MIDDLE_PRIMARY: ("Junior School", "Academy converter", 7, 11, 240),
    Phase.SIXTEEN_PLUS: ("Sixth Form College", "Free school 16 to 19", 16, 19, 500),
}
# Seven primaries, two secondaries and one other in every ten schools.
PHASE_CYCLE = [Phase.PRIMARY] * 7 + [Phase.SECONDARY] * 2
OTHER_PHASES = [
    Phase.NURSERY,
    Phase.ALL_THROUGH,
    Phase.MIDDLE_PRIMARY,
    Phase.SIXTEEN_PLUS,
]
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Eleanor", "Farid", "Grace", "Hamish",
    "Isla", "Jack", "Kiran", "Leah", "Mohammed", "Niamh", "Owen", "Priya",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Fletcher", "Green",
    "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Patel", "Walsh",
]  # fmt: skip
TRUST_WIDE = [Role.CEO, Role.ADMIN, Role.TRUSTEE, Role.TRUST_REVIEWER]
FIRST_URN = 140001


@dataclass(frozen=True)
class Trust:
    """What the pages need from the seeded trust: a user per role, the
    school the headteacher and governor serve, and its latest completed
    visit and next planned one; a focus day in each state that has a page
    of its own: the first school's (issued, reviewed by the trust reviewer),
    the first scheduled with that reviewer, the first requested; and the
    CEO's calendar-feed token."""

    users: dict
    first_school: School
    school_count: int
    completed_visit: Visit
    planned_visit: Visit
    issued_focus_day: FocusDay
    scheduled_focus_day: FocusDay
    requested_focus_day: FocusDay
    ceo_feed_token: str


def trust_seed(*, school_count):
    """Grow the trust to `school_count` schools, each with a headteacher and a
    governor, and the trust-wide users on first call. Never removes schools."""
    with transaction.atomic():
        existing = School.objects.count()
        if existing > school_count:
            raise ValueError(f"The trust already has {existing} schools.")
        if not existing:
            _trust_wide_users()
            for start_year in _calendar_years():
                academic_year_create(
                    start_year=start_year, dates=calendar_propose(start_year)
                )
        _schools_add(range(existing, school_count))
    return _trust()


def _calendar_years():
    """2025/26, which the evidence pages read, and this year, which the
    visits and focus days fall in."""
    return sorted({2025, focus_day_year()})


def _trust_wide_users():
    for role in TRUST_WIDE:
        user = User.objects.create_user(
            f"{role}@pvat.example", full_name=f"Trust {Role(role).label}"
        )
        Membership.objects.create(user=user, role=role)


def _schools_add(numbers):
    schools = School.objects.bulk_create(_school(number) for number in numbers)
    evidence_seed(schools)
    password = make_password(None)
    people = []
    for school in schools:
        people += _school_people(school, password)
    User.objects.bulk_create(user for user, _ in people)
    Membership.objects.bulk_create(membership for _, membership in people)
    tiers_and_visits_seed(
        schools,
        numbers={school.pk: _number(school) for school in schools},
        start_years=[focus_day_year()],
        ceo=User.objects.get(email=f"{Role.CEO}@pvat.example"),
    )
    _focus_days_add(schools)


def _school(number):
    phase = _phase(number)
    ending, kind, low_age, high_age, roll = PHASES[phase]
    authority, la_code = LOCAL_AUTHORITIES[number % len(LOCAL_AUTHORITIES)]
    place = PLACES[number % len(PLACES)]
    feature = FEATURES[(number // len(PLACES)) % len(FEATURES)]
    status = _status(number)
    pupils = roll + (number * 37) % (roll // 3 + 1)
    return School(
        urn=f"{FIRST_URN + number:06d}",
        name=f"{place} {feature}{ending}",
        phase=phase,
        establishment_type=kind,
        local_authority=authority,
        la_code=la_code,
        establishment_number=f"{2000 + number:04d}",
        ukprn=f"{10000000 + number * 7:08d}",
        street=f"{1 + number % 90} School Lane",
        town=place,
        postcode=f"DE{1 + number % 75} {number % 9}AB",
        website=f"https://school-{number}.example",
        number_of_pupils=pupils,
        capacity=roll + roll // 10,
        statutory_low_age=low_age,
        statutory_high_age=high_age,
        percentage_fsm=Decimal((number * 13) % 450) / 10,
        opened_on=datetime.date(2011 + number % 12, 9, 1),
        joined_trust_on=datetime.date(2014 + number % 11, 9, 1),
        status=status,
        closed_on=datetime.date(2024, 8, 31) if status == SchoolStatus.CLOSED else None,
    )


def _phase(number):
    if number % 10 < len(PHASE_CYCLE):
        return PHASE_CYCLE[number % 10]
    return OTHER_PHASES[(number // 10) % len(OTHER_PHASES)]


def _status(number):
    if number and number % 25 == 0:
        return SchoolStatus.CLOSED
    if number % 15 == 14:
        return SchoolStatus.JOINING
    return SchoolStatus.OPEN


def _school_people(school, password):
    """A headteacher and a governor, plus a former headteacher at every
    seventh school so that ended memberships are in the data too."""
    roles = [(Role.HEADTEACHER, None), (Role.GOVERNOR, None)]
    if int(school.urn) % 7 == 0:
        roles.append((Role.HEADTEACHER, timezone.now()))
    return [
        _person(school, index, role, ended_at, password)
        for index, (role, ended_at) in enumerate(roles)
    ]


def _person(school, index, role, ended_at, password):
    number = int(school.urn) * 3 + index
    user = User(
        email=f"{role}.{index}.{school.urn}@schools.example",
        full_name=f"{FIRST_NAMES[number % 16]} {LAST_NAMES[number % 15]}",
        password=password,
    )
    membership = Membership(user=user, school=school, role=role, ended_at=ended_at)
    return user, membership


# Focus days ---------------------------------------------------------------------

# Statuses by school number: every open school but each fifth (standing in
# for Tier 3, which has none) holds this year's focus day.
FOCUS_DAY_CYCLE = [
    FocusDayStatus.ISSUED,
    FocusDayStatus.SCHEDULED,
    FocusDayStatus.REQUESTED,
]
ACTIVITY_KINDS = [
    FocusDayActivityKind.LEADER_DISCUSSIONS,
    FocusDayActivityKind.LESSON_VISITS,
    FocusDayActivityKind.PUPILS_WORK,
    FocusDayActivityKind.PUPIL_VOICE,
]


def _focus_days_add(schools):
    """A focus day this academic year for most open schools, half of them
    reviewed by the trust reviewer; issued ones have their report and a
    ready PDF (a name only: the bench never downloads it)."""
    year = focus_day_year()
    areas = list(ImprovementArea.objects.order_by("position"))
    staff = {
        role: User.objects.get(email=f"{role}@pvat.example") for role in TRUST_WIDE
    }
    heads = dict(
        Membership.objects.filter(
            school__in=schools, role=Role.HEADTEACHER, ended_at__isnull=True
        ).values_list("school_id", "user_id")
    )
    focus_days = FocusDay.objects.bulk_create(
        _focus_day(school, year, areas, staff, heads[school.pk])
        for school in schools
        if school.status == SchoolStatus.OPEN and _number(school) % 5 != 4
    )
    issued = [day for day in focus_days if day.status == FocusDayStatus.ISSUED]
    _focus_day_reports_add(issued, areas)


def _number(school):
    return int(school.urn) - FIRST_URN


def _focus_day(school, year, areas, staff, head_id):
    number = _number(school)
    status = FOCUS_DAY_CYCLE[number % len(FOCUS_DAY_CYCLE)]
    held_on = datetime.date(year, 11, 2) + datetime.timedelta(weeks=number % 30)
    focus_day = FocusDay(
        school=school,
        academic_year=year,
        area=areas[number % len(areas)],
        reason="Reading fluency in Key Stage 2 has not kept pace with phonics.",
        proposed_first_on=held_on,
        proposed_second_on=held_on + datetime.timedelta(days=7),
        requested_by_id=head_id,
        status=status,
    )
    if status != FocusDayStatus.REQUESTED:
        reviewer = Role.TRUST_REVIEWER if number // 3 % 2 == 0 else Role.CEO
        focus_day.reviewer = staff[reviewer]
        focus_day.scheduled_on = held_on
        focus_day.scheduled_by = staff[Role.ADMIN]
        focus_day.scheduled_at = timezone.now()
    if status == FocusDayStatus.ISSUED:
        focus_day.summary = "Phonics is taught consistently; fluency lags behind."
        focus_day.issued_by = focus_day.reviewer
        focus_day.issued_at = timezone.now()
    return focus_day


def _focus_day_reports_add(focus_days, areas):
    FocusDayActivity.objects.bulk_create(
        FocusDayActivity(focus_day=focus_day, kind=kind, detail="Years 3 to 6.")
        for focus_day in focus_days
        for kind in ACTIVITY_KINDS
    )
    FocusDayFinding.objects.bulk_create(
        FocusDayFinding(
            focus_day=focus_day,
            kind=kind,
            area=areas[(focus_day.pk + index) % len(areas)],
            text="Pupils read widely and often.",
        )
        for focus_day in focus_days
        for index, kind in enumerate(
            [FindingKind.STRENGTH] * 3 + [FindingKind.DEVELOPMENT_POINT] * 2
        )
    )
    Rendering.objects.bulk_create(
        Rendering(
            kind=FOCUS_DAY_KIND,
            object_id=focus_day.pk,
            school=focus_day.school,
            status=RenderingStatus.READY,
            file=f"reports/{focus_day.school.pk}/bench-focus-day.pdf",
            requested_by=focus_day.issued_by,
            started_at=focus_day.issued_at,
            finished_at=focus_day.issued_at,
            attempts=1,
        )
        for focus_day in focus_days
    )


def _trust():
    users = {
        role: User.objects.get(email=f"{role}@pvat.example") for role in TRUST_WIDE
    }
    first_school = School.objects.get(urn=f"{FIRST_URN:06d}")
    for role in (Role.HEADTEACHER, Role.GOVERNOR):
        users[role] = User.objects.get(
            memberships__school=first_school,
            memberships__role=role,
            memberships__ended_at__isnull=True,
        )
    reviewed = FocusDay.objects.filter(reviewer=users[Role.TRUST_REVIEWER])
    visits = first_school.visits.select_related("school")
    feed = calendar_feed_of(users[Role.CEO])
    return Trust(
        users,
        first_school,
        School.objects.count(),
        completed_visit=visits.filter(status=VisitStatus.COMPLETED).last(),
        planned_visit=visits.filter(status=VisitStatus.PLANNED).first(),
        issued_focus_day=FocusDay.objects.get(school=first_school),
        scheduled_focus_day=_first(reviewed, FocusDayStatus.SCHEDULED),
        requested_focus_day=_first(FocusDay.objects.all(), FocusDayStatus.REQUESTED),
        ceo_feed_token=(feed or calendar_feed_reset(user=users[Role.CEO])).token,
    )


def _first(focus_days, status):
    focus_days = focus_days.filter(status=status).select_related("school")
    return focus_days.order_by("school__urn").first()
