"""Visit windows over real calendars from calendar_propose: a moving Easter
(early in 2023/24, late in 2024/25), holidays and the year boundary."""

import datetime
import itertools
import math

import pytest

from schools.calendar import calendar_propose
from visits.cadence import is_school_day, school_fortnights, visit_windows

date = datetime.date
YEARS = [2023, 2024, 2025, 2026]


def _calendar(*start_years):
    return [calendar_propose(start_year) for start_year in start_years]


def _window_rows(windows):
    return [(w.label, w.starts_on, w.ends_on) for w in windows]


def _holidays(year):
    """Weekdays of the academic year outside every half-term."""
    day, holidays = year.starts_on, set()
    while day <= year.ends_on:
        if day.weekday() < 5 and not is_school_day(year, day):
            holidays.add(day)
        day += datetime.timedelta(days=1)
    return holidays


@pytest.mark.parametrize(
    ("start_year", "expected"),
    [
        (
            2023,  # Easter Sunday 31 March 2024: an early Easter
            [
                ("Autumn term 2023/24", date(2023, 9, 4), date(2023, 12, 15)),
                ("Spring term 2023/24", date(2024, 1, 4), date(2024, 3, 22)),
                ("Summer term 2023/24", date(2024, 4, 8), date(2024, 7, 19)),
            ],
        ),
        (
            2024,  # Easter Sunday 20 April 2025: a late Easter
            [
                ("Autumn term 2024/25", date(2024, 9, 2), date(2024, 12, 20)),
                ("Spring term 2024/25", date(2025, 1, 6), date(2025, 4, 11)),
                ("Summer term 2024/25", date(2025, 4, 28), date(2025, 7, 18)),
            ],
        ),
    ],
)
def test_termly_gives_one_window_per_term(start_year, expected):
    windows = visit_windows(
        _calendar(start_year), "termly", starts_from=date(start_year, 9, 1)
    )

    assert _window_rows(windows) == expected


@pytest.mark.parametrize("start_year", YEARS)
def test_six_half_terms_give_six_half_termly_windows(start_year):
    year = calendar_propose(start_year)
    name = f"{start_year}/{(start_year + 1) % 100:02d}"

    windows = visit_windows([year], "half_termly", starts_from=year.starts_on)

    assert _window_rows(windows) == [
        (f"{half.label} {name}", half.starts_on, half.ends_on)
        for half in year.half_terms
    ]
    assert [w.label.split()[0] for w in windows] == [
        "Autumn",
        "Autumn",
        "Spring",
        "Spring",
        "Summer",
        "Summer",
    ]


@pytest.mark.parametrize("start_year", YEARS)
@pytest.mark.parametrize("cadence", ["termly", "half_termly", "fortnightly"])
def test_target_dates_are_school_days_inside_their_window(start_year, cadence):
    year = calendar_propose(start_year)

    windows = visit_windows([year], cadence, starts_from=year.starts_on)

    assert windows
    for window in windows:
        assert window.starts_on <= window.planned_on <= window.ends_on
        assert is_school_day(year, window.planned_on), window


@pytest.mark.parametrize("start_year", YEARS)
def test_fortnight_windows_never_touch_a_holiday(start_year):
    year = calendar_propose(start_year)
    holidays = _holidays(year)

    windows = visit_windows([year], "fortnightly", starts_from=year.starts_on)

    for window in windows:
        days = {
            window.starts_on + datetime.timedelta(days=offset)
            for offset in range((window.ends_on - window.starts_on).days + 1)
        }
        assert not days & holidays, window
        assert is_school_day(year, window.starts_on)
        assert is_school_day(year, window.ends_on)
        assert (window.ends_on - window.starts_on).days < 14


@pytest.mark.parametrize("start_year", YEARS)
def test_school_weeks_are_counted_in_twos_across_breaks(start_year):
    year = calendar_propose(start_year)
    mondays = {
        day - datetime.timedelta(days=day.weekday())
        for half in year.half_terms
        for day in (
            half.starts_on + datetime.timedelta(days=offset)
            for offset in range((half.ends_on - half.starts_on).days + 1)
        )
        if day.weekday() < 5
    }

    fortnights = school_fortnights(year)

    assert len(fortnights) == math.ceil(len(mondays) / 2)
    for (_, earlier_end), (later_start, _) in itertools.pairwise(fortnights):
        assert earlier_end < later_start


@pytest.mark.parametrize(
    ("starts_from", "label", "starts_on", "ends_on"),
    [
        # Weeks 15 (14 December) and 16 (4 January) straddle Christmas: the
        # window is the week back; 11 January starts the next fortnight.
        (date(2026, 12, 19), "Fortnight of 4 January 2027", date(2027, 1, 4), None),
        (date(2027, 1, 9), "Fortnight of 11 January 2027", None, date(2027, 1, 22)),
        # The count runs on over the October half-term: 2 November is week 9.
        (date(2026, 10, 24), "Fortnight of 2 November 2026", None, date(2026, 11, 13)),
        # The first fortnight of the year starts on its first day, a Wednesday.
        (date(2026, 8, 1), "Fortnight of 2 September 2026", None, date(2026, 9, 11)),
    ],
)
def test_fortnight_labels_and_windows(starts_from, label, starts_on, ends_on):
    [first, *_] = visit_windows(_calendar(2026), "fortnightly", starts_from=starts_from)

    assert first.label == label
    assert first.starts_on == (starts_on or first.starts_on)
    assert first.ends_on == (ends_on or first.ends_on)


