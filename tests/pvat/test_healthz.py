import os

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.services import need

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_healthz_reports_each_service_and_200_when_healthy(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "broker"} <= set(body)
    assert all(body[name]["ok"] for name in ("database", "cache", "broker"))


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_unreachable(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["cache"]["ok"] is False
    assert response.json()["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client):
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=CLOSED_PORT
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.services
@pytest.mark.django_db
def test_healthz_reaches_the_real_broker(client):
    redis_url = os.environ.get("REDIS_URL")
    need(redis_url, "REDIS_URL is not set, so there is no broker to reach")
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=redis_url):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["broker"]["detail"] == "connected"
