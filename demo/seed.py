"""An idempotent demo trust: fictional schools, one person per role, and the
academic calendar. Later features add their own demo data here."""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import Role
from demo.evidence import seed_evidence
from demo.focus_days import seed_focus_days
from demo.tiers import LAST_TIERS, seed_tier_decisions
from demo.visits import seed_visit_history
from schools.calendar import academic_start_year_of, calendar_propose
from schools.models import AcademicYear, Phase, School, SchoolStatus
from schools.services import academic_year_create
from visits.services import visit_schedules_for_schools

logger = logging.getLogger(__name__)

# Demo only: seed_demo refuses to run under production settings.
DEMO_PASSWORD = "demo-school-improvement"  # noqa: S105


@dataclass(frozen=True)
class DemoSchool:
    urn: str
    name: str
    phase: str
    establishment_type: str
    local_authority: str
    la_code: str
    town: str
    pupils: int
    capacity: int
    ages: tuple
    joined: datetime.date
    status: str = SchoolStatus.OPEN

    @property
    def postcode(self):
        # Fictional postcodes in the right districts for the towns.
        districts = {
            "Derbyshire": "DE4",
            "Derby": "DE22",
            "Nottinghamshire": "NG9",
            "Staffordshire": "ST13",
        }
        return f"{districts[self.local_authority]} {int(self.urn) % 9 + 1}ZZ"


def _date(text):
    return datetime.date.fromisoformat(text)


