import csv
import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from evidence.importing import evidence_import
from evidence.importing.resources import RESOURCES
from evidence.models import AttainmentResult
from tests.conftest import NOT_ADMINS

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"
GOOD = (FIXTURES / "attainment_fixed.csv").read_bytes()
BAD = (FIXTURES / "attainment_one_bad_row.csv").read_bytes()
KS2 = (FIXTURES / "dfe_ks2_2024-25.csv").read_bytes()
UPLOAD_URL = reverse("evidence:import")
IMPORT_BUTTON = "Import these records"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, data, *, name="attainment.csv", source="attainment", year=""):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    form = {"source": source, "file": file, "academic_year": year}
    return client.post(UPLOAD_URL, form)


def token_of(response):
    assert response.status_code == 302, response.content.decode()
    return resolve(response["Location"]).kwargs["token"]


def preview_url(token):
    return reverse("evidence:import_preview", kwargs={"token": token})


def stored_files(media_root):
    return sorted((media_root / "evidence-imports").glob("*"))


def test_start_page_offers_templates_and_the_form(admin_client):
    response = admin_client.get(UPLOAD_URL)

    page = response.content.decode()
    assert response.status_code == 200
    for slug in RESOURCES:
        for file_format in ("csv", "xlsx"):
            url = reverse("evidence:import_template", args=[slug, file_format])
            assert f'href="{url}"' in page
    assert "DfE key stage 2 performance file" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'for="id_source"' in page
    assert "Academic year (DfE data only)" in page
    assert "<caption>" in page
    assert "Upload and check the file" in page


def test_admin_uploads_previews_and_imports(admin_client, admin_user, media_root):
    token = token_of(upload(admin_client, GOOD))
    assert stored_files(media_root) == [
        media_root / "evidence-imports" / f"{token}.csv"
    ]

    preview = admin_client.get(preview_url(token))

    page = preview.content.decode()
    assert "Check the import: Attainment and progress" in page
    assert "attainment.csv" in page
    assert preview.context["result"].created == 7
    assert IMPORT_BUTTON in page
    assert not AttainmentResult.objects.exists()

    response = admin_client.post(preview_url(token), follow=True)

    assert response.redirect_chain[-1][0] == UPLOAD_URL
    assert (
        "Attainment and progress imported: created 7, updated 0, unchanged 0."
        in response.content.decode()
    )
    assert AttainmentResult.objects.count() == 7
    assert set(AttainmentResult.objects.values_list("recorded_by", flat=True)) == {
        admin_user.pk
    }
    assert stored_files(media_root) == []
    assert admin_client.get(preview_url(token)).status_code == 404


def test_reimport_shows_updates_and_unchanged(admin_client):
    admin_client.post(preview_url(token_of(upload(admin_client, GOOD))))
    changed = GOOD.replace(b",64,Published,30,52", b",65,Published,30,52")

    preview = admin_client.get(preview_url(token_of(upload(admin_client, changed))))

    result = preview.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    assert AttainmentResult.objects.count() == 7


def test_bad_file_lists_every_bad_row_and_offers_no_import(admin_client):
    token = token_of(upload(admin_client, BAD))

    preview = admin_client.get(preview_url(token))

    page = preview.content.decode()
    assert 'role="alert"' in page
    assert "The file has 1 problem" in page
    assert "<td>3</td><td>Value</td><td>“n/a” is not a number." in page
    assert "<caption>Rows that cannot be imported, and why" in page
    assert '<th scope="col">Row</th>' in page
    assert IMPORT_BUTTON not in page

    response = admin_client.post(preview_url(token))

    assert response.status_code == 200
    assert "The file has 1 problem" in response.content.decode()
    assert not AttainmentResult.objects.exists()


def test_fixed_file_imports_after_a_bad_one(admin_client):
    admin_client.get(preview_url(token_of(upload(admin_client, BAD))))

    token = token_of(upload(admin_client, GOOD, name="attainment_fixed.csv"))
    admin_client.post(preview_url(token))

    assert AttainmentResult.objects.count() == 7


def test_unreadable_file_is_reported_in_the_preview(admin_client):
    token = token_of(upload(admin_client, b"not,a\nworkbook", name="a.xlsx"))

    page = admin_client.get(preview_url(token)).content.decode()

    assert "This is not a readable XLSX workbook." in page
    assert IMPORT_BUTTON not in page


