"""Published participations per exhibition, home province and crafts shown, kept by the database
(see ``common.totals``).

A row (exhibition, province, crafts) counts the published participations in the exhibition of
artisans from the province (0: none on record) who showed exactly those crafts ("3,17", the
categories' ids in order; "" for none). Every filter of the participation report is a condition
on these columns or on the exhibition's (its year, dates, place, series), and every total it shows
a GROUP BY over the rows that pass: by year, by province, by craft (the crafts a row names).

Each row also carries its exhibition's ``start_span``: the first day of the span of days the
exhibition started in, a month, or in March one of the spans 1-19, 20, 21, 22 and 23-31, since the
Solar Hijri year begins on 20, 21 or 22 March (in every year from 1621 to 2321). All the days of a
span fall in one year of either calendar, and a year of either calendar is a run of whole spans, so
totals per year and the report's year filter need only the rollups per span, whose size does not
grow with the number of exhibitions (16 spans a year).

The triggers move one participation at a time: a row written takes one away from the key it was
counted under before the write and adds one to the key after it, as an upsert, which two
transactions adding participants to the same fair at once may both do. A craft shown added or
taken away moves its participation from one list of crafts to the other. The rarer writes that
change many keys at once recount: an exhibition published or withdrawn recounts its rows, a place
moved in the tree (its artisans' provinces change) recounts the table.
"""

import dataclasses
import datetime

from common.totals import Spread, SummaryTable, Trigger, rollup, rows_written, spread
from registry.models import PublicationStatus
from registry.totals import CRAFT, province_of, published, under

from .models import UNDATED

TABLE = "exhibitions_participationtotal"
SHOWN = "exhibitions_participation_crafts_shown"


def crafts_of(vendor: str, participation: str, *, without: str = "", plus: str = "") -> str:
    """SQL: the ids of the crafts the participation shows, in order, comma-separated ("" for none);
    ``without`` the link rows whose ids a SELECT gives and ``plus`` the crafts another gives, to
    name the crafts it showed before a write."""
    shown = f"SELECT s.craftcategory_id AS craft FROM {SHOWN} s WHERE s.participation_id = {participation}"
    if without:
        shown += f" AND s.id NOT IN ({without})"
    if plus:
        shown += f" UNION {plus}"
    if vendor == "postgresql":
        listed = f"SELECT string_agg(craft::text, ',' ORDER BY craft) FROM ({shown}) AS shown"
    else:
        # SQLite's group_concat follows the order of the rows it is given.
        listed = f"SELECT group_concat(craft, ',') FROM ({shown} ORDER BY 1)"
    return f"COALESCE(({listed}), '')"


def span(day: datetime.date | None) -> datetime.date:
    """The start span of an exhibition that started on ``day`` (see the module's notes)."""
    if day is None:
        return UNDATED
    if day.month != 3 or day.day < 20:
        return day.replace(day=1)
    return day.replace(day=23) if day.day > 22 else day


def span_of(vendor: str, day: str) -> str:
    """SQL: ``span`` of the date ``day``."""
    undated = f"'{UNDATED.isoformat()}'"
    if vendor == "postgresql":
        month = f"date_trunc('month', {day})::date"
        return (
            f"CASE WHEN {day} IS NULL THEN DATE {undated} "
            f"WHEN EXTRACT(MONTH FROM {day}) <> 3 OR EXTRACT(DAY FROM {day}) < 20 THEN {month} "
            f"WHEN EXTRACT(DAY FROM {day}) > 22 THEN {month} + 22 ELSE {day} END"
        )
    # Dates are ISO text on SQLite.
    return (
        f"CASE WHEN {day} IS NULL THEN {undated} "
        f"WHEN substr({day}, 6, 2) <> '03' OR substr({day}, 9, 2) < '20' THEN substr({day}, 1, 8) || '01' "
        f"WHEN substr({day}, 9, 2) > '22' THEN substr({day}, 1, 8) || '23' ELSE {day} END"
    )


def add(rows: str) -> str:
    """SQL: add the (exhibition, start span, province, crafts, count) ``rows`` (a SELECT with a WHERE)
    to the table."""
    return (
        f"INSERT INTO {TABLE} (exhibition_id, start_span, home_province_id, crafts, count) {rows} "
        f"ON CONFLICT (exhibition_id, home_province_id, crafts) DO UPDATE SET count = {TABLE}.count + excluded.count"
    )


PUBLIC = f"e.status = '{PublicationStatus.PUBLISHED}' AND {published('a')}"
# A participation's exhibition and artisan, whose publication and home say if and where it counts.
JOINS = "JOIN exhibitions_exhibition e ON e.id = p.exhibition_id JOIN registry_artisan a ON a.id = p.artisan_id"
JOINED = f"FROM exhibitions_participation p {JOINS}"


