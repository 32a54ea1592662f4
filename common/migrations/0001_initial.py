# DataVersion moved here from the crafts app. Its table, made by crafts' migration 0002, keeps its
# name and its row: only the models' state moves (crafts' migration 0004 takes it out there).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("crafts", "0002_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(max_length=40)),
                    ],
                    options={
                        "verbose_name": "data version",
                        "verbose_name_plural": "data versions",
                        "db_table": "crafts_dataversion",
                        "default_permissions": (),
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
