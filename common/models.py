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


class ImportBatch(models.Model):
    """One spreadsheet imported (``common.imports``): what it was, who brought it in, what it did.
    The records it created or changed are its ``records``, so that it can be undone."""

    class State(models.TextChoices):
        IMPORTED = "imported", _("imported")
        UNDONE = "undone", _("undone")

    kind = models.CharField(_("kind of records"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.IMPORTED)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    duplicates = models.PositiveIntegerField(_("possible duplicates"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        default_permissions = ("view",)

    def __str__(self):
        return _("import %(id)s: %(file)s") % {"id": self.pk, "file": self.file_name}

    def record_counts(self, counts) -> None:
        self.new, self.updated, self.unchanged = counts["new"], counts["updated"], counts["unchanged"]
        self.duplicates, self.errors = counts["duplicate"], counts["error"]
        self.save(update_fields=["new", "updated", "unchanged", "duplicates", "errors"])

    @property
    def change_reason(self) -> str:
        """What the history of each record it touched says."""
        return f"import batch {self.pk}"


class ImportedRecord(models.Model):
    """A record an import created, or changed (with its values before and after), for its undo."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")

    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="records")
    model = models.CharField(_("model"), max_length=100)
    object_id = models.BigIntegerField(_("record"))
    action = models.CharField(_("action"), max_length=10, choices=Action)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        default_permissions = ()
        indexes = [models.Index(fields=["model", "object_id"], name="importedrecord_object")]

    def __str__(self):
        return f"{self.batch_id}: {self.action} {self.model} {self.object_id}"
