from django import forms

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput

from .models import School


class SchoolForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = School
        fields = [
            "urn",
            "name",
            "phase",
            "establishment_type",
            "local_authority",
            "la_code",
            "establishment_number",
            "ukprn",
            "street",
            "town",
            "postcode",
            "website",
            "number_of_pupils",
            "capacity",
            "statutory_low_age",
            "statutory_high_age",
            "percentage_fsm",
            "opened_on",
            "joined_trust_on",
            "status",
            "closed_on",
        ]
        widgets = {
            "opened_on": DateInput(),
            "joined_trust_on": DateInput(),
            "closed_on": DateInput(),
        }
        help_texts = {
            "urn": "The six-digit unique reference number from GIAS.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The URN is the school's identity across DfE data; it never changes.
            self.fields["urn"].disabled = True
