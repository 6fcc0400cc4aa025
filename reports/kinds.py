"""The documents the pipeline renders, registered at start-up.

The annual tier review report is the first: the same content as its
printable page, read by the same people (`categorisation.view_annual_review`).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from categorisation.annual_services import annual_review_report_context
from categorisation.models import AnnualReview

from .documents import Document, DocumentKind, kind_register

ANNUAL_REVIEW_PERMISSION = "categorisation.view_annual_review"


def _annual_review(academic_year):
    reviews = AnnualReview.objects.select_related("finalised_by")
    return reviews.get(academic_year=academic_year)


def annual_review_describe(academic_year):
    review = _annual_review(academic_year)
    year = review.academic_year_name.replace("/", "-")
    return Document(
        title=f"Annual tier review {review.academic_year_name}",
        file_name=f"annual-tier-review-{year}.pdf",
        page_url=reverse(
            "categorisation:annual_review_report",
            kwargs={"academic_year": review.academic_year},
        ),
    )


def annual_review_html(academic_year):
    review = _annual_review(academic_year)
    context = {
        **annual_review_report_context(review),
        "trust_name": settings.TRUST_NAME,
    }
    return render_to_string("reports/annual_review_report.html", context)


def _may_view_annual_reviews(user, academic_year=None):
    return user.has_perm(ANNUAL_REVIEW_PERMISSION)


kind_register(
    DocumentKind(
        name="annual_review_report",
        describe=annual_review_describe,
        build_html=annual_review_html,
        can_view=_may_view_annual_reviews,
        can_request=_may_view_annual_reviews,
    )
)
