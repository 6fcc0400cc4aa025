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
from schools.calendar import calendar_propose
from schools.models import Phase, School, SchoolStatus
from schools.services import academic_year_create

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
    """What the pages need from the seeded trust: a user per role and the
    school the headteacher leads."""

    users: dict
    first_school: School
    school_count: int


def trust_seed(*, school_count):
    """Grow the trust to `school_count` schools, each with a headteacher and a
    governor, and the trust-wide users on first call. Never removes schools."""
    with transaction.atomic():
        existing = School.objects.count()
        if existing > school_count:
            raise ValueError(f"The trust already has {existing} schools.")
        if not existing:
            _trust_wide_users()
            academic_year_create(start_year=2025, dates=calendar_propose(2025))
        _schools_add(range(existing, school_count))
    return _trust()


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


def _trust():
    users = {
        role: User.objects.get(email=f"{role}@pvat.example") for role in TRUST_WIDE
    }
    first_school = School.objects.get(urn=f"{FIRST_URN:06d}")
    users[Role.HEADTEACHER] = User.objects.get(
        memberships__school=first_school,
        memberships__role=Role.HEADTEACHER,
        memberships__ended_at__isnull=True,
    )
    return Trust(users, first_school, School.objects.count())
