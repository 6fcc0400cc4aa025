"""Writing a visit's note: drafts saved as the CEO types, and completion.

Drafts arrive from the page as it is typed, from a plain form post, and from
a browser that kept a draft while the connection was down. The note's
revision lets a draft written against an older version be refused instead
of overwriting what another device saved since.
"""

import logging
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import access_of
from accounts.roles import Role

from .models import (
    AgreedAction,
    NoteStatus,
    Visit,
    VisitJudgement,
    VisitNote,
    VisitStatus,
)

logger = logging.getLogger(__name__)

SECTIONS = ["latest_data", "improvement_priorities", "self_evaluation", "plan_progress"]
TEXT_FIELDS = ["purpose", *SECTIONS, "summary"]


class NoteConflict(Exception):
    """The stored note is newer than the revision the draft was written on."""

    def __init__(self, note):
        super().__init__(f"Note {note.pk} is at revision {note.revision}.")
        self.note = note


def visit_note_save(*, visit, data, author, revision):
    """Save a draft of the visit's note, creating the note if there is none.

    `data` is cleaned: text fields, `focus_areas` (ImprovementArea objects or
    ids), `judgements` (dicts of area, judgement, comment) and `actions`
    (dicts of action, owner, due_on). `revision` is the one the writer last
    saw; a newer stored note raises NoteConflict and nothing is written.
    """
    started = time.monotonic()
    with transaction.atomic():
        # Lock the visit, not the note: the note may not exist yet, and two
        # first drafts must not both try to create it.
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        note = VisitNote.objects.filter(visit=visit).first()
        if note is not None and note.revision > revision:
            raise NoteConflict(note)
        note = note or VisitNote(visit=visit, author=author)
        _write(note, data)
    logger.info(
        "Visit note %s of visit %s saved at revision %s in %.3fs",
        note.pk,
        visit.pk,
        note.revision,
        time.monotonic() - started,
    )
    return note


def _write(note, data):
    for field in TEXT_FIELDS:
        setattr(note, field, data.get(field, ""))
    note.is_shared_with_school = bool(data.get("is_shared_with_school"))
    note.revision += 1
    note.save()

    note.focus_areas.set(data.get("focus_areas", []))
    note.judgements.all().delete()
    VisitJudgement.objects.bulk_create(
        VisitJudgement(note=note, **judgement)
        for judgement in data.get("judgements", [])
    )
    note.actions.all().delete()
    AgreedAction.objects.bulk_create(
        AgreedAction(note=note, **action) for action in data.get("actions", [])
    )


def visit_note_complete(*, visit, author):
    """Complete the note and its visit. Refused, with ValidationError, when
    there is no note or its purpose and every section are empty."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        note = VisitNote.objects.filter(visit=visit).first()
        if note is None or not any(
            getattr(note, field).strip() for field in ["purpose", *SECTIONS]
        ):
            raise ValidationError(
                "Write the purpose or at least one section before completing."
            )
        now = timezone.now()
        if note.status != NoteStatus.COMPLETED:
            note.status, note.completed_at = NoteStatus.COMPLETED, now
            note.save(update_fields=["status", "completed_at", "updated_at"])
        if visit.status != VisitStatus.COMPLETED:
            visit.status, visit.completed_at = VisitStatus.COMPLETED, now
            visit.save(update_fields=["status", "completed_at", "updated_at"])
    logger.info(
        "Visit %s completed with note %s by user %s", visit.pk, note.pk, author.pk
    )
    return note


def note_part_for(*, user, note, school):
    """How much of the note this person may read: "full", "summary" or None.

    Those who plan visits read drafts; the rest of the trust reads completed
    notes. At the school, the headteacher reads a completed note shared with
    the school; governors, and the headteacher of a note not shared, read a
    completed note's summary, as does a reviewer assigned to the school (the
    summary is what the CEO writes for readers beyond the central team).
    """
    if note is None:
        return None
    if user.has_perm("visits.plan_visits", school):
        return "full"
    if note.status != NoteStatus.COMPLETED:
        return None
    access = access_of(user)
    if access.sees_all_schools:
        return "full"
    roles = access.roles_at(school.pk)
    if Role.HEADTEACHER in roles and note.is_shared_with_school:
        return "full"
    readers = roles & {Role.HEADTEACHER, Role.GOVERNOR}
    if (readers or access.is_assigned_to(school.pk)) and note.summary:
        return "summary"
    return None


# Following up agreed actions ------------------------------------------------------


def actions_to_follow_up(*, visit):
    """The actions agreed at the school's other completed visits that are
    not yet done, soonest due first, each with its note's visit. One query.

    The full note is for the central team: show these only to those who
    plan visits."""
    return list(
        AgreedAction.objects.filter(
            note__visit__school_id=visit.school_id,
            note__status=NoteStatus.COMPLETED,
            is_done=False,
        )
        .exclude(note__visit=visit)
        .select_related("note__visit__school")
        .order_by("due_on", "pk")
    )


def agreed_action_mark(*, action, is_done, marked_by):
    """Mark an agreed action done, or not done after all."""
    if action.is_done != is_done:
        action.is_done = is_done
        action.save(update_fields=["is_done"])
        logger.info(
            "Agreed action %s of note %s marked %s by user %s",
            action.pk,
            action.note_id,
            "done" if is_done else "not done",
            marked_by.pk,
        )
    return action
