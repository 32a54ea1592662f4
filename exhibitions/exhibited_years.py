"""Who exhibited in a year, counted by the database (see ``common.totals``).

The artisan list's "exhibited in year" filter says how many artisans showed their work in a year,
each once however many exhibitions they showed at. A distinct count cannot be added up from the
participation totals, and counting it afresh after any write read half a million participations
at national scale (817 ms). So the database keeps, per year and artisan, how many published
participations the artisan had in exhibitions that started that year (``ArtisanYear``), and per
year how many artisans have at least one (``YearArtisans``, a ``tally`` of the first, changed as
an artisan's count there leaves or reaches nought).

A year is what the filter reads (``common.calendars.year_bounds``): 1300 to 1499 are Solar Hijri
years, any other a Gregorian one. So a participation counts under its exhibition's Solar Hijri
year if that is one of 1300 to 1499, and under its Gregorian year unless that is one of them. The
Solar Hijri year begins on 20, 21 or 22 March; the days of each year from 1921 to 2122 come from
jdatetime, written into the triggers' SQL.
"""

import functools

import jdatetime

from common.calendars import SOLAR_HIJRI_YEARS
from common.totals import SummaryTable, Trigger, tally
from registry.models import PublicationStatus
from registry.totals import published

from .totals import JOINED, PUBLIC

TABLE = "exhibitions_artisanyear"
PARTICIPATIONS = "exhibitions_participation"
EXHIBITIONS = "exhibitions_exhibition"
SOLAR = f"BETWEEN {SOLAR_HIJRI_YEARS.start} AND {SOLAR_HIJRI_YEARS.stop - 1}"


@functools.cache
def new_year_days() -> dict[int, list[int]]:
    """{day of March: the Gregorian years whose Solar Hijri year begins that day}, other than the 21st."""
    days: dict[int, list[int]] = {}
    for year in range(SOLAR_HIJRI_YEARS.start + 621, SOLAR_HIJRI_YEARS.stop + 623):
        day = jdatetime.date(year - 621, 1, 1).togregorian().day
        if day != 21:
            days.setdefault(day, []).append(year)
    return days


def gregorian_year(vendor: str, day: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {day}) AS integer)"
    return f"CAST(substr({day}, 1, 4) AS integer)"  # dates are ISO text on SQLite


def solar_hijri_year(vendor: str, day: str) -> str:
    year = gregorian_year(vendor, day)
    if vendor == "postgresql":
        month_day = f"CAST(EXTRACT(MONTH FROM {day}) * 100 + EXTRACT(DAY FROM {day}) AS integer)"
    else:
        month_day = f"CAST(substr({day}, 6, 2) || substr({day}, 9, 2) AS integer)"
    new_year = " ".join(
        f"WHEN {year} IN ({', '.join(map(str, years))}) THEN {300 + day}" for day, years in new_year_days().items()
    )
    return f"{year} - 621 - CASE WHEN {month_day} < CASE {new_year} ELSE 321 END THEN 1 ELSE 0 END"


def years(vendor: str, day: str) -> list[tuple[str, str]]:
    """SQL: the years the date ``day`` counts under, each with the condition it counts on."""
    gregorian, solar = gregorian_year(vendor, day), solar_hijri_year(vendor, day)
    return [
        (gregorian, f"{day} IS NOT NULL AND {gregorian} NOT {SOLAR}"),
        (solar, f"{day} IS NOT NULL AND {solar} {SOLAR}"),
    ]


def add(select: str, rows: str) -> str:
    """SQL: add (year, artisan, count) rows, ``select`` (up to FROM) ``rows``, to the table."""
    return (
        f"INSERT INTO {TABLE} (year, artisan_id, count) {select} {rows} "
        f"ON CONFLICT (year, artisan_id) DO UPDATE SET count = {TABLE}.count + excluded.count"
    )


def fresh(vendor: str) -> str:
    return " UNION ALL ".join(
        f"SELECT {year} AS year, p.artisan_id AS artisan_id, COUNT(*) AS count {JOINED} "
        f"WHERE {condition} AND {PUBLIC} GROUP BY 1, 2"
        for year, condition in years(vendor, "e.start_date")
    )


def participation_moves(row: str, sign: str):
    """Count ("") or uncount ("-") the participation ``row`` (NEW or OLD) under its years."""

    def statements(vendor: str) -> list[str]:
        return [
            add(
                f"SELECT {year}, {row}.artisan_id, {sign}1",
                f"FROM {EXHIBITIONS} e JOIN registry_artisan a ON a.id = {row}.artisan_id "
                f"WHERE e.id = {row}.exhibition_id AND {condition} AND {PUBLIC}",
            )
            for year, condition in years(vendor, "e.start_date")
        ]

    return statements


def artisan_moves(row: str, sign: str):
    """Count or uncount every participation of the artisan ``row`` as its publication says."""

    def statements(vendor: str) -> list[str]:
        return [
            add(
                f"SELECT {year}, {row}.id, {sign}COUNT(*)",
                f"FROM {PARTICIPATIONS} p JOIN {EXHIBITIONS} e ON e.id = p.exhibition_id "
                f"WHERE p.artisan_id = {row}.id AND {condition} AND e.status = '{PublicationStatus.PUBLISHED}' "
                f"AND {published(row)} GROUP BY 1, 2",
            )
            for year, condition in years(vendor, "e.start_date")
        ]

    return statements


def exhibition_moves(row: str, sign: str):
    """Count or uncount every participation in the exhibition ``row`` as its publication and start
    date say (an exhibition deleted before its participations is uncounted here; after them, by them)."""

    def statements(vendor: str) -> list[str]:
        return [
            add(
                f"SELECT {year}, p.artisan_id, {sign}COUNT(*)",
                f"FROM {PARTICIPATIONS} p JOIN registry_artisan a ON a.id = p.artisan_id "
                f"WHERE p.exhibition_id = {row}.id AND {condition} AND {row}.status = '{PublicationStatus.PUBLISHED}' "
                f"AND {published('a')} GROUP BY 1, 2",
            )
            for year, condition in years(vendor, f"{row}.start_date")
        ]

    return statements


def both(moves):
    """For an update: uncount the row as it was, count it as it is."""
    return lambda vendor: [*moves("OLD", "-")(vendor), *moves("NEW", "")(vendor)]


def triggers(vendor: str) -> list[Trigger]:
    return [
        Trigger("year_participation_insert", PARTICIPATIONS, "INSERT", participation_moves("NEW", "")),
        Trigger("year_participation_delete", PARTICIPATIONS, "DELETE", participation_moves("OLD", "-")),
        Trigger(
            "year_participation_update",
            PARTICIPATIONS,
            "UPDATE",
            both(participation_moves),
            columns=("artisan_id", "exhibition_id"),
        ),
        Trigger(
            "year_artisan_update",
            "registry_artisan",
            "UPDATE",
            both(artisan_moves),
            columns=("status", "consent_to_publish"),
        ),
        Trigger(
            "year_exhibition_update", EXHIBITIONS, "UPDATE", both(exhibition_moves), columns=("status", "start_date")
        ),
        Trigger("year_exhibition_delete", EXHIBITIONS, "DELETE", exhibition_moves("OLD", "-")),
    ]


ARTISAN_YEARS = SummaryTable("exhibitions.ArtisanYear", key=("year", "artisan_id"), fresh=fresh, triggers=triggers)
YEAR_ARTISANS = tally("exhibitions.YearArtisans", ARTISAN_YEARS, ("year",))
