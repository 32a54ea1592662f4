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


class ArtisanStretch(models.Model):
    """A stretch of the published artisans in one of the public list's sort orders: from the artisan
    at (``start_key``, ``start_id``), the first stretch from the very beginning, up to the next
    stretch's start. ``count`` is how many published artisans it holds, kept by the database's
    triggers on every write (``registry.stretches``), so that a deep page finds where it begins
    without stepping over the rows before it."""

    ordering = models.CharField(_("ordering"), max_length=20)
    start_key = models.CharField(_("start key"), max_length=400, blank=True)
    start_id = models.PositiveBigIntegerField(_("start id"))
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("stretch of artisans")
        verbose_name_plural = _("stretches of artisans")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["ordering", "start_key", "start_id"], name="artisanstretch_once_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.ordering} from {self.start_key!r}/{self.start_id}: {self.count}"
