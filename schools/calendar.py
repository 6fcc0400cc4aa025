"""The shape of the school year, as plain data with no database access.

An academic year runs from 1 September to 31 August. It has three terms,
autumn, spring and summer, and each term is split by a one-week break into two
half-terms, numbered 1 to 6 through the year.

Academies set their own dates, so `calendar_propose` only offers a starting
point that follows the usual pattern in England, for the trust admin to edit:

- Autumn 1 starts on 2 September, leaving 1 September for INSET, or on the
  Monday after when 2 September falls on a Friday or at the weekend.
- The autumn half-term break is the week of the last Monday in October.
- The autumn term ends on the last Friday on or before 20 December.
- The spring term starts on 4 January, or on the Monday after when 4 January
  falls on a Friday or at the weekend. The New Year bank holiday and its
  substitute day (3 January at the latest) stay in the holiday, and a
  Tuesday 4 January is not pushed back to a three-week Christmas break.
- The February half-term break is the week starting on the Monday between 12
  and 18 February.
- The spring term ends on the Friday nine days before Easter Sunday, and the
  summer term starts on the Monday eight days after it: a two-week Easter
  holiday around Good Friday and Easter Monday, wherever Easter falls.
- The May half-term break is the week of the last Monday in May, the spring
  bank holiday.
- The summer term ends on the last Friday on or before 22 July.

No term is proposed to start on a Friday. Every break is Monday to Friday:
the half-term before it ends on the Friday before, and the half-term after it
starts on the Monday after.
"""

import datetime
import itertools
from dataclasses import dataclass

from dateutil.easter import easter

MONDAY, FRIDAY = 0, 4
TERM_NAMES = ("autumn", "spring", "summer")


@dataclass(frozen=True)
class ProposedHalfTerm:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self):
        return half_term_label(self.number)


@dataclass(frozen=True)
class ProposedTerm:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    half_terms: tuple[ProposedHalfTerm, ...]

    @property
    def label(self):
        return f"{self.name.capitalize()} term"


@dataclass(frozen=True)
class ProposedYear:
    """The dates of one academic year, whether proposed or edited."""

    start_year: int
    terms: tuple[ProposedTerm, ...]

    @property
    def starts_on(self):
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self):
        return datetime.date(self.start_year + 1, 8, 31)

    @property
    def half_terms(self):
        return [half_term for term in self.terms for half_term in term.half_terms]


def half_term_label(number):
    """'Autumn 1' for half-term 1, up to 'Summer 2' for half-term 6."""
    term_name = TERM_NAMES[(number - 1) // 2]
    return f"{term_name.capitalize()} {2 - number % 2}"


def academic_start_year_of(day):
    """The start year of the academic year that contains this day."""
    return day.year if day.month >= 9 else day.year - 1


def calendar_propose(start_year):
    """Proposed dates for the academic year starting in September of
    start_year, following the rules in this module's docstring."""
    following_year = start_year + 1
    easter_sunday = easter(following_year)
    autumn = _term(
        "autumn",
        1,
        starts_on=_term_start_near(datetime.date(start_year, 9, 2)),
        break_starts_on=_last_monday_of(start_year, 10),
        ends_on=_day_on_or_before(datetime.date(start_year, 12, 20), FRIDAY),
    )
    spring = _term(
        "spring",
        3,
        starts_on=_term_start_near(datetime.date(following_year, 1, 4)),
        break_starts_on=_day_on_or_after(datetime.date(following_year, 2, 12), MONDAY),
        ends_on=easter_sunday - datetime.timedelta(days=9),
    )
    summer = _term(
        "summer",
        5,
        starts_on=easter_sunday + datetime.timedelta(days=8),
        break_starts_on=_last_monday_of(following_year, 5),
        ends_on=_day_on_or_before(datetime.date(following_year, 7, 22), FRIDAY),
    )
    return ProposedYear(start_year=start_year, terms=(autumn, spring, summer))


def _term(name, first_number, *, starts_on, break_starts_on, ends_on):
    first = ProposedHalfTerm(
        first_number, starts_on, break_starts_on - datetime.timedelta(days=3)
    )
    second = ProposedHalfTerm(
        first_number + 1, break_starts_on + datetime.timedelta(days=7), ends_on
    )
    return ProposedTerm(name, starts_on, ends_on, (first, second))


def _term_start_near(day):
    """The day itself from Monday to Thursday, else the Monday after."""
    if day.weekday() < FRIDAY:
        return day
    return _day_on_or_after(day, MONDAY)


def _day_on_or_after(day, weekday):
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _day_on_or_before(day, weekday):
    return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)


