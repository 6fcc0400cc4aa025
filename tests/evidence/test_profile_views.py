import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import AttainmentResult, Availability, EvidenceDocument
from evidence.sources import SOURCES
from tests.factories import SchoolFactory

from .test_selectors import evidence_for_every_source

SLUGS = [source.slug for source in SOURCES]
LABELS = {source.slug: source.label for source in SOURCES}
MODELS = {source.slug: source.model for source in SOURCES}

# What each tab shows of the records made by evidence_for_every_source.
SHOWN = {
    "inspections": ["Quality of education", "Good (grade 2)", "graded 1 to 4"],
    "attainment": [
        "KS2 reading, writing and maths at the expected standard",
        "60%",
        "Show the figures",
    ],
    "attendance": ["Overall absence", "6%", "Whole year"],
    "behaviour": ["Suspensions per 100 pupils", "1.5"],
    "finance": ["£1,000,000", "£50,000", "5% of income", "Amber"],
    "safeguarding": ["Local partnership", "Training and staff knowledge", "Met"],
    "quality": ["Quality of teaching", "Secure", "Reading is taught well."],
    "workforce": ["Staff turnover", "10%"],
    "documents": ["Version 24", "Accurate.", "Capacity to improve: secure"],
}
EMPTY = {
    "inspections": "No inspections recorded yet.",
    "attainment": "No attainment results recorded yet.",
    "attendance": "No attendance recorded yet.",
    "behaviour": "No behaviour or exclusions recorded yet.",
    "finance": "No finance recorded yet.",
    "safeguarding": "No safeguarding audits recorded yet.",
    "quality": "No quality-assurance judgements recorded yet.",
    "workforce": "No workforce figures recorded yet.",
    "documents": "No version uploaded yet.",
}


def _source_url(school, slug):
    return reverse("evidence:source", kwargs={"urn": school.urn, "source": slug})


def _overview_url(school):
    return reverse("evidence:overview", kwargs={"urn": school.urn})


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def school_a_evidence(school_a):
    evidence_for_every_source(school_a, years=(2022, 2023, 2024))
    return school_a


@pytest.mark.parametrize("slug", SLUGS)
def test_each_source_tab_shows_its_records_to_the_ceo(
    client, people, school_a_evidence, slug
):
    page = _page(client, people["ceo"], _source_url(school_a_evidence, slug))

    assert f'<h2 class="h3">{LABELS[slug]}</h2>' in page
    for text in SHOWN[slug]:
        assert text in page
    current = (
        f'href="{_source_url(school_a_evidence, slug)}" aria-current="page">'
        f"{LABELS[slug]}</a>"
    )
    assert current in page


@pytest.mark.parametrize("slug", SLUGS)
def test_each_source_tab_says_when_nothing_is_recorded(client, people, school_a, slug):
    page = _page(client, people["ceo"], _source_url(school_a, slug))

    assert EMPTY[slug] in page
    assert "<svg" not in page


def test_unknown_source_is_not_found(client, people, school_a):
    client.force_login(people["ceo"])

    response = client.get(_source_url(school_a, "horoscopes"))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["headteacher", "governor", "trustee"])
def test_readers_of_the_school_see_its_evidence(
    client, people, school_a_evidence, role
):
    overview = _page(client, people[role], _overview_url(school_a_evidence))
    attainment = _page(
        client, people[role], _source_url(school_a_evidence, "attainment")
    )

    assert "Completeness" in overview
    assert "60%" in attainment


@pytest.mark.parametrize("url_name", ["evidence:overview", "evidence:source"])
def test_headteacher_cannot_open_other_school(client, people, school_b, url_name):
    evidence_for_every_source(school_b)
    client.force_login(people["headteacher"])
    kwargs = {"urn": school_b.urn}
    if url_name == "evidence:source":
        kwargs["source"] = "attainment"

    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 404


def test_overview_shows_completeness_and_a_card_per_source(
    client, people, school_a_evidence
):
    page = _page(client, people["ceo"], _overview_url(school_a_evidence))

    assert '<h2 class="h3">Evidence</h2>' in page
    assert "checks need attention" in page
    assert "No self-evaluation (SEF) uploaded" not in page
    for slug in SLUGS:
        assert f'href="{_source_url(school_a_evidence, slug)}"' in page
    assert "Local partnership" in page
    assert "£50,000" in page


