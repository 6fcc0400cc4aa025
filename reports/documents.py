"""The registry of document kinds the PDF pipeline renders.

A kind says how to build its HTML, what the document is called, and who may
read it. Kinds are registered at start-up (reports/kinds.py, loaded by the
app config), so the web process and every worker know the same ones.

Reports imports the other apps' models to describe their documents. The
other way round, an app only asks for a rendering (reports.services) or
reads renderings (reports.models), never kinds.py: so kinds.py can import
any app, and nothing imports kinds.py but the app config.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import Rendering


@dataclass(frozen=True)
class Document:
    """One document as its readers see it. `school` is None for a
    trust-wide document; `page_url` is the page the document renders."""

    title: str
    file_name: str
    school: Any = None
    page_url: str = ""


@dataclass(frozen=True)
class DocumentKind:
    """How to render one kind of document.

    - `describe(object_id)` returns the Document, or raises the model's
      DoesNotExist when the object is gone;
    - `build_html(object_id)` returns the whole HTML page, from a template
      that links the print stylesheet with `{% static %}`;
    - `can_view(user, object_id)` is the page's own access rule; a document
      bound to a school is also refused (404) to people who cannot see it;
    - `can_request(user)` says whether a person may ask for documents of this
      kind at all, before any object is known, or send a failed one back to
      the queue;
    - `can_view_rendering(user, rendering)`, optional, narrows `can_view`
      for one rendering, where a reader of the page today may not read every
      PDF made of it before (a focus-day report's drafts);
    - `on_ready(rendering)`, optional, runs in the worker once the
      rendering's PDF is stored and committed, for instance to tell its
      readers. It runs at most once per rendering; an error in it is logged
      and leaves the rendering ready. A worker that dies in between never
      runs it, so what it does should also be done by a daily job (the
      focus-day report e-mail is also a daily reminder).
    """

    name: str
    describe: Callable[[int], Document]
    build_html: Callable[[int], str]
    can_view: Callable[[Any, int], bool]
    can_request: Callable[[Any], bool]
    can_view_rendering: Callable[[Any, "Rendering"], bool] | None = None
    on_ready: Callable[["Rendering"], None] | None = None


class UnknownDocumentKind(LookupError):
    pass


_KINDS = {}


def kind_register(kind):
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Document kind {kind.name!r} is registered twice.")
    _KINDS[kind.name] = kind
    return kind


def kind_unregister(name):
    """For tests that register a kind of their own."""
    _KINDS.pop(name, None)


def kind_get(name):
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownDocumentKind(name) from None


def kinds_all():
    return list(_KINDS.values())
