"""Visit windows from a cadence and the trust calendar, as plain data.

The calendar comes in as `schools.calendar.ProposedYear` values (or anything
of the same shape), one per academic year, so nothing here reads the
database. Three cadences:

- termly: one window per term, the whole term ("Spring term 2026/27");
- half-termly: one window per half-term ("Spring 1 2026/27");
- fortnightly: one window per two school weeks ("Fortnight of 11 January
  2027").

School fortnights. A school week is a Monday-to-Friday week with at least
one day inside a half-term; weeks wholly in a holiday are not counted. The
school weeks of an academic year are numbered from 1, the count running on
across every break, half-term, Christmas and Easter alike, and starting
again each September. Weeks 1 and 2 make the first fortnight, 3 and 4 the
second, and so on; an odd week at the end of the year is a fortnight on its
own. A window never holds a holiday: when a break falls inside a fortnight,
its window is the part after the break, so a school has a window in its
first week back (the part before the break is left without one).

Each window carries a proposed target date: a school day (a weekday inside
a half-term) near the middle of what is left of the window, Tuesday to
Thursday where one is free, since Monday and Friday are where bank holidays
and INSET days fall.
"""

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from schools.calendar import ProposedYear

TERMLY, HALF_TERMLY, FORTNIGHTLY = "termly", "half_termly", "fortnightly"
MONDAY, FRIDAY = 0, 4
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class VisitWindow:
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    planned_on: datetime.date  # the proposed target date

    def __contains__(self, day):
        return self.starts_on <= day <= self.ends_on


def visit_windows(
    years: Iterable[ProposedYear],
    cadence: str,
    *,
    starts_from: datetime.date,
    spread: int = 0,
):
    """The windows of a cadence from starts_from to the end of the given
    years, in date order. A window under way on starts_from is included,
    with a target date on or after it; one that has ended is not.

    spread picks among the window's best days, so that schools planned with
    different numbers (their URN, say) do not all get the same target date."""
    windows_of = {
        TERMLY: _term_windows,
        HALF_TERMLY: _half_term_windows,
        FORTNIGHTLY: _fortnight_windows,
    }[cadence]
    windows = []
    for year in sorted(years, key=lambda year: year.start_year):
        school_days = _school_days(year)
        for label, starts_on, ends_on in windows_of(year, school_days):
            if ends_on < starts_from:
                continue
            planned_on = _target(school_days, starts_on, ends_on, starts_from, spread)
            if planned_on is not None:
                windows.append(VisitWindow(label, starts_on, ends_on, planned_on))
    return windows


def school_fortnights(year: ProposedYear):
    """(first day, last day) of each school fortnight of the year, as the
    module docstring describes."""
    weeks = {}
    for day in _school_days(year):
        weeks.setdefault(_monday_of(day), []).append(day)
    mondays = sorted(weeks)
    fortnights = []
    for index in range(0, len(mondays), 2):
        days = [day for monday in mondays[index : index + 2] for day in weeks[monday]]
        fortnights.append(_after_last_break(days))
    return fortnights


def is_school_day(year: ProposedYear, day: datetime.date):
    """A weekday inside one of the year's half-terms."""
    return day.weekday() <= FRIDAY and any(
        half_term.starts_on <= day <= half_term.ends_on for half_term in year.half_terms
    )


def _term_windows(year, school_days):
    for term in year.terms:
        yield f"{term.label} {_year_name(year)}", term.starts_on, term.ends_on


def _half_term_windows(year, school_days):
    for half_term in year.half_terms:
        label = f"{half_term.label} {_year_name(year)}"
        yield label, half_term.starts_on, half_term.ends_on


def _fortnight_windows(year, school_days):
    for starts_on, ends_on in school_fortnights(year):
        yield f"Fortnight of {_long(starts_on)}", starts_on, ends_on


def _after_last_break(days):
    """The first and last of the sorted school days that follow the last
    gap of more than a weekend."""
    first = days[0]
    for earlier, later in itertools.pairwise(days):
        if not _consecutive(earlier, later):
            first = later
    return first, days[-1]


def _consecutive(earlier, later):
    """Next school day: the day after, or Monday after a Friday."""
    gap = (later - earlier).days
    return gap == 1 or (gap == 3 and earlier.weekday() == FRIDAY)


def _monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


def _school_days(year):
    """The weekdays inside the year's half-terms, in order."""
    days = []
    for half_term in year.half_terms:
        day = half_term.starts_on
        while day <= half_term.ends_on:
            if day.weekday() <= FRIDAY:
                days.append(day)
            day += ONE_DAY
    return days


def _target(school_days, starts_on, ends_on, starts_from, spread=0):
    """A school day near the middle of the window's part from starts_from,
    Tuesday to Thursday where possible; None when no school day is left.
    spread chooses among the nearest mid-week days (at most five)."""
    first = max(starts_on, starts_from)
    candidates = [day for day in school_days if first <= day <= ends_on]
    if not candidates:
        return None
    middle = first + (ends_on - first) // 2
    ranked = sorted(
        candidates,
        key=lambda day: (
            day.weekday() in (MONDAY, FRIDAY),
            abs((day - middle).days),
            day,
        ),
    )
    best = [day for day in ranked if day.weekday() not in (MONDAY, FRIDAY)][:5]
    best = best or ranked[:1]
    return best[spread % len(best)]


def _year_name(year):
    # As schools.models.academic_year_name, without importing the models.
    return f"{year.start_year}/{(year.start_year + 1) % 100:02d}"


def _long(day):
    return f"{day.day} {day:%B %Y}"
