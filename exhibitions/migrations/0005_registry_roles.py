"""The two roles of the registry office, as groups with exact permissions.

"registry editor" enters and corrects records, contact data included, but deletes nothing (records
are archived instead) and manages no users. "registry viewer" reads every record and exports CSV,
without artisans' private contact data. Running it again resets both groups to these permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

EDITOR = "registry editor"
VIEWER = "registry viewer"
# Every model the admin shows, by app. Their history tables need no permissions of their own.
MODELS = {
    "crafts": ["craftcategory"],
    "registry": ["place", "organisation", "person", "source", "claim", "artisan", "artisancraft"],
    "exhibitions": [
        "exhibitionseries",
        "exhibition",
        "exhibitionorganiser",
        "exhibitionofficial",
        "outcome",
        "participation",
    ],
}
PRIVATE_DATA = ("registry", "view_private_data")


def permissions(queryset, actions):
    wanted = [(app, f"{action}_{model}") for app, models in MODELS.items() for model in models for action in actions]
    condition = Q()
    for app, codename in wanted:
        condition |= Q(content_type__app_label=app, codename=codename)
    found = list(queryset.filter(condition).select_related("content_type"))
    if len(found) != len(wanted):
        missing = sorted(set(wanted) - {(p.content_type.app_label, p.codename) for p in found})
        raise RuntimeError(f"Permissions missing: {missing}")
    return found


def create_roles(apps, schema_editor):
    # Django creates permissions after the last migration (post_migrate); on a new database they do
    # not exist yet when this runs, so they are created here from the migration state.
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _created = Group.objects.using(using).get_or_create(name=EDITOR)
    private = Permission.objects.using(using).get(content_type__app_label=PRIVATE_DATA[0], codename=PRIVATE_DATA[1])
    editor.permissions.set([*permissions(Permission.objects.using(using), ("add", "change", "view")), private])
    viewer, _created = Group.objects.using(using).get_or_create(name=VIEWER)
    viewer.permissions.set(permissions(Permission.objects.using(using), ("view",)))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=[EDITOR, VIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("crafts", "0003_craft_history"),
        ("registry", "0005_history_and_archived_status"),
        ("exhibitions", "0004_history_and_archived_status"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
