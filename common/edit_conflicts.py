"""Change forms that refuse to overwrite what someone else saved after they were opened."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, quote
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .autocomplete import PreloadedChoicesForm


class EditVersionField(forms.CharField):
    """The version of the record that the form showed, sent back with the form in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        # Never shown, but the admin writes a hidden field's label into the page too.
        kwargs.setdefault("label", _("version of the record"))
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        # Bookkeeping, not an edit: it must not make an untouched inline row count as changed, nor
        # appear in the admin's change message.
        return False


def edit_version(value) -> str:
    """A record's version as the hidden input carries it: its `updated_at`, to the microsecond."""
    return value.isoformat() if value else ""


def locked_versions(model: type[models.Model], pks: list, field: str) -> dict:
    """The current version of each row, read under a row lock that lasts until the transaction ends.

    On PostgreSQL FOR NO KEY UPDATE makes a concurrent save of the same row wait for this
    transaction, yet lets other transactions insert rows that refer to it. SQLite has no row locks
    and needs none: the admin's IMMEDIATE transaction took the database's write lock when it began.
    """
    if not pks:
        return {}
    rows = model._base_manager.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")
    return dict(rows.values_list("pk", field))


def reload_link(message: str, obj: models.Model):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[quote(obj.pk)])
    return format_html(
        '{} <a href="{}">{}</a>',
        message,
        url,
        gettext("Reload the page to see the current version, then make your changes again."),
    )


class EditVersionForm(PreloadedChoicesForm):
    """A model form that carries the version of its record, for `ConcurrentEditForm` or an inline formset."""

    version_field = "updated_at"
    edit_version = EditVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.initial["edit_version"] = edit_version(getattr(self.instance, self.version_field))

    def is_stale(self, current) -> bool:
        """Whether the record changed, or went, since the form was opened."""
        return current is None or edit_version(current) != self.cleaned_data.get("edit_version")


class ConcurrentEditForm(EditVersionForm):
    """A change form that will not save over what someone else saved after it was opened.

    Every save moves `updated_at` on (`auto_now`; the publication actions set it too), so a form
    that sends back an older version than the one stored was opened before someone else's save. The
    check locks the row and the admin saves in the same transaction, so no other save can come in
    between (comparing without the lock would let two saves both pass). Only use it inside a
    transaction, as the admin's change view does.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding:
            current = locked_versions(type(self.instance), [self.instance.pk], self.version_field)
            if self.is_stale(current.get(self.instance.pk)):
                name = self.instance._meta.verbose_name
                message = gettext(
                    "This %(name)s was changed by someone else since you opened this page, so your changes "
                    "were not saved; they are still in the form below."
                ) % {"name": name}
                raise ValidationError(reload_link(message, self.instance), code="edit_conflict")
        return cleaned_data


class ConcurrentEditInlineFormSet(BaseInlineFormSet):
    """Inline rows that will not save over, or delete, a row someone else changed after the form was opened.

    The parent's check already covers rows that are only edited on the parent's form; this one is for
    rows that another form edits too, such as participations on the artisan and the exhibition forms.
    """

    def clean(self):
        super().clean()
        touched = [
            form
            for form in self.initial_forms
            if not form.instance._state.adding and (form.has_changed() or self._should_delete(form))
        ]
        # One query, in key order: two forms that share rows lock them in the same order, so neither
        # can end up waiting for the other (a deadlock).
        current = locked_versions(self.model, [form.instance.pk for form in touched], self.form.version_field)
        not_deleted = []
        for form in touched:
            if not form.is_stale(current.get(form.instance.pk)):
                continue
            if self._should_delete(form):
                not_deleted.append(str(form.instance))
            else:
                message = gettext(
                    "This row was changed by someone else since you opened this page, so your changes to it "
                    "were not saved."
                )
                form.add_error(None, ValidationError(reload_link(message, self.instance), code="edit_conflict"))
        if not_deleted:
            message = gettext(
                "%(rows)s was changed by someone else since you opened this page, so it was not deleted."
            ) % {"rows": ", ".join(not_deleted)}
            raise ValidationError(reload_link(message, self.instance), code="edit_conflict")

    def _should_delete(self, form) -> bool:
        return self.can_delete and hasattr(form, "cleaned_data") and self._should_delete_form(form)


class ConcurrentEditMixin:
    """For a ModelAdmin: its change form refuses to overwrite changes saved since it was opened."""

    form = ConcurrentEditForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if "edit_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        # The admin renders only the fields of its fieldsets; a hidden one takes no room.
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "edit_version"]}), *others]


class ConcurrentEditInlineMixin(ConcurrentEditMixin):
    """For an inline whose rows other forms edit too (see `ConcurrentEditInlineFormSet`)."""

    form = EditVersionForm
    formset = ConcurrentEditInlineFormSet
