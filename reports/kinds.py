"""The documents the pipeline renders, registered at start-up.

- The annual tier review report: the same content as its printable page,
  read by the same people (`categorisation.view_annual_review`).
- The focus-day report: the body of the focus day's page, read by those who
  may read its findings (`visits.view_focus_day_report`: the school once it
  is issued, the reviewer and the central team before). Issuing the report
  asks for it; once its PDF is ready, the school's headteachers are e-mailed.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.access import access_of
from accounts.roles import Role
from categorisation.annual_services import annual_review_report_context
from categorisation.models import AnnualReview
from visits.focus_day_report import focus_day_for_report, focus_day_report_context
from visits.models import FocusDay, FocusDayStatus
from visits.reminders import focus_day_report_ready_reminders, reminders_send_now

from .documents import Document, DocumentKind, kind_register

ANNUAL_REVIEW_PERMISSION = "categorisation.view_annual_review"
FOCUS_DAY_REPORT_PERMISSION = "visits.view_focus_day_report"


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


# Focus days ---------------------------------------------------------------------


def focus_day_describe(focus_day_pk):
    focus_day = focus_day_for_report(focus_day_pk)
    year = focus_day.academic_year_name
    file_year = year.replace("/", "-")
    return Document(
        title=f"Focus day report: {focus_day.school.name}, {year}",
        file_name=f"focus-day-report-{focus_day.school.urn}-{file_year}.pdf",
        school=focus_day.school,
        page_url=focus_day.get_absolute_url(),
    )


def focus_day_html(focus_day_pk):
    focus_day = focus_day_for_report(focus_day_pk)
    context = {
        **focus_day_report_context(focus_day),
        "trust_name": settings.TRUST_NAME,
    }
    return render_to_string("reports/focus_day_report.html", context)


def _may_view_focus_day_report(user, focus_day_pk):
    # The status and download pages ask without describing first, so a focus
    # day that has gone is refused here rather than raising.
    focus_days = FocusDay.objects.select_related("school")
    focus_day = focus_days.filter(pk=focus_day_pk).first()
    if focus_day is None:
        return False
    return user.has_perm(FOCUS_DAY_REPORT_PERMISSION, focus_day)


def _may_view_focus_day_rendering(user, rendering):
    """The PDF of the issued report is the school's; one made of a draft
    before the report was issued stays with those who write reports, even
    once the school reads the focus day. The issued report's PDF is asked
    for after `issued_at` is set, in the same transaction."""
    if _may_request_focus_day_reports(user):
        return True
    issued_at = (
        FocusDay.objects.filter(pk=rendering.object_id, status=FocusDayStatus.ISSUED)
        .values_list("issued_at", flat=True)
        .first()
    )
    return issued_at is not None and rendering.requested_at >= issued_at


def _may_request_focus_day_reports(user):
    """Those who write or issue focus-day reports; the school reads the PDF
    made when the report is issued."""
    return access_of(user).has_trust_role(Role.CEO, Role.ADMIN, Role.TRUST_REVIEWER)


def _focus_day_report_ready(rendering):
    focus_days = FocusDay.objects.select_related("school", "area", "reviewer")
    focus_day = focus_days.get(pk=rendering.object_id)
    # A draft's PDF is for the reviewer and the central team, who asked for it.
    if focus_day.is_issued:
        reminders_send_now(focus_day_report_ready_reminders([focus_day]))


kind_register(
    DocumentKind(
        name="focus_day_report",
        describe=focus_day_describe,
        build_html=focus_day_html,
        can_view=_may_view_focus_day_report,
        can_request=_may_request_focus_day_reports,
        can_view_rendering=_may_view_focus_day_rendering,
        on_ready=_focus_day_report_ready,
    )
)
