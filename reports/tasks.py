import logging
import time

from celery import shared_task

from . import services
from .models import Rendering

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(
    bind=True,
    # Past the soft limit the service marks the rendering failed; the hard
    # limit ends a worker stuck inside WeasyPrint.
    soft_time_limit=60,
    time_limit=90,
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def render_document(self, rendering_id):
    rendering = Rendering.objects.filter(pk=rendering_id).first()
    if rendering is None:
        logger.info("Rendering %s not run: it does not exist", rendering_id)
        return
    started = time.monotonic()
    is_last_attempt = self.request.retries >= self.max_retries
    try:
        services.rendering_run(rendering=rendering, is_last_attempt=is_last_attempt)
    except services.TRANSIENT_ERRORS as error:
        logger.warning(
            "Rendering %s met a transient error; retry %s of %s",
            rendering_id,
            self.request.retries + 1,
            self.max_retries,
        )
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
    logger.info(
        "Rendering %s finished as %s in %.2f s",
        rendering.pk,
        rendering.status,
        time.monotonic() - started,
    )
