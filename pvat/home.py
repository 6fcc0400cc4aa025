"""Panels on the home page: what is waiting for the person signed in.

Apps downstream of accounts and schools (visits now, plans later) register a
panel from their AppConfig.ready(), so the home page shows what each has for
the person without importing any of them. A panel's context function takes
the user and today's date and returns the context of its template, or an
empty dict when it has nothing for that person; it must read a fixed number
of queries, however many schools the trust has.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    position: int
    context: Callable


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict


_PANELS = {}


def home_panel_register(*, name, template, position, context):
    _PANELS[name] = HomePanel(name, template, position, context)


def home_panels_for(user, *, today):
    """The panels with something for this user, in their order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: panel.position):
        context = panel.context(user, today=today)
        if context:
            shown.append(ShownPanel(panel.template, context))
    return shown
