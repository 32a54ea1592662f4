# A version token per watched table instead of one for the whole registry (common/summaries.py): the
# one row of before goes; the rows per table are made by the triggers' installation after migrate,
# which also makes again the triggers dropped here (SQLite refuses to rebuild a table they name).

from django.db import migrations, models

from common.summaries import drop_triggers


def drop_version_triggers(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_staff_preferences"),
    ]

    operations = [
        migrations.RunPython(drop_version_triggers, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dataversion",
            name="name",
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.RunSQL("DELETE FROM crafts_dataversion WHERE name IS NULL", migrations.RunSQL.noop),
    ]
