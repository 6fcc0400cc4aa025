"""A real Celery worker, in its own process, consuming from Redis and writing
to the same PostgreSQL database as the test."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from pvat.celery import app
from tests.factories import UserFactory
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def worker(tmp_path, transactional_db):
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
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    command = [sys.executable, "-m", "celery", "-A", "pvat", "worker"]
    command += ["--pool=solo", "--loglevel=info", "-Q", queue]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    yield queue, tmp_path
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _wait_for_files(folder, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(folder.iterdir())
        if files:
            return files
        time.sleep(0.25)
    return []


@pytest.mark.services
def test_worker_sends_the_invitation_email(worker, settings):
    queue, mail_folder = worker
    user = UserFactory(email="new.head@example.org")
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        result = app.send_task(
            "accounts.tasks.send_invitation",
            args=[user.pk, "school-improvement.example", True],
            queue=queue,
        )
        files = _wait_for_files(mail_folder)
    finally:
        app.conf.task_always_eager = True

    assert files, f"the worker sent no e-mail (task {result.id})"
    message = files[0].read_text()
    assert "To: new.head@example.org" in message
    assert "https://school-improvement.example/accounts/password/reset/" in message
