"""Autocomplete fields that need no query of their own: the admin's select2 widgets, labelled from the
objects the form already holds instead of one query per inline row and field.

A ModelAdmin may label its objects in these widgets and in the search results behind them with a
``label_from_instance(obj)`` method (places say what they are and where); str(obj) otherwise.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models

from .forms import FieldErrorsFirstForm


def label_from_instance(model_admin, obj) -> str:
    """How ``model_admin`` names ``obj`` in autocomplete fields and their search results."""
    label = getattr(model_admin, "label_from_instance", None)
    return str(label(obj) if label is not None else obj)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete search, each result labelled by its ModelAdmin's ``label_from_instance``."""

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": label_from_instance(self.model_admin, obj)}


class RegistryAdminSite(admin.AdminSite):
    """The admin site (see common.apps.RegistryAdminConfig): Django's, with labelled autocomplete results."""

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


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


class PreloadedChoicesForm(FieldErrorsFirstForm):
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
        return self._labelled(db_field, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return self._labelled(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))

    def _labelled(self, db_field, formfield):
        """The field's options labelled as in the search results of its autocomplete."""
        model = db_field.remote_field.model
        if formfield is not None and self.admin_site.is_registered(model):
            label = getattr(self.admin_site.get_model_admin(model), "label_from_instance", None)
            if label is not None:
                formfield.label_from_instance = label
        return formfield

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self.change_form_prefetch:
            models.prefetch_related_objects([obj], *self.change_form_prefetch)
        return obj
