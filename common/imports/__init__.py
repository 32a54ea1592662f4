"""Spreadsheets brought into the registry: read (``files``), their cells understood (``cells``),
checked and written as one batch that can be undone (``engine``).

Each app names the kinds of record it imports as ``import_kinds`` on its AppConfig ({name: dotted
path of an ``engine.ImportKind``}); this package knows none of them.
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .engine import ImportKind, ImportRefused, Result, run


def kinds() -> dict[str, type[ImportKind]]:
    return {
        name: import_string(path)
        for app_config in apps.get_app_configs()
        for name, path in getattr(app_config, "import_kinds", {}).items()
    }


def kind_named(name: str) -> ImportKind:
    return kinds()[name]()


class UndoRefused(Exception):
    """Why a batch cannot be undone, naming the records in the way."""


def undo(batch, user=None) -> int:
    """Undo ``batch``: what it created removed, what it changed put back, in one transaction; the
    number of records. Refused if a later edit depends on it, naming the records."""
    from ..models import ImportBatch

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state == ImportBatch.State.UNDONE:
            raise UndoRefused(_("Import %(id)s was undone already.") % {"id": batch.pk})
        kind = kind_named(batch.kind)
        records = list(batch.records.all())
        blockers = kind.undo_blockers(records, batch)
        if blockers:
            shown = "; ".join(blockers[:20]) + ("; …" if len(blockers) > 20 else "")
            raise UndoRefused(
                _("Import %(id)s cannot be undone: later edits depend on it (%(count)s records): %(records)s.")
                % {"id": batch.pk, "count": len(blockers), "records": shown}
            )
        kind.undo(records, batch, user)
        batch.state = ImportBatch.State.UNDONE
        batch.undone_at, batch.undone_by = timezone.now(), user
        batch.save(update_fields=["state", "undone_at", "undone_by"])
    return len(records)


__all__ = ["ImportKind", "ImportRefused", "Result", "UndoRefused", "kind_named", "kinds", "run", "undo"]
