from django import forms


class DateInput(forms.DateInput):
    """A browser date picker; it needs the value as YYYY-MM-DD, whatever the
    locale's display format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__({"class": "form-control", **(attrs or {})}, "%Y-%m-%d")
