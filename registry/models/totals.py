from django.db import models
from django.utils.translation import gettext_lazy as _


class ArtisanTotal(models.Model):
    """How many published artisans of a home province practise a craft: kept by the database's
    triggers on every write (``registry.totals``), read by the public pages instead of a count.

    0 stands for "every craft" and for "no province on record": plain numbers, not foreign keys,
    so that the triggers can add to a row whatever order the database writes in.
    """

    craft_id = models.PositiveIntegerField(_("craft"))
    home_province_id = models.PositiveIntegerField(_("home province"))
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("artisan total")
        verbose_name_plural = _("artisan totals")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["craft_id", "home_province_id"], name="artisantotal_once_per_key"),
        ]

    def __str__(self):
        return f"{self.craft_id}/{self.home_province_id}: {self.count}"
