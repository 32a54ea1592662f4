"""The base of the admin's model forms."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class FieldErrorsFirstForm(forms.ModelForm):
    """A field whose typed value was refused shows that message alone.

    The model's own checks (``Model.clean``) still run, and see the refused field as empty: they
    would add a message that misleads ("Enter a start date" under a start date of 1404/13/01).
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            refused = {name for name in self._errors if name != NON_FIELD_ERRORS}
            kept = {name: messages for name, messages in errors.error_dict.items() if name not in refused}
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)
