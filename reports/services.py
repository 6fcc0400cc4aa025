"""Requesting, running and retrying renderings. Each logs the ids it changed."""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from . import documents
from .models import Rendering, RenderingStatus
from .rendering import RefusedResource, pdf_render

logger = logging.getLogger(__name__)

# Errors that a later attempt may not meet: the database or the file storage
# was briefly out of reach.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)

TOO_SLOW = (
    "The PDF took too long to make and was stopped. Try again; if it happens "
    "again, please tell the trust admin."
)
GAVE_UP = (
    "The PDF could not be made after several attempts because the server was "
    "busy or out of reach. Try again in a few minutes."
)
GONE = "The PDF was not made: what it describes no longer exists."
UNEXPECTED = (
    "The PDF could not be made because of an error in the app. It has been "
    "logged; please tell the trust admin."
)


def rendering_request(*, kind, object_id, requested_by):
    """Record a pending rendering and queue it once the transaction commits.
    Raises UnknownDocumentKind, or the model's DoesNotExist when the object
    is not there."""
    from .tasks import render_document

    document = documents.kind_get(kind).describe(object_id)
    rendering = Rendering.objects.create(
        kind=kind,
        object_id=object_id,
        title=document.title[:300],
        school=document.school,
        requested_by=requested_by,
    )
    logger.info(
        "Rendering %s of %s %s requested by user %s",
        rendering.pk,
        kind,
        object_id,
        requested_by.pk,
    )
    render_document.delay_on_commit(rendering.pk)
    return rendering


def rendering_retry(*, rendering, requested_by):
    """Send a failed (or stalled) rendering back to the queue."""
    from .tasks import render_document

    if not rendering.can_retry:
        raise ValidationError("Only a PDF that failed can be tried again.")
    rendering.status = RenderingStatus.PENDING
    rendering.error = ""
    rendering.started_at = rendering.finished_at = None
    rendering.save(update_fields=["status", "error", "started_at", "finished_at"])
    logger.info("Rendering %s retried by user %s", rendering.pk, requested_by.pk)
    render_document.delay_on_commit(rendering.pk)
    return rendering


def rendering_run(*, rendering, is_last_attempt=True):
    """Render the document and store its PDF. Safe to run twice: only a
    pending rendering, or one a crashed worker left "rendering", is made; a
    ready or failed one is left as it is (rendering_retry re-queues).

    A refused resource, a time-out or a fault in the app marks the rendering
    failed with a message for the reader. A transient error is raised again
    for the task to retry, except on the last attempt, which marks it failed.

    Once a PDF is stored, the kind's `on_ready` runs after the commit (at
    once in the worker, which holds no transaction).
    """
    if not rendering.is_in_progress:
        logger.info(
            "Rendering %s not run again: it is %s", rendering.pk, rendering.status
        )
        return rendering

    _mark_rendering(rendering)
    try:
        kind = documents.kind_get(rendering.kind)
        pdf = pdf_render(kind.build_html(rendering.object_id))
        _store(rendering, pdf)
    except RefusedResource as refusal:
        return _fail(rendering, str(refusal))
    except SoftTimeLimitExceeded:
        return _fail(rendering, TOO_SLOW)
    except ObjectDoesNotExist:
        return _fail(rendering, GONE)
    except TRANSIENT_ERRORS:
        if not is_last_attempt:
            raise
        logger.exception("Rendering %s gave up after a transient error", rendering.pk)
        return _fail(rendering, GAVE_UP)
    except Exception:
        logger.exception("Rendering %s failed", rendering.pk)
        return _fail(rendering, UNEXPECTED)
    if kind.on_ready is not None:
        transaction.on_commit(lambda: _on_ready(kind, rendering))
    return rendering


def _on_ready(kind, rendering):
    # The PDF is stored and its readers may download it whatever happens
    # here, so an error is logged and the rendering stays ready.
    try:
        kind.on_ready(rendering)
    except Exception:
        logger.exception(
            "Rendering %s is ready but its on_ready for %s failed",
            rendering.pk,
            kind.name,
        )


def _mark_rendering(rendering):
    rendering.status = RenderingStatus.RENDERING
    rendering.started_at = timezone.now()
    rendering.finished_at = None
    rendering.attempts += 1
    rendering.save(update_fields=["status", "started_at", "finished_at", "attempts"])
    logger.info("Rendering %s started, attempt %s", rendering.pk, rendering.attempts)


def _store(rendering, pdf):
    rendering.file.save("document.pdf", ContentFile(pdf), save=False)
    rendering.status = RenderingStatus.READY
    rendering.error = ""
    rendering.finished_at = timezone.now()
    rendering.save(update_fields=["file", "status", "error", "finished_at"])
    logger.info("Rendering %s ready (%s bytes)", rendering.pk, len(pdf))


def _fail(rendering, message):
    rendering.status = RenderingStatus.FAILED
    rendering.error = message
    rendering.finished_at = timezone.now()
    rendering.save(update_fields=["status", "error", "finished_at"])
    logger.info("Rendering %s failed", rendering.pk)
    return rendering
