from django.urls import path

from .views import feeds, focus_days, notes, schedule, workload

app_name = "visits"

SCHOOL = "schools/<str:urn>/visits/"
FOCUS_DAYS = "schools/<str:urn>/focus-days/"
FOCUS_DAY = f"{FOCUS_DAYS}<int:focus_day_pk>/"

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
    path(
        f"{SCHOOL}actions/<int:action_pk>/done/",
        notes.action_done,
        name="action_done",
    ),
    path(FOCUS_DAYS, focus_days.school_focus_days, name="school_focus_days"),
    path(
        f"{FOCUS_DAYS}request/", focus_days.request_focus_day, name="focus_day_request"
    ),
    path(FOCUS_DAY, focus_days.focus_day_detail, name="focus_day"),
    path(f"{FOCUS_DAY}schedule/", focus_days.schedule, name="focus_day_schedule"),
    path(f"{FOCUS_DAY}report/", focus_days.report, name="focus_day_report"),
    path(f"{FOCUS_DAY}withdraw/", focus_days.withdraw, name="focus_day_withdraw"),
    path("focus-days/", focus_days.focus_day_list, name="focus_days"),
    path("visits/", workload.workload, name="workload"),
    path("visits/cadences/", schedule.tier_cadences, name="cadences"),
    path("visits/calendar/", feeds.calendar_link, name="calendar_link"),
    path(
        "visits/calendar/<str:feed_token>.ics",
        feeds.calendar_feed,
        name="calendar_feed",
    ),
]