def test_dfe_upload_needs_a_year_and_shows_skipped_rows(admin_client):
    response = upload(admin_client, KS2, name="england_ks2final.csv", source="dfe-ks2")
    assert response.status_code == 200
    assert "Enter the year the DfE file reports." in response.content.decode()

    response = upload(
        admin_client,
        KS2,
        name="england_ks2final.csv",
        source="dfe-ks2",
        year="2024/25",
    )
    preview = admin_client.get(preview_url(token_of(response)))

    page = preview.content.decode()
    assert "(for 2024/25)" in page
    assert "Rows for schools outside the trust, left out" in page
    assert preview.context["result"].created == 20
    admin_client.post(preview_url(token_of(response)))
    assert AttainmentResult.objects.filter(academic_year=2024).count() == 20


@pytest.mark.parametrize(
    ("source", "name", "year", "field", "message"),
    [
        ("attainment", "a.csv", "2024/25", "academic_year", "only DfE files need one"),
        ("dfe-ks2", "a.csv", "2024", "academic_year", "Write the year as 2024/25"),
        ("dfe-ks2", "a.xlsx", "2024/25", "file", "Choose DfE's CSV file"),
        ("attainment", "a.txt", "", "file", "Choose a CSV or XLSX file."),
        ("", "a.csv", "", "source", "Choose what the file holds."),
    ],
)
def test_upload_form_explains_its_errors(
    admin_client, media_root, source, name, year, field, message
):
    response = upload(admin_client, GOOD, name=name, source=source, year=year)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert 'role="alert"' in response.content.decode()
    assert stored_files(media_root) == []


def test_oversize_file_is_refused(admin_client, media_root, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 100

    response = upload(admin_client, GOOD)

    assert response.status_code == 200
    assert "This file is larger than the 100\xa0bytes allowed." in (
        response.content.decode()
    )
    assert stored_files(media_root) == []


def test_unknown_token_is_404(admin_client):
    assert admin_client.get(preview_url("x" * 43)).status_code == 404
    assert admin_client.get(preview_url("no-such-token")).status_code == 404


def test_another_sessions_token_is_404(admin_client, client, people):
    token = token_of(upload(admin_client, GOOD))
    client.logout()
    client.force_login(people["admin"])

    assert client.get(preview_url(token)).status_code == 404


def test_expired_upload_is_404(admin_client, media_root):
    token = token_of(upload(admin_client, GOOD))
    path = media_root / "evidence-imports" / f"{token}.csv"
    day_ago = time.time() - 24 * 3600
    os.utime(path, (day_ago, day_ago))

    assert admin_client.get(preview_url(token)).status_code == 404


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_only_the_admin_may_import(client, people, role, media_root):
    client.force_login(people[role])
    template = reverse("evidence:import_template", args=["attainment", "csv"])

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert client.get(template).status_code == 403
    assert client.get(preview_url("x" * 43)).status_code == 403
    assert stored_files(media_root) == []


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Templates ------------------------------------------------------------------------


def template_rows(response, file_format):
    content = b"".join(response) if response.streaming else response.content
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("source", sorted(RESOURCES))
def test_template_parses_back_with_the_header(
    admin_client, school_a, source, file_format
):
    url = reverse("evidence:import_template", args=[source, file_format])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert (
        f'filename="{source}-template.{file_format}"'
        in (response["Content-Disposition"])
    )
    header, example = template_rows(response, file_format)
    columns = RESOURCES[source]().columns()
    assert header == [column.column_name for column in columns]
    assert header[0] == "URN"
    assert len(example) == len(header)
    # The example row itself imports, for the school with URN 100001.
    result = evidence_import(
        source=source, data=response.content, file_format=file_format, dry_run=True
    )
    assert result.errors == []
    assert result.created == 1


def test_template_headers_name_every_grade_and_standard(admin_client):
    def header_of(source):
        url = reverse("evidence:import_template", args=[source, "csv"])
        return template_rows(admin_client.get(url), "csv")[0]

    inspections = header_of("inspections")
    assert "EIF: Quality of education" in inspections
    assert "Report card: Curriculum and teaching" in inspections
    assert "Safer workforce and recruitment" in header_of("safeguarding")


@pytest.mark.parametrize(
    ("source", "file_format"),
    [("documents", "csv"), ("dfe-ks2", "csv"), ("attainment", "pdf")],
)
def test_unknown_template_is_404(admin_client, source, file_format):
    url = reverse("evidence:import_template", args=[source, file_format])

    assert admin_client.get(url).status_code == 404
