from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")
    # Whose rows the public pages count: a write to them makes remembered totals stale (common.summaries).
    public_total_models = ["Place", "Artisan", "ArtisanCraft", "ArtisanTotal"]
    # Counts the database keeps on every write (common.totals).
    summary_tables = ["registry.totals.ARTISAN_TOTALS", "registry.stretches.ARTISAN_STRETCHES"]
    # Whose rows an admin list of every row counts from common.row_counts.
    row_counted_models = ["Artisan"]
    # The records staff bring in from spreadsheets (common.imports).
    import_kinds = {"artisans": "registry.imports.ArtisanImport"}
    # Trigram indexes the name searches use on SQLite (common.text_index).
    text_indexes = ["registry.search.ARTISAN_TEXT"]
    # The models the registry editor and viewer roles cover (common.roles).
    role_models = [
        "Place",
        "Organisation",
        "Person",
        "Source",
        "Claim",
        "Artisan",
        "ArtisanCraft",
        "Verification",
        "Sanction",
    ]
