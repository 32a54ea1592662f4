"""Texts in one language become English, Persian and Arabic; none of the names is required in English."""

from django.db import migrations, models

from common.language_migrations import split_into_languages


class Migration(migrations.Migration):
    dependencies = [
        ("crafts", "0005_languages"),
        ("exhibitions", "0005_registry_roles"),
        ("registry", "0007_languages"),
    ]

    operations = [
        *split_into_languages(
            "exhibition", "description", lambda name: models.TextField(blank=True, verbose_name=name)
        ),
        *split_into_languages(
            "exhibition",
            "venue",
            lambda name: models.CharField(blank=True, max_length=250, verbose_name=name),
        ),
        *split_into_languages(
            "exhibitionofficial",
            "note",
            lambda name: models.TextField(
                blank=True, help_text="E.g. quoted by the source but not said to attend.", verbose_name=name
            ),
        ),
        *split_into_languages(
            "exhibitionseries",
            "description",
            lambda name: models.TextField(blank=True, verbose_name=name),
        ),
        *split_into_languages(
            "participation",
            "award",
            lambda name: models.CharField(blank=True, max_length=200, verbose_name=name),
        ),
        migrations.RemoveConstraint(
            model_name="exhibitionofficial",
            name="exhibitionofficial_unique_title",
        ),
        migrations.AlterField(
            model_name="exhibition",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="exhibitionofficial",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="exhibitionseries",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="historicalexhibition",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="historicalexhibitionofficial",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="historicalexhibitionseries",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="historicaloutcome",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AlterField(
            model_name="outcome",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddConstraint(
            model_name="exhibition",
            constraint=models.CheckConstraint(
                condition=models.Q(("title_ar", ""), ("title_en", ""), ("title_fa", ""), _negated=True),
                name="exhibition_title_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="exhibitionofficial",
            constraint=models.UniqueConstraint(
                fields=("exhibition", "person", "title_en", "title_fa", "title_ar"),
                name="exhibitionofficial_unique_title",
            ),
        ),
        migrations.AddConstraint(
            model_name="exhibitionofficial",
            constraint=models.CheckConstraint(
                condition=models.Q(("title_ar", ""), ("title_en", ""), ("title_fa", ""), _negated=True),
                name="exhibitionofficial_title_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="exhibitionseries",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_ar", ""), ("name_en", ""), ("name_fa", ""), _negated=True),
                name="exhibitionseries_name_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("description_ar", ""), ("description_en", ""), ("description_fa", ""), _negated=True
                ),
                name="outcome_description_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
    ]
