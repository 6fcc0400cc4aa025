from django.urls import path

from .views import areas, calendar, gias, schools

app_name = "schools"

urlpatterns = [
    path("", schools.school_list, name="list"),
    path("new/", schools.school_create, name="create"),
    path("import/", gias.gias_import, name="gias_import"),
    path("import/<str:token>/", gias.gias_import_preview, name="gias_import_preview"),
    path("calendar/", calendar.calendar_overview, name="calendar"),
    path("calendar/new/", calendar.academic_year_create, name="calendar_create"),
    path(
        "calendar/<int:start_year>/", calendar.academic_year_edit, name="calendar_year"
    ),
    path("areas/", areas.area_list, name="areas"),
    path("areas/new/", areas.area_create, name="area_create"),
    path("areas/<slug:slug>/", areas.area_edit, name="area_edit"),
    path("<str:urn>/", schools.school_detail, name="detail"),
    path("<str:urn>/edit/", schools.school_edit, name="edit"),
]
