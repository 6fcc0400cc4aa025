import subprocess
from dataclasses import dataclass, field

import pytest

from categorisation.models import AnnualReview, AnnualReviewItem
from reports import documents
from reports.documents import Document, DocumentKind

YEAR = 2025


@pytest.fixture
def annual_review(people, school_a, school_b):
    """The 2025/26 review: school A moves from Tier 1 to Tier 2, school B
    stays in Tier 3."""
    review = AnnualReview.objects.create(academic_year=YEAR, opened_by=people["admin"])
    AnnualReviewItem.objects.create(
        review=review,
        school=school_a,
        current_tier=1,
        recommended_tier=2,
        decided_tier=2,
        rationale="Reading outcomes fell two years running.",
        decided_by=people["ceo"],
    )
    AnnualReviewItem.objects.create(
        review=review, school=school_b, current_tier=3, decided_tier=3
    )
    return review


@dataclass
class PlainKind:
    """A document kind for tests: its HTML is whatever the test sets, and
    it belongs to `school` when one is set."""

    html: str = "<p>A plain document.</p>"
    school: object = None
    readers: set = field(default_factory=set)

    def describe(self, object_id):
        return Document(title="Test document", file_name="test.pdf", school=self.school)


@pytest.fixture
def plain_kind():
    plain = PlainKind()
    kind = DocumentKind(
        name="test_document",
        describe=plain.describe,
        build_html=lambda object_id: plain.html,
        can_view=lambda user, object_id: True,
        can_request=lambda user: True,
    )
    documents.kind_register(kind)
    yield plain
    documents.kind_unregister(kind.name)


def pdf_text(path):
    """The PDF's text as poppler reads it, with every run of white space as
    one space, so a name wrapped inside a table cell still reads whole."""
    result = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(result.stdout.split())
