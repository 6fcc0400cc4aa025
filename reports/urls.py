from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("request/", views.request_document, name="request"),
    path("<int:rendering_pk>/", views.status, name="status"),
    path("<int:rendering_pk>/retry/", views.retry, name="retry"),
    path("<int:rendering_pk>/download/", views.download, name="download"),
]
