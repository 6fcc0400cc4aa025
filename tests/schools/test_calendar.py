import datetime
import itertools
from dataclasses import replace

import pytest
from dateutil.easter import easter

from schools.calendar import (
    ProposedHalfTerm,
    academic_start_year_of,
    calendar_check,
    calendar_propose,
    half_term_label,
    term_time_weekdays,
)

date = datetime.date

# (start year, Easter Sunday of the spring that follows)
YEARS = [
    (2023, date(2024, 3, 31)),  # early Easter
    (2024, date(2025, 4, 20)),  # late Easter
    (2025, date(2026, 4, 5)),
    (2026, date(2027, 3, 28)),  # early Easter
    (2037, date(2038, 4, 25)),  # as late as Easter falls
]


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_easter_is_the_one_the_rules_expect(start_year, easter_sunday):
    assert easter(start_year + 1) == easter_sunday


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_easter_weekend_falls_in_the_holiday(start_year, easter_sunday):
    year = calendar_propose(start_year)
    good_friday = easter_sunday - datetime.timedelta(days=2)
    easter_monday = easter_sunday + datetime.timedelta(days=1)

    for half_term in year.half_terms:
        for day in (good_friday, easter_sunday, easter_monday):
            assert not half_term.starts_on <= day <= half_term.ends_on

    spring, summer = year.terms[1], year.terms[2]
    assert spring.ends_on < good_friday
    assert summer.starts_on > easter_monday


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_proposal_sits_inside_the_academic_year(start_year, easter_sunday):
    year = calendar_propose(start_year)

    assert year.starts_on == date(start_year, 9, 1)
    assert year.ends_on == date(start_year + 1, 8, 31)
    for term in year.terms:
        assert year.starts_on <= term.starts_on <= term.ends_on <= year.ends_on


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_proposal_has_six_half_terms_in_order(start_year, easter_sunday):
    year = calendar_propose(start_year)

    assert [term.name for term in year.terms] == ["autumn", "spring", "summer"]
    assert [half.number for half in year.half_terms] == [1, 2, 3, 4, 5, 6]
    for earlier, later in itertools.pairwise(year.half_terms):
        assert earlier.starts_on <= earlier.ends_on < later.starts_on
    for term in year.terms:
        first, second = term.half_terms
        assert first.starts_on == term.starts_on
        assert second.ends_on == term.ends_on


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_proposal_weekdays_are_about_a_school_year(start_year, easter_sunday):
    weekdays = term_time_weekdays(calendar_propose(start_year).half_terms)
    assert 190 <= weekdays <= 200


@pytest.mark.parametrize(("start_year", "easter_sunday"), YEARS)
def test_terms_start_on_a_weekday_and_breaks_last_a_week(start_year, easter_sunday):
    year = calendar_propose(start_year)

    for term in year.terms:
        first, second = term.half_terms
        assert term.starts_on.weekday() < 4  # Monday to Thursday
        assert first.ends_on.weekday() == 4  # a Friday
        assert second.starts_on.weekday() == 0  # a Monday
        assert (second.starts_on - first.ends_on).days == 10
        assert term.ends_on.weekday() == 4


def test_proposal_2025_26_dates():
    year = calendar_propose(2025)
    dates = [(half.starts_on, half.ends_on) for half in year.half_terms]

    assert dates == [
        (date(2025, 9, 2), date(2025, 10, 24)),
        (date(2025, 11, 3), date(2025, 12, 19)),
        (date(2026, 1, 5), date(2026, 2, 13)),
        (date(2026, 2, 23), date(2026, 3, 27)),
        (date(2026, 4, 13), date(2026, 5, 22)),
        (date(2026, 6, 1), date(2026, 7, 17)),
    ]


def test_spring_term_starts_on_a_tuesday_4_january_not_a_week_later():
    assert calendar_propose(2027).terms[1].starts_on == date(2028, 1, 4)


def test_autumn_term_does_not_start_on_a_friday():
    # 2 September 2022 was a Friday.
    assert calendar_propose(2022).terms[0].starts_on == date(2022, 9, 5)


def test_every_proposal_this_century_passes_the_check():
    failing = [
        year for year in range(2000, 2100) if calendar_check(calendar_propose(year))
    ]
    assert failing == []


def test_half_term_labels():
    labels = [half_term_label(number) for number in range(1, 7)]
    assert labels == [
        "Autumn 1",
        "Autumn 2",
        "Spring 1",
        "Spring 2",
        "Summer 1",
        "Summer 2",
    ]


