"""Fixtures for browser tests: Debian's Chromium driven by Playwright's sync API
against pytest-django's live server."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from tests.services import need

from .axe import AXE_SCRIPT, assert_accessible

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so the page fixture can tell, while
    # tearing down, whether the test failed and a screenshot is worth saving.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every test in this package.

    Package scope, not session scope: while Playwright's sync API runs, its
    event loop counts as running in the test thread, and Django refuses ORM
    calls from a thread with a running loop. Stopping Playwright when the
    browser tests end keeps that from leaking into the rest of the suite.
    """
    need(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM}")
    need(AXE_SCRIPT.exists(), f"axe-core is missing at {AXE_SCRIPT}; run npm ci")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # The loop Playwright runs is not one the ORM shares: every query is
        # still made synchronously from the test thread, so Django's guard
        # against async contexts is a false alarm here, and only here.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture
def viewport():
    """The size of `page`; override with parametrize or a local fixture."""
    return DESKTOP


@pytest.fixture
def page(browser, viewport, request):
    yield from _open_page(browser, viewport, request)


@pytest.fixture
def tablet_page(browser, request):
    yield from _open_page(browser, TABLET, request)


def _open_page(browser, viewport, request):
    # Reduced motion: no button is caught by axe half-way through a colour
    # transition after a click that leaves the page where it is.
    context = browser.new_context(
        viewport=viewport, locale="en-GB", reduced_motion="reduce"
    )
    context.set_default_timeout(5_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _save_screenshot(page, request.node.nodeid)
    context.close()


def _save_screenshot(page, nodeid):
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def sign_in(page, live_server, user, password=PASSWORD):
    """Sign in through the real form and wait for the page it leads to."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)


def open_trust_data_menu(page, item):
    """Follow an entry of the navigation's "Trust data" menu."""
    navigation = page.get_by_role("navigation", name="Main")
    toggler = navigation.get_by_role("button", name="Show navigation")
    if toggler.is_visible():
        toggler.click()
    navigation.get_by_role("button", name="Trust data").click()
    navigation.get_by_role("link", name=item).click()
