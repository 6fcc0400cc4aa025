"""Who may read a document and its renderings.

One check serves the request, the status page, the retry and the download:
a document bound to a school answers 404 to people who cannot see the
school, then the kind's own rule (the rule of the page the document comes
from) answers 403 to people who may not read it, and a rendering the kind
keeps from them (a draft made before the page was theirs to read) answers
404.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .documents import UnknownDocumentKind, kind_get
from .models import Rendering


def kind_or_404(name):
    try:
        return kind_get(name)
    except UnknownDocumentKind:
        raise Http404("No such document.") from None


def document_for_user(user, kind, object_id):
    """The Document for one object of a kind, if the user may read it."""
    try:
        document = kind.describe(object_id)
    except ObjectDoesNotExist:
        raise Http404("No such document.") from None
    _check(user, kind, object_id, document.school)
    return document


def rendering_for_user(user, rendering_pk):
    """The rendering and its kind, if the user may read the document."""
    rendering = get_object_or_404(
        Rendering.objects.select_related("school"), pk=rendering_pk
    )
    kind = kind_or_404(rendering.kind)
    _check(user, kind, rendering.object_id, rendering.school)
    # Not found rather than refused: a reader of the document today need not
    # know that earlier PDFs of it were made.
    if kind.can_view_rendering and not kind.can_view_rendering(user, rendering):
        raise Http404("No such document.")
    return rendering, kind


def _check(user, kind, object_id, school):
    if school is not None and not user.has_perm("schools.view_school", school):
        raise Http404("No such document.")
    if not kind.can_view(user, object_id):
        raise PermissionDenied
