"""Production settings refuse to start without their secrets and pass Django's
deployment checks; each case runs manage.py in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "a-long-random-secret-for-this-test-only-0123456789"


def _manage(*arguments, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="pvat.settings.production", **overrides)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="a.example", DATABASE_URL="sqlite://")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage(
        "check", SECRET_KEY="short", ALLOWED_HOSTS="a.example", DATABASE_URL="sqlite://"
    )

    assert result.returncode != 0
    assert "50+ characters" in result.stderr


def test_production_passes_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="sqlite://",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_seed_demo_is_refused_under_production_settings():
    result = _manage(
        "seed_demo",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="sqlite://",
    )

    assert result.returncode != 0
    assert "refused under production settings" in result.stderr


def test_production_requires_two_step_sign_in_for_staff_roles_by_default():
    script = "from django.conf import settings; print(settings.TWO_STEP_REQUIRED_ROLES)"
    result = _manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="sqlite://",
    )

    assert result.returncode == 0, result.stderr
    for role in ["ceo", "admin", "trust_reviewer", "headteacher"]:
        assert f"'{role}'" in result.stdout


EAGER_TASK = """
from pvat.celery import app

@app.task
def ping():
    return "pong"

print(ping.delay().get())
"""


def test_tasks_run_eagerly_without_a_broker_and_without_a_warning():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(DJANGO_SETTINGS_MODULE="pvat.settings.dev", DATABASE_URL="sqlite://")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "shell", "-c", EAGER_TASK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("pong")
    assert "No hostname" not in result.stderr
