import datetime

import pytest

from evidence.completeness import (
    MISSING,
    OUT_OF_DATE,
    UP_TO_DATE,
    attainment_due_year,
    evidence_completeness,
)

day = datetime.date

# (check, latest record's date or start year, today, expected state), at each
# boundary: the last day a record still counts and the first day it does not.
CASES = [
    # Inspections: more than five years ago is out of date.
    ("inspections", None, day(2026, 3, 1), MISSING),
    ("inspections", day(2021, 3, 1), day(2026, 3, 1), UP_TO_DATE),
    ("inspections", day(2021, 3, 1), day(2026, 3, 2), OUT_OF_DATE),
    # Attainment: results for 2024/25 are due from 1 October 2025.
    ("attainment", None, day(2025, 10, 1), MISSING),
    ("attainment", 2023, day(2025, 9, 30), UP_TO_DATE),
    ("attainment", 2023, day(2025, 10, 1), OUT_OF_DATE),
    ("attainment", 2024, day(2025, 10, 1), UP_TO_DATE),
    ("attainment", 2024, day(2026, 9, 30), UP_TO_DATE),
    ("attainment", 2024, day(2026, 10, 1), OUT_OF_DATE),
    # Attendance, behaviour, workforce: the current or the previous year.
    ("attendance", None, day(2026, 8, 31), MISSING),
    ("attendance", 2024, day(2026, 8, 31), UP_TO_DATE),
    ("attendance", 2024, day(2026, 9, 1), OUT_OF_DATE),
    ("attendance", 2025, day(2026, 9, 1), UP_TO_DATE),
    ("attendance", 2026, day(2026, 9, 1), UP_TO_DATE),
    ("behaviour", 2024, day(2026, 8, 31), UP_TO_DATE),
    ("behaviour", 2024, day(2026, 9, 1), OUT_OF_DATE),
    ("workforce", 2024, day(2026, 8, 31), UP_TO_DATE),
    ("workforce", 2024, day(2026, 9, 1), OUT_OF_DATE),
    ("workforce", None, day(2026, 9, 1), MISSING),
    # Finance: the previous financial year (September to August).
    ("finance", None, day(2026, 9, 1), MISSING),
    ("finance", 2024, day(2026, 8, 31), UP_TO_DATE),
    ("finance", 2024, day(2026, 9, 1), OUT_OF_DATE),
    ("finance", 2025, day(2026, 9, 1), UP_TO_DATE),
    # Safeguarding: an audit within the last 12 months.
    ("safeguarding", None, day(2026, 3, 3), MISSING),
    ("safeguarding", day(2025, 3, 3), day(2026, 3, 3), UP_TO_DATE),
    ("safeguarding", day(2025, 3, 3), day(2026, 3, 4), OUT_OF_DATE),
    # 12 months on from 29 February is 28 February.
    ("safeguarding", day(2024, 2, 29), day(2025, 2, 28), UP_TO_DATE),
    ("safeguarding", day(2024, 2, 29), day(2025, 3, 1), OUT_OF_DATE),
    # Quality-assurance judgements: within about a term, four months.
    ("quality", None, day(2026, 5, 10), MISSING),
    ("quality", day(2026, 1, 10), day(2026, 5, 10), UP_TO_DATE),
    ("quality", day(2026, 1, 10), day(2026, 5, 11), OUT_OF_DATE),
    # SEF and SIP: a version uploaded in the current academic year.
    ("sef", None, day(2026, 9, 1), MISSING),
    ("sef", day(2025, 9, 1), day(2026, 8, 31), UP_TO_DATE),
    ("sef", day(2026, 8, 31), day(2026, 9, 1), OUT_OF_DATE),
    ("sef", day(2026, 9, 1), day(2026, 9, 1), UP_TO_DATE),
    ("sip", day(2026, 8, 31), day(2026, 9, 1), OUT_OF_DATE),
    ("sip", day(2026, 9, 1), day(2027, 8, 31), UP_TO_DATE),
]


def _check(key, latest, today):
    checks = evidence_completeness(latest={key: latest}, today=today)
    return next(check for check in checks if check.key == key)


@pytest.mark.parametrize(("key", "latest", "today", "expected"), CASES)
def test_completeness_boundaries(key, latest, today, expected):
    check = _check(key, latest, today)

    assert check.state == expected
    assert check.needs_attention == (expected != UP_TO_DATE)


@pytest.mark.parametrize(
    ("key", "latest", "today", "reason"),
    [
        (
            "safeguarding",
            day(2025, 3, 3),
            day(2026, 5, 10),
            "The last safeguarding audit was 14 months ago, on 3 March 2025; an "
            "audit is expected every 12 months.",
        ),
        (
            "attendance",
            2023,
            day(2025, 12, 3),
            "No attendance recorded for 2024/25 or 2025/26 yet; the latest is for "
            "2023/24.",
        ),
        (
            "attainment",
            2023,
            day(2025, 12, 3),
            "No results recorded for 2024/25 yet; the latest are for 2023/24.",
        ),
        (
            "finance",
            2023,
            day(2025, 12, 3),
            "No finance recorded for 2024/25, the financial year that ended on "
            "31 August 2025; the latest is for 2023/24.",
        ),
        (
            "inspections",
            day(2019, 3, 12),
            day(2025, 12, 3),
            "The last inspection recorded was on 12 March 2019, more than 5 years "
            "ago. Record any inspection since.",
        ),
        (
            "quality",
            day(2025, 7, 2),
            day(2025, 12, 3),
            "The last quality-assurance judgement was 5 months ago, on 2 July "
            "2025; one is expected each term.",
        ),
        (
            "sef",
            day(2025, 6, 3),
            day(2025, 12, 3),
            "No self-evaluation (SEF) uploaded in 2025/26 yet; the last was on "
            "3 June 2025.",
        ),
        (
            "sip",
            None,
            day(2025, 12, 3),
            "No school improvement plan (SIP) uploaded yet.",
        ),
        ("workforce", 2024, day(2025, 12, 3), "Latest for 2024/25."),
    ],
)
def test_reasons_a_ceo_understands(key, latest, today, reason):
    assert _check(key, latest, today).reason == reason


def test_every_source_is_checked_in_tab_order_and_missing_when_absent():
    checks = evidence_completeness(latest={}, today=day(2025, 12, 3))

    assert [check.key for check in checks] == [
        "inspections",
        "attainment",
        "attendance",
        "behaviour",
        "finance",
        "safeguarding",
        "quality",
        "workforce",
        "sef",
        "sip",
    ]
    assert {check.state for check in checks} == {MISSING}
    assert {check.source_slug for check in checks if check.key in ("sef", "sip")} == {
        "documents"
    }
    assert checks[0].state_label == "Missing"


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (day(2025, 9, 30), 2023),
        (day(2025, 10, 1), 2024),
        (day(2025, 12, 31), 2024),
        (day(2026, 1, 1), 2024),
    ],
)
def test_attainment_due_year(today, due):
    assert attainment_due_year(today) == due
