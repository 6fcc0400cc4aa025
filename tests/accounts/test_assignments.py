"""A reviewer sees the schools their current focus days reach, read-only,
and nothing else; people who see every school pay no query for it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.access import access_of, forget_access
from accounts.models import User
from schools.models import ImprovementArea, School
from visits.focus_days import focus_day_year
from visits.models import FocusDay, FocusDayStatus

# The assignment is made directly: what matters here is that it exists in
# the academic year the real clock is in (the source reads today's year).
SOME_DAY = datetime.date(2026, 12, 8)


def _assign(reviewer, school, requested_by, *, academic_year=None, status=None):
    return FocusDay.objects.create(
        school=school,
        academic_year=focus_day_year() if academic_year is None else academic_year,
        area=ImprovementArea.objects.active().first(),
        reason="Reading.",
        proposed_first_on=SOME_DAY,
        requested_by=requested_by,
        status=status or FocusDayStatus.SCHEDULED,
        reviewer=reviewer,
        scheduled_on=SOME_DAY,
    )


def _fresh(user):
    """The same person as a new request would load them, access not yet
    worked out."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def assigned_reviewer(people, school_a):
    reviewer = people["trust_reviewer"]
    _assign(reviewer, school_a, people["headteacher"])
    return _fresh(reviewer)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["trust_reviewer", "external_reviewer"])
def test_a_reviewer_with_no_assignment_sees_no_school(people, school_a, school_b, key):
    reviewer = people[key]

    assert list(School.objects.visible_to(reviewer)) == []
    assert not reviewer.has_perm("schools.view_school", school_a)
    assert not reviewer.has_perm("schools.view_school", school_b)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["trust_reviewer", "external_reviewer"])
def test_an_assigned_reviewer_sees_that_school_only(people, school_a, school_b, key):
    reviewer = people[key]
    _assign(reviewer, school_a, people["headteacher"])
    forget_access(reviewer)

    assert list(School.objects.visible_to(reviewer)) == [school_a]
    assert reviewer.has_perm("schools.view_school", school_a)
    assert not reviewer.has_perm("schools.view_school", school_b)
    assert access_of(reviewer).assigned_school_ids == {school_a.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permission",
    [
        "schools.change_school",
        "evidence.change_evidence",
        "evidence.scrutinise_document",
        "visits.plan_visits",
        "visits.request_focus_day",
        "categorisation.decide_tier",
    ],
)
def test_an_assigned_reviewer_may_change_nothing_at_the_school(
    assigned_reviewer, school_a, permission
):
    assert not assigned_reviewer.has_perm(permission, school_a)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permission",
    ["evidence.view_evidence", "visits.view_visits", "categorisation.view_tier"],
)
def test_an_assigned_reviewer_reads_what_a_trustee_reads(
    assigned_reviewer, school_a, permission
):
    assert assigned_reviewer.has_perm(permission, school_a)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("years_back", "status"),
    [
        pytest.param(0, FocusDayStatus.WITHDRAWN, id="withdrawn this year"),
        pytest.param(1, FocusDayStatus.SCHEDULED, id="scheduled last year"),
        pytest.param(1, FocusDayStatus.ISSUED, id="issued last year"),
    ],
)
def test_a_withdrawn_or_past_assignment_gives_no_access(
    people, school_a, years_back, status
):
    reviewer = people["trust_reviewer"]
    _assign(
        reviewer,
        school_a,
        people["headteacher"],
        academic_year=focus_day_year() - years_back,
        status=status,
    )
    forget_access(reviewer)

    assert list(School.objects.visible_to(reviewer)) == []
    assert not reviewer.has_perm("schools.view_school", school_a)


@pytest.mark.django_db
def test_an_issued_report_this_year_keeps_the_school_visible(people, school_a):
    reviewer = people["trust_reviewer"]
    _assign(reviewer, school_a, people["headteacher"], status=FocusDayStatus.ISSUED)

    assert list(School.objects.visible_to(_fresh(reviewer))) == [school_a]


@pytest.mark.django_db
def test_an_assignment_next_year_gives_access_now(people, school_a):
    # A focus day scheduled for next September is prepared this summer.
    reviewer = people["trust_reviewer"]
    _assign(
        reviewer, school_a, people["headteacher"], academic_year=focus_day_year() + 1
    )

    assert list(School.objects.visible_to(_fresh(reviewer))) == [school_a]


# What working it out costs ----------------------------------------------------------


def _queries_for_access(user):
    fresh = _fresh(user)
    with CaptureQueriesContext(connection) as captured:
        access_of(fresh)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["ceo", "admin", "trustee"])
def test_people_who_see_every_school_pay_no_assignment_query(
    people, school_a, django_assert_num_queries, key
):
    # Even named as a reviewer, the CEO needs no assignment to see a school.
    _assign(people[key], school_a, people["headteacher"])
    baseline = _queries_for_access(people["headteacher"])
    user = _fresh(people[key])

    with django_assert_num_queries(baseline):
        access = access_of(user)

    assert access.sees_all_schools
    assert access.assigned_school_ids == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize("is_assigned", [True, False])
def test_a_reviewer_pays_one_query_more_than_a_headteacher(
    people, school_a, django_assert_num_queries, is_assigned
):
    reviewer = people["trust_reviewer"]
    if is_assigned:
        _assign(reviewer, school_a, people["headteacher"])
    baseline = _queries_for_access(people["headteacher"])
    user = _fresh(reviewer)

    with django_assert_num_queries(baseline + 1):
        access = access_of(user)

    assert access.assigned_school_ids == ({school_a.pk} if is_assigned else set())
    # Worked out once per user object.
    with django_assert_num_queries(0):
        access_of(user)


# The pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_assigned_reviewer_opens_the_assigned_school_only(
    client, assigned_reviewer, school_a, school_b
):
    client.force_login(assigned_reviewer)

    response = client.get(reverse("schools:detail", kwargs={"urn": school_a.urn}))
    assert response.status_code == 200
    assert school_a.name in response.content.decode()

    response = client.get(reverse("schools:detail", kwargs={"urn": school_b.urn}))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_assigned_reviewer_may_not_edit_the_assigned_school(
    client, assigned_reviewer, school_a
):
    client.force_login(assigned_reviewer)

    response = client.get(reverse("schools:edit", kwargs={"urn": school_a.urn}))

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_school_list_shows_an_assigned_reviewer_their_school(
    client, assigned_reviewer, school_a, school_b
):
    client.force_login(assigned_reviewer)

    response = client.get(reverse("schools:list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert school_a.name in content
    assert school_b.name not in content


@pytest.mark.django_db
def test_withdrawing_the_focus_day_closes_the_school_to_its_reviewer(
    client, assigned_reviewer, school_a
):
    FocusDay.objects.update(status=FocusDayStatus.WITHDRAWN)
    client.force_login(assigned_reviewer)

    response = client.get(reverse("schools:detail", kwargs={"urn": school_a.urn}))

    assert response.status_code == 404
    assert school_a.name not in client.get(reverse("schools:list")).content.decode()
