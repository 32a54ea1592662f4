"""Published artisans per craft and home province, kept by the database (see ``common.totals``).

A row (craft, province) counts the published artisans living in the province who practise the craft
or one of its sub-categories, each once however many of them they practise; craft 0 counts every
published artisan of the province, province 0 those with no home province on record. The craft
pages, the home page, the artisan list's page count and the place pages add these up.

The triggers change the counts by one artisan at a time: what the artisan counted for before the
write is taken away and what it counts for after is added. Moving a place or a craft category in
its tree changes what many artisans count for: the table is then counted afresh (a rare edit).
"""

from common.totals import SummaryTable, Trigger, rows_written

from .models import Place, PublicationStatus
from .querysets import PLACE_DEPTH

TABLE = "registry_artisantotal"
CRAFT = "crafts_craftcategory"
LINKS = "registry_artisancraft"


def province_of(place: str) -> str:
    """SQL: the id of the province ``place`` (a SQL expression) is in or is, or 0."""
    joins = " ".join(
        f"LEFT JOIN registry_place up{level} ON up{level}.id = up{level - 1}.parent_id"
        for level in range(1, PLACE_DEPTH)
    )
    cases = " ".join(
        f"WHEN up{level}.kind = '{Place.Kind.PROVINCE}' THEN up{level}.id" for level in range(PLACE_DEPTH)
    )
    return f"COALESCE((SELECT CASE {cases} END FROM registry_place up0 {joins} WHERE up0.id = {place}), 0)"


def published(artisan: str) -> str:
    """SQL: the artisan row ``artisan`` (an alias, NEW or OLD) is public."""
    return f"{artisan}.status = '{PublicationStatus.PUBLISHED}' AND {artisan}.consent_to_publish"


def under(craft: str, node: str) -> str:
    """SQL join condition: category ``node`` is the category ``craft`` or one above it."""
    return f"substr({craft}.tree_path, 1, length({node}.tree_path)) = {node}.tree_path"


def nodes_of_links(condition: str) -> str:
    """SQL: the categories the artisan's crafts (links matching ``condition``) are, or are under."""
    return (
        f"SELECT n.id FROM registry_artisancraft l JOIN {CRAFT} c ON c.id = l.craft_id "
        f"JOIN {CRAFT} n ON {under('c', 'n')} WHERE {condition}"
    )


def add(rows: str) -> str:
    """SQL: add the (craft, province, count) ``rows`` (a SELECT with a WHERE clause) to the table."""
    return (
        f"INSERT INTO {TABLE} (craft_id, home_province_id, count) {rows} "
        f"ON CONFLICT (craft_id, home_province_id) DO UPDATE SET count = {TABLE}.count + excluded.count"
    )


def artisan_counts(artisan: str, sign: int) -> list[str]:
    """SQL: count (``sign`` 1) or uncount (-1) the artisan row ``artisan`` (NEW or OLD) and its crafts."""
    province = province_of(f"{artisan}.home_place_id")
    links = nodes_of_links(f"l.artisan_id = {artisan}.id")
    return [
        add(f"SELECT 0, {province}, {sign} WHERE {published(artisan)}"),
        add(f"SELECT DISTINCT n.id, {province}, {sign} FROM ({links}) AS n WHERE {published(artisan)}"),
    ]


ADDED_COLUMNS = ("id", "home_place_id", "status", "consent_to_publish")


def artisans_added(vendor: str) -> list[str]:
    """New artisans counted: on PostgreSQL once for the whole statement (an import inserts 500 at a
    time), grouped by province and category; on SQLite, where triggers are per row, one by one."""
    if vendor == "sqlite":
        return artisan_counts("NEW", 1)
    added, _removed = rows_written(vendor, "INSERT", ADDED_COLUMNS)
    province = province_of("w.home_place_id")
    return [
        add(
            f"SELECT 0, province, COUNT(*) FROM (SELECT {province} AS province FROM {added} w "
            f"WHERE {published('w')}) AS homes GROUP BY province"
        ),
        # Crafts linked before the artisan existed: only a raw write, in a transaction whose
        # foreign keys are checked at its end, can do that.
        add(
            f"SELECT n.id, {province}, COUNT(DISTINCT w.id) FROM {added} w "
            f"JOIN registry_artisancraft l ON l.artisan_id = w.id JOIN {CRAFT} c ON c.id = l.craft_id "
            f"JOIN {CRAFT} n ON {under('c', 'n')} WHERE {published('w')} GROUP BY 1, 2"
        ),
    ]


