"""Asking for a PDF, following its progress, trying again and downloading it.

Every view reaches the rendering through reports.access, so the download
answers exactly as the page the document came from.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accounts.access import permission_required, signed_in

from .access import document_for_user, rendering_for_user
from .forms import RenderingRequestForm
from .services import rendering_request, rendering_retry

logger = logging.getLogger(__name__)


@permission_required("reports.request_document")
@require_POST
def request_document(request):
    form = RenderingRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That document could not be found; no PDF was made.")
        return redirect("home")
    kind, object_id = form.cleaned_data["kind"], form.cleaned_data["object_id"]
    if not kind.can_request(request.user):
        raise PermissionDenied
    document_for_user(request.user, kind, object_id)
    try:
        rendering = rendering_request(
            kind=kind.name, object_id=object_id, requested_by=request.user
        )
    except ObjectDoesNotExist:
        raise Http404("No such document.") from None
    return redirect("reports:status", rendering_pk=rendering.pk)


@signed_in
def status(request, rendering_pk):
    rendering, kind = rendering_for_user(request.user, rendering_pk)
    document = document_for_user(request.user, kind, rendering.object_id)
    context = {
        "rendering": rendering,
        "document": document,
        "may_retry": kind.can_request(request.user),
    }
    template = "reports/rendering_status.html"
    if request.htmx:
        template = "reports/_rendering_status.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@signed_in
@require_POST
def retry(request, rendering_pk):
    rendering, kind = rendering_for_user(request.user, rendering_pk)
    # Reading a PDF is not asking for one: a governor may not queue work.
    if not kind.can_request(request.user):
        raise PermissionDenied
    if rendering.can_retry:
        rendering_retry(rendering=rendering, requested_by=request.user)
        messages.info(request, "Trying again: the PDF is back in the queue.")
    else:
        messages.info(request, "This PDF has not failed, so there is nothing to retry.")
    return redirect("reports:status", rendering_pk=rendering.pk)


@signed_in
def download(request, rendering_pk):
    rendering, kind = rendering_for_user(request.user, rendering_pk)
    if not rendering.is_ready:
        raise Http404("This PDF is not ready.")
    document = document_for_user(request.user, kind, rendering.object_id)
    try:
        handle = rendering.file.open("rb")
    except FileNotFoundError:
        logger.exception("Rendering %s has no file in storage", rendering.pk)
        raise Http404("This PDF's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.file_name,
        content_type="application/pdf",
    )
    if request.user.pk == rendering.requested_by_id:
        _downloaded_by_requester(rendering)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    logger.info("Rendering %s downloaded by user %s", rendering.pk, request.user.pk)
    return response


def _downloaded_by_requester(rendering):
    """Kept once, so the morning's reminder skips a PDF already fetched."""
    if rendering.requester_downloaded_at is None:
        rendering.requester_downloaded_at = timezone.now()
        rendering.save(update_fields=["requester_downloaded_at"])
