"""Optimistic locking for edit forms: no lost updates between two editors.

The form carries the record's version (its `updated_at`) from when it was
opened. On save the view locks the row and compares; if someone else saved in
between, nothing is written and the form comes back with the person's own
typed values and a message, ready to save again over the newer version.
"""

from django import forms
from django.utils import formats, timezone


class VersionedFormMixin:
    version_field = "updated_at"
    stale_message = (
        "Someone else saved changes here at {time}, after you opened this page. "
        "Nothing was saved. Your changes are still in the form: check them "
        "against the current details and save again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        self.initial["version"] = self._version_of(self.instance)

    def _version_of(self, instance):
        value = getattr(instance, self.version_field, None)
        return value.isoformat() if value else ""

    def version_adopt(self, instance):
        """Carry the version just saved, for a form shown again after its own
        save (so saving once more is not taken for someone else's change)."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = self._version_of(instance)

    def is_current(self, locked_instance):
        """True when the locked row is the version this form was opened on.

        Call inside a transaction holding the row lock (select_for_update)."""
        current = self._version_of(locked_instance)
        if self.cleaned_data.get("version") == current:
            return True
        changed_at = getattr(locked_instance, self.version_field)
        local = formats.time_format(timezone.localtime(changed_at), "H:i")
        self.add_error(None, self.stale_message.format(time=local))
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        return False
