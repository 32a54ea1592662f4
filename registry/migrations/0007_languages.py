"""Texts in one language become English, Persian and Arabic; none of the names is required in English."""

from django.db import migrations, models

from common.language_migrations import split_into_languages


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_artisan_name_trigram_indexes"),
    ]

    operations = [
        *split_into_languages("artisan", "biography", lambda name: models.TextField(blank=True, verbose_name=name)),
        *split_into_languages("place", "description", lambda name: models.TextField(blank=True, verbose_name=name)),
        migrations.AlterField(
            model_name="claim",
            name="statement_en",
            field=models.TextField(blank=True, verbose_name="statement (English)"),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="statement_en",
            field=models.TextField(blank=True, verbose_name="statement (English)"),
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="historicalplace",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="person",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="place",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("statement_ar", ""), ("statement_en", ""), ("statement_fa", ""), _negated=True),
                name="claim_statement_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_ar", ""), ("name_en", ""), ("name_fa", ""), _negated=True),
                name="organisation_name_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_ar", ""), ("name_en", ""), ("name_fa", ""), _negated=True),
                name="person_name_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_ar", ""), ("name_en", ""), ("name_fa", ""), _negated=True),
                name="place_name_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
    ]
