"""A real Celery worker, in its own process, consuming from Redis and writing
to the same PostgreSQL database as the test."""

import os
import time

import pytest

from pvat.celery import app
from tests.celery_worker import celery_worker
from tests.factories import UserFactory


@pytest.fixture
def worker(tmp_path, transactional_db):
    mail = tmp_path / "mail"
    mail.mkdir()
    environment = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
    }
    with celery_worker(log_path=tmp_path / "worker.log", **environment) as queue:
        yield queue, mail


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
