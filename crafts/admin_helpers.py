"""Pieces shared by the admin of every app: autocomplete widgets that need no query per inline row,
a search that finds Persian text typed on an Arabic keyboard and the other way round, change
forms that refuse to overwrite what someone else saved after they were opened, and the change
history of every record.

It lives in `crafts` because `crafts` is the app every other app may import.
"""

from django import forms
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from .history import fold_versions
from .i18n import spelling_variants
from .privacy import hidden_fields


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


PART_HISTORY_LENGTH = 100


class HistoryAdmin(SimpleHistoryAdmin):
    """The History page of each record lists its versions with what changed, and offers revert.

    On top of django-simple-history's admin: one history row per save, many-to-many fields and
    inline rows included; the changes of rows edited inline shown on their parent's History page;
    a revert that restores many-to-many values too; old versions shown disabled, and no revert,
    to those who may only view; no diffs of fields a user may not see; and a refused delete that
    says what to do instead.
    """

    object_history_template = "admin/registry_object_history.html"
    delete_confirmation_template = "admin/registry_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/registry_delete_selected_confirmation.html"
    # Related names of rows edited inline (craft_links, participations…): their changes are listed
    # on this record's History page too, the latest PART_HISTORY_LENGTH of each kind.
    history_parts = ()
    protected_hint = _(
        "Records that other records refer to cannot be deleted, so that no history is lost. "
        "Change or remove those references first, or keep the record."
    )

    def get_history_excluded_fields(self, request) -> list[str]:
        """Fields whose changes this user may not see on the History page."""
        return []

    def history_view(self, request, object_id, extra_context=None):
        context = {
            "part_histories": [self.part_history(request, name, unquote(object_id)) for name in self.history_parts]
        }
        user_opts = get_user_model()._meta
        if not request.user.has_perm(f"{user_opts.app_label}.view_{user_opts.model_name}"):
            context["admin_user_view"] = ""  # "changed by" in plain text, not a link to a page they may not see
        return super().history_view(request, object_id, {**(extra_context or {}), **context})

    def part_history(self, request, name: str, object_id) -> dict:
        relation = self.opts.get_field(name)
        model = relation.related_model
        history = get_history_model_for_model(model)
        foreign_keys = [field.name for field in model._meta.concrete_fields if field.is_relation]
        records = list(
            history.objects.filter(**{relation.field.attname: object_id})
            .select_related("history_user", *foreign_keys)
            .order_by("-history_date", "-history_id")[:PART_HISTORY_LENGTH]
        )
        # Many-to-many values cost queries per row: a part with a page of its own shows them there.
        many = [field for field in model._meta.many_to_many if field in history._history_m2m_fields]
        excluded = [field.name for field in many]
        hidden = sorted(hidden_fields(model, request.user))  # whatever the part's own rule hides
        elsewhere = gettext("Other changes (%(fields)s) are on its own history page.") % {
            "fields": ", ".join(str(field.verbose_name) for field in many)
        }
        latest_of_row = {}
        for record in reversed(records):  # oldest first, so each row's previous version is known
            record.label = self.part_label(record, foreign_keys)
            previous = latest_of_row.get(record.id)
            if previous is not None and record.history_type != "-":
                delta = record.diff_against(previous, excluded_fields=[*excluded, *hidden], foreign_keys_are_objs=True)
                record.history_delta_changes = HistoricalRecordContextHelper(model, record).context_for_delta_changes(
                    delta
                )
                if excluded and not delta.changes:
                    record.history_note = elsewhere
            latest_of_row[record.id] = record
        registered = self.admin_site.is_registered(model)
        for record in records:
            record.history_url = (
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[record.id])
                if registered
                else ""
            )
        return {"title": model._meta.verbose_name_plural, "records": records}

    @staticmethod
    def part_label(record, foreign_keys: list[str]) -> str:
        # The row as it was, labelled from the related rows the query joined, not one query each.
        row = record.instance
        for name in foreign_keys:
            setattr(row, name, getattr(record, name))
        return str(row)

    def save_model(self, request, obj, form, change):
        # Every history row this save writes carries one time, so fold_versions finds them.
        obj._history_date = timezone.now()
        version = getattr(obj, "_history", None)  # set on an old version being reverted to
        if version is not None:
            when = formats.date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
            obj._change_reason = gettext("Reverted to the version of %(date)s") % {"date": when}
        elif change and not form.has_changed():
            obj.skip_history_when_saving = True  # saved as it was: nothing to record
        try:
            super().save_model(request, obj, form, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._history_date = form.instance._history_date
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)
        for obj in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
            fold_versions(obj)

    # Called once a save is complete, many-to-many values and inlines included, on every path:
    # the change form, the add form, and a revert from the History page.
    def log_addition(self, request, obj, message):
        fold_versions(obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        fold_versions(obj)
        return super().log_change(request, obj, message)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        may_revert = self.has_change_permission(request, current)
        if request.method == "POST" and not may_revert:
            # django-simple-history saves a posted version for anyone who may view it.
            raise PermissionDenied
        # Read by get_form(): someone who may not revert sees the version's fields disabled, and a
        # revert is checked against the record as it is now, like any save.
        request.history_read_only = not may_revert
        request.history_current = current
        # A revert is a save: in one transaction, as the admin's change view makes it, so the
        # form's check that nobody saved meanwhile can lock the row (PostgreSQL refuses a lock
        # outside a transaction).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version = getattr(obj, "_history", None)  # set on an old version shown on its own page
        if version is None:
            return form
        # Its many-to-many values as they were, not as they are now.
        initial = {}
        for field in version._history_m2m_fields:
            target = f"{get_m2m_reverse_field_name(field)}_id"
            initial[field.name] = [getattr(row, target) for row in getattr(version, field.name).all()]
        read_only = getattr(request, "history_read_only", False)
        current = getattr(request, "history_current", None)

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update({name: value for name, value in initial.items() if name in self.fields})
                if "edit_version" in self.fields and current is not None:
                    # A revert is a save over the record as it is now, not as it was in the old
                    # version: refused, like any save, if someone changes it after this page opened.
                    self.initial["edit_version"] = edit_version(getattr(current, self.version_field))
                for field in self.fields.values():
                    field.disabled = read_only

        return VersionForm

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # As django-simple-history does, leaving out the fields this user may not see.
        excluded = self.get_history_excluded_fields(request)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def render_delete_form(self, request, context):
        return super().render_delete_form(request, {**context, "protected_hint": self.protected_hint})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_selected_with_hint, name, description)
        return actions

    def delete_selected_with_hint(self, request, queryset):
        response = delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):
            response.context_data["protected_hint"] = self.protected_hint
        return response
