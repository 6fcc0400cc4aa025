"""Which sources of a school's evidence are missing or out of date.

A pure function over plain data, with no database access: it takes, for each
check, the date (for dated records) or the start year (for records kept per
academic or financial year) of the school's latest record, and today's date.

The rules, each a judgement of when a CEO would expect the next record:

- Inspections: missing when none is recorded; out of date when the last one
  was more than five years ago, longer than any school now goes between
  inspections, so a later one has most likely not been recorded.
- Attainment: out of date when there is nothing for the latest year whose
  results are due. Schools have their own results in July (KS2) and August
  (GCSE), and DfE publishes them in the autumn, so results for 2024/25 are
  due from 1 October 2025.
- Attendance, behaviour and workforce: out of date when there is nothing for
  the current or the previous academic year.
- Finance: out of date when there is nothing for the previous financial
  year (academies' financial years run September to August).
- Safeguarding: out of date when the last audit was more than 12 months ago,
  since the section 175/157 self-assessment and most audits are yearly.
- Quality-assurance judgements: out of date when the last was more than four
  months ago, about a term.
- SEF and SIP, checked one by one: out of date when no version has been
  uploaded in the current academic year.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from schools.calendar import academic_start_year_of
from schools.models import academic_year_name

MISSING = "missing"
OUT_OF_DATE = "out_of_date"
UP_TO_DATE = "up_to_date"

INSPECTION_YEARS = 5
SAFEGUARDING_MONTHS = 12
QUALITY_MONTHS = 4
# Results for the academic year starting in September S are due from this
# day of the following year's autumn: 1 October S+1.
ATTAINMENT_DUE = (10, 1)


@dataclass(frozen=True)
class CompletenessCheck:
    key: str
    label: str
    source_slug: str
    state: str
    reason: str

    @property
    def needs_attention(self):
        return self.state != UP_TO_DATE

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


STATE_LABELS = {
    MISSING: "Missing",
    OUT_OF_DATE: "Out of date",
    UP_TO_DATE: "Up to date",
}


def evidence_completeness(*, latest, today):
    """One check per source (two for documents: SEF and SIP), in the order
    of the profile's tabs.

    `latest` maps a check's key to its latest record's date or start year,
    or None when the school has none; a key left out counts as None.
    """
    return [
        CompletenessCheck(key, label, slug, *rule(latest.get(key), today))
        for key, label, slug, rule in CHECKS
    ]


def _inspections(last_on, today):
    if last_on is None:
        return MISSING, "No inspection recorded."
    if last_on < today - relativedelta(years=INSPECTION_YEARS):
        return OUT_OF_DATE, (
            f"The last inspection recorded was on {_long(last_on)}, more than "
            f"{INSPECTION_YEARS} years ago. Record any inspection since."
        )
    return UP_TO_DATE, f"Last inspected on {_long(last_on)}."


def _attainment(latest_year, today):
    due_year = attainment_due_year(today)
    if latest_year is None:
        return MISSING, "No attainment results recorded."
    if latest_year < due_year:
        return OUT_OF_DATE, (
            f"No results recorded for {academic_year_name(due_year)} yet; the "
            f"latest are for {academic_year_name(latest_year)}."
        )
    return UP_TO_DATE, f"Results recorded for {academic_year_name(latest_year)}."


def attainment_due_year(today):
    """The start year of the latest academic year whose results are due."""
    month, day = ATTAINMENT_DUE
    due_this_year = today >= datetime.date(today.year, month, day)
    return today.year - 1 if due_this_year else today.year - 2


def _yearly(noun):
    """A rule for records kept per academic year: up to date with a record
    for the current or the previous year."""

    def rule(latest_year, today):
        current = academic_start_year_of(today)
        if latest_year is None:
            return MISSING, f"No {noun} recorded."
        if latest_year < current - 1:
            return OUT_OF_DATE, (
                f"No {noun} recorded for {academic_year_name(current - 1)} or "
                f"{academic_year_name(current)} yet; the latest is for "
                f"{academic_year_name(latest_year)}."
            )
        return UP_TO_DATE, f"Latest for {academic_year_name(latest_year)}."

    return rule


def _finance(latest_year, today):
    previous = academic_start_year_of(today) - 1
    if latest_year is None:
        return MISSING, "No finance recorded."
    if latest_year < previous:
        return OUT_OF_DATE, (
            f"No finance recorded for {academic_year_name(previous)}, the "
            f"financial year that ended on 31 August {previous + 1}; the "
            f"latest is for {academic_year_name(latest_year)}."
        )
    return UP_TO_DATE, f"Latest for {academic_year_name(latest_year)}."


def _safeguarding(last_on, today):
    if last_on is None:
        return MISSING, "No safeguarding audit recorded."
    if last_on < today - relativedelta(months=SAFEGUARDING_MONTHS):
        return OUT_OF_DATE, (
            f"The last safeguarding audit was {_months_ago(last_on, today)}, on "
            f"{_long(last_on)}; an audit is expected every "
            f"{SAFEGUARDING_MONTHS} months."
        )
    return UP_TO_DATE, f"Last audited on {_long(last_on)}."


def _quality(last_on, today):
    if last_on is None:
        return MISSING, "No quality-assurance judgement recorded."
    if last_on < today - relativedelta(months=QUALITY_MONTHS):
        return OUT_OF_DATE, (
            f"The last quality-assurance judgement was "
            f"{_months_ago(last_on, today)}, on {_long(last_on)}; one is "
            f"expected each term."
        )
    return UP_TO_DATE, f"Last judged on {_long(last_on)}."


def _document(name):
    """A rule for the SEF or SIP: a version uploaded this academic year."""

    def rule(uploaded_on, today):
        current = academic_start_year_of(today)
        if uploaded_on is None:
            return MISSING, f"No {name} uploaded yet."
        if academic_start_year_of(uploaded_on) < current:
            return OUT_OF_DATE, (
                f"No {name} uploaded in {academic_year_name(current)} yet; the "
                f"last was on {_long(uploaded_on)}."
            )
        return UP_TO_DATE, f"Last uploaded on {_long(uploaded_on)}."

    return rule


def _months_ago(day, today):
    gap = relativedelta(today, day)
    # Only ever called for gaps of four months or more: always plural.
    return f"{gap.years * 12 + gap.months} months ago"


def _long(day):
    return f"{day.day} {day:%B %Y}"


CHECKS = [
    ("inspections", "Inspections", "inspections", _inspections),
    ("attainment", "Attainment and progress", "attainment", _attainment),
    ("attendance", "Attendance", "attendance", _yearly("attendance")),
    ("behaviour", "Behaviour and exclusions", "behaviour", _yearly("behaviour")),
    ("finance", "Finance", "finance", _finance),
    ("safeguarding", "Safeguarding audit", "safeguarding", _safeguarding),
    (
        "quality",
        "Leadership, teaching and behaviour judgements",
        "quality",
        _quality,
    ),
    ("workforce", "Workforce", "workforce", _yearly("workforce figures")),
    ("sef", "Self-evaluation (SEF)", "documents", _document("self-evaluation (SEF)")),
    (
        "sip",
        "School improvement plan (SIP)",
        "documents",
        _document("school improvement plan (SIP)"),
    ),
]
