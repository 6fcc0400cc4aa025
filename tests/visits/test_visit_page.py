"""What a visit's page tells the central team about its note."""

import pytest
from django.urls import reverse

from visits.notes import visit_note_complete, visit_note_save


def _page(client, person, visit):
    client.force_login(person)
    url = reverse(
        "visits:detail", kwargs={"urn": visit.school.urn, "visit_pk": visit.pk}
    )
    return client.get(url).content.decode()


def _completed_note(visit, author, *, is_shared):
    data = {
        "purpose": "Check reading",
        "summary": "Reading is improving.",
        "is_shared_with_school": is_shared,
    }
    visit_note_save(visit=visit, data=data, author=author, revision=0)
    visit_note_complete(visit=visit, author=author)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("is_shared", "says"),
    [
        (True, "Shared with the school: its headteacher reads the whole note"),
        (False, "Not shared with the school: its headteacher and governors read"),
    ],
)
def test_the_ceo_sees_whether_the_note_is_shared(client, ceo, visit, is_shared, says):
    _completed_note(visit, ceo, is_shared=is_shared)

    page = _page(client, ceo, visit)

    assert says in page
    assert "Open the note" in page
    assert "Continue the note" not in page


@pytest.mark.django_db
def test_the_headteacher_is_not_told_about_sharing(client, ceo, headteacher, visit):
    _completed_note(visit, ceo, is_shared=True)

    page = _page(client, headteacher, visit)

    assert "Reading is improving." in page
    assert "Shared with the school" not in page


@pytest.mark.django_db
def test_a_completed_note_is_saved_as_changes_not_completed_again(client, ceo, visit):
    _completed_note(visit, ceo, is_shared=False)
    client.force_login(ceo)
    url = reverse(
        "visits:note_edit", kwargs={"urn": visit.school.urn, "visit_pk": visit.pk}
    )

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "revision": visit.note.revision,
            "purpose": "Check reading and writing",
            "save": "",
        },
        follow=True,
    )

    assert "Save the changes" in form
    assert "Complete the visit" not in form
    assert "Save draft" not in form
    assert 'href="/schools/100001/visits/"' in form
    assert "The changes were saved." in response.content.decode()
    visit.note.refresh_from_db()
    assert visit.note.purpose == "Check reading and writing"
