"""A real Celery worker in its own process, for tests that need one.

It consumes a queue of its own from Redis and works on the test's PostgreSQL
database, so what the test commits the worker sees. Without Redis or
PostgreSQL the test skips, except under CI=true, where it fails.
"""

import os
import signal
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.services import need

ROOT = Path(__file__).resolve().parents[1]


def _database_url():
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@contextmanager
def celery_worker(*, log_path, **environment):
    """Run a worker while the block runs; yields its queue's name. Its output
    goes to log_path (a pipe nobody reads would stall a chatty worker)."""
    redis_url = os.environ.get("REDIS_URL")
    need(redis_url, "REDIS_URL is not set: no broker for a real worker")
    need(connection.vendor == "postgresql", "a worker process needs PostgreSQL")
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pvat.settings.dev",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "pvat", "worker"]
    command += ["--pool=solo", "--loglevel=info", "-Q", queue]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield queue
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
