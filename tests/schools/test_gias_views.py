import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from schools.models import School, SchoolStatus
from tests.conftest import NOT_ADMINS
from tests.factories import SchoolFactory

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gias"
SAMPLE = (FIXTURES / "edubasealldata_sample.csv").read_bytes()
BAD = (FIXTURES / "edubasealldata_bad.csv").read_bytes()
TRUST = "Peak Valley Academy Trust"
APPLY_BUTTON = "Apply these changes"
UPLOAD_URL = reverse("schools:gias_import")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, data, name="edubasealldata20251014.csv", trust_name=TRUST):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(UPLOAD_URL, {"file": file, "trust_name": trust_name})


def token_of(response):
    assert response.status_code == 302, response.content.decode()
    return resolve(response["Location"]).kwargs["token"]


def preview_url(token):
    return reverse("schools:gias_import_preview", kwargs={"token": token})


def stored_files(media_root):
    return list((media_root / "gias-imports").glob("*"))


def test_upload_form_offers_the_trust_name(admin_client, settings):
    response = admin_client.get(UPLOAD_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{settings.TRUST_NAME}"' in page
    assert 'type="file"' in page
    assert 'enctype="multipart/form-data"' in page


def test_admin_uploads_previews_and_applies(admin_client, media_root):
    token = token_of(upload(admin_client, SAMPLE))
    assert stored_files(media_root) == [media_root / "gias-imports" / f"{token}.csv"]

    preview = admin_client.get(preview_url(token))
    page = preview.content.decode()
    assert "Brontë Way Primary School" in page
    assert "The &quot;Peak&quot; School – Café Campus" in page
    assert "Derwent Valley Primary Academy" not in page
    assert "Quarrington" not in page
    assert APPLY_BUTTON in page
    assert not School.objects.filter(urn="149101").exists()

    response = admin_client.post(
        preview_url(token), {"digest": preview.context["digest"]}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("schools:list")
    assert "Import from GIAS finished: created 6" in response.content.decode()
    assert School.objects.filter(urn__startswith="1491").count() == 6
    assert stored_files(media_root) == []


def test_preview_shows_changes_from_old_to_new(admin_client):
    SchoolFactory(urn="149101", number_of_pupils=150)
    SchoolFactory(urn="149107", status=SchoolStatus.OPEN)

    page = admin_client.get(preview_url(token_of(upload(admin_client, SAMPLE))))

    content = page.content.decode()
    assert "Schools to update" in content
    assert "Number of pupils: 150" in content
    assert "198" in content
    assert "Schools to close" in content
    assert "31 August 2024" in content


def test_bad_file_lists_every_problem_without_an_apply_button(admin_client):
    token = token_of(upload(admin_client, BAD))

    response = admin_client.get(preview_url(token))

    page = response.content.decode()
    assert 'role="alert"' in page
    assert "The file has 6 problems" in page
    for line, column in [(3, "URN"), (4, "OpenDate"), (5, "NumberOfPupils")]:
        assert f"<td>{line}</td><td>{column}</td>" in page
    assert APPLY_BUTTON not in page


def test_applying_a_bad_file_writes_nothing(admin_client):
    token = token_of(upload(admin_client, BAD))

    admin_client.post(preview_url(token), {"digest": "anything"})

    assert not School.objects.filter(urn__startswith="1491").exists()


def test_unreadable_file_is_refused_at_upload(admin_client, media_root):
    response = upload(admin_client, SAMPLE.decode("cp1252").encode("utf-8"))

    assert response.status_code == 200
    assert "not Windows-1252" in response.content.decode()
    assert not (media_root / "gias-imports").exists()


def test_oversize_upload_is_refused(admin_client, settings, media_root):
    settings.GIAS_UPLOAD_MAX_BYTES = 1000

    response = upload(admin_client, SAMPLE)

    assert response.status_code == 200
    assert "larger than the 1000" in response.content.decode()
    assert not (media_root / "gias-imports").exists()


def test_preview_from_before_a_change_is_not_applied(admin_client):
    token = token_of(upload(admin_client, SAMPLE))
    digest = admin_client.get(preview_url(token)).context["digest"]
    SchoolFactory(urn="149101")

    response = admin_client.post(preview_url(token), {"digest": digest}, follow=True)

    assert response.redirect_chain[-1][0] == preview_url(token)
    assert "register changed since this preview" in response.content.decode()
    assert School.objects.filter(urn__startswith="1491").count() == 1


def test_unknown_token_is_not_found(admin_client):
    missing = "A" * 43

    assert admin_client.get(preview_url(missing)).status_code == 404
    assert admin_client.post(preview_url(missing)).status_code == 404
    assert admin_client.get(preview_url("..")).status_code == 404


def test_another_session_cannot_use_the_token(client, admin_user, admin_client):
    token = token_of(upload(admin_client, SAMPLE))
    client.logout()
    client.force_login(admin_user)

    assert client.get(preview_url(token)).status_code == 404


def test_expired_upload_is_not_found_and_removed(admin_client, media_root):
    token = token_of(upload(admin_client, SAMPLE))
    [path] = stored_files(media_root)
    day_ago = time.time() - 24 * 60 * 60
    os.utime(path, (day_ago, day_ago))

    assert admin_client.get(preview_url(token)).status_code == 404
    upload(admin_client, SAMPLE)
    assert path not in stored_files(media_root)


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_other_roles_may_not_import(client, people, role):
    client.force_login(people[role])
    url = preview_url("A" * 43)

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, SAMPLE).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
