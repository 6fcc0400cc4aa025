import datetime

import factory

from accounts.models import Membership, User
from schools.models import Phase, School, SchoolStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["urn"]

    urn = factory.Sequence(lambda n: f"{140000 + n:06d}")
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    phase = Phase.PRIMARY
    establishment_type = "Academy converter"
    local_authority = "Derbyshire"
    la_code = "830"
    number_of_pupils = 210
    capacity = 240
    statutory_low_age = 4
    statutory_high_age = 11
    status = SchoolStatus.OPEN
    joined_trust_on = datetime.date(2021, 9, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "ceo"
    school = None


class VisitFactory(factory.django.DjangoModelFactory):
    """A planned monitoring visit with its window a week either side of its
    target date."""

    class Meta:
        model = "visits.Visit"

    school = factory.SubFactory(SchoolFactory)
    kind = "monitoring"
    planned_on = datetime.date(2026, 12, 8)
    window_label = factory.LazyAttribute(lambda visit: f"Window of {visit.planned_on}")
    window_starts_on = factory.LazyAttribute(
        lambda visit: visit.planned_on - datetime.timedelta(days=7)
    )
    window_ends_on = factory.LazyAttribute(
        lambda visit: visit.planned_on + datetime.timedelta(days=7)
    )
