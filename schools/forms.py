from django import forms

from .models import School


class SchoolForm(forms.ModelForm):
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
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "joined_trust_on": forms.DateInput(attrs={"type": "date"}),
            "closed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "urn": "The six-digit unique reference number from GIAS.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The URN is the school's identity across DfE data; it never changes.
            self.fields["urn"].disabled = True
