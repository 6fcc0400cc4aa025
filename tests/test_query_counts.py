"""A page's query count must not grow with the number of schools.

`make bench` measures every page at trust scale; these cases keep the pages
most prone to N+1 queries in `make test` too.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from schools.models import School

from .factories import MembershipFactory, SchoolFactory, UserFactory

# URL name, user fixture, query string, and what the larger trust adds to the
# page, which shows that the page really was asked about more schools.
PAGES = [
    pytest.param("schools:list", "ceo", "", "school", id="school list"),
    pytest.param("schools:list", "ceo", "format=csv", "school", id="school CSV"),
    pytest.param("home", "ceo", "", "school", id="home"),
    pytest.param(
        "accounts:people", "admin_user", "ordering=-joined", "person", id="people list"
    ),
]


def _trust_grow_to(school_count):
    """Add schools, each with a headteacher and a governor, up to the count;
    return the last school added and its headteacher."""
    school = headteacher = None
    for _ in range(school_count - School.objects.count()):
        school = SchoolFactory()
        headteacher = UserFactory()
        MembershipFactory(user=headteacher, role=Role.HEADTEACHER, school=school)
        MembershipFactory(user=UserFactory(), role=Role.GOVERNOR, school=school)
    return school, headteacher


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize(("url_name", "user", "query", "shows"), PAGES)
def test_query_count_does_not_grow_with_schools(
    db, client, people, request, url_name, user, query, shows
):
    client.force_login(request.getfixturevalue(user))
    url = f"{reverse(url_name)}?{query}"
    _trust_grow_to(3)
    client.get(url)  # warm-up: one-off lookups are not the page's doing
    queries_at_3, _ = _queries(client, url)

    school, headteacher = _trust_grow_to(30)
    queries_at_30, content = _queries(client, url)

    assert School.objects.count() == 30
    assert (school.name if shows == "school" else headteacher.email) in content
    assert queries_at_30 == queries_at_3