def counted(vendor: str, exhibitions: str) -> str:
    """SQL: the rows of the exhibitions whose id is ``exhibitions`` (a condition: "= 4", "IN (...)")."""
    return (
        f"SELECT p.exhibition_id AS exhibition_id, {span_of(vendor, 'e.start_date')} AS start_span, "
        f"{province_of('a.home_place_id')} AS home_province_id, {crafts_of(vendor, 'p.id')} AS crafts, "
        f"COUNT(*) AS count {JOINED} WHERE p.exhibition_id {exhibitions} AND {PUBLIC} GROUP BY 1, 2, 3, 4"
    )


def fresh(vendor: str) -> str:
    return counted(vendor, "IS NOT NULL")


def recount(exhibitions: str):
    """The statements that count the exhibitions ``exhibitions`` afresh."""

    def statements(vendor: str) -> list[str]:
        return [f"DELETE FROM {TABLE} WHERE exhibition_id {exhibitions}", add(counted(vendor, exhibitions))]

    return statements


def participation_moves(row: str, sign: int):
    """Count (1) or uncount (-1) the participation ``row`` (NEW or OLD) under its key."""

    def statements(vendor: str) -> list[str]:
        key = f"{row}.exhibition_id, {span_of(vendor, 'e.start_date')}, {province_of('a.home_place_id')}"
        return [
            add(
                f"SELECT {key}, {crafts_of(vendor, f'{row}.id')}, {sign} "
                f"FROM exhibitions_exhibition e JOIN registry_artisan a ON a.id = {row}.artisan_id "
                f"WHERE e.id = {row}.exhibition_id AND {PUBLIC}"
            )
        ]

    return statements


def crafts_change(event: str):
    """Crafts shown added, taken away or changed: each participation written moves from the list of
    crafts it showed before the write to the one it shows now."""

    def statements(vendor: str) -> list[str]:
        added, removed = rows_written(vendor, event, ("id", "participation_id", "craftcategory_id"))
        touched = " UNION ".join(
            f"SELECT DISTINCT w.participation_id FROM {rows} w" for rows in (added, removed) if rows
        )
        before = crafts_of(
            vendor,
            "p.id",
            without=f"SELECT w.id FROM {added} w" if added else "",
            plus=f"SELECT w.craftcategory_id FROM {removed} w WHERE w.participation_id = p.id" if removed else "",
        )
        rows = (
            f"FROM ({touched}) AS touched JOIN exhibitions_participation p ON p.id = touched.participation_id "
            f"{JOINS} WHERE {PUBLIC} GROUP BY 1, 2, 3, 4"
        )
        first = f"p.exhibition_id, {span_of(vendor, 'e.start_date')}, {province_of('a.home_place_id')}"
        return [
            add(f"SELECT {first}, {before}, -COUNT(*) {rows}"),
            add(f"SELECT {first}, {crafts_of(vendor, 'p.id')}, COUNT(*) {rows}"),
        ]

    return statements


def artisan_moves(row: str, sign: int):
    """Count (1) or uncount (-1) every participation of the artisan ``row`` (NEW or OLD) as that row
    says: its publication and its home province."""

    def statements(vendor: str) -> list[str]:
        return [
            add(
                f"SELECT p.exhibition_id, {span_of(vendor, 'e.start_date')}, {province_of(f'{row}.home_place_id')}, "
                f"{crafts_of(vendor, 'p.id')}, {sign} * COUNT(*) FROM exhibitions_participation p "
                f"JOIN exhibitions_exhibition e ON e.id = p.exhibition_id "
                f"WHERE p.artisan_id = {row}.id AND e.status = '{PublicationStatus.PUBLISHED}' AND {published(row)} "
                f"GROUP BY 1, 2, 3, 4"
            )
        ]

    return statements


