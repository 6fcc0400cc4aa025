from django import forms

from .models import ImprovementArea


class ImprovementAreaForm(forms.ModelForm):
    """Name, description and position of an area; on an existing area also
    whether it is still offered. Areas are retired, never deleted, because
    past records keep pointing to them."""

    class Meta:
        model = ImprovementArea
        fields = ["name", "description", "position", "is_active"]
        labels = {"is_active": "Active"}
        help_texts = {
            "position": "Areas are listed in order of position, lowest first.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # A new area is always active; retiring comes later, if ever.
            del self.fields["is_active"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = ImprovementArea.objects.filter(name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                f"There is already an improvement area called “{name}”.",
                code="unique",
            )
        return name
