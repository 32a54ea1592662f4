"""Pieces shared by the admin of every app: autocomplete widgets that need no query per inline row,
a search that finds Persian text typed on an Arabic keyboard and the other way round, and change
forms that refuse to overwrite what someone else saved after they were opened.

It lives in `crafts` because `crafts` is the app every other app may import.
"""

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, quote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from .i18n import spelling_variants


class PreloadedChoicesMixin:
    """An autocomplete widget that labels its selected options from objects the form already holds.

    Django's autocomplete widgets query their selected values on every render: one query per
    inline row and field. Given the row's related objects (see `PreloadedChoicesForm`), this one
    queries only when the submitted value is not among them, e.g. on a form redisplayed with errors.
    """

    preloaded = {}

    def preload(self, objects) -> None:
        attname = self._target_attname()
        self.preloaded = {str(getattr(obj, attname)): obj for obj in objects}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        for key in sorted(selected, key=list(self.preloaded).index):
            options.append(self.create_option(name, key, label(self.preloaded[key]), True, len(options)))
        return [(None, options, 0)]

    def _target_attname(self) -> str:
        remote_opts = self.field.remote_field.model._meta
        field_name = getattr(self.field.remote_field, "field_name", remote_opts.pk.attname)
        return remote_opts.get_field(field_name).attname


class PreloadedAutocompleteSelect(PreloadedChoicesMixin, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(PreloadedChoicesMixin, AutocompleteSelectMultiple):
    pass


class PreloadedChoicesForm(forms.ModelForm):
    """Hands each autocomplete widget the related objects already loaded on the instance.

    Foreign keys count when the queryset used `select_related`; many-to-many values when it used
    `prefetch_related` (the form's initial data then holds the prefetched objects).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, PreloadedChoicesMixin):
                widget.preload(self._loaded_objects(name))

    def _loaded_objects(self, name: str) -> list[models.Model]:
        model_field = self.instance._meta.get_field(name)
        if model_field.many_to_many:
            return [obj for obj in self.initial.get(name) or () if isinstance(obj, models.Model)]
        if model_field.is_cached(self.instance):
            obj = getattr(self.instance, name)
            return [obj] if obj is not None else []
        return []


class PreloadedAutocompleteMixin:
    """For a ModelAdmin or an inline: autocomplete fields render without a query of their own.

    Pair it with a `get_queryset()` that `select_related`s the foreign keys and
    `prefetch_related`s the many-to-many fields shown, labels included (a Source's label names
    its publisher). On a change form, `change_form_prefetch` does the same for the object itself.
    """

    form = PreloadedChoicesForm
    change_form_prefetch = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self.change_form_prefetch:
            models.prefetch_related_objects([obj], *self.change_form_prefetch)
        return obj


class ScriptVariantSearchMixin:
    """Admin search that matches ي/ی and ك/ک, and Persian, Arabic or Latin digits, alike.

    A NUL byte in the address is refused as any other invalid filter is: PostgreSQL cannot
    compare text with it, and no stored value contains one (forms reject it).
    """

    def get_changelist_instance(self, request):
        if any("\0" in key or "\0" in value for key, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL byte in the query string")
        return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        if "\0" in search_term:  # the autocomplete's search term reaches here unchecked
            return queryset.none(), False
        variants = spelling_variants(search_term)
        if len(variants) == 1:
            return super().get_search_results(request, queryset, search_term)
        plain = self.model._default_manager.all()
        condition = Q()
        for variant in variants:
            matches, _duplicates = super().get_search_results(request, plain, variant)
            condition |= Q(pk__in=matches.values("pk"))
        return queryset.filter(condition), False


class EditVersionField(forms.CharField):
    """The version of the record that the form showed, sent back with the form in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
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
