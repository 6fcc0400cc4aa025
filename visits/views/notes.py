import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import signed_in
from pvat.redirects import safe_next
from schools.access import school_for_user
from schools.models import ImprovementArea

from ..forms_notes import VisitNoteForms, querydict_from_json
from ..models import AgreedAction, NoteStatus, VisitNote
from ..notes import (
    NoteConflict,
    actions_to_follow_up,
    agreed_action_mark,
    visit_note_complete,
    visit_note_save,
)


def _visit_for_user(user, urn, visit_pk):
    """The visit and its note (or None) for someone who writes notes."""
    school = school_for_user(user, urn, permission="visits.plan_visits")
    visit = get_object_or_404(school.visits, pk=visit_pk)
    note = VisitNote.objects.filter(visit=visit).first()
    return school, visit, note


def _areas(note):
    # Retired areas stay offered on a note that already uses them.
    areas = ImprovementArea.objects.active()
    if note is not None:
        areas = areas | ImprovementArea.objects.filter(
            pk__in=note.focus_areas.values("pk")
        )
    return areas.distinct()


@signed_in
@require_http_methods(["GET", "POST"])
def note_edit(request, urn, visit_pk):
    school, visit, note = _visit_for_user(request.user, urn, visit_pk)
    data = request.POST if request.method == "POST" else None
    forms = VisitNoteForms(data, areas=_areas(note), note=note)
    conflict = None
    if data is not None and forms.is_valid():
        try:
            note = _save(forms, visit, request.user)
        except NoteConflict as error:
            conflict = error.note
        else:
            if _complete_if_asked(request, visit, note):
                return redirect(visit)
            return redirect("visits:note_edit", urn=school.urn, visit_pk=visit.pk)

    context = {
        "school": school,
        "visit": visit,
        "note": note,
        "forms": forms,
        "conflict": conflict,
        # After a conflict the page shows both versions, and saving again is
        # a deliberate choice to keep the one on the page.
        "revision": (conflict or note).revision if (conflict or note) else 0,
        "follow_up": actions_to_follow_up(visit=visit),
        "today": timezone.localdate(),
    }
    return render(request, "visits/visit_note_form.html", context)


def _save(forms, visit, user):
    data = forms.cleaned_data
    return visit_note_save(
        visit=visit, data=data, author=user, revision=data["revision"]
    )


def _complete_if_asked(request, visit, note):
    if "complete" not in request.POST:
        is_done = note.status == NoteStatus.COMPLETED
        saved = "The changes were saved." if is_done else "The draft was saved."
        messages.success(request, saved)
        return False
    try:
        visit_note_complete(visit=visit, author=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, "The visit was completed.")
    return True


@signed_in
@require_POST
def note_autosave(request, urn, visit_pk):
    school, visit, note = _visit_for_user(request.user, urn, visit_pk)
    try:
        data = _draft_data(request)
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)

    # A row still being typed (an action without its owner yet) is left out
    # of this save rather than holding back the rest of the note; the page
    # keeps it and says so.
    forms = VisitNoteForms(data, areas=_areas(note), blank_rows=0, is_draft=True)
    if not forms.is_valid():
        return JsonResponse({"errors": forms.errors}, status=400)
    try:
        note = _save(forms, visit, request.user)
    except NoteConflict as error:
        return JsonResponse(
            {"revision": error.note.revision, "error": "conflict"}, status=409
        )
    saved_at = timezone.localtime(note.updated_at)
    not_saved = [
        {"row": row.prefix, "message": message} for row, message in forms.not_saved
    ]
    return JsonResponse(
        {
            "revision": note.revision,
            "saved_at": saved_at.isoformat(),
            "not_saved": not_saved,
        }
    )


def _draft_data(request):
    if request.content_type == "application/json":
        try:
            data = querydict_from_json(json.loads(request.body or b"null"))
        except json.JSONDecodeError:
            raise ValueError("The draft is not valid JSON.") from None
    else:
        data = request.POST
    if not data:
        raise ValueError("The draft is empty.")
    return data


@signed_in
@require_POST
def action_done(request, urn, action_pk):
    """Mark an action agreed at a completed visit done, or not done after
    all. From htmx the action's row comes back; otherwise the page it was
    marked on."""
    school = school_for_user(request.user, urn, permission="visits.plan_visits")
    action = get_object_or_404(
        AgreedAction.objects.select_related("note__visit__school"),
        pk=action_pk,
        note__visit__school=school,
        note__status=NoteStatus.COMPLETED,
    )
    is_done = bool(request.POST.get("is_done"))
    agreed_action_mark(action=action, is_done=is_done, marked_by=request.user)
    if request.htmx:
        context = {"action": action, "today": timezone.localdate()}
        return render(request, "visits/_follow_up_action.html", context)
    marked = "done" if is_done else "not done"
    messages.success(request, f"The action was marked {marked}.")
    back = safe_next(request, request.POST.get("next", ""))
    return redirect(back or action.note.visit)
