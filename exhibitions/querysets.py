"""Query pieces the exhibition pages, filters and exports share."""

from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from common.calendars import to_solar_hijri


def year_of(day, *, solar_hijri: bool) -> int | None:
    if day is None:
        return None
    return to_solar_hijri(day).year if solar_hijri else day.year


def participation_counts(exhibitions) -> dict[int, int]:
    """{exhibition id: its published participations} for ``exhibitions`` (ids or rows), read from
    the totals the database keeps (``exhibitions.totals``): a few rows per exhibition, not its
    participants."""
    from .models import ExhibitionTotal

    ids = [getattr(exhibition, "pk", exhibition) for exhibition in exhibitions]
    return dict(ExhibitionTotal.objects.filter(exhibition__in=ids).values_list("exhibition", "count"))


def published_artisans(*, province=None, craft=None) -> int:
    """How many published artisans there are (of a home province, practising a craft or one under
    it), from the totals the database keeps (``registry.totals``)."""
    from registry.models import ArtisanTotal

    rows = ArtisanTotal.objects.filter(craft_id=craft.pk if craft else 0)
    if province is not None:
        rows = rows.filter(home_province_id=province.pk)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def artisans_exhibited_in(year: int) -> int:
    """How many published artisans took part in a published exhibition that started in ``year``
    (as ``common.calendars.year_bounds`` reads it), from the totals the database keeps
    (``exhibitions.exhibited_years``)."""
    from .models import YearArtisans

    return YearArtisans.objects.filter(year=year).values_list("count", flat=True).first() or 0


def with_counts(exhibitions) -> list:
    """The exhibitions as a list, each with ``participation_count``: its published participations."""
    exhibitions = list(exhibitions)
    counts = participation_counts(exhibitions)
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
