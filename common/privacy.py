"""Private fields: what only some users may read, and one rule that keeps it in on every road.

A model names its private fields and the permission that lets a user read them:

    class Artisan(models.Model):
        ...
        privacy = Privacy(fields=("phone", "email"), permission="registry.view_private_data")

For a user without that permission, `PrivateFieldsMixin` takes those fields out of every part of
the admin through which a value can leave: the form and the History page's diffs, the columns,
their ordering (`?o=`), the search, the list filters and the autocomplete's search, and it refuses
any query-string lookup that reaches one, on the model or through a relation
(`?artisan__national_id__startswith=4` on participations), with Django's
`DisallowedModelAdminLookup`: a 400, never a filtered list that would answer yes or no. Exports
and actions ask `may_read_private_fields()` before they write a private column.
"""

from dataclasses import dataclass

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP


@dataclass(frozen=True)
class Privacy:
    """A model's private fields, and the permission that lets a user read them."""

    fields: tuple[str, ...]
    permission: str


def privacy_of(model: type[models.Model]) -> Privacy | None:
    # A history table (django-simple-history) holds the same values as its model, under its rule.
    model = getattr(model, "instance_type", model)
    return getattr(model, "privacy", None)


def may_read_private_fields(user, model: type[models.Model]) -> bool:
    privacy = privacy_of(model)
    return privacy is None or user.has_perm(privacy.permission)


def hidden_fields(model: type[models.Model], user) -> frozenset[str]:
    """The fields of ``model`` that ``user`` may not read."""
    if may_read_private_fields(user, model):
        return frozenset()
    return frozenset(privacy_of(model).fields)


def reaches_hidden_field(model: type[models.Model], path: str, user) -> bool:
    """Whether a lookup or ordering path (`artisan__national_id__startswith`, `-phone`) reads a field
    that ``user`` may not read, on ``model`` or on any model its relations lead to."""
    for part in path.lstrip("-").split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup, a transform or an annotation: the fields end here
        if field.name in hidden_fields(model, user):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class PrivateFieldsMixin:
    """For a ModelAdmin or an inline: a user without the permission reads no private field, by any road."""

    def entry_reaches_hidden_field(self, request, item) -> bool:
        """Whether an entry of list_display, list_filter, search_fields or ordering reads a hidden field."""
        if isinstance(item, (tuple, list)):  # ("field", FilterClass) in list_filter
            item = item[0]
        if isinstance(item, str) and not self.is_model_path(item):
            item = getattr(self, item, None)  # a column computed by a method of the admin
        if not isinstance(item, str):
            # A computed column sorts by its `ordering`; a SimpleListFilter class has no path to check.
            item = getattr(item, "admin_order_field", None)
            if not isinstance(item, str):
                return False
        return reaches_hidden_field(self.model, item.lstrip("^=@"), request.user)  # search_fields' prefixes

    def is_model_path(self, item: str) -> bool:
        try:
            self.model._meta.get_field(item.lstrip("-^=@").split(LOOKUP_SEP)[0])
        except FieldDoesNotExist:
            return False
        return True

    def without_hidden(self, request, items) -> list:
        return [item for item in items if not self.entry_reaches_hidden_field(request, item)]

    def lookup_allowed(self, lookup, value, request):
        if reaches_hidden_field(self.model, lookup, request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        return self.without_hidden(request, super().get_list_display(request))

    def get_list_filter(self, request):
        return self.without_hidden(request, super().get_list_filter(request))

    def get_search_fields(self, request):
        return self.without_hidden(request, super().get_search_fields(request))

    def get_sortable_by(self, request):
        return self.without_hidden(request, super().get_sortable_by(request))

    def get_ordering(self, request):
        ordering = super().get_ordering(request) or ()
        kept = self.without_hidden(request, ordering)
        if kept or not ordering:
            return kept
        # The changelist falls back on the admin's own `ordering` when this is empty.
        return self.without_hidden(request, self.model._meta.ordering) or ["-pk"]

    def get_fieldsets(self, request, obj=None):
        hidden = hidden_fields(self.model, request.user)
        fieldsets = super().get_fieldsets(request, obj)
        if not hidden:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in hidden]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_exclude(self, request, obj=None):
        # Also out of the form class itself, whatever its fieldsets say: never shown, never changed.
        hidden = hidden_fields(self.model, request.user)
        exclude = super().get_exclude(request, obj)
        if not hidden:
            return exclude
        return [*(exclude or ()), *sorted(hidden)]

    def get_history_excluded_fields(self, request) -> list[str]:
        return sorted({*super().get_history_excluded_fields(request), *hidden_fields(self.model, request.user)})

    def get_history_list_display(self, request):
        return self.without_hidden(request, super().get_history_list_display(request))


def check_admins_keep_private_fields(app_configs=None, **kwargs) -> list[checks.Error]:
    """System check: every admin, and inline, that reaches a model with private fields keeps the rule."""
    from django.contrib import admin

    errors = []
    for model, model_admin in admin.site._registry.items():
        for candidate in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            if isinstance(candidate, PrivateFieldsMixin):
                continue
            private = sorted(m._meta.label for m in related_models(candidate.model) if privacy_of(m))
            if private:
                errors.append(
                    checks.Error(
                        f"{type(candidate).__qualname__} shows {candidate.model._meta.label}, which reaches the "
                        f"private fields of {', '.join(private)}, without PrivateFieldsMixin.",
                        hint="Add common.privacy.PrivateFieldsMixin to its bases.",
                        obj=type(candidate),
                        id="common.E001",
                    )
                )
    return errors


def related_models(model: type[models.Model], depth: int = 4) -> set[type[models.Model]]:
    """``model`` and the models its visible relations reach in at most ``depth`` steps."""
    seen, frontier = {model}, {model}
    for _step in range(depth):
        frontier = {
            field.related_model
            for current in frontier
            for field in current._meta.get_fields()
            if field.is_relation and field.related_model is not None
        } - seen
        seen |= frontier
    return seen
