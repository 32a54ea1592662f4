from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")
    # Whose rows the public pages count: a write to them makes remembered totals stale (common.summaries).
    public_total_models = [
        "ExhibitionSeries",
        "Exhibition",
        "Participation",
        "ParticipationTotal",
        "ExhibitionTotal",
        "ProvinceTotal",
        "CraftsTotal",
        "SpanTotal",
        "SpanProvinceTotal",
        "SpanCraftsTotal",
        "SpanProvinceCraftsTotal",
        "CraftSpanProvinceTotal",
        "CraftSpanCraftsTotal",
    ]
    # Whose rows an admin list of every row counts from common.row_counts.
    row_counted_models = ["Exhibition", "Participation"]
    # The records staff bring in from spreadsheets (common.imports).
    import_kinds = {"participations": "exhibitions.imports.ParticipationImport"}
    # Counts the database keeps on every write (common.totals).
    summary_tables = [
        "exhibitions.totals.PARTICIPATION_TOTALS",
        "exhibitions.totals.PER_EXHIBITION",
        "exhibitions.totals.PER_PROVINCE",
        "exhibitions.totals.PER_CRAFTS",
        "exhibitions.totals.PER_SPAN",
        "exhibitions.totals.PER_SPAN_PROVINCE",
        "exhibitions.totals.PER_SPAN_CRAFTS",
        "exhibitions.totals.PER_SPAN_PROVINCE_CRAFTS",
        "exhibitions.totals.PER_CRAFT_SPAN_PROVINCE",
        "exhibitions.totals.PER_CRAFT_SPAN_CRAFTS",
        "exhibitions.exhibited_years.ARTISAN_YEARS",
        "exhibitions.exhibited_years.YEAR_ARTISANS",
    ]
    # The models the registry editor and viewer roles cover (common.roles).
    role_models = [
        "ExhibitionSeries",
        "Exhibition",
        "ExhibitionOrganiser",
        "ExhibitionOfficial",
        "Outcome",
        "Participation",
        "Call",
        "Quota",
        "Criterion",
        "Application",
        "Stall",
        "Invitation",
    ]
    # The editor's alone: what each participant sold at a fair is private (common.roles).
    editor_models = ["ParticipationResult", "Sale"]
    # What a juror reads and does (common.roles): the calls, and their own scores.
    juror_models = {
        "Call": ("view",),
        "Criterion": ("view",),
        "Quota": ("view",),
        "Application": ("view",),
        "Score": ("add", "change", "view"),
    }
