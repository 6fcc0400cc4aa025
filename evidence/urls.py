from django.urls import path

from .views import documents, imports, profile, records

app_name = "evidence"

SCHOOL = "schools/<str:urn>/evidence/"

urlpatterns = [
    # A school's evidence, on its profile.
    path(SCHOOL, profile.evidence_overview, name="overview"),
    path(f"{SCHOOL}documents/new/", documents.document_upload, name="document_upload"),
    path(
        f"{SCHOOL}documents/<int:document_pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path(
        f"{SCHOOL}documents/<int:document_pk>/scrutiny/",
        documents.document_scrutinise,
        name="document_scrutinise",
    ),
    path(f"{SCHOOL}<slug:source>/", profile.evidence_source, name="source"),
    path(f"{SCHOOL}<slug:source>/new/", records.record_create, name="record_create"),
    path(
        f"{SCHOOL}<slug:source>/<int:record_pk>/edit/",
        records.record_edit,
        name="record_edit",
    ),
    # National comparators, kept by the admin.
    path("evidence/comparators/", records.comparator_list, name="comparators"),
    path(
        "evidence/comparators/new/",
        records.comparator_create,
        name="comparator_create",
    ),
    path(
        "evidence/comparators/<int:comparator_pk>/edit/",
        records.comparator_edit,
        name="comparator_edit",
    ),
    # Imports, by the admin.
    path("evidence/import/", imports.import_start, name="import"),
    path(
        "evidence/import/<slug:source>/template.<str:file_format>",
        imports.import_template,
        name="import_template",
    ),
    path(
        "evidence/import/preview/<str:token>/",
        imports.import_preview,
        name="import_preview",
    ),
]
