from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose token the database changes on every write to the registry (see ``summaries``)."""

    token = models.CharField(max_length=40)

    class Meta:
        # Made by the crafts app, where it lived first: the table keeps its name.
        db_table = "crafts_dataversion"
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        default_permissions = ()

    def __str__(self):
        return self.token
