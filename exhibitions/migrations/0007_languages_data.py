"""The texts of 0006 in their languages' columns and letters (common.language_migrations)."""

from django.db import migrations

from common.language_migrations import letters_of_their_language, persian_script_to_persian


class Migration(migrations.Migration):
    dependencies = [("exhibitions", "0006_languages")]

    operations = [
        persian_script_to_persian("exhibitions", "exhibition", "description"),
        persian_script_to_persian("exhibitions", "exhibition", "venue"),
        persian_script_to_persian("exhibitions", "exhibitionofficial", "note"),
        persian_script_to_persian("exhibitions", "exhibitionseries", "description"),
        persian_script_to_persian("exhibitions", "participation", "award"),
        letters_of_their_language(
            "exhibitions",
            {
                "exhibitionseries": ("name", "description"),
                "exhibition": ("title", "venue", "occasion", "description"),
                "exhibitionofficial": ("title", "note"),
                "outcome": ("description",),
                "participation": ("award",),
            },
        ),
    ]
