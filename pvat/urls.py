from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("schools/", include("schools.urls")),
    path("", include("evidence.urls")),
    path("", include("categorisation.urls")),
    path("", include("visits.urls")),
    path("reports/", include("reports.urls")),
    path("django-admin/", admin.site.urls),
]
