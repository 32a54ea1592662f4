"""What staff decided about two artisans the registry took for one person typed twice."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .artisans import Artisan


class DistinctArtisans(models.Model):
    """Two artisans with one name key whom a member of staff found to be two people: the list of
    possible duplicates (``registry.duplicates``) no longer shows them. ``first`` has the lower id."""

    first = models.ForeignKey(Artisan, verbose_name=_("artisan"), on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Artisan, verbose_name=_("other artisan"), on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("two different people")
        verbose_name_plural = _("two different people")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinctartisans_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="distinctartisans_in_order"),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"
