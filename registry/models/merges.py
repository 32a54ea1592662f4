"""Two records of one artisan made one (``exhibitions.merges``), kept so that the absorbed record's
registry number and page lead to the survivor, and so that the merge can be reverted."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .artisans import Artisan


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds): a revert puts back what was."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ArtisanMergeQuerySet(models.QuerySet):
    def standing(self):
        """The merges not reverted: those whose absorbed number and page lead to the survivor."""
        return self.filter(reverted_at__isnull=True)


class ArtisanMerge(models.Model):
    """``absorbed`` was made part of ``survivor``. The absorbed row is deleted; what it was, and
    what the merge changed, are kept in ``record`` (serialised rows) to put back on a revert."""

    survivor = models.ForeignKey(
        Artisan,
        verbose_name=_("surviving artisan"),
        # Deleting an artisan deletes what their merges kept of the records they absorbed.
        on_delete=models.CASCADE,
        related_name="merges",
        help_text=_("Where the absorbed record leads: the record it was merged into, or the one that absorbed that."),
    )
    absorbed_id = models.BigIntegerField(_("absorbed record"))
    absorbed_number = models.CharField(_("absorbed registry number"), max_length=30, db_index=True)
    absorbed_slug = models.SlugField(_("absorbed slug"), max_length=200, db_index=True)
    absorbed_name = models.CharField(_("absorbed name"), max_length=200)
    merged_at = models.DateTimeField(_("merged"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Private data is in here: never shown, only read back by a revert.
    record = models.JSONField(_("what the merge changed"), encoder=ExactJSONEncoder)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reverted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ArtisanMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge of artisans")
        verbose_name_plural = _("merges of artisans")
        # Who may see and revert merges follows the artisans' permissions (registry.admin).
        default_permissions = ()

    def __str__(self):
        return _("%(absorbed)s merged into %(survivor)s") % {
            "absorbed": self.absorbed_number,
            "survivor": self.survivor.registry_number,
        }

    @property
    def change_reason(self) -> str:
        """What the history of each record it touched says."""
        return f"merge {self.pk}"

    @property
    def revert_reason(self) -> str:
        return f"merge {self.pk} reverted"
