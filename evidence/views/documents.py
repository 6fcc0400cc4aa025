"""A school's SEF and SIP: uploading a new version, downloading any
version, and the CEO's scrutiny.

Files live under MEDIA_ROOT, which is never served; this download view is
the only way out, and it checks the user's access to the document's school.
"""

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import signed_in
from schools.access import school_for_user

from ..forms import DocumentScrutinyForm, DocumentUploadForm
from ..models import DocumentKind, EvidenceDocument
from ..services import document_scrutiny_record, evidence_document_upload

logger = logging.getLogger(__name__)

SCRUTINISED_KINDS = [DocumentKind.SEF, DocumentKind.SIP]


def document_for_user(user, urn, document_pk, *, permission, kinds=None):
    """The document, if it belongs to the school with this URN and the user
    holds the permission there. 404 for outsiders and for a document of any
    other school, whatever the URN says; 403 for a member without the
    permission."""
    school = school_for_user(user, urn, permission=permission)
    documents = EvidenceDocument.objects.filter(school=school)
    if kinds:
        documents = documents.filter(kind__in=kinds)
    return get_object_or_404(documents.select_related("school"), pk=document_pk)


@signed_in
def document_upload(request, urn):
    school = school_for_user(request.user, urn, permission="evidence.upload_document")
    is_post = request.method == "POST"
    form = DocumentUploadForm(
        request.POST if is_post else None, request.FILES if is_post else None
    )
    if is_post and form.is_valid():
        document = evidence_document_upload(
            school=school,
            kind=form.cleaned_data["kind"],
            checked=form.cleaned_data["file"],
            user=request.user,
        )
        messages.success(request, f"Uploaded: {document}.")
        return redirect("evidence:source", urn=school.urn, source="documents")
    context = {"school": school, "form": form, "latest": _latest_versions(school)}
    return render(request, "evidence/document_upload.html", context)


def _latest_versions(school):
    documents = EvidenceDocument.objects.filter(
        school=school, kind__in=SCRUTINISED_KINDS
    ).order_by("kind", "-version")
    latest = {}
    for document in documents:
        latest.setdefault(document.kind, document)
    return list(latest.values())


@signed_in
def document_download(request, urn, document_pk):
    document = document_for_user(
        request.user, urn, document_pk, permission="evidence.view_evidence"
    )
    storage = document.file.storage
    try:
        handle = storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.exception("Document %s has no file in storage", document.pk)
        raise Http404("This document's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    logger.info("Document %s downloaded by user %s", document.pk, request.user.pk)
    return response


@signed_in
def document_scrutinise(request, urn, document_pk):
    document = document_for_user(
        request.user,
        urn,
        document_pk,
        permission="evidence.scrutinise_document",
        kinds=SCRUTINISED_KINDS,
    )
    form = DocumentScrutinyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document_scrutiny_record(form=form, document=document, user=request.user)
        messages.success(request, f"Scrutiny saved: {document}.")
        return redirect("evidence:source", urn=urn, source="documents")
    context = {
        "school": document.school,
        "document": document,
        "form": form,
        "scrutinies": document.scrutinies.select_related("scrutinised_by"),
    }
    return render(request, "evidence/document_scrutiny.html", context)