def test_overview_of_a_school_with_no_evidence(client, people, school_a):
    page = _page(client, people["ceo"], _overview_url(school_a))

    assert "10 of 10 checks need attention." in page
    assert "No inspection recorded." in page
    assert "Nothing recorded yet." in page


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("ceo", True),
        ("admin", True),
        ("headteacher", False),
        ("governor", False),
        ("trustee", False),
    ],
)
@pytest.mark.parametrize("slug", ["attendance", "inspections", "finance"])
def test_add_and_edit_links_only_for_those_who_change_evidence(
    client, people, school_a_evidence, role, sees, slug
):
    add = reverse(
        "evidence:record_create",
        kwargs={"urn": school_a_evidence.urn, "source": slug},
    )
    record = MODELS[slug].objects.filter(school=school_a_evidence).first()
    edit = reverse(
        "evidence:record_edit",
        kwargs={"urn": school_a_evidence.urn, "source": slug, "record_pk": record.pk},
    )

    page = _page(client, people[role], _source_url(school_a_evidence, slug))

    assert (f'href="{add}"' in page) is sees
    assert (f'href="{edit}"' in page) is sees


@pytest.mark.parametrize(
    ("role", "uploads", "scrutinises"),
    [
        ("ceo", True, True),
        ("admin", True, True),
        ("headteacher", True, False),
        ("governor", False, False),
        ("trustee", False, False),
    ],
)
def test_document_links_follow_permissions(
    client, people, school_a_evidence, role, uploads, scrutinises
):
    document = EvidenceDocument.objects.filter(school=school_a_evidence).first()
    urls = {
        name: reverse(
            f"evidence:{name}",
            kwargs={"urn": school_a_evidence.urn, "document_pk": document.pk},
        )
        for name in ("document_download", "document_scrutinise")
    }
    upload = reverse("evidence:document_upload", kwargs={"urn": school_a_evidence.urn})

    page = _page(client, people[role], _source_url(school_a_evidence, "documents"))

    assert f'href="{urls["document_download"]}"' in page
    assert (f'href="{upload}"' in page) is uploads
    assert (f'href="{urls["document_scrutinise"]}"' in page) is scrutinises
    assert "record_create" not in page


def test_trend_chart_comes_with_its_figures_as_a_table(
    client, people, school_a_evidence
):
    page = _page(client, people["ceo"], _source_url(school_a_evidence, "attainment"))

    assert 'role="img"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<summary>Show the figures" in page
    assert '<th scope="row">2023/24</th>' in page


def test_suppressed_result_is_shown_as_suppressed(client, people, school_a):
    AttainmentResult.objects.create(
        school=school_a,
        measure="ks2_rwm_expected",
        academic_year=2023,
        value=Decimal("61"),
    )
    AttainmentResult.objects.create(
        school=school_a,
        measure="ks2_rwm_expected",
        academic_year=2024,
        availability=Availability.SUPPRESSED,
    )

    page = _page(client, people["ceo"], _source_url(school_a, "attainment"))

    assert "Suppressed" in page
    assert "No school figure for 2022/23 (none recorded), 2024/25 (suppressed)." in page
    assert ">0%<" not in page


def test_names_from_data_are_escaped_in_charts_and_tables(client, people):
    school = SchoolFactory(urn="100009", name='Ashby <script>alert("x")</script> & Co')
    evidence_for_every_source(school, years=(2023, 2024))

    page = _page(client, people["ceo"], _source_url(school, "attendance"))

    assert '<script>alert("x")</script>' not in page
    assert "Ashby &lt;script&gt;" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_kind", ["overview", *SLUGS])
def test_query_count_does_not_grow_with_records_or_schools(
    client, people, school_a, url_kind
):
    client.force_login(people["ceo"])
    if url_kind == "overview":
        url = _overview_url(school_a)
    else:
        url = _source_url(school_a, url_kind)
    evidence_for_every_source(school_a, years=(2024,))
    client.get(url)  # warm-up: one-off lookups are not the page's doing
    small = _queries(client, url)

    evidence_for_every_source(school_a, years=(2019, 2020, 2021, 2022, 2023))
    for _ in range(4):
        evidence_for_every_source(SchoolFactory(), years=(2023, 2024))
    large = _queries(client, url)

    assert large == small


def test_pages_keep_dates_and_years_in_british_form(client, people, school_a_evidence):
    page = _page(client, people["ceo"], _source_url(school_a_evidence, "inspections"))

    assert "1 October 2024" in page
    assert datetime.date(2024, 10, 1).isoformat() not in page
