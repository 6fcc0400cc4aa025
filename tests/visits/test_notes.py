"""Writing a visit's note, completing the visit, and who reads the note."""

import datetime

import pytest
from django.urls import reverse

from schools.models import ImprovementArea
from visits.focus_days import focus_day_year
from visits.models import (
    FocusDay,
    FocusDayStatus,
    NoteStatus,
    VisitNote,
    VisitStatus,
)
from visits.notes import visit_note_complete, visit_note_save


@pytest.fixture
def area(db):
    return ImprovementArea.objects.create(name="Reading", slug="reading")


def _edit(visit):
    return reverse(
        "visits:note_edit", kwargs={"urn": visit.school.urn, "visit_pk": visit.pk}
    )


def _autosave(visit):
    return reverse(
        "visits:note_autosave", kwargs={"urn": visit.school.urn, "visit_pk": visit.pk}
    )


def _note(visit, author, **fields):
    data = {"purpose": "Check reading", "summary": "Reading is improving."}
    data.update(fields)
    return visit_note_save(visit=visit, data=data, author=author, revision=0)


@pytest.mark.django_db
def test_draft_save_creates_the_note_and_bumps_revision(client, ceo, visit, area):
    client.force_login(ceo)
    response = client.post(
        _autosave(visit),
        {
            "revision": 0,
            "purpose": "Check reading",
            "focus_areas": [area.pk],
            "judgement-0-area": area.pk,
            "judgement-0-judgement": "secure",
            "judgement-0-comment": "Phonics is consistent.",
            "action-0-action": "Share the phonics audit",
            "action-0-owner": "Headteacher",
            "action-0-due_on": "2030-01-31",
        },
    )

    assert response.status_code == 200
    assert response.json()["revision"] == 1
    note = VisitNote.objects.get(visit=visit)
    assert note.purpose == "Check reading"
    assert list(note.focus_areas.all()) == [area]
    assert note.judgements.get().comment == "Phonics is consistent."
    assert note.actions.get().due_on == datetime.date(2030, 1, 31)
    assert note.status == NoteStatus.DRAFT

    response = client.post(
        _autosave(visit),
        {"revision": 1, "purpose": "Check reading and writing"},
        content_type="application/json",
    )
    assert response.json()["revision"] == 2
    note.refresh_from_db()
    assert note.purpose == "Check reading and writing"
    assert not note.judgements.exists()


