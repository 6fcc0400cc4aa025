"""The production access log hides the secrets that travel in URLs."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils.module_loading import import_string
from gunicorn.config import Config

from pvat.gunicorn_logging import SecretHidingLogger
from pvat.logs import SecretHidingFilter

ROOT = Path(__file__).resolve().parents[2]
FEED_TOKEN = "Zq8Xx7-feed-token-secret"
RESET_TOKEN = "cb1a2k-0f9e8d7c6b5a4"


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def _access_line(path, referer="-"):
    config = Config()
    config.set("accesslog", "-")
    logger = SecretHidingLogger(config)
    captured = Captured()
    logger.access_log.addHandler(captured)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Calendar/1.0",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=120)
    request = SimpleNamespace(headers=[("REFERER", referer)])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=5))
    [line] = captured.lines
    return line


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/visits/calendar/{FEED_TOKEN}.ics", "/visits/calendar/[hidden].ics"),
        (
            f"/accounts/password/reset/MQ/{RESET_TOKEN}/",
            "/accounts/password/reset/[hidden]/[hidden]/",
        ),
    ],
)
def test_tokens_in_paths_are_hidden_and_the_rest_is_kept(path, shown):
    line = _access_line(path)

    assert FEED_TOKEN not in line and RESET_TOKEN not in line
    assert f'"GET {shown} HTTP/1.1" 200 120' in line
    assert "192.0.2.1" in line and "Calendar/1.0" in line


def test_a_token_in_the_referer_is_hidden():
    line = _access_line(
        "/accounts/password/reset/done/",
        referer=f"https://trust.example/accounts/password/reset/MQ/{RESET_TOKEN}/",
    )

    assert RESET_TOKEN not in line
    assert "https://trust.example/accounts/password/reset/[hidden]/[hidden]/" in line


def test_other_paths_are_logged_as_they_are():
    line = _access_line("/schools/100001/focus-days/3/")

    assert '"GET /schools/100001/focus-days/3/ HTTP/1.1"' in line


def test_gunicorn_conf_selects_the_logger():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert import_string(config["logger_class"]) is SecretHidingLogger
    assert config["accesslog"] == "-"


def test_the_apps_own_log_lines_hide_them_too():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/visits/calendar/{FEED_TOKEN}.ics",),
        None,
    )

    assert SecretHidingFilter().filter(record) is True
    assert record.getMessage() == "Not Found: /visits/calendar/[hidden].ics"


def test_the_console_handler_uses_the_filter(settings):
    handler = settings.LOGGING["handlers"]["console"]

    assert handler["filters"] == ["secrets_hidden"]
    assert settings.LOGGING["filters"]["secrets_hidden"]["()"] == (
        "pvat.logs.SecretHidingFilter"
    )
