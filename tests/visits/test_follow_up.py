"""Actions agreed at earlier visits, followed up at the next: listed on the
visit's page and its note form for the central team, and marked done there."""

import datetime
import logging

import pytest
from django.urls import reverse

from tests.factories import VisitFactory
from visits.models import AgreedAction, NoteStatus, VisitNote, VisitStatus
from visits.notes import actions_to_follow_up

date = datetime.date
HEADING = "Actions to follow up"
NOV_3, NOV_6 = date(2026, 11, 3), date(2026, 11, 6)
DEC_1, DEC_11 = date(2026, 12, 1), date(2026, 12, 11)


def _action(
    visit, text, author, *, due_on, note_status=NoteStatus.COMPLETED, is_done=False
):
    note, _ = VisitNote.objects.get_or_create(
        visit=visit, defaults={"author": author, "status": note_status}
    )
    return AgreedAction.objects.create(
        note=note, action=text, owner="Headteacher", due_on=due_on, is_done=is_done
    )


@pytest.fixture
def history(people, school_a, school_b):
    """Two completed visits to school A with actions, one of them done; a
    draft note's action; another school's action; and the next visit."""
    ceo = people["ceo"]
    done = VisitStatus.COMPLETED
    october = VisitFactory(school=school_a, planned_on=date(2026, 10, 7), status=done)
    november = VisitFactory(school=school_a, planned_on=date(2026, 11, 18), status=done)
    next_visit = VisitFactory(school=school_a, planned_on=date(2026, 12, 9))
    draft_visit = VisitFactory(school=school_a, planned_on=date(2026, 12, 2))
    brook_lane = VisitFactory(school=school_b, planned_on=NOV_3, status=done)
    return {
        "late": _action(october, "Share the reading audit.", ceo, due_on=NOV_6),
        "soon": _action(november, "Moderate Year 5 writing.", ceo, due_on=DEC_11),
        "done": _action(
            november, "Book the phonics training.", ceo, due_on=DEC_1, is_done=True
        ),
        "draft": _action(
            draft_visit,
            "Draft only.",
            ceo,
            due_on=DEC_1,
            note_status=NoteStatus.DRAFT,
        ),
        "elsewhere": _action(brook_lane, "Brook Lane's own.", ceo, due_on=DEC_1),
        "next_visit": next_visit,
    }


def test_open_actions_of_earlier_completed_notes_soonest_first(history):
    follow_up = actions_to_follow_up(visit=history["next_visit"])

    assert follow_up == [history["late"], history["soon"]]


def test_a_visit_does_not_follow_up_its_own_actions(history):
    november = history["soon"].note.visit

    assert actions_to_follow_up(visit=november) == [history["late"]]


def _url(action, school):
    return reverse(
        "visits:action_done", kwargs={"urn": school.urn, "action_pk": action.pk}
    )


def test_the_note_form_lists_them_with_a_way_to_mark_each_done(
    client, people, school_a, history
):
    client.force_login(people["ceo"])
    url = reverse(
        "visits:note_edit",
        kwargs={"urn": school_a.urn, "visit_pk": history["next_visit"].pk},
    )

    page = client.get(url).content.decode()

    assert HEADING in page
    assert "Share the reading audit." in page
    assert "Past its date" in page
    assert f'action="{_url(history["late"], school_a)}"' in page
    assert "Book the phonics training." not in page
    assert "Brook Lane&#x27;s own." not in page


@pytest.mark.parametrize("role", ["governor", "headteacher", "trustee"])
def test_only_those_who_plan_visits_see_them_on_the_visit_page(
    client, people, school_a, history, role
):
    client.force_login(people[role])

    page = client.get(history["next_visit"].get_absolute_url()).content.decode()

    assert HEADING not in page
    assert "Share the reading audit." not in page


def test_the_ceo_sees_them_on_the_visit_page(client, people, history):
    client.force_login(people["ceo"])

    page = client.get(history["next_visit"].get_absolute_url()).content.decode()

    assert HEADING in page


def test_marking_done_keeps_it_and_goes_back_to_the_page(
    client, people, school_a, history, caplog
):
    action = history["late"]
    back = history["next_visit"].get_absolute_url()
    client.force_login(people["ceo"])

    with caplog.at_level(logging.INFO, logger="visits.notes"):
        response = client.post(_url(action, school_a), {"is_done": "1", "next": back})

    action.refresh_from_db()
    assert action.is_done
    assert response.status_code == 302
    assert response["Location"] == back
    assert f"Agreed action {action.pk} of note {action.note_id} marked done" in (
        caplog.text
    )
    assert "reading audit" not in caplog.text
    assert actions_to_follow_up(visit=history["next_visit"]) == [history["soon"]]


def test_htmx_gets_the_row_back_and_can_undo(client, people, school_a, history):
    action = history["done"]
    client.force_login(people["admin"])

    response = client.post(
        _url(action, school_a), {"is_done": ""}, headers={"HX-Request": "true"}
    )

    action.refresh_from_db()
    assert not action.is_done
    row = response.content.decode()
    assert row.strip().startswith('<li class="follow-up-action')
    assert "Mark done" in row


def test_a_next_address_elsewhere_is_ignored(client, people, school_a, history):
    action = history["late"]
    client.force_login(people["ceo"])

    response = client.post(
        _url(action, school_a), {"is_done": "1", "next": "https://evil.example/"}
    )

    assert response["Location"] == action.note.visit.get_absolute_url()


@pytest.mark.parametrize("key", ["elsewhere", "draft"])
def test_another_schools_or_a_drafts_action_is_not_found(
    client, people, school_a, history, key
):
    action = history[key]
    client.force_login(people["ceo"])

    response = client.post(_url(action, school_a), {"is_done": "1"})

    action.refresh_from_db()
    assert response.status_code == 404
    assert not action.is_done


def test_a_governor_cannot_mark_an_action_done(client, people, school_a, history):
    action = history["late"]
    client.force_login(people["governor"])

    response = client.post(_url(action, school_a), {"is_done": "1"})

    action.refresh_from_db()
    assert response.status_code == 403
    assert not action.is_done
