"""The History page of every record: its versions with what changed, the changes of rows edited inline,
and revert, on top of django-simple-history's admin."""

from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from .edit_conflicts import edit_version
from .history import fold_versions
from .privacy import hidden_fields

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
