"""Tabs on a school's profile page and extra columns on the school list.

Apps downstream of schools (evidence, categorisation, visits, plans) add
them here from their AppConfig.ready(), so the profile and the list show
them without this app importing any of them.
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


@dataclass(frozen=True)
class SchoolColumn:
    """A column the school list annotates, shows, filters by and exports.

    expression is called with no arguments and returns a query expression
    evaluated per school (a Subquery, say), so the column costs no extra
    query per school."""

    name: str
    label: str
    expression: object
    choices: tuple

    def display(self, value):
        return dict(self.choices).get(value, "–")


_COLUMNS = {}


def school_column_register(*, name, label, expression, choices):
    _COLUMNS[name] = SchoolColumn(name, label, expression, tuple(choices))


def school_columns():
    return list(_COLUMNS.values())


def with_school_columns(queryset):
    return queryset.annotate(
        **{column.name: column.expression() for column in school_columns()}
    )
