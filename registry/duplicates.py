"""Artisans who may be one person typed twice: the same name key (``Artisan.name_key``, the name
folded across scripts, letter forms and Latin spellings) and nothing that tells them apart: no
birth years more than a year apart, no homes in two provinces. The import (``registry.imports``)
and the admin's add form ask the same question; the admin's list of possible duplicates asks it of
the whole registry (``groups_of_names``, ``pairs_among``), leaving out the pairs staff found to be
two people (``DistinctArtisans``)."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from common.transliteration import name_key

from .models import Artisan, DistinctArtisans, Place
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


@dataclass
class Pair:
    """Two artisans who may be one person, and what says so or not."""

    first: Artisan
    second: Artisan

    @property
    def evidence(self) -> list[str]:
        """What the two records share, in words."""
        first, second = self.first, self.second
        said = [_("the same name, however spelt")]
        if first.birth_year and first.birth_year == second.birth_year:
            said.append(_("born in %(year)s") % {"year": first.birth_year})
        elif first.birth_year and second.birth_year:
            said.append(_("born a year apart"))
        if first.home_place_id and first.home_place_id == second.home_place_id:
            said.append(_("the same home place"))
        elif first.home_place_id and second.home_place_id:
            said.append(_("homes in one province"))
        shared = {link.craft_id for link in first.craft_links.all()} & {
            link.craft_id for link in second.craft_links.all()
        }
        if shared:
            said.append(_("a craft in common"))
        return said


def groups_of_names():
    """The name keys that two artisans or more share, most shared first: one GROUP BY over the
    name key's index, whatever the size of the registry."""
    return (
        Artisan.objects.exclude(name_key="")
        .values("name_key")
        .annotate(artisans=Count("id"))
        .filter(artisans__gt=1)
        .order_by("-artisans", "name_key")
    )


def pairs_among(name_keys: list[str]) -> list[Pair]:
    """The possible duplicates among the artisans of ``name_keys``: each two with nothing to tell
    them apart and no decision that they are two people."""
    artisans = (
        Artisan.objects.filter(name_key__in=name_keys)
        .select_related(select_lineage("home_place"))
        .prefetch_related("craft_links")
        .order_by("name_key", "pk")
    )
    by_key: dict[str, list[Artisan]] = {}
    for artisan in artisans:
        by_key.setdefault(artisan.name_key, []).append(artisan)
    ids = [artisan.pk for group in by_key.values() for artisan in group]
    decided = set(DistinctArtisans.objects.filter(first__in=ids, second__in=ids).values_list("first_id", "second_id"))
    pairs = []
    for group in by_key.values():
        for first, second in itertools.combinations(group, 2):
            if (first.pk, second.pk) in decided:
                continue
            ours = {"birth_year": first.birth_year, "home_place": first.home_place}
            theirs = {"birth_year": second.birth_year, "home_place": second.home_place}
            if not told_apart(ours, theirs, province_of):
                pairs.append(Pair(first, second))
    return pairs
