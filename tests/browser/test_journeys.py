"""Journeys through the app in real Chromium, each page checked with axe-core."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from schools.models import School
from tests.factories import SchoolFactory

from .axe import assert_accessible
from .conftest import open_trust_data_menu, sign_in

pytestmark = pytest.mark.browser

GIAS_FILES = settings.BASE_DIR / "tests" / "fixtures" / "gias"
GIAS_SAMPLE = GIAS_FILES / "edubasealldata_sample.csv"
GIAS_BAD = GIAS_FILES / "edubasealldata_bad.csv"
# Rows of the sample that belong to the trust, and one that belongs to another.
IMPORTED_SCHOOLS = [
    "St Mary's Catholic Voluntary Academy, Matlock",
    "Brontë Way Primary School",
    "Hope Valley College",
]
OTHER_TRUSTS_SCHOOL = "Derwent Valley Primary Academy"


def test_headteacher_sees_own_school_and_not_another(
    page, live_server, transactional_db, headteacher, school_a, school_b
):
    sign_in(page, live_server, headteacher)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Schools"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    schools = page.get_by_role("table")
    expect(schools.get_by_role("link", name=school_a.name)).to_be_visible()
    expect(schools).not_to_contain_text(school_b.name)
    assert_accessible(page)

    schools.get_by_role("link", name=school_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(school_a.name)
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/schools/{school_b.urn}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(school_b.name)
    assert_accessible(page)


def test_admin_imports_schools_from_gias(
    page, live_server, transactional_db, admin_user, settings, tmp_path
):
    # The upload waits under MEDIA_ROOT between preview and apply.
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, live_server, admin_user)

    open_trust_data_menu(page, "Import from GIAS")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import schools from GIAS"
    )
    expect(page.get_by_label("Trust name")).to_have_value(settings.TRUST_NAME)
    assert_accessible(page)

    page.get_by_label("GIAS establishment file").set_input_files(GIAS_SAMPLE)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the import from GIAS"
    )
    to_add = page.get_by_role("table", name=re.compile("to add"))
    for name in IMPORTED_SCHOOLS:
        expect(to_add).to_contain_text(name)
    expect(to_add).not_to_contain_text(OTHER_TRUSTS_SCHOOL)
    assert_accessible(page)

    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    expect(page.get_by_role("status")).to_contain_text("Import from GIAS finished")
    schools = page.get_by_role("table")
    for name in IMPORTED_SCHOOLS:
        expect(schools.get_by_role("link", name=name)).to_be_visible()
    expect(schools).not_to_contain_text(OTHER_TRUSTS_SCHOOL)
    assert_accessible(page)
    assert School.objects.filter(name__in=IMPORTED_SCHOOLS).count() == len(
        IMPORTED_SCHOOLS
    )


def test_admin_sees_accessible_problems_with_a_gias_file(
    page, live_server, transactional_db, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    schools_before = School.objects.count()
    sign_in(page, live_server, admin_user)
    page.goto(f"{live_server.url}/schools/import/")
    upload = page.get_by_role("button", name="Upload and preview")

    upload.click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the GIAS file")
    assert_accessible(page)

    page.get_by_label("GIAS establishment file").set_input_files(GIAS_BAD)
    upload.click()
    expect(page.get_by_role("alert")).to_contain_text("problems")
    expect(page.get_by_role("button", name="Apply these changes")).to_have_count(0)
    assert_accessible(page)
    assert School.objects.count() == schools_before


def test_first_tab_on_sign_in_reaches_visible_skip_link(page, live_server):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    box = skip_link.bounding_box()
    assert box["width"] > 1 and box["height"] > 1

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_wrong_password_shows_an_accessible_error(
    page, live_server, transactional_db, headteacher
):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(headteacher.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("main")).to_contain_text("correct email address")
    assert_accessible(page)


def test_repeated_wrong_passwords_pause_sign_in_with_a_way_out(
    page, live_server, transactional_db, headteacher
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_label("Email address").fill(headteacher.email)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in paused")
    expect(page.get_by_role("link", name="Set a new password")).to_be_visible()
    assert_accessible(page)


def test_school_list_fits_a_tablet_and_menu_opens(
    tablet_page, live_server, transactional_db, admin_user
):
    page = tablet_page
    SchoolFactory(
        name="St Example's Church of England Voluntary Aided Primary and Nursery",
        local_authority="Kingston upon Hull, City of",
    )
    sign_in(page, live_server, admin_user)
    page.goto(f"{live_server.url}/schools/")
    assert_accessible(page)

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than a 768px tablet"

    navigation = page.get_by_role("navigation", name="Main")
    menu_link = navigation.get_by_role("link", name="Schools")
    expect(menu_link).to_be_hidden()
    toggler = navigation.get_by_role("button", name="Show navigation")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    assert_accessible(page)
