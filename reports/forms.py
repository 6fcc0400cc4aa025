from django import forms

from .documents import UnknownDocumentKind, kind_get


class RenderingRequestForm(forms.Form):
    """What the "Download as PDF" buttons post: a kind and an object id."""

    kind = forms.CharField(max_length=50)
    object_id = forms.IntegerField(min_value=1)

    def clean_kind(self):
        try:
            return kind_get(self.cleaned_data["kind"])
        except UnknownDocumentKind:
            raise forms.ValidationError("No such document.") from None
