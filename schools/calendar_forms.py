from django import forms

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput

from .calendar import (
    TERM_NAMES,
    ProposedHalfTerm,
    ProposedTerm,
    ProposedYear,
    half_term_label,
)


class AcademicYearChoiceForm(forms.Form):
    start_year = forms.IntegerField(
        label="Year starting in September",
        min_value=2000,
        max_value=2100,
        help_text="For 2026/27, enter 2026.",
    )


class AcademicYearDatesForm(VersionedFormMixin, forms.Form):
    """The start and end of each term and half-term of one academic year.

    Only the shape of the dates is checked here; the calendar rules are
    checked by the services that save them, through calendar_check.
    """

    def __init__(self, *args, start_year, academic_year=None, **kwargs):
        # The saved year, when editing, whose version guards against lost updates.
        self.instance = academic_year
        super().__init__(*args, **kwargs)
        self.start_year = start_year
        for prefix, label in _periods():
            for edge, verb in (("starts_on", "starts"), ("ends_on", "ends")):
                self.fields[f"{prefix}_{edge}"] = forms.DateField(
                    label=f"{label} {verb}", widget=DateInput()
                )

    @classmethod
    def initial_from_dates(cls, year_dates):
        """Initial values from a ProposedYear."""
        initial = {}
        for term in year_dates.terms:
            initial.update(_edges(term.name, term))
            for half_term in term.half_terms:
                initial.update(_edges(f"half_term_{half_term.number}", half_term))
        return initial

    @classmethod
    def initial_from_academic_year(cls, academic_year):
        """Initial values from the saved rows, tolerating missing ones."""
        initial = {}
        for term in academic_year.terms.all():
            initial.update(_edges(term.name, term))
            for half_term in term.half_terms.all():
                initial.update(_edges(f"half_term_{half_term.number}", half_term))
        return initial

    def rows(self):
        """(label, start field, end field, is a term) for each period, in the
        order they are shown."""
        return [
            (
                label,
                self[f"{prefix}_starts_on"],
                self[f"{prefix}_ends_on"],
                prefix in TERM_NAMES,
            )
            for prefix, label in _periods()
        ]

    def year_dates(self):
        """The cleaned dates as a ProposedYear; call after is_valid()."""
        data = self.cleaned_data
        terms = []
        for index, name in enumerate(TERM_NAMES):
            half_terms = tuple(
                ProposedHalfTerm(
                    number,
                    data[f"half_term_{number}_starts_on"],
                    data[f"half_term_{number}_ends_on"],
                )
                for number in (index * 2 + 1, index * 2 + 2)
            )
            terms.append(
                ProposedTerm(
                    name,
                    data[f"{name}_starts_on"],
                    data[f"{name}_ends_on"],
                    half_terms,
                )
            )
        return ProposedYear(start_year=self.start_year, terms=tuple(terms))


def _periods():
    """(field prefix, label) for each term followed by its two half-terms."""
    periods = []
    for index, name in enumerate(TERM_NAMES):
        periods.append((name, f"{name.capitalize()} term"))
        for number in (index * 2 + 1, index * 2 + 2):
            periods.append((f"half_term_{number}", half_term_label(number)))
    return periods


def _edges(prefix, period):
    return {
        f"{prefix}_starts_on": period.starts_on,
        f"{prefix}_ends_on": period.ends_on,
    }
