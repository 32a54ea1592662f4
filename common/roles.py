"""The roles of the registry office, as groups with exact permissions.

"registry editor" enters and corrects records, private data included, but deletes nothing (records
are archived instead) and manages no users. "registry viewer" reads every record and exports CSV,
without private data. "registry juror" reads the calls for participation and their applications
and scores them, and nothing else. Each app names the models its roles cover, as ``role_models``
on its AppConfig; ``editor_models`` are the editor's alone (what each participant sold at a fair);
``juror_models`` maps a model to what a juror may do with it. A model's private data is the
permission of its ``privacy`` (common.privacy).

``create_roles`` is run by a data migration (exhibitions' 0005, the first after every app's models
existed); a later migration that adds a model to the roles runs it again. Each run resets both
groups to exactly these permissions.
"""

from django.apps import apps as live_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from .privacy import privacy_of

# The groups' names in the database; the admin shows them translated (`role_label`).
EDITOR = gettext_noop("registry editor")
VIEWER = gettext_noop("registry viewer")
JUROR = gettext_noop("registry juror")
ROLES = (EDITOR, VIEWER, JUROR)


def role_label(name: str) -> str:
    """A group's name in the reader's language: the roles' translated, any other group's as it is."""
    return gettext(name) if name in ROLES else name


def role_models(state_apps, attribute: str = "role_models") -> dict[str, list[str]]:
    """{app label: model names} the roles cover, of the models that exist in ``state_apps``."""
    covered = {}
    for app_config in live_apps.get_app_configs():
        names = [
            name.lower() for name in getattr(app_config, attribute, ()) if _exists(state_apps, app_config.label, name)
        ]
        if names:
            covered[app_config.label] = names
    return covered


def juror_permissions(state_apps) -> list[tuple[str, str]]:
    return [
        (app_config.label, f"{action}_{name.lower()}")
        for app_config in live_apps.get_app_configs()
        for name, actions in getattr(app_config, "juror_models", {}).items()
        if _exists(state_apps, app_config.label, name)
        for action in actions
    ]


def private_data_permissions(state_apps) -> list[tuple[str, str]]:
    """(app label, codename) of the permission that lets a user read each model's private fields."""
    found = []
    for app_label, names in role_models(state_apps).items():
        for name in names:
            privacy = privacy_of(live_apps.get_model(app_label, name))
            if privacy is not None:
                app, codename = privacy.permission.split(".")
                found.append((app, codename))
    return sorted(set(found))


def permissions(queryset, actions, state_apps=live_apps, attribute: str = "role_models") -> list:
    wanted = [
        (app, f"{action}_{model}")
        for app, models in role_models(state_apps, attribute).items()
        for model in models
        for action in actions
    ]
    return _exactly(queryset, wanted)


def create_roles(apps, schema_editor):
    # Django creates permissions after the last migration (post_migrate); on a new database they do
    # not exist yet when this runs, so they are created here from the migration state.
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission").objects.using(using)
    editor, _created = Group.objects.using(using).get_or_create(name=EDITOR)
    private = _exactly(Permission, private_data_permissions(apps))
    editing = ("add", "change", "view")
    editor.permissions.set(
        [*permissions(Permission, editing, apps), *permissions(Permission, editing, apps, "editor_models"), *private]
    )
    viewer, _created = Group.objects.using(using).get_or_create(name=VIEWER)
    viewer.permissions.set(permissions(Permission, ("view",), apps))
    wanted = juror_permissions(apps)
    if wanted:
        juror, _created = Group.objects.using(using).get_or_create(name=JUROR)
        juror.permissions.set(_exactly(Permission, wanted))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


def _exists(state_apps, app_label: str, name: str) -> bool:
    try:
        state_apps.get_model(app_label, name)
    except LookupError:
        return False
    return True


def _exactly(queryset, wanted: list[tuple[str, str]]) -> list:
    condition = Q()
    for app, codename in wanted:
        condition |= Q(content_type__app_label=app, codename=codename)
    found = list(queryset.filter(condition).select_related("content_type")) if wanted else []
    if len(found) != len(wanted):
        missing = sorted(set(wanted) - {(p.content_type.app_label, p.codename) for p in found})
        raise RuntimeError(f"Permissions missing: {missing}")
    return found
