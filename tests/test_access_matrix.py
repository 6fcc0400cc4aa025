"""Walk every URL pattern and check each role against tests/access_matrix.py."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from categorisation.models import AnnualReview, AnnualReviewItem, JoiningReview
from evidence.models import Attendance, EvidenceDocument, NationalComparator
from reports.models import Rendering
from schools.models import AcademicYear, ImprovementArea
from visits.focus_days import focus_day_year
from visits.models import (
    AgreedAction,
    FocusDay,
    FocusDayStatus,
    NoteStatus,
    Visit,
    VisitNote,
    VisitStatus,
)

from .access_matrix import MATRIX, ROLES, expected

PDF = b"%PDF-1.4\n% a minimal test document\n%%EOF\n"


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}{inner}:" if inner else namespace
            yield from _url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _project_url_names():
    names = set(_url_names(get_resolver().url_patterns))
    admin_names = {name for name in names if name.startswith("admin:")}
    return (names - admin_names) | ({"admin:*"} if admin_names else set())


def test_every_url_is_in_the_matrix():
    missing = _project_url_names() - set(MATRIX)
    assert not missing, f"URLs missing from tests/access_matrix.py: {sorted(missing)}"


def test_matrix_names_only_existing_urls():
    stale = set(MATRIX) - _project_url_names()
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


def _parameters(url_name):
    """The names of the URL's keyword arguments, from the resolver."""
    resolver = get_resolver()
    *namespaces, name = url_name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(name)[0][0]
    return possibilities[0][1]


def _url(url_name, people, school_a, evidence):
    if url_name == "admin:*":
        return reverse("admin:index")
    target = people["governor"]
    values = {
        "urn": school_a.urn,
        "pk": target.pk,
        "membership_pk": target.memberships.get().pk,
        "start_year": AcademicYear.objects.get().start_year,
        "slug": ImprovementArea.objects.first().slug,
        "token": "no-such-token",
        "uidb64": "MQ",
        "source": "attendance",
        "record_pk": evidence["record"].pk,
        "document_pk": evidence["document"].pk,
        "comparator_pk": NationalComparator.objects.first().pk,
        "file_format": "csv",
        "review_pk": evidence["joining_review"].pk,
        "academic_year": evidence["annual_review"].academic_year,
        "visit_pk": evidence["visit"].pk,
        "action_pk": evidence["action"].pk,
        "focus_day_pk": evidence["focus_day"].pk,
        "rendering_pk": evidence["rendering"].pk,
        "feed_token": "no-such-feed",
    }
    kwargs = {name: values[name] for name in _parameters(url_name)}
    return reverse(url_name, kwargs=kwargs)


def _answer(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        return "L" if location.startswith(reverse("accounts:login")) else "R"
    return str(response.status_code)


@pytest.fixture
def calendar_year(db):
    from schools.calendar import calendar_propose
    from schools.services import academic_year_create

    return academic_year_create(start_year=2025, dates=calendar_propose(2025))


@pytest.fixture
def evidence(school_a, people, settings, tmp_path):
    """One record and one uploaded document of school A's evidence."""
    settings.MEDIA_ROOT = tmp_path
    record = Attendance.objects.create(
        school=school_a,
        academic_year=2024,
        period="year",
        overall_absence="6.1",
        persistent_absence="15.2",
    )
    document = EvidenceDocument(
        school=school_a,
        kind="sef",
        version=1,
        original_name="sef.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    document.file.save("sef.pdf", ContentFile(PDF))
    categorisation = _categorisation(school_a, people["ceo"])
    focus_day = _focus_day(school_a, people)
    rendering = Rendering.objects.create(
        kind="annual_review_report",
        object_id=categorisation["annual_review"].academic_year,
        requested_by=people["ceo"],
        status="ready",
    )
    rendering.file.save("annual-review.pdf", ContentFile(PDF))
    return {
        "record": record,
        "document": document,
        "rendering": rendering,
        "focus_day": focus_day,
        **categorisation,
    }


def _focus_day(school_a, people):
    """School A's focus day this year, with the trust reviewer assigned: so
    the "reviewer" column is a reviewer assigned to school A, and the
    "external" column a reviewer with no assignment there."""
    year = focus_day_year()
    day = datetime.date(year + 1, 3, 10)
    return FocusDay.objects.create(
        school=school_a,
        academic_year=year,
        area=ImprovementArea.objects.first(),
        reason="Reading fluency in Key Stage 1.",
        proposed_first_on=day,
        requested_by=people["headteacher"],
        status=FocusDayStatus.SCHEDULED,
        reviewer=people["trust_reviewer"],
        scheduled_on=day,
        scheduled_by=people["ceo"],
    )


def _categorisation(school_a, ceo):
    """A joining review of school A and an open annual review that lists it."""
    joining_review = JoiningReview.objects.create(
        school=school_a,
        starts_on=datetime.date(2026, 9, 8),
        ends_on=datetime.date(2026, 9, 9),
        trust_participants="CEO",
        school_participants="Headteacher",
        team_size=2,
        recorded_by=ceo,
    )
    annual_review = AnnualReview.objects.create(academic_year=2026, opened_by=ceo)
    AnnualReviewItem.objects.create(review=annual_review, school=school_a)
    visit = Visit.objects.create(
        school=school_a,
        kind="monitoring",
        window_label="Autumn 2 2026/27",
        window_starts_on=datetime.date(2026, 11, 2),
        window_ends_on=datetime.date(2026, 12, 18),
        planned_on=datetime.date(2026, 11, 20),
    )
    return {
        "joining_review": joining_review,
        "annual_review": annual_review,
        "visit": visit,
        "action": _agreed_action(school_a, ceo),
    }


def _agreed_action(school_a, ceo):
    """An action agreed at an earlier, completed visit to school A."""
    earlier = Visit.objects.create(
        school=school_a,
        kind="monitoring",
        window_label="Autumn 1 2026/27",
        window_starts_on=datetime.date(2026, 9, 2),
        window_ends_on=datetime.date(2026, 10, 23),
        planned_on=datetime.date(2026, 10, 7),
        status=VisitStatus.COMPLETED,
    )
    note = VisitNote.objects.create(
        visit=earlier, author=ceo, status=NoteStatus.COMPLETED, summary="Done."
    )
    return AgreedAction.objects.create(
        note=note,
        action="Share the reading audit.",
        owner="Headteacher",
        due_on=datetime.date(2026, 11, 6),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(client, people, school_a, calendar_year, evidence, url_name, role):
    method, answers = expected(url_name)
    if role != "anonymous":
        client.force_login(people[role])
    url = _url(url_name, people, school_a, evidence)
    response = client.post(url) if method == "POST" else client.get(url)
    assert _answer(response) == answers[role], (
        f"{method} {url} as {role}: got {response.status_code}, "
        f"expected {answers[role]}"
    )