@pytest.mark.parametrize(
    ("day", "start_year"),
    [(date(2025, 8, 31), 2024), (date(2025, 9, 1), 2025), (date(2026, 1, 5), 2025)],
)
def test_academic_start_year_of(day, start_year):
    assert academic_start_year_of(day) == start_year


def test_weekdays_of_a_single_week_and_of_an_inverted_period():
    week = ProposedHalfTerm(1, date(2025, 9, 1), date(2025, 9, 7))
    inverted = ProposedHalfTerm(2, date(2025, 9, 7), date(2025, 9, 1))
    assert term_time_weekdays([week]) == 5
    assert term_time_weekdays([inverted]) == 0


# calendar_check: one broken rule at a time, on the 2025/26 proposal.


def _with_half_term(year, number, /, **changes):
    terms = tuple(
        replace(
            term,
            half_terms=tuple(
                replace(half, **changes) if half.number == number else half
                for half in term.half_terms
            ),
        )
        for term in year.terms
    )
    return replace(year, terms=terms)


def _with_term(year, name, **changes):
    terms = tuple(
        replace(term, **changes) if term.name == name else term for term in year.terms
    )
    return replace(year, terms=terms)


PROPOSAL = calendar_propose(2025)


def test_check_accepts_the_proposal():
    assert calendar_check(PROPOSAL) == []


def test_check_catches_a_half_term_ending_before_it_starts():
    broken = _with_half_term(PROPOSAL, 3, ends_on=date(2026, 1, 2))
    assert "Spring 1 ends before it starts." in calendar_check(broken)


def test_check_catches_a_term_ending_before_it_starts():
    broken = _with_term(PROPOSAL, "summer", ends_on=date(2026, 4, 1))
    assert "The summer term ends before it starts." in calendar_check(broken)


def test_check_allows_a_one_day_half_term():
    one_day = _with_half_term(PROPOSAL, 1, ends_on=date(2025, 9, 2))
    assert calendar_check(one_day) == []


def test_check_catches_a_half_term_outside_its_term():
    broken = _with_half_term(PROPOSAL, 6, ends_on=date(2026, 7, 24))
    assert calendar_check(broken) == [
        "Summer 2 must fall within the summer term, 13 April 2026 to 17 July 2026."
    ]


def test_check_catches_overlapping_half_terms():
    broken = _with_half_term(PROPOSAL, 2, starts_on=date(2025, 10, 20))
    assert calendar_check(broken) == [
        "Autumn 2 must start after autumn 1 ends on 24 October 2025."
    ]


def test_check_catches_overlapping_terms():
    broken = _with_term(PROPOSAL, "autumn", ends_on=date(2026, 1, 9))
    assert calendar_check(broken) == [
        "The spring term must start after the autumn term ends on 9 January 2026."
    ]


def test_check_catches_terms_out_of_order():
    spring = PROPOSAL.terms[1]
    broken = _with_term(
        PROPOSAL,
        "summer",
        starts_on=spring.starts_on,
        ends_on=spring.ends_on,
        half_terms=tuple(
            replace(half, number=half.number + 2) for half in spring.half_terms
        ),
    )
    errors = calendar_check(broken)
    ended = "ends on 27 March 2026."
    assert f"The summer term must start after the spring term {ended}" in errors
    assert f"Summer 1 must start after spring 2 {ended}" in errors


def test_check_catches_a_term_outside_the_academic_year():
    early = _with_term(PROPOSAL, "autumn", starts_on=date(2025, 8, 28))
    early = _with_half_term(early, 1, starts_on=date(2025, 8, 28))
    late = _with_term(PROPOSAL, "summer", ends_on=date(2026, 9, 2))
    late = _with_half_term(late, 6, ends_on=date(2026, 9, 2))

    message = "must fall between 1 September 2025 and 31 August 2026."
    assert calendar_check(early) == [f"The autumn term {message}"]
    assert calendar_check(late) == [f"The summer term {message}"]


def test_check_catches_a_missing_term():
    broken = replace(PROPOSAL, terms=PROPOSAL.terms[:2])
    assert calendar_check(broken) == [
        "A year needs an autumn, a spring and a summer term, in that order."
    ]


def test_check_catches_misnumbered_half_terms():
    broken = _with_half_term(PROPOSAL, 4, number=5)
    assert calendar_check(broken) == [
        "Each term needs its two half-terms, numbered 1 to 6 through the year."
    ]
