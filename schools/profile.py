"""Tabs on a school's profile page.

Apps downstream of schools (evidence, categorisation, visits, plans) add
their tabs here from their AppConfig.ready(), so the profile shows them
without this app importing any of them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileTab:
    label: str
    url_name: str
    position: int
    # Views whose pages belong under this tab, so it shows as current there.
    url_names: frozenset = frozenset()


_TABS = {}


def profile_tab_register(*, label, url_name, position, also_current=()):
    _TABS[url_name] = ProfileTab(
        label, url_name, position, frozenset({url_name, *also_current})
    )


def profile_tabs():
    overview = ProfileTab(
        "Overview", "schools:detail", 0, frozenset({"schools:detail"})
    )
    return [overview, *sorted(_TABS.values(), key=lambda tab: tab.position)]
