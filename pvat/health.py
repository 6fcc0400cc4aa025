"""Checks behind GET /healthz. Each returns {"ok": bool, "detail": str} and
never raises, so one broken service cannot hide the state of the others."""

import uuid

from django.conf import settings
from django.core.cache import cache
from kombu import Connection


def check_database(connection):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "detail": type(error).__name__}
    return {"ok": True, "detail": connection.vendor}


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "detail": type(error).__name__}
    return {"ok": ok, "detail": "read back" if ok else "value not read back"}


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "detail": "eager (tasks run in the web process)"}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "detail": type(error).__name__}
    return {"ok": True, "detail": "connected"}
