"""Renderings of documents as PDFs.

A rendering records one request to turn a document (a kind and the id of the
object it describes) into a PDF, and follows it from pending to ready or
failed. Its file is private: it lives under MEDIA_ROOT with a name made by the
server and is only ever served by the download view, after the same access
check as the page the document came from.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

# A rendering still "being made" this long after it started has lost its
# worker (the task's hard time limit is far shorter), so it may be retried.
STALLED_AFTER = datetime.timedelta(minutes=5)


def rendering_path(rendering, filename):
    """A name made by the server, filed under the school it belongs to."""
    owner = rendering.school_id or "trust"
    return f"reports/{owner}/{uuid.uuid4().hex}.pdf"


class RenderingStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Rendering(models.Model):
    kind = models.CharField(max_length=50, help_text="A kind in reports.documents.")
    object_id = models.PositiveBigIntegerField()
    # The document's title when it was asked for, so that lists and
    # reminders name each PDF without describing its object again.
    title = models.CharField(max_length=300, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renderings",
        help_text="Empty for a trust-wide document.",
    )
    status = models.CharField(
        max_length=10, choices=RenderingStatus.choices, default=RenderingStatus.PENDING
    )
    error = models.TextField(
        blank=True, help_text="What the reader is told; never a stack trace."
    )
    file = models.FileField(upload_to=rendering_path, max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set on the first download by whoever asked: they need no reminder.
    requester_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.get_status_display()})"

    @property
    def is_ready(self):
        return self.status == RenderingStatus.READY

    @property
    def is_failed(self):
        return self.status == RenderingStatus.FAILED

    @property
    def is_in_progress(self):
        return self.status in (RenderingStatus.PENDING, RenderingStatus.RENDERING)

    @property
    def is_stalled(self):
        return (
            self.status == RenderingStatus.RENDERING
            and self.started_at is not None
            and timezone.now() - self.started_at > STALLED_AFTER
        )

    @property
    def can_retry(self):
        return self.is_failed or self.is_stalled