def _last_monday_of(year, month):
    first_of_next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return _day_on_or_before(first_of_next_month - datetime.timedelta(days=1), MONDAY)


def calendar_check(year_dates):
    """Everything wrong with a year's dates, as sentences; empty when sound.

    Checks that each term and half-term starts on or before it ends, that the
    terms run in order without overlapping inside 1 September to 31 August,
    and that the half-terms do the same inside their terms.
    """
    errors = _shape_errors(year_dates)
    if errors:
        return errors
    periods = [*year_dates.terms, *year_dates.half_terms]
    errors += [
        f"{_sentence_case(period.label)} ends before it starts."
        for period in periods
        if period.starts_on > period.ends_on
    ]
    errors += _terms_outside_year(year_dates)
    errors += _half_terms_outside_terms(year_dates)
    errors += _overlaps(year_dates.terms)
    errors += _overlaps(year_dates.half_terms)
    return errors


def _shape_errors(year_dates):
    names = tuple(term.name for term in year_dates.terms)
    if names != TERM_NAMES:
        return ["A year needs an autumn, a spring and a summer term, in that order."]
    numbers = [half_term.number for half_term in year_dates.half_terms]
    if numbers != [1, 2, 3, 4, 5, 6]:
        return ["Each term needs its two half-terms, numbered 1 to 6 through the year."]
    return []


def _terms_outside_year(year_dates):
    first, last = year_dates.starts_on, year_dates.ends_on
    return [
        f"The {term.label.lower()} must fall between {_long(first)} and {_long(last)}."
        for term in year_dates.terms
        if term.starts_on < first or term.ends_on > last
    ]


def _half_terms_outside_terms(year_dates):
    return [
        f"{half_term.label} must fall within the {term.label.lower()}, "
        f"{_long(term.starts_on)} to {_long(term.ends_on)}."
        for term in year_dates.terms
        for half_term in term.half_terms
        if half_term.starts_on < term.starts_on or half_term.ends_on > term.ends_on
    ]


def _overlaps(periods):
    """Each period must start after the one before it has ended."""
    return [
        f"{_sentence_case(later.label)} must start after "
        f"{_sentence_case(earlier.label, first=False)} ends "
        f"on {_long(earlier.ends_on)}."
        for earlier, later in itertools.pairwise(periods)
        if later.starts_on <= earlier.ends_on
    ]


def term_time_weekdays(half_terms):
    """Weekdays inside the given half-terms (anything with starts_on and
    ends_on), bank holidays and INSET days included."""
    return sum(
        _weekdays_between(half_term.starts_on, half_term.ends_on)
        for half_term in half_terms
    )


def _weekdays_between(first, last):
    if first > last:
        return 0
    days = (last - first).days + 1
    full_weeks, remainder = divmod(days, 7)
    tail = (first + datetime.timedelta(days=offset) for offset in range(remainder))
    return full_weeks * 5 + sum(1 for day in tail if day.weekday() <= FRIDAY)


def _sentence_case(label, *, first=True):
    """'The autumn term' or 'Autumn 1' at the start of a sentence; 'the autumn
    term' or 'autumn 1' inside one."""
    if label.endswith(" term"):
        return f"{'The' if first else 'the'} {label.lower()}"
    return label if first else label.lower()


def _long(day):
    return f"{day.day} {day:%B %Y}"
