"""What every criterion shares: threshold look-up, how old evidence may be,
and the words and numbers a reason is written in."""

from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from schools.calendar import academic_start_year_of

from ..facts import CURRENT, MISSING, OUT_OF_DATE, Signal
from ..thresholds import THRESHOLDS_BY_KEY

MINUS = "\u2212"
HUNDREDTHS = Decimal("0.01")


def threshold(thresholds, key):
    """A threshold as a Decimal; a key the rule set lacks takes its default,
    so a rule set saved before a threshold existed still works."""
    value = thresholds.get(key)
    if value is None:
        return THRESHOLDS_BY_KEY[key].default
    return value if isinstance(value, Decimal) else Decimal(str(value))


def signal(criterion, label, tier, reason):
    return Signal(criterion, label, tier, reason, CURRENT)


def missing(criterion, label, reason):
    return Signal(criterion, label, None, reason, MISSING)


def out_of_date(criterion, label, reason):
    return Signal(criterion, label, None, reason, OUT_OF_DATE)


# How old evidence may be ------------------------------------------------------


def is_older_than_months(day, today, months):
    """True when `day` is more than `months` whole months before `today`;
    a fraction of a month is dropped. Evidence dated after today counts as
    current."""
    return day < today - relativedelta(months=int(months))


def is_older_than_years(day, today, years):
    return is_older_than_months(day, today, years * 12)


def current_year(today):
    return academic_start_year_of(today)


def is_stale_year(year, today, thresholds):
    """True when an academic or financial year (by start year) is more than
    data_max_age_years before the current academic year."""
    limit = threshold(thresholds, "data_max_age_years")
    return year < current_year(today) - limit


def too_old_text(today, thresholds):
    """more than 2 years before 2025/26"""
    limit = threshold(thresholds, "data_max_age_years")
    return f"more than {plural(limit, 'year')} before {year_name(current_year(today))}"


# Words and numbers ------------------------------------------------------------


def year_name(start_year):
    """2024 -> "2024/25"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def long_date(day):
    """3 December 2026."""
    return f"{day.day} {day:%B %Y}"


def number(value, *, signed=False):
    """A figure as people read it: 48, 7.1, 0.13, −0.45 (+0.35 when signed);
    at most two decimal places, trailing zeros dropped."""
    value = Decimal(value)
    if not value.is_finite():
        return str(value)
    try:
        value = value.quantize(HUNDREDTHS)
    except InvalidOperation:  # too many digits to carry two decimal places
        value = value.to_integral_value()
    text = f"{abs(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if value < 0 and text != "0":
        return MINUS + text
    return ("+" + text) if signed and value > 0 else text


def percent(value):
    return number(value) + "%"


def plural(amount, word):
    text = number(amount) if isinstance(amount, Decimal) else str(amount)
    return f"{text} {word}" if amount == 1 else f"{text} {word}s"


def humanise(key):
    """A label for a key the rules have no label for."""
    return str(key).replace("_", " ").strip().capitalize() or "Unknown"


def join_words(words):
    """["a", "b", "c"] -> "a, b and c"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def is_number(value):
    """A usable figure: present and finite. Anything else is absent."""
    return isinstance(value, Decimal | int) and Decimal(value).is_finite()
