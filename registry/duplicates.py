"""Artisans who may be one person typed twice: the same name key (``Artisan.name_key``, the name
folded across scripts, letter forms and Latin spellings) and nothing that tells them apart: no
birth years more than a year apart, no homes in two provinces. The import (``registry.imports``)
and the admin's add form ask the same question."""

from collections.abc import Callable

from common.transliteration import name_key

from .models import Artisan, Place
from .querysets import lineage_of_kind, select_lineage


def told_apart(ours: dict, theirs: dict, province: Callable[[Place], object]) -> bool:
    """Whether two artisans' ``birth_year`` and ``home_place`` ({name: value}) say they are two
    people; ``province(place)`` names the province a place is in."""
    born, their_born = ours.get("birth_year"), theirs.get("birth_year")
    if born and their_born and abs(born - their_born) > 1:
        return True
    home, their_home = ours.get("home_place"), theirs.get("home_place")
    return bool(home and their_home and province(home) != province(their_home))


def province_of(place: Place):
    """The province ``place`` is in, or the place itself (read with its lineage)."""
    return (lineage_of_kind(place, (Place.Kind.PROVINCE,)) or place).pk


def likely_duplicates(name: str, *, birth_year=None, home_place=None, exclude=None) -> list[Artisan]:
    """The artisans the one described may be, by name key and evidence."""
    if not name_key(name):
        return []
    found = Artisan.objects.filter(name_key=name_key(name)).select_related(select_lineage("home_place"))
    if exclude is not None:
        found = found.exclude(pk=exclude)
    if home_place is not None:
        home_place = Place.objects.select_related(select_lineage()).get(pk=home_place.pk)
    ours = {"birth_year": birth_year, "home_place": home_place}
    return [
        artisan
        for artisan in found[:20]
        if not told_apart(ours, {"birth_year": artisan.birth_year, "home_place": artisan.home_place}, province_of)
    ]