def triggers(vendor: str) -> list[Trigger]:
    participation = "exhibitions_participation"
    return [
        Trigger("participation_insert", participation, "INSERT", participation_moves("NEW", 1)),
        Trigger("participation_delete", participation, "DELETE", participation_moves("OLD", -1)),
        Trigger(
            "participation_update",
            participation,
            "UPDATE",
            lambda v: [*participation_moves("OLD", -1)(v), *participation_moves("NEW", 1)(v)],
            columns=("artisan_id", "exhibition_id"),
        ),
        Trigger("shown_insert", SHOWN, "INSERT", crafts_change("INSERT"), per_statement=True),
        Trigger("shown_delete", SHOWN, "DELETE", crafts_change("DELETE"), per_statement=True),
        Trigger(
            "shown_update",
            SHOWN,
            "UPDATE",
            crafts_change("UPDATE"),
            columns=("participation_id", "craftcategory_id"),
            per_statement=True,
        ),
        Trigger(
            "participations_artisan_update",
            "registry_artisan",
            "UPDATE",
            lambda v: [*artisan_moves("OLD", -1)(v), *artisan_moves("NEW", 1)(v)],
            columns=("status", "consent_to_publish", "home_place_id"),
        ),
        Trigger(
            "participations_exhibition_update",
            "exhibitions_exhibition",
            "UPDATE",
            recount("= NEW.id"),
            # Its start date moves its rows to another start span.
            columns=("status", "start_date"),
        ),
        Trigger(
            "participations_exhibition_delete",
            "exhibitions_exhibition",
            "DELETE",
            lambda v: [f"DELETE FROM {TABLE} WHERE exhibition_id = OLD.id"],
        ),
        Trigger(
            "participations_place_moved",
            "registry_place",
            "UPDATE",
            lambda v: PARTICIPATION_TOTALS.rebuild_statements(v),
            columns=("parent_id", "kind"),
        ),
    ]


PARTICIPATION_TOTALS = SummaryTable(
    "exhibitions.ParticipationTotal",
    key=("exhibition_id", "start_span", "home_province_id", "crafts"),
    fresh=fresh,
    triggers=triggers,
)
# What a page that needs fewer columns sums instead (see common.totals.rollup).
PER_EXHIBITION = rollup("exhibitions.ExhibitionTotal", PARTICIPATION_TOTALS, ("exhibition_id",))
PER_PROVINCE = rollup("exhibitions.ProvinceTotal", PARTICIPATION_TOTALS, ("exhibition_id", "home_province_id"))
PER_CRAFTS = rollup("exhibitions.CraftsTotal", PARTICIPATION_TOTALS, ("exhibition_id", "crafts"))
PER_SPAN = rollup("exhibitions.SpanTotal", PARTICIPATION_TOTALS, ("start_span",))
PER_SPAN_PROVINCE = rollup("exhibitions.SpanProvinceTotal", PARTICIPATION_TOTALS, ("start_span", "home_province_id"))
PER_SPAN_CRAFTS = rollup("exhibitions.SpanCraftsTotal", PARTICIPATION_TOTALS, ("start_span", "crafts"))
PER_SPAN_PROVINCE_CRAFTS = rollup(
    "exhibitions.SpanProvinceCraftsTotal", PARTICIPATION_TOTALS, ("start_span", "home_province_id", "crafts")
)

# Each craft category that one of the crafts a summary row lists is, or is under: once, however
# many of its crafts are under it.
UNDER_CATEGORIES = Spread(
    table=f"{CRAFT} category",
    values={"craft_id": "category.id"},
    # The crafts under the category first (a few), then whether the list names one (a LIKE each).
    on=lambda row: (
        f"EXISTS (SELECT 1 FROM {CRAFT} shown WHERE {under('shown', 'category')} "
        f"AND ',' || {row}.crafts || ',' LIKE '%,' || shown.id || ',%')"
    ),
)


def per_category(model_label: str, of: SummaryTable, key: tuple[str, ...]) -> SummaryTable:
    """The rows of ``of`` counted under each category of the crafts they list (``UNDER_CATEGORIES``),
    for the report filtered by one craft: a sum over that category's rows, where the lists of crafts
    would be read and matched one by one. Counted afresh when a category moves in its tree or goes."""
    summary = spread(model_label, of, key, UNDER_CATEGORIES)
    name = model_label.split(".")[1].lower()

    def triggers(vendor: str) -> list[Trigger]:
        return [
            *summary.triggers(vendor),
            Trigger(f"{name}_craft_moved", CRAFT, "UPDATE", summary.rebuild_statements, columns=("tree_path",)),
            Trigger(f"{name}_craft_delete", CRAFT, "DELETE", summary.rebuild_statements),
        ]

    return dataclasses.replace(summary, triggers=triggers)


PER_CRAFT_SPAN_PROVINCE = per_category(
    "exhibitions.CraftSpanProvinceTotal", PER_SPAN_PROVINCE_CRAFTS, ("craft_id", "start_span", "home_province_id")
)
PER_CRAFT_SPAN_CRAFTS = per_category(
    "exhibitions.CraftSpanCraftsTotal", PER_SPAN_CRAFTS, ("craft_id", "start_span", "crafts")
)
