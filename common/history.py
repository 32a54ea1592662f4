"""Change history (django-simple-history) pieces that are not admin pages.

Every registry model records a history row per change: who, when, and the row as it then was,
many-to-many fields included where the model names them in ``HistoricalRecords(m2m_fields=...)``.
"""

from contextlib import contextmanager

from django.db import models
from django.test.utils import override_settings
from simple_history.utils import get_history_manager_for_model


@contextmanager
def history_off():
    """Write no history rows inside the block, for the whole process.

    For management commands that load or delete synthetic rows by the hundred thousand: a row of
    history for each would double their work and record nothing anyone made. Never use it while
    serving requests, where it would silence the history of other threads too.
    """
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def fold_versions(obj: models.Model) -> None:
    """Keep one history row for one save: the last row the save wrote.

    A save writes a row for the object, then one more per many-to-many field it changes (the
    rows are recorded from signals, and the many-to-many values are saved after the object).
    The last row holds the whole new state, so the earlier ones are dropped and it takes over
    their "created" type. Rows of one save share ``obj._history_date``, which the caller sets.
    """
    when = getattr(obj, "_history_date", None)
    if when is None or obj.pk is None:
        return
    history = get_history_manager_for_model(obj)
    rows = list(history.filter(history_date=when).order_by("history_id").values_list("history_id", "history_type"))
    if len(rows) < 2:
        return
    dropped = [history_id for history_id, _type in rows[:-1]]
    # The many-to-many snapshots point at their row without a foreign key constraint.
    for relation in history.model._meta.related_objects:
        relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": dropped}).delete()
    history.model._default_manager.filter(history_id__in=dropped).delete()
    if rows[0][1] == "+":
        history.model._default_manager.filter(history_id=rows[-1][0]).update(history_type="+")


def record_created(model: type[models.Model], pks: list[int], *, reason: str, user=None) -> None:
    """History rows ("created") for the rows ``pks`` of ``model``, copied from the table by the
    database in one statement per thousand rows.

    What ``simple_history.utils.bulk_create_with_history`` writes, without building a Python object
    and an INSERT's parameters per row and column: an import of 100,000 artisans spent half its
    time there. The history table's columns are the model's tracked columns, by the same names.
    """
    from django.db import connections, router
    from django.utils import timezone

    history = model.history.model
    database = router.db_for_write(history)
    quote = connections[database].ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    source = model._meta
    with connections[database].cursor() as cursor:
        for start in range(0, len(pks), 1000):
            chunk = pks[start : start + 1000]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
                f"SELECT {columns}, %s, %s, '+', %s FROM {quote(source.db_table)} "
                f"WHERE {quote(source.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [timezone.now(), reason, getattr(user, "pk", None), *chunk],
            )
