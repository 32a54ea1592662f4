"""Query pieces the exhibition pages, filters and exports share."""

from collections import Counter

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from common.calendars import to_solar_hijri
from common.summaries import remembered


def participations_per_year(participations, *, solar_hijri: bool = False) -> Counter:
    """{year: count} of ``participations`` by the year their exhibition started (None: undated),
    in the Solar Hijri calendar if ``solar_hijri``, else in the Gregorian one.

    Grouped by exhibition date in SQL and by year here: extracting the year in SQL calls a Python
    function per participation on SQLite, while there are only as many dates as exhibitions; and
    the Solar Hijri year begins on a day that moves (20 or 21 March).
    """
    years = Counter()
    for day, count in participations.order_by().values_list("exhibition__start_date").annotate(count=Count("pk")):
        years[year_of(day, solar_hijri=solar_hijri)] += count
    return years


def year_of(day, *, solar_hijri: bool) -> int | None:
    if day is None:
        return None
    return to_solar_hijri(day).year if solar_hijri else day.year


def public_participation_counts() -> dict[int, int]:
    """{exhibition id: its published participations}, remembered per version of the data.

    Counting in SQL for each listed exhibition checks every participant's artisan: for the 25
    latest fairs of a large registry, tens of thousands of rows a view.
    """
    from .models import Participation

    def count() -> dict[int, int]:
        rows = Participation.objects.published().order_by().values_list("exhibition").annotate(count=Count("pk"))
        return dict(rows)

    return remembered("exhibition-participations", "all", count)


def with_counts(exhibitions, counts: dict[int, int]) -> list:
    """The exhibitions as a list, each with ``participation_count`` from ``counts`` (see above)."""
    exhibitions = list(exhibitions)
    for exhibition in exhibitions:
        exhibition.participation_count = counts.get(exhibition.pk, 0)
    return exhibitions


def count_per_row(rows: models.QuerySet, key: str) -> Coalesce:
    """How many of ``rows`` point at the outer row through ``key``, as a correlated subquery.

    A subquery rather than JOIN + GROUP BY: the outer rows keep their ordering, and a paginator's
    COUNT(*) need not scan the rows counted.
    """
    counts = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(count=models.Count("pk"))
    return Coalesce(Subquery(counts.values("count")), 0, output_field=models.IntegerField())


def with_artisan_participation_counts(artisans, participations=None):
    """Annotate each artisan's ``participation_count``: of ``participations`` (default: all), e.g. the public ones."""
    from .models import Participation

    if participations is None:
        participations = Participation.objects.all()
    return artisans.annotate(participation_count=count_per_row(participations, "artisan"))
