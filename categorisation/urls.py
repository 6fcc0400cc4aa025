from django.urls import path

from .views import annual, decisions, joining, rule_sets

app_name = "categorisation"

SCHOOL = "schools/<str:urn>/"
REVIEW = "annual-review/<int:academic_year>/"

urlpatterns = [
    # A school's tier, on its profile.
    path(f"{SCHOOL}tier/", decisions.school_tier, name="school_tier"),
    path(f"{SCHOOL}tier/decide/", decisions.decision_create, name="decision_create"),
    path(
        f"{SCHOOL}joining-review/new/",
        joining.joining_review_create,
        name="joining_review_create",
    ),
    path(
        f"{SCHOOL}joining-review/<int:review_pk>/",
        joining.joining_review_detail,
        name="joining_review",
    ),
    # Every school's tier.
    path("tiers/", decisions.tier_overview, name="tiers"),
    # Rule sets, kept by the admin.
    path("tiers/rules/", rule_sets.rule_set_list, name="rule_sets"),
    path(
        "tiers/rules/<int:academic_year>/",
        rule_sets.rule_set_edit,
        name="rule_set_edit",
    ),
    # The annual tier review.
    path("annual-review/", annual.annual_review_list, name="annual_reviews"),
    path(REVIEW, annual.annual_review_detail, name="annual_review"),
    path(
        f"{REVIEW}schools/<str:urn>/",
        annual.annual_review_item,
        name="annual_review_item",
    ),
    path(
        f"{REVIEW}finalise/",
        annual.annual_review_finalise,
        name="annual_review_finalise",
    ),
    path(f"{REVIEW}report/", annual.annual_review_report, name="annual_review_report"),
]
