"""Evidence journeys in real Chromium, each page checked with axe-core."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from evidence.models import AttainmentResult, EvidenceDocument

from .axe import assert_accessible
from .conftest import open_trust_data_menu, sign_in

pytestmark = pytest.mark.browser

EVIDENCE_FILES = settings.BASE_DIR / "tests" / "fixtures" / "evidence"
# The smallest file that is really a PDF, as a headteacher's SEF would be.
SEF_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_headteacher_uploads_a_self_evaluation(
    page, live_server, transactional_db, headteacher, school_a, tmp_path
):
    sef = tmp_path / "Our SEF autumn 2026.pdf"
    sef.write_bytes(SEF_PDF)
    sign_in(page, live_server, headteacher)

    page.goto(f"{live_server.url}{school_a.get_absolute_url()}")
    page.get_by_role("link", name="Evidence").click()
    assert_accessible(page)
    page.get_by_role("link", name="Self-evaluation and improvement plan").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Upload").first.click()
    expect(page.get_by_role("heading", name="Upload a SEF or SIP")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Self-evaluation (SEF)").check()
    page.get_by_label("File").set_input_files(str(sef))
    page.get_by_role("button", name="Upload document").click()

    expect(
        page.get_by_text("Uploaded: Self-evaluation (SEF) version 1.")
    ).to_be_visible()
    assert_accessible(page)
    document = EvidenceDocument.objects.get(school=school_a, kind="sef")
    assert document.version == 1
    assert document.original_name == "Our SEF autumn 2026.pdf"
    assert document.recorded_by == headteacher


def test_admin_fixes_a_bad_row_and_imports_attainment(
    page, live_server, transactional_db, admin_user, school_a, school_b
):
    sign_in(page, live_server, admin_user)
    open_trust_data_menu(page, "Import evidence")
    assert_accessible(page)

    _upload(page, EVIDENCE_FILES / "attainment_one_bad_row.csv")
    problems = page.get_by_role("table", name="Rows that cannot be imported")
    expect(problems).to_contain_text("3")
    assert_accessible(page)
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert not AttainmentResult.objects.exists()

    page.goto(f"{live_server.url}/evidence/import/")
    _upload(page, EVIDENCE_FILES / "attainment_fixed.csv")
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("created")
    assert AttainmentResult.objects.filter(school=school_a).exists()
    assert_accessible(page)


def _upload(page, path):
    page.get_by_label("Source").select_option(label="Attainment and progress")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