# Fictional schools: URNs in a range kept clear of the demo's GIAS sample file.
SCHOOLS = [
    DemoSchool(
        "149001",
        "Ashbourne Meadows Primary Academy",
        Phase.PRIMARY,
        "Academy converter",
        "Derbyshire",
        "830",
        "Ashbourne",
        312,
        315,
        (4, 11),
        _date("2015-09-01"),
    ),
    DemoSchool(
        "149002",
        "Bakewell Dale Primary School",
        Phase.PRIMARY,
        "Academy converter",
        "Derbyshire",
        "830",
        "Bakewell",
        198,
        210,
        (4, 11),
        _date("2016-04-01"),
    ),
    DemoSchool(
        "149003",
        "Chesterfield Spire Academy",
        Phase.SECONDARY,
        "Academy sponsor led",
        "Derbyshire",
        "830",
        "Chesterfield",
        1104,
        1200,
        (11, 18),
        _date("2017-09-01"),
    ),
    DemoSchool(
        "149004",
        "Darley Bridge Infant and Nursery School",
        Phase.PRIMARY,
        "Academy converter",
        "Derbyshire",
        "830",
        "Matlock",
        167,
        180,
        (3, 7),
        _date("2018-01-01"),
    ),
    DemoSchool(
        "149005",
        "Normanton Park Primary",
        Phase.PRIMARY,
        "Academy sponsor led",
        "Derby",
        "831",
        "Derby",
        418,
        420,
        (4, 11),
        _date("2018-09-01"),
    ),
    DemoSchool(
        "149006",
        "Littleover Community Academy",
        Phase.SECONDARY,
        "Academy converter",
        "Derby",
        "831",
        "Derby",
        1356,
        1400,
        (11, 16),
        _date("2019-04-01"),
    ),
    DemoSchool(
        "149007",
        "St Werburgh's CE Primary Academy",
        Phase.PRIMARY,
        "Academy converter",
        "Derby",
        "831",
        "Derby",
        205,
        210,
        (4, 11),
        _date("2019-09-01"),
    ),
    DemoSchool(
        "149008",
        "Trent Valley All-Through Academy",
        Phase.ALL_THROUGH,
        "Academy sponsor led",
        "Nottinghamshire",
        "891",
        "Newark",
        1620,
        1740,
        (4, 18),
        _date("2020-09-01"),
    ),
    DemoSchool(
        "149009",
        "Erewash Brook Special Academy",
        Phase.NOT_APPLICABLE,
        "Academy special converter",
        "Derbyshire",
        "830",
        "Ilkeston",
        124,
        130,
        (3, 19),
        _date("2021-01-01"),
    ),
    DemoSchool(
        "149010",
        "Beeston Fields Primary",
        Phase.PRIMARY,
        "Academy converter",
        "Nottinghamshire",
        "891",
        "Beeston",
        389,
        420,
        (4, 11),
        _date("2022-09-01"),
    ),
    DemoSchool(
        "149011",
        "Leek Moorlands Academy",
        Phase.SECONDARY,
        "Academy converter",
        "Staffordshire",
        "860",
        "Leek",
        812,
        900,
        (11, 16),
        _date("2023-09-01"),
    ),
    DemoSchool(
        "149012",
        "Uttoxeter Oaks Primary",
        Phase.PRIMARY,
        "Academy converter",
        "Staffordshire",
        "860",
        "Uttoxeter",
        236,
        240,
        (4, 11),
        _date("2024-09-01"),
    ),
    DemoSchool(
        "149013",
        "Hilton Grange Primary Academy",
        Phase.PRIMARY,
        "Free schools",
        "Derbyshire",
        "830",
        "Hilton",
        0,
        420,
        (4, 11),
        _date("2027-09-01"),
        status=SchoolStatus.JOINING,
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    school_urns: tuple = ()


PEOPLE = [
    DemoPerson("ceo@demo.pvat.example", "Helen Marsh", Role.CEO),
    DemoPerson("admin@demo.pvat.example", "Priya Shah", Role.ADMIN),
    DemoPerson("reviewer@demo.pvat.example", "Tom Okafor", Role.TRUST_REVIEWER),
    DemoPerson("external@demo.pvat.example", "Ruth Allen", Role.EXTERNAL_REVIEWER),
    DemoPerson("trustee@demo.pvat.example", "David Kerr", Role.TRUSTEE),
    DemoPerson("head@demo.pvat.example", "Sarah Bell", Role.HEADTEACHER, ("149001",)),
    DemoPerson(
        "executive.head@demo.pvat.example",
        "Mark Jennings",
        Role.HEADTEACHER,
        ("149005", "149007"),
    ),
    DemoPerson("governor@demo.pvat.example", "Anne Price", Role.GOVERNOR, ("149001",)),
]


# Leaders of the other schools, so every open school has a headteacher and
# several have governors. They share the demo password but are not printed.
OTHER_LEADERS = [
    DemoPerson(
        "head.149002@demo.pvat.example", "Gareth Hughes", Role.HEADTEACHER, ("149002",)
    ),
    DemoPerson(
        "head.149003@demo.pvat.example", "Nadia Rahman", Role.HEADTEACHER, ("149003",)
    ),
    DemoPerson(
        "head.149004@demo.pvat.example",
        "Claire Whitworth",
        Role.HEADTEACHER,
        ("149004",),
    ),
    DemoPerson(
        "head.149006@demo.pvat.example", "Ian Fletcher", Role.HEADTEACHER, ("149006",)
    ),
    DemoPerson(
        "head.149008@demo.pvat.example", "Funmi Adeyemi", Role.HEADTEACHER, ("149008",)
    ),
    DemoPerson(
        "head.149009@demo.pvat.example", "Rachel Doyle", Role.HEADTEACHER, ("149009",)
    ),
    DemoPerson(
        "head.149010@demo.pvat.example", "Simon Clarke", Role.HEADTEACHER, ("149010",)
    ),
    DemoPerson(
        "head.149011@demo.pvat.example", "Joanne Birch", Role.HEADTEACHER, ("149011",)
    ),
    DemoPerson(
        "head.149012@demo.pvat.example", "Aled Morgan", Role.HEADTEACHER, ("149012",)
    ),
    DemoPerson(
        "governor.149003@demo.pvat.example", "Peter Lomas", Role.GOVERNOR, ("149003",)
    ),
    DemoPerson(
        "governor.149005@demo.pvat.example",
        "Kiran Patel",
        Role.GOVERNOR,
        ("149005", "149007"),
    ),
    DemoPerson(
        "governor.149008@demo.pvat.example", "Susan Hardy", Role.GOVERNOR, ("149008",)
    ),
]


def seed_demo():
    """Create or refresh the demo trust. Safe to run any number of times.

    Returns the people whose logins are worth printing, one per role."""
    # Leaving the atomic block commits, which is when the services' e-mails
    # go and queued PDFs render (at once when Celery runs eagerly).
    with _emails_discarded(), transaction.atomic():
        schools = {spec.urn: _seed_school(spec) for spec in SCHOOLS}
        people = [_seed_person(spec, schools) for spec in PEOPLE]
        for spec in OTHER_LEADERS:
            _seed_person(spec, schools)
        years = _seed_calendar()
        ceo = User.objects.get(email=PEOPLE[0].email)
        seed_evidence(schools=schools, ceo=ceo, head_by_urn=_headteachers())
        seed_tier_decisions(
            schools=schools,
            ceo=ceo,
            academic_year=academic_start_year_of(timezone.localdate()),
        )
        open_schools = [
            school for school in schools.values() if school.status == "open"
        ]
        seed_visit_history(schools=schools, ceo=ceo, tiers=LAST_TIERS)
        visit_schedules_for_schools(schools=open_schools)
        seed_focus_days(schools=schools, ceo=ceo, head_by_urn=_headteachers())
    logger.info(
        "Demo trust seeded: %s schools, %s people, %s academic years",
        len(schools),
        len(people),
        len(years),
    )
    return people


@contextmanager
def _emails_discarded():
    """Seeding goes through services that e-mail the people concerned; the
    demo's people are made up, and a seed is not news, so nothing is sent."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def _headteachers():
    memberships = Membership.objects.current().filter(role=Role.HEADTEACHER)
    return {m.school.urn: m.user for m in memberships.select_related("school", "user")}


def _seed_school(spec):
    school, _ = School.objects.update_or_create(
        urn=spec.urn,
        defaults={
            "name": spec.name,
            "phase": spec.phase,
            "establishment_type": spec.establishment_type,
            "local_authority": spec.local_authority,
            "la_code": spec.la_code,
            "establishment_number": spec.urn[-4:],
            "town": spec.town,
            "street": f"{(int(spec.urn) % 90) + 1} School Lane",
            "postcode": spec.postcode,
            "number_of_pupils": spec.pupils or None,
            "capacity": spec.capacity,
            "statutory_low_age": spec.ages[0],
            "statutory_high_age": spec.ages[1],
            "joined_trust_on": spec.joined,
            "status": spec.status,
        },
    )
    return school


def _seed_person(spec, schools):
    user, created = User.objects.get_or_create(
        email=spec.email, defaults={"full_name": spec.full_name}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    targets = [schools[urn] for urn in spec.school_urns] or [None]
    for school in targets:
        Membership.objects.get_or_create(
            user=user, role=spec.role, school=school, ended_at=None
        )
    return spec


def _seed_calendar():
    """Proposed dates from 2025/26, the year the demo's evidence ends, to
    this year and the next, whichever year the demo is seeded in."""
    current = academic_start_year_of(timezone.localdate())
    years = []
    for start_year in range(2025, max(2025, current) + 2):
        year = AcademicYear.objects.filter(start_year=start_year).first()
        if year is None:
            year = academic_year_create(
                start_year=start_year, dates=calendar_propose(start_year)
            )
        years.append(year)
    return years
