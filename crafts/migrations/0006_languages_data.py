"""The texts of 0005 in their languages' columns and letters (common.language_migrations)."""

from django.db import migrations

from common.language_migrations import letters_of_their_language, persian_script_to_persian


class Migration(migrations.Migration):
    dependencies = [("crafts", "0005_languages")]

    operations = [
        persian_script_to_persian("crafts", "craftcategory", "description"),
        persian_script_to_persian("crafts", "craftcategory", "official_status"),
        letters_of_their_language("crafts", {"craftcategory": ("name", "description", "official_status")}),
    ]
