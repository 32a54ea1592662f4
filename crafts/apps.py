from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CraftsConfig(AppConfig):
    name = "crafts"
    verbose_name = _("Crafts")
    # Whose rows the public pages count: a write to them makes remembered totals stale (common.summaries).
    public_total_models = ["CraftCategory"]
    # The models the registry editor and viewer roles cover (common.roles).
    role_models = ["CraftCategory"]
