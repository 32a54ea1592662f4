"""Query pieces the exhibition pages, filters and exports share."""

from collections import Counter

from django.db.models import Count


def participations_per_year(participations) -> Counter:
    """{year: count} of ``participations`` by the year their exhibition started (None: undated).

    Grouped by exhibition date in SQL and by year here: extracting the year in SQL calls a Python
    function per participation on SQLite, while there are only as many dates as exhibitions.
    """
    years = Counter()
    for day, count in participations.order_by().values_list("exhibition__start_date").annotate(count=Count("pk")):
        years[day.year if day else None] += count
    return years
