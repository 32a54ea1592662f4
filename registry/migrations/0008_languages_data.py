"""The texts of 0007 in their languages' columns and letters (common.language_migrations)."""

from django.db import migrations

from common.language_migrations import letters_of_their_language, persian_script_to_persian


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_languages")]

    operations = [
        persian_script_to_persian("registry", "artisan", "biography"),
        persian_script_to_persian("registry", "place", "description"),
        letters_of_their_language(
            "registry",
            {
                "place": ("name", "description"),
                "organisation": ("name",),
                "person": ("name",),
                "claim": ("statement",),
                "artisan": ("biography",),
            },
        ),
    ]
