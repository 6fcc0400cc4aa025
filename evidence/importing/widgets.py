"""How each kind of cell is read, with messages that say how to write it.

Every widget raises ValueError for a cell it cannot read, which
django-import-export reports against that cell's column.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from import_export import widgets

from schools.models import School, academic_year_name

YEAR = re.compile(r"(\d{4})\s*[/-]\s*(\d{2})")
THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
# The range the models accept.
FIRST_YEAR, LAST_YEAR = 2000, 2100
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_number(value):
    """The number in a cell, as a Decimal, or None if it is not one. A "%" or
    "£" sign and thousands commas are allowed, as spreadsheets write them."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("£", "", 1).removesuffix("%").strip()
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def or_list(labels, *, last="or"):
    """ "A, B or C" (or "A, B and C")."""
    labels = [str(label) for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {last} {labels[-1]}"


class UrnWidget(widgets.ForeignKeyWidget):
    """One of the trust's schools, by URN. The register is read once per
    import rather than once per row."""

    def __init__(self):
        super().__init__(School, "urn")
        self._schools = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        urn = cell_text(value)
        school = self._by_urn().get(urn)
        if school is None:
            raise ValueError(f"{urn} is not the URN of one of the trust's schools.")
        return school

    def _by_urn(self):
        if self._schools is None:
            self._schools = School.objects.in_bulk(field_name="urn")
        return self._schools


def academic_year_from(text):
    """The start year of a year written 2024/25; ValueError otherwise."""
    match = YEAR.fullmatch(text.strip())
    if not match:
        raise ValueError(f"Write the year as 2024/25, not “{text}”.")
    start = int(match[1])
    if (start + 1) % 100 != int(match[2]):
        suggestion = academic_year_name(start)
        raise ValueError(f"“{text}” is not a year: did you mean {suggestion}?")
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(f"Give a year from {FIRST_YEAR} to {LAST_YEAR}.")
    return start


class YearWidget(widgets.Widget):
    """An academic or financial year written 2024/25, kept as its start
    year."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        return academic_year_from(cell_text(value))

    def render(self, value, obj=None, **kwargs):
        return academic_year_name(value) if value else ""


class ChoiceWidget(widgets.Widget):
    """One of a list of choices, written as its label in any case. Stored
    values are accepted too where they read as words (`autumn`)."""

    def __init__(self, choices, *, blank="", kind="one of the choices", values=True):
        super().__init__()
        self.choices = [(value, label) for value, label in choices if value != ""]
        self.blank = blank
        self.kind = kind
        self.lookup = {str(label).casefold(): value for value, label in choices}
        if values:
            self.lookup |= {str(value).casefold(): value for value, _ in choices}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.blank
        text = cell_text(value)
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            labels = or_list(label for _, label in self.choices)
            raise ValueError(f"“{text}” is not {self.kind}: use {labels}.") from None

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, ""))


class NumberWidget(widgets.Widget):
    """A number, or a whole number when whole is set. hint ends the message
    for a cell that is not a number."""

    def __init__(self, *, whole=False, hint=""):
        super().__init__()
        self.whole = whole
        self.hint = hint

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        number = parse_number(value)
        if number is None:
            message = f"“{cell_text(value)}” is not a number."
            raise ValueError(f"{message} {self.hint}".strip())
        if not self.whole:
            return number
        if number != number.to_integral_value():
            raise ValueError(f"“{cell_text(value)}” is not a whole number.")
        return int(number)


class DateWidget(widgets.Widget):
    """A date written dd/mm/yyyy (or yyyy-mm-dd), or a date cell."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            return value
        text = cell_text(value)
        try:
            return _date(text)
        except ValueError:
            message = (
                f"“{text}” is not a date: write it as dd/mm/yyyy, like 14/03/2025."
            )
            raise ValueError(message) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


def _date(text):
    match = UK_DATE.fullmatch(text)
    if match:
        return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    return datetime.date.fromisoformat(text)