# (cadence, start date, label of the first window, earliest target)
MID_TERM_AND_HOLIDAY = [
    # Mid-term: the window under way still gets its visit, from that day on.
    ("termly", date(2026, 12, 3), "Autumn term 2026/27", date(2026, 12, 3)),
    ("half_termly", date(2026, 12, 3), "Autumn 2 2026/27", date(2026, 12, 3)),
    ("fortnightly", date(2026, 12, 3), "Fortnight of 30 November 2026", None),
    # In the Christmas holiday: the autumn windows have ended.
    ("termly", date(2026, 12, 23), "Spring term 2026/27", date(2027, 1, 4)),
    ("half_termly", date(2026, 12, 23), "Spring 1 2026/27", date(2027, 1, 4)),
    ("fortnightly", date(2026, 12, 23), "Fortnight of 4 January 2027", None),
    # The last day of a window is still inside it.
    ("half_termly", date(2026, 12, 18), "Autumn 2 2026/27", date(2026, 12, 18)),
]


@pytest.mark.parametrize(
    ("cadence", "starts_from", "label", "earliest"), MID_TERM_AND_HOLIDAY
)
def test_first_window_from_a_start_date(cadence, starts_from, label, earliest):
    windows = visit_windows(_calendar(2026), cadence, starts_from=starts_from)

    assert windows[0].label == label
    assert windows[0].planned_on >= (earliest or starts_from)
    assert all(w.ends_on >= starts_from for w in windows)


@pytest.mark.parametrize(
    ("start_year", "label"),
    [
        # 2 April is in the Easter holiday of 2024 (an early Easter) ...
        (2023, "Summer term 2023/24"),
        # ... and still in the spring term of 2025 (a late one).
        (2024, "Spring term 2024/25"),
    ],
)
def test_a_moving_easter_moves_the_term_windows(start_year, label):
    starts_from = date(start_year + 1, 4, 2)

    windows = visit_windows(_calendar(start_year), "termly", starts_from=starts_from)

    assert windows[0].label == label
    assert windows[0].planned_on >= starts_from


def test_termly_target_avoids_the_half_term_break():
    # The middle of the 2026 autumn term, 25 October, is in the half-term break.
    [autumn, *_] = visit_windows(
        _calendar(2026), "termly", starts_from=date(2026, 9, 1)
    )

    assert not date(2026, 10, 26) <= autumn.planned_on <= date(2026, 10, 30)


@pytest.mark.parametrize(
    ("cadence", "last_of_first_year", "first_of_second_year"),
    [
        ("termly", "Summer term 2025/26", "Autumn term 2026/27"),
        ("half_termly", "Summer 2 2025/26", "Autumn 1 2026/27"),
        (
            "fortnightly",
            "Fortnight of 13 July 2026",
            "Fortnight of 2 September 2026",
        ),
    ],
)
def test_windows_run_on_across_the_year_boundary(
    cadence, last_of_first_year, first_of_second_year
):
    # Given out of order on purpose: the years are sorted.
    windows = visit_windows(
        _calendar(2026, 2025), cadence, starts_from=date(2026, 7, 1)
    )
    labels = [w.label for w in windows]

    boundary = labels.index(first_of_second_year)
    assert labels[boundary - 1] == last_of_first_year
    assert windows[-1].ends_on == date(2027, 7, 16)


def test_fortnights_restart_each_september():
    # 2025/26 has an odd number of school weeks, so without the restart
    # 2026/27's first fortnight would pair with the last week of July.
    first_year = school_fortnights(calendar_propose(2025))
    second_year = school_fortnights(calendar_propose(2026))

    assert first_year[-1] == (date(2026, 7, 13), date(2026, 7, 17))
    assert second_year[0] == (date(2026, 9, 2), date(2026, 9, 11))


def test_nothing_after_the_calendar_ends():
    assert visit_windows(_calendar(2025), "termly", starts_from=date(2026, 7, 18)) == []


def test_spread_gives_different_schools_different_mid_week_days():
    year = calendar_propose(2026)
    start = datetime.date(2026, 11, 2)

    targets = {
        visit_windows([year], "half_termly", starts_from=start, spread=n)[0].planned_on
        for n in range(5)
    }

    assert len(targets) == 5
    assert all(day.weekday() in (1, 2, 3) for day in targets)
    assert all(
        datetime.date(2026, 11, 2) <= day <= datetime.date(2026, 12, 18)
        for day in targets
    )