@pytest.mark.django_db
def test_stale_revision_is_a_conflict_and_overwrites_nothing(client, ceo, visit):
    note = _note(visit, ceo)
    visit_note_save(visit=visit, data={"purpose": "Newer"}, author=ceo, revision=1)
    client.force_login(ceo)

    response = client.post(
        _autosave(visit),
        {"revision": 1, "purpose": "Older device"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["revision"] == 2
    note.refresh_from_db()
    assert note.purpose == "Newer"
    assert note.revision == 2


@pytest.mark.django_db
def test_plain_post_with_stale_revision_shows_both_versions(client, ceo, visit):
    _note(visit, ceo)
    visit_note_save(visit=visit, data={"purpose": "Newer"}, author=ceo, revision=1)
    client.force_login(ceo)

    response = client.post(_edit(visit), {"revision": 1, "purpose": "Mine"})

    assert response.status_code == 200
    assert "changed on another device" in response.content.decode()
    assert VisitNote.objects.get(visit=visit).purpose == "Newer"


@pytest.mark.django_db
def test_autosave_leaves_out_an_action_without_its_owner_and_saves_the_rest(
    client, ceo, visit
):
    client.force_login(ceo)

    response = client.post(
        _autosave(visit),
        {
            "revision": 0,
            "purpose": "Check reading",
            "latest_data": "KS2 reading up 6 points.",
            "action-0-action": "Share the phonics audit",
            "action-0-owner": "Headteacher",
            "action-0-due_on": "2030-01-31",
            "action-1-action": "Visit Year 4 writing",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["not_saved"] == [
        {
            "row": "action-1",
            "message": "Action 2 is not saved yet: it needs an owner and a date",
        }
    ]
    note = VisitNote.objects.get(visit=visit)
    assert (note.revision, note.purpose) == (1, "Check reading")
    assert note.latest_data == "KS2 reading up 6 points."
    assert [action.action for action in note.actions.all()] == [
        "Share the phonics audit"
    ]


@pytest.mark.django_db
def test_autosave_leaves_out_a_judgement_without_its_level_or_a_second_of_an_area(
    client, ceo, visit, area
):
    client.force_login(ceo)

    response = client.post(
        _autosave(visit),
        {
            "revision": 0,
            "purpose": "Check reading",
            "judgement-0-area": area.pk,
            "judgement-0-comment": "Phonics is consistent.",
            "judgement-1-area": area.pk,
            "judgement-1-judgement": "secure",
            "judgement-2-area": area.pk,
            "judgement-2-judgement": "strong",
            "action-0-action": "Share the phonics audit",
            "action-0-owner": "Headteacher",
            "action-0-due_on": "31 January",
        },
    )

    assert response.status_code == 200
    assert [row["message"] for row in response.json()["not_saved"]] == [
        "Judgement 1 is not saved yet: it needs a judgement",
        "Judgement 3 is not saved yet: its area already has a judgement",
        "Action 1 is not saved yet: the due date is not valid",
    ]
    note = VisitNote.objects.get(visit=visit)
    assert note.purpose == "Check reading"
    assert [(row.area, row.judgement) for row in note.judgements.all()] == [
        (area, "secure")
    ]
    assert not note.actions.exists()


@pytest.mark.django_db
def test_an_autosave_with_every_row_complete_names_none(client, ceo, visit):
    client.force_login(ceo)
    response = client.post(_autosave(visit), {"revision": 0, "purpose": "Reading"})
    assert response.json()["not_saved"] == []


@pytest.mark.django_db
def test_saving_the_form_with_a_half_filled_action_saves_nothing_and_says_why(
    client, ceo, visit
):
    _note(visit, ceo)
    client.force_login(ceo)

    response = client.post(
        _edit(visit),
        {
            "revision": 1,
            "purpose": "Check reading and writing",
            "action-0-action": "Share the phonics audit",
            "action-0-owner": "Headteacher",
            "action-0-due_on": "2030-01-31",
            "action-1-action": "Visit Year 4 writing",
            "complete": "",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The note was not saved" in page
    assert "Finish or clear each row that is not complete." in page
    # The summary names the row and leads to its field, which is marked.
    assert (
        '<a href="#id_action-1-owner">Action 2, owner</a>: This field is required.'
        in page
    )
    assert "Action 1," not in page
    assert 'id="id_action-1-owner" aria-invalid="true"' in page
    assert 'id="id_action-0-owner" aria-invalid' not in page
    note = VisitNote.objects.get(visit=visit)
    assert (note.revision, note.purpose) == (1, "Check reading")
    assert note.status == NoteStatus.DRAFT
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


@pytest.mark.django_db
def test_empty_autosave_is_a_bad_request(client, ceo, visit):
    client.force_login(ceo)
    assert client.post(_autosave(visit)).status_code == 400
    response = client.post(_autosave(visit), "[", content_type="application/json")
    assert response.status_code == 400
    assert not VisitNote.objects.exists()


@pytest.mark.django_db
def test_complete_marks_the_visit_completed(client, ceo, visit):
    client.force_login(ceo)

    response = client.post(
        _edit(visit), {"revision": 0, "latest_data": "KS2 up", "complete": ""}
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    assert visit.completed_at is not None
    note = visit.note
    assert note.status == NoteStatus.COMPLETED
    assert note.completed_at is not None


@pytest.mark.django_db
def test_empty_note_cannot_be_completed(client, ceo, visit):
    client.force_login(ceo)

    client.post(_edit(visit), {"revision": 0, "summary": "Only a summary"})
    response = client.post(_edit(visit), {"revision": 1, "complete": ""})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert visit.note.status == NoteStatus.DRAFT
    with pytest.raises(Exception, match="purpose or at least one section"):
        visit_note_complete(visit=visit, author=ceo)


@pytest.mark.django_db
@pytest.mark.parametrize(("is_shared", "sees_note"), [(True, True), (False, False)])
def test_headteacher_sees_a_shared_note_and_only_the_summary_of_another(
    client, ceo, headteacher, visit, is_shared, sees_note
):
    _note(visit, ceo, self_evaluation="Accurate SEF", is_shared_with_school=is_shared)
    visit_note_complete(visit=visit, author=ceo)
    client.force_login(headteacher)

    page = client.get(visit.get_absolute_url()).content.decode()

    assert ("Accurate SEF" in page) is sees_note
    assert "Reading is improving." in page
    assert "Write the note" not in page and "Continue the note" not in page


@pytest.mark.django_db
def test_governor_sees_only_the_summary(client, ceo, governor, visit):
    _note(visit, ceo, self_evaluation="Accurate SEF", is_shared_with_school=True)
    client.force_login(governor)
    assert "Reading is improving." not in client.get(_detail(visit)).content.decode()

    visit_note_complete(visit=visit, author=ceo)
    page = client.get(_detail(visit)).content.decode()

    assert "Reading is improving." in page
    assert "Accurate SEF" not in page
    assert "Check reading" not in page


@pytest.mark.django_db
def test_trustee_reads_a_completed_note_but_cannot_edit(client, ceo, trustee, visit):
    _note(visit, ceo, self_evaluation="Accurate SEF")
    visit_note_complete(visit=visit, author=ceo)
    client.force_login(trustee)

    assert "Accurate SEF" in client.get(_detail(visit)).content.decode()
    assert client.get(_edit(visit)).status_code == 403
    assert client.post(_autosave(visit), {"revision": 0}).status_code == 403


@pytest.mark.django_db
def test_ceo_sees_the_draft_and_a_link_to_continue(client, ceo, visit):
    _note(visit, ceo)
    client.force_login(ceo)
    page = client.get(_detail(visit)).content.decode()
    assert "Continue the note" in page
    assert "Check reading" in page


@pytest.mark.django_db
def test_headteacher_of_another_school_gets_404(client, other_headteacher, visit):
    client.force_login(other_headteacher)
    assert client.get(_edit(visit)).status_code == 404
    assert client.get(_detail(visit)).status_code == 404


def _detail(visit):
    return visit.get_absolute_url()


@pytest.mark.django_db
def test_a_reviewer_assigned_to_the_school_reads_only_the_summary(
    client, ceo, people, visit
):
    reviewer = people["trust_reviewer"]
    _note(visit, ceo, self_evaluation="Accurate SEF", is_shared_with_school=True)
    visit_note_complete(visit=visit, author=ceo)
    client.force_login(reviewer)
    assert client.get(_detail(visit)).status_code == 404

    day = datetime.date(focus_day_year() + 1, 3, 10)
    FocusDay.objects.create(
        school=visit.school,
        academic_year=focus_day_year(),
        area=ImprovementArea.objects.first(),
        reason="Reading.",
        proposed_first_on=day,
        requested_by=ceo,
        status=FocusDayStatus.SCHEDULED,
        reviewer=reviewer,
        scheduled_on=day,
    )
    page = client.get(_detail(visit)).content.decode()

    assert "Reading is improving." in page
    assert "Accurate SEF" not in page