def links_change(event: str):
    """Crafts practised added, taken away or changed: each artisan written is uncounted under the
    categories its crafts were under before the write and counted under those they are under now."""

    def statements(vendor: str) -> list[str]:
        added, removed = rows_written(vendor, event, ("id", "artisan_id", "craft_id"))
        touched = " UNION ".join(f"SELECT w.artisan_id FROM {rows} w" for rows in (added, removed) if rows)
        # The links of every artisan written, as they are now and as they were: one set for the
        # whole statement (thousands of links in a bulk insert), not a query per artisan.
        now = f"SELECT l.artisan_id, l.craft_id FROM registry_artisancraft l WHERE l.artisan_id IN ({touched})"
        before = now + (f" AND l.id NOT IN (SELECT w.id FROM {added} w)" if added else "")
        before += f" UNION ALL SELECT w.artisan_id, w.craft_id FROM {removed} w" if removed else ""

        def counted(links: str, sign: str) -> str:
            # Each artisan once under each category one of its crafts is or is under.
            statement = add(
                f"SELECT n.id, {province_of('a.home_place_id')}, {sign}COUNT(DISTINCT a.id) "
                f"FROM {'links' if vendor == 'postgresql' else f'({links})'} AS links "
                f"JOIN registry_artisan a ON a.id = links.artisan_id "
                f"JOIN {CRAFT} c ON c.id = links.craft_id JOIN {CRAFT} n ON {under('c', 'n')} "
                f"WHERE {published('a')} GROUP BY 1, 2"
            )
            if vendor != "postgresql":
                return statement
            # The statement's links first, found from its artisans. Left to itself, PostgreSQL
            # estimates the join of a category with those above it at one row, starts there, and
            # reads every link of every category (68,000 links for 500 new ones in an import:
            # 36 ms a statement). SQLite's triggers may not hold a WITH; they see one row anyway.
            return f"WITH links AS MATERIALIZED ({links}) {statement}"

        return [counted(before, "-"), counted(now, "")]

    return statements


def fresh(vendor: str) -> str:
    province = province_of("a.home_place_id")
    return (
        f"SELECT 0 AS craft_id, province, COUNT(*) FROM ("
        f"SELECT {province} AS province FROM registry_artisan a WHERE {published('a')}) AS homes GROUP BY province "
        f"UNION ALL "
        f"SELECT craft, province, COUNT(*) FROM ("
        f"SELECT DISTINCT n.id AS craft, a.id AS artisan, {province} AS province FROM registry_artisan a "
        f"JOIN registry_artisancraft l ON l.artisan_id = a.id JOIN {CRAFT} c ON c.id = l.craft_id "
        f"JOIN {CRAFT} n ON {under('c', 'n')} WHERE {published('a')}) AS practised GROUP BY craft, province"
    )


def triggers(vendor: str) -> list[Trigger]:
    return [
        Trigger("artisan_insert", "registry_artisan", "INSERT", artisans_added, per_statement=True),
        Trigger("artisan_delete", "registry_artisan", "DELETE", lambda v: artisan_counts("OLD", -1)),
        Trigger(
            "artisan_update",
            "registry_artisan",
            "UPDATE",
            lambda v: [*artisan_counts("OLD", -1), *artisan_counts("NEW", 1)],
            columns=("status", "consent_to_publish", "home_place_id"),
        ),
        Trigger("artisancraft_insert", LINKS, "INSERT", links_change("INSERT"), per_statement=True),
        Trigger("artisancraft_delete", LINKS, "DELETE", links_change("DELETE"), per_statement=True),
        Trigger(
            "artisancraft_update",
            LINKS,
            "UPDATE",
            links_change("UPDATE"),
            columns=("artisan_id", "craft_id"),
            per_statement=True,
        ),
        Trigger(
            "artisans_place_moved",
            "registry_place",
            "UPDATE",
            lambda v: ARTISAN_TOTALS.rebuild_statements(v),
            columns=("parent_id", "kind"),
        ),
        Trigger(
            "artisans_craft_moved",
            CRAFT,
            "UPDATE",
            lambda v: ARTISAN_TOTALS.rebuild_statements(v),
            columns=("tree_path",),
        ),
        Trigger("artisans_craft_delete", CRAFT, "DELETE", lambda v: ARTISAN_TOTALS.rebuild_statements(v)),
    ]


ARTISAN_TOTALS = SummaryTable(
    "registry.ArtisanTotal", key=("craft_id", "home_province_id"), fresh=fresh, triggers=triggers
)
