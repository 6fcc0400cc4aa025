from django.urls import path

from .views import feeds, notes, schedule, workload

app_name = "visits"

SCHOOL = "schools/<str:urn>/visits/"

urlpatterns = [
    path(SCHOOL, schedule.school_visits, name="school_visits"),
    path(f"{SCHOOL}cadence/", schedule.school_cadence, name="school_cadence"),
    path(f"{SCHOOL}<int:visit_pk>/", schedule.visit_detail, name="detail"),
    path(f"{SCHOOL}<int:visit_pk>/note/", notes.note_edit, name="note_edit"),
    path(
        f"{SCHOOL}<int:visit_pk>/note/draft/",
        notes.note_autosave,
        name="note_autosave",
    ),
    path("visits/", workload.workload, name="workload"),
    path("visits/cadences/", schedule.tier_cadences, name="cadences"),
    path("visits/calendar/", feeds.calendar_link, name="calendar_link"),
    path(
        "visits/calendar/<str:feed_token>.ics",
        feeds.calendar_feed,
        name="calendar_feed",
    ),
]
