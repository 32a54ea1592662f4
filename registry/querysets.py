"""Where a place lies.

Places form a shallow tree (country → province → district → city), so "in Iran" or "in Ilam
province" is a handful of joins up the ``parent`` chain rather than a recursive query.
"""

from django.db.models import Case, F, Q, When

from .models import Place

# A city may sit in a district, the district in a province, the province in a country.
PLACE_DEPTH = 4
CITY_KINDS = (Place.Kind.CITY, Place.Kind.VILLAGE, Place.Kind.DISTRICT)


def _up(path: str, level: int) -> str:
    return path + "__parent" * level


def within(path: str, place: Place) -> Q:
    """Rows whose place at ``path`` is ``place`` or lies inside it."""
    condition = Q()
    for level in range(PLACE_DEPTH):
        condition |= Q(**{_up(path, level): place})
    return condition


def ancestor_of_kind(path: str, kinds: tuple[str, ...]) -> Case:
    """The id of the first place of one of ``kinds`` from ``path`` upwards, as a SQL expression."""
    return Case(
        *(When(**{f"{_up(path, level)}__kind__in": kinds}, then=F(_up(path, level))) for level in range(PLACE_DEPTH)),
        default=None,
    )


def select_lineage(path: str = "") -> str:
    """The ``select_related`` path that reads a place and every place above it in one join.

    ``path`` leads to the place from the rows queried; "" when they are places themselves.
    """
    return _up(path, PLACE_DEPTH - 1) if path else _up("parent", PLACE_DEPTH - 2)


def lineage_of_kind(place: Place | None, kinds: tuple[str, ...]) -> Place | None:
    """In Python, over rows read with ``select_lineage``: the place itself or the one above it of ``kinds``."""
    while place is not None:
        if place.kind in kinds:
            return place
        place = place.parent
    return None
