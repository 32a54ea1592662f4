"""Users and groups (the roles) in the admin's language.

Django keeps the names of permissions ("Can add artisan") and groups ("registry editor") in the
database, in English. Their screens here name them as the rest of the admin does: models by
their translated names, the roles by their translated ones.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_base import row_checkbox
from .roles import role_label

# Django's four default permissions, by the prefix of their codename.
DEFAULT_PERMISSIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def model_label(model) -> str:
    # A history model (django-simple-history) is named "historical <name>" in English only.
    original = getattr(model, "instance_type", None)
    if original is not None and original is not model:
        return gettext("history of %(name)s") % {"name": original._meta.verbose_name}
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    """ "Registry | artisan | Can add artisan", as Django writes it, in the admin's language.

    Reads the permission's content type: list permissions with ``select_related("content_type")``.
    """
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model that no longer exists
        return str(permission)
    action, _separator, model_name = permission.codename.partition("_")
    if action in DEFAULT_PERMISSIONS and model_name == model._meta.model_name:
        name = DEFAULT_PERMISSIONS[action] % {"name": model_label(model)}
    else:
        name = gettext(permission.name)  # a model's own permissions are marked for translation
    app = apps.get_app_config(content_type.app_label).verbose_name
    return f"{app} | {model_label(model)} | {name}"


class RoleLabelsMixin:
    """Permissions and groups offered by their names in the admin's language."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.related_model is Permission:
            kwargs["queryset"] = kwargs.get("queryset", Permission.objects).select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is Permission:
            field.label_from_instance = permission_label
        elif db_field.related_model is Group:
            field.label_from_instance = lambda group: role_label(group.name)
        return field


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(RoleLabelsMixin, GroupAdmin):
    list_display = ["role"]

    @admin.display(description=_("name"), ordering="name")
    def role(self, obj):
        return role_label(obj.name)

    def action_checkbox(self, obj):
        """Django's row checkbox, naming the role in the admin's language."""
        return row_checkbox(obj.pk, role_label(obj.name))


User = get_user_model()
admin.site.unregister(User)


class RoleFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(pk, role_label(name)) for pk, name in super().field_choices(field, request, model_admin)]


@admin.register(User)
class StaffAdmin(RoleLabelsMixin, UserAdmin):
    list_filter = [("groups", RoleFilter) if name == "groups" else name for name in UserAdmin.list_filter]
