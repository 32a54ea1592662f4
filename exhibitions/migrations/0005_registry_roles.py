"""The two roles of the registry office, as groups with exact permissions (see common.roles).

"registry editor" enters and corrects records, contact data included, but deletes nothing (records
are archived instead) and manages no users. "registry viewer" reads every record and exports CSV,
without artisans' private contact data. Running it again resets both groups to these permissions.
"""

from django.db import migrations

from common.roles import create_roles, remove_roles


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
