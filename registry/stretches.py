"""Where a deep page of the public artisan list begins, without stepping over the rows before it.

OFFSET makes the database step over every row before a page: the middle page of a million
artisans stepped over 500,000 index entries (1.1 s on PostgreSQL). So the published artisans are
cut, in each of the list's ascending sort orders, into stretches of about ``STRETCH`` artisans.
Each stretch is remembered by its first artisan's sort key and id, with how many published
artisans it holds (``registry.ArtisanStretch``), and triggers change that count on every write, in
the write's transaction, as for the other totals (``common.totals``). Row n of the list is then
found by adding up the stretches' counts (a thousand small rows at a million artisans), seeking to
the start of the stretch that holds it along the order's index, and stepping over fewer than
``STRETCH`` rows from there. The page numbers stay exact.

The stretches' starts stay where a rebuild put them: new artisans make the stretch they fall in
longer, deleted ones shorter. Any ``migrate`` that applies a migration, and
``manage.py check_totals --repair`` when a count is wrong, cut them evenly again.
"""

from django.db import connection
from django.db.models import Q

from common.totals import SummaryTable, Trigger, rows_written

from .totals import published

TABLE = "registry_artisanstretch"
ARTISANS = "registry_artisan"
# About how many published artisans a stretch holds after a rebuild.
STRETCH = 1000
# The sort orders that have stretches: the list's ascending orders by a column of the artisan.
# A descending order sorts ties by id ascending, so it is not the reverse of these; it and the
# order by participations step over rows as before.
ORDERINGS = ("latin_order", "name_order", "registry_number")


def cut(column: str) -> str:
    """SQL: the stretches of ``column``'s order, cut evenly: every ``STRETCH``-th published artisan
    starts one, the first from the very beginning ('', 0); one empty stretch if none is published."""
    numbered = (
        f"SELECT a.{column} AS k, a.id, ROW_NUMBER() OVER (ORDER BY a.{column}, a.id) AS rn "
        f"FROM {ARTISANS} a WHERE {published('a')}"
    )
    counted = f"SELECT k, id, rn, COUNT(*) OVER (PARTITION BY (rn - 1) / {STRETCH}) AS n FROM ({numbered}) AS numbered"
    return (
        f"SELECT '{column}', CASE WHEN rn = 1 THEN '' ELSE k END, CASE WHEN rn = 1 THEN 0 ELSE id END, n "
        f"FROM ({counted}) AS counted WHERE (rn - 1) % {STRETCH} = 0 "
        f"UNION ALL SELECT '{column}', '', 0, 0 WHERE NOT EXISTS (SELECT 1 FROM {ARTISANS} a WHERE {published('a')})"
    )


def fresh(vendor: str) -> str:
    return " UNION ALL ".join(cut(column) for column in ORDERINGS)


def recounted(column: str) -> str:
    """SQL: each stored stretch of ``column``'s order (and the first, if it was lost) with a fresh
    count of the published artisans from its start up to the next one's."""
    starts = f"SELECT start_key, start_id FROM {TABLE} WHERE ordering = '{column}' UNION SELECT '', 0"
    window = "OVER (ORDER BY start_key, start_id)"
    bounded = (
        f"SELECT start_key, start_id, LEAD(start_key) {window} AS next_key, LEAD(start_id) {window} AS next_id "
        f"FROM ({starts}) AS starts"
    )
    inside = (
        f"(a.{column}, a.id) >= (s.start_key, s.start_id) "
        f"AND (s.next_id IS NULL OR (a.{column}, a.id) < (s.next_key, s.next_id))"
    )
    return (
        f"SELECT '{column}', s.start_key, s.start_id, "
        f"(SELECT COUNT(*) FROM {ARTISANS} a WHERE {published('a')} AND {inside}) FROM ({bounded}) AS s"
    )


def check(vendor: str) -> str:
    # Stretches are not cut again to be compared: their counts are checked where they start now.
    return " UNION ALL ".join(recounted(column) for column in ORDERINGS)


def moved(record: str, sign: str) -> list[str]:
    """SQL: count (``sign`` "+") or uncount ("-") the artisan row ``record`` in the stretch it falls
    in, in each order, if it is published."""
    return [
        f"UPDATE {TABLE} SET count = count {sign} 1 WHERE {published(record)} AND id = ("
        f"SELECT s.id FROM {TABLE} s WHERE s.ordering = '{column}' "
        f"AND (s.start_key, s.start_id) <= ({record}.{column}, {record}.id) "
        f"ORDER BY s.start_key DESC, s.start_id DESC LIMIT 1)"
        for column in ORDERINGS
    ]


def added(vendor: str) -> list[str]:
    """New artisans counted in the stretches they fall in: on PostgreSQL once for the whole
    statement (an import inserts 500 at a time), on SQLite, whose triggers are per row, one by one."""
    if vendor == "sqlite":
        return moved("NEW", "+")
    rows, _removed = rows_written(vendor, "INSERT", ("id", "status", "consent_to_publish", *ORDERINGS))
    statements = []
    for column in ORDERINGS:
        holding = (
            f"SELECT s.id FROM {TABLE} s WHERE s.ordering = '{column}' "
            f"AND (s.start_key, s.start_id) <= (w.{column}, w.id) ORDER BY s.start_key DESC, s.start_id DESC LIMIT 1"
        )
        statements.append(
            f"UPDATE {TABLE} SET count = {TABLE}.count + x.n FROM ("
            f"SELECT ({holding}) AS stretch, COUNT(*) AS n FROM {rows} w WHERE {published('w')} GROUP BY 1"
            f") AS x WHERE {TABLE}.id = x.stretch"
        )
    return statements


def triggers(vendor: str) -> list[Trigger]:
    return [
        Trigger("stretch_artisan_insert", ARTISANS, "INSERT", added, per_statement=True),
        Trigger("stretch_artisan_delete", ARTISANS, "DELETE", lambda v: moved("OLD", "-")),
        Trigger(
            "stretch_artisan_update",
            ARTISANS,
            "UPDATE",
            lambda v: [*moved("OLD", "-"), *moved("NEW", "+")],
            columns=("status", "consent_to_publish", *ORDERINGS),
        ),
    ]


ARTISAN_STRETCHES = SummaryTable(
    "registry.ArtisanStretch", key=("ordering", "start_key", "start_id"), fresh=fresh, triggers=triggers, check=check
)


def seek(column: str):
    """For a paginator (``common.pagination.RegistryPaginator.seek``): where the published artisans
    sorted by ``column`` reach row ``position`` (from 0), as (the condition of the rows from a
    stretch's start on, how many rows come before that start)."""

    def seeking(position: int) -> tuple[Q, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT start_key, start_id, before FROM ("
                "SELECT start_key, start_id, SUM(count) OVER (ORDER BY start_key, start_id) - count AS before "
                f"FROM {TABLE} WHERE ordering = %s) AS stretches "
                "WHERE before <= %s ORDER BY before DESC, start_key DESC, start_id DESC LIMIT 1",
                [column, position],
            )
            found = cursor.fetchone()
        if found is None:
            return Q(), 0
        key, pk, before = found
        # The order's index is read from the start key on; the rest of the condition filters.
        return Q(**{f"{column}__gte": key}) & (Q(**{f"{column}__gt": key}) | Q(pk__gte=pk)), before

    return seeking
