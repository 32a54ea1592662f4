"""Migration operations that turn a one-language text column into English, Persian and Arabic ones.

Used by migrations: change what they do only with a new migration. The schema's operations and
the data's go in separate migrations: on PostgreSQL the data version's triggers (common.summaries)
fire when a transaction commits, and a table with pending trigger events cannot be altered.
"""

import re

from django.db import migrations

from .translated import in_language_letters

LANGUAGE_NAMES = {"en": "English", "fa": "Persian", "ar": "Arabic"}
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def split_into_languages(model: str, field: str, make_field) -> list:
    """Rename ``field`` to ``field_en`` and add ``field_fa`` and ``field_ar`` on the model and its
    history; ``make_field(verbose_name)`` builds each column. ``persian_script_to_persian`` moves
    the texts, in a migration of its own."""
    operations = []
    for model_name in (model, f"historical{model}"):
        operations.append(migrations.RenameField(model_name, field, f"{field}_en"))
        for code, language in LANGUAGE_NAMES.items():
            column = make_field(f"{field.replace('_', ' ')} ({language})")
            if code == "en":
                operations.append(migrations.AlterField(model_name, f"{field}_en", column))
            else:
                operations.append(migrations.AddField(model_name, f"{field}_{code}", column))
    return operations


def persian_script_to_persian(app_label: str, model: str, field: str) -> migrations.RunPython:
    """Values of ``field_en`` written in the Persian script go to the Persian column: the office's language."""

    def move(apps, schema_editor):
        for model_name in (model, f"historical{model}"):
            Model = apps.get_model(app_label, model_name)
            changed = []
            for row in Model.objects.exclude(**{f"{field}_en": ""}).only("pk", f"{field}_en").iterator():
                text = getattr(row, f"{field}_en")
                if ARABIC_SCRIPT.search(text) and not re.search("[A-Za-z]", text):
                    setattr(row, f"{field}_fa", text)
                    setattr(row, f"{field}_en", "")
                    changed.append(row)
            Model.objects.bulk_update(changed, [f"{field}_en", f"{field}_fa"], batch_size=500)

    return migrations.RunPython(move, migrations.RunPython.noop, elidable=True)


def letters_of_their_language(app_label: str, columns: dict[str, tuple[str, ...]]):
    """A RunPython operation: the Persian columns of the existing rows in Persian letters, the Arabic
    ones in Arabic letters, as every save now stores them. ``columns``: model name → text bases."""

    def convert(apps, schema_editor):
        for model_name, bases in columns.items():
            Model = apps.get_model(app_label, model_name)
            fields = [f"{base}_{code}" for base in bases for code in ("fa", "ar")]
            changed = []
            for row in Model.objects.only("pk", *fields).iterator():
                before = [getattr(row, field) for field in fields]
                for field in fields:
                    setattr(row, field, in_language_letters(getattr(row, field), field[-2:]))
                if [getattr(row, field) for field in fields] != before:
                    changed.append(row)
            Model.objects.bulk_update(changed, fields, batch_size=500)

    return migrations.RunPython(convert, migrations.RunPython.noop, elidable=True)
