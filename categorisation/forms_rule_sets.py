from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms

from pvat.concurrency import VersionedFormMixin

from .thresholds import THRESHOLDS, thresholds_check

INPUT_CLASS = "form-control"


@dataclass(frozen=True)
class ThresholdRow:
    """One line of the side-by-side table: this year's field beside the
    value in force the year before and the default."""

    field: forms.BoundField
    threshold: object
    previous: Decimal
    is_changed: bool


class RuleSetForm(VersionedFormMixin, forms.Form):
    """Every threshold of one academic year's rule set, built from
    THRESHOLDS, with the values in force the year before to compare."""

    notes = forms.CharField(
        label="Why the thresholds changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when any value differs from the previous year's.",
    )

    def __init__(self, *args, rule_set, previous_values, previous_name, **kwargs):
        # The saved set, when there is one, whose version guards against lost
        # updates; None for a year without a set.
        self.instance = rule_set
        super().__init__(*args, **kwargs)
        self.previous_values = previous_values
        self.previous_name = previous_name
        for threshold in THRESHOLDS:
            self.fields[threshold.key] = _threshold_field(threshold)
        self.order_fields([threshold.key for threshold in THRESHOLDS])

    def clean(self):
        cleaned_data = super().clean()
        for key, message in thresholds_check(self.threshold_values()).items():
            if key not in self.errors:
                self.add_error(key, message)
        if self.changed_keys() and not cleaned_data.get("notes", "").strip():
            self.add_error(
                "notes", f"Say why the thresholds changed from {self.previous_name}."
            )
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = f"{INPUT_CLASS} is-invalid"

    def threshold_values(self):
        """The cleaned thresholds as Decimals, leaving out any that failed."""
        cleaned_data = getattr(self, "cleaned_data", {})
        return {
            threshold.key: cleaned_data[threshold.key]
            for threshold in THRESHOLDS
            if cleaned_data.get(threshold.key) is not None
        }

    def changed_keys(self):
        """Thresholds whose value in the form differs from the year before."""
        return [
            threshold.key
            for threshold in THRESHOLDS
            if self._differs(threshold.key, self[threshold.key].value())
        ]

    def groups(self):
        """[(group, [ThresholdRow, ...])] in the order of THRESHOLDS."""
        groups = {}
        for threshold in THRESHOLDS:
            field = self[threshold.key]
            row = ThresholdRow(
                field=field,
                threshold=threshold,
                previous=self.previous_values[threshold.key],
                is_changed=self._differs(threshold.key, field.value()),
            )
            groups.setdefault(threshold.group, []).append(row)
        return list(groups.items())

    def _differs(self, key, value):
        if value in (None, ""):
            return False
        try:
            return Decimal(str(value)) != self.previous_values[key]
        except InvalidOperation:
            # Not a number: the field's own error says so.
            return False


def _threshold_field(threshold):
    # The range goes on the input for the browser; thresholds_check, in
    # clean(), reports a value outside it in the words the admin reads.
    attrs = {
        "class": INPUT_CLASS,
        "min": str(threshold.minimum),
        "max": str(threshold.maximum),
    }
    return forms.DecimalField(
        label=threshold.label,
        help_text=threshold.help_text,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs=attrs),
    )
