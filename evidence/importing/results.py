"""What an import did, or would do: counts and every problem found.

The command, the browser and DfE's files all report through ImportResult.
"""

from dataclasses import dataclass, field

DFE_PREFIX = "dfe-"


@dataclass(frozen=True)
class RowError:
    """A problem in the file. Rows count as a spreadsheet shows them: the
    header is row 1. row is None and column empty when the problem concerns
    the whole file."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = [f"Row {self.row}"] if self.row else []
        where += [f"column {self.column}"] if self.column else []
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class ImportResult:
    """The counts of an import or a dry run. The last three counts belong to
    DfE's files: rows for schools outside the trust, local authority and
    other aggregate rows, and national comparators set from the England row.
    """

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    other_schools: int = 0
    aggregates: int = 0
    comparators: int = 0
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def is_dfe(self):
        return self.source.startswith(DFE_PREFIX)

    @property
    def has_changes(self):
        return bool(self.created or self.updated or self.comparators)

    def counts(self):
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.is_dfe:
            counts["other_schools"] = self.other_schools
            counts["aggregates"] = self.aggregates
            counts["comparators"] = self.comparators
        return counts

    def summary(self):
        text = (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}"
        )
        if self.is_dfe:
            text += (
                f"; skipped {_rows(self.other_schools)} for schools outside the "
                f"trust and {_rows(self.aggregates, 'aggregate row')}; "
                f"national comparators set {self.comparators}"
            )
        return text


def _rows(count, noun="row"):
    return f"{count} {noun}{'s' * (count != 1)}"
