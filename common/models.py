from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row per watched table, whose token the database changes on every write to it (see ``summaries``)."""

    name = models.CharField(max_length=100, unique=True, null=True)
    token = models.CharField(max_length=40)

    class Meta:
        # Made by the crafts app, where it lived first: the table keeps its name.
        db_table = "crafts_dataversion"
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        default_permissions = ()

    def __str__(self):
        return self.token


class StaffPreferences(models.Model):
    """What a member of staff chose for themselves, kept from one session to the next."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preferences"
    )
    admin_language = models.CharField(_("language of the admin"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("staff preferences")
        verbose_name_plural = _("staff preferences")
        default_permissions = ()

    def __str__(self):
        return str(self.user)


class TableRows(models.Model):
    """How many rows a large table holds, kept by the database's triggers on every write
    (``common.row_counts``): an admin list of every row reads its count here, not by COUNT(*)."""

    table_name = models.CharField(_("table"), max_length=100, unique=True)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rows of a table")
        verbose_name_plural = _("rows of tables")
        default_permissions = ()

    def __str__(self):
        return f"{self.table_name}: {self.count}"
