"""Generated artisans, with the crafts they practise and the places they come from."""

import itertools
import random
from collections import Counter

from django.utils import timezone
from django.utils.text import slugify

from common.translated import in_languages
from crafts.models import CraftCategory
from registry.models import Artisan, ArtisanCraft, Place, PublicationStatus
from registry.places import load_country, lookup_country

from ..demo import facts
from .common import BATCH_SIZE, GENERATED, REGISTRY_PREFIX, ProgressFactory, last_number, weighted
from .vocabulary import (
    ARABIC_NAMES,
    CRAFT_WEIGHTS,
    IRAN_PLACE_NAMES,
    IRAQ_PLACE_NAMES,
    PERSIAN_NAMES,
    PROVINCE_WEIGHTS,
    as_arabic,
    as_persian,
)

CITIES_PER_PROVINCE = 4


class Crafts:
    """The crafts one can practise, weighted by how common they are among Ilam's artisans."""

    def __init__(self, rows: dict[str, CraftCategory]):
        parents = {row.parent_id for row in rows.values()}
        # A family such as "textiles" is not something one practises; its members are.
        self.practised = [row for row in rows.values() if row.parent_id or row.pk not in parents]
        self.cum = list(itertools.accumulate(CRAFT_WEIGHTS.get(row.slug, 1) for row in self.practised))
        self.family = {row.pk: row.tree_path.split("/")[0] for row in self.practised}

    def pick(self, rng: random.Random) -> CraftCategory:
        return weighted(rng, self.practised, self.cum)

    def related(self, rng: random.Random, craft: CraftCategory) -> CraftCategory:
        # Most artisans practise crafts of one family: a kilim weaver also weaves jajim.
        same = [row for row in self.practised if self.family[row.pk] == self.family[craft.pk]]
        return rng.choice(same) if len(same) > 1 and rng.random() < 0.7 else self.pick(rng)


def craft_tree(*, counts: Counter) -> Crafts:
    """The demonstration craft tree, created where it is missing; generated rows use only it."""
    rows = {row.slug: row for row in CraftCategory.objects.filter(slug__in=facts.CRAFTS)}
    # Parents come before their children in the table, so each parent exists when needed.
    for slug, (parent, name_en, name_fa, name_ar, description, official_status) in facts.CRAFTS.items():
        if slug not in rows:
            rows[slug] = CraftCategory(
                slug=slug,
                parent=rows[parent] if parent else None,
                name_en=name_en,
                name_fa=name_fa,
                name_ar=name_ar,
                **in_languages("description", description),
                **in_languages("official_status", official_status),
            )
            rows[slug].save()
            counts["crafts"] += 1
    # In the table's order, not the database's: the same seed must pick the same crafts.
    return Crafts({slug: rows[slug] for slug in facts.CRAFTS})


class Places:
    """Iran's and Iraq's provinces, weighted towards Ilam and its neighbours, and their generated cities."""

    def __init__(self, provinces: dict[str, list[Place]], cities: dict[int, list[Place]]):
        self.provinces, self.cities = provinces, cities
        self.cum = {
            country: list(itertools.accumulate(PROVINCE_WEIGHTS.get(row.code, 1) for row in rows))
            for country, rows in provinces.items()
        }

    def province(self, rng: random.Random, country: str) -> Place:
        return weighted(rng, self.provinces[country], self.cum[country])

    def city(self, rng: random.Random, province: Place) -> Place:
        return rng.choice(self.cities[province.pk])


def places(*, rng: random.Random, counts: Counter) -> Places:
    """Load Iran's and Iraq's provinces (a no-op when they are there), and add a few cities to each."""
    provinces = {}
    for code in ("IR", "IQ"):
        load_country(lookup_country(code))
        provinces[code] = list(Place.objects.provinces().filter(parent__code=code).order_by("code"))
    wanted = {}
    for country, pool in (("IR", IRAN_PLACE_NAMES), ("IQ", IRAQ_PLACE_NAMES)):
        for province in provinces[country]:
            for native, latin in rng.sample(pool, CITIES_PER_PROVINCE):
                slug = f"{GENERATED}{slugify(province.code)}-{slugify(latin)}"
                persian, arabic = (native, as_arabic(native)) if country == "IR" else (as_persian(native), native)
                wanted[slug] = Place(
                    kind=Place.Kind.CITY, parent=province, slug=slug, name_en=latin, name_fa=persian, name_ar=arabic
                )
    # An earlier batch may have made some of them already.
    existing = {row.slug: row for row in Place.objects.filter(slug__in=wanted)}
    missing = [row for slug, row in wanted.items() if slug not in existing]
    Place.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    counts["cities"] += len(missing)
    cities = {}
    for slug, row in wanted.items():
        cities.setdefault(row.parent_id, []).append(existing.get(slug, row))
    return Places(provinces, cities)


class People:
    """What participations need to know of each generated artisan, kept without the model instances."""

    def __init__(self):
        self.ids: list[int] = []
        self.crafts: list[tuple[int, ...]] = []
        self.activity: list[float] = []
        self.by_province: dict[int, list[int]] = {}


def artisans(
    *, rng: random.Random, count: int, crafts: Crafts, places: Places, counts: Counter, progress: ProgressFactory
) -> People:
    people = People()
    year = timezone.localdate().year
    # Numbers go on across years and batches, so that registry numbers and slugs never repeat.
    numbers = Artisan.objects.filter(registry_number__startswith=f"{REGISTRY_PREFIX}-")
    last = last_number(numbers.values_list("registry_number", flat=True))
    bar = progress("Artisans", count)
    for start in range(0, count, BATCH_SIZE):
        rows, practised = [], []
        for number in range(last + start + 1, last + min(count, start + BATCH_SIZE) + 1):
            artisan, craft_rows, province = _artisan(rng=rng, number=number, year=year, crafts=crafts, places=places)
            rows.append(artisan)
            practised.append(craft_rows)
            people.by_province.setdefault(province.pk, []).append(len(people.crafts))
            people.crafts.append(tuple(row.pk for row in craft_rows))
            # Some artisans show their work everywhere, most now and then.
            people.activity.append(rng.lognormvariate(0, 0.75))
        Artisan.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        links = [
            ArtisanCraft(
                artisan_id=artisan.pk,
                craft_id=craft.pk,
                is_primary=position == 0,
                since_year=min(year, artisan.birth_year + rng.randint(10, 25)) if artisan.birth_year else None,
            )
            for artisan, craft_rows in zip(rows, practised, strict=True)
            for position, craft in enumerate(craft_rows)
        ]
        ArtisanCraft.objects.bulk_create(links, batch_size=BATCH_SIZE)
        people.ids.extend(artisan.pk for artisan in rows)
        counts["artisans"] += len(rows)
        counts["crafts practised"] += len(links)
        bar.update(len(rows))
    bar.close()
    return people


def _artisan(
    *, rng: random.Random, number: int, year: int, crafts: Crafts, places: Places
) -> tuple[Artisan, list[CraftCategory], Place]:
    iraqi = rng.random() < 0.1
    gender = Artisan.Gender.FEMALE if rng.random() < 0.55 else Artisan.Gender.MALE
    names = ARABIC_NAMES if iraqi else PERSIAN_NAMES
    first, first_latin = rng.choice(names[gender])
    family, family_latin = rng.choice(names["family"])
    latin = f"{first_latin} {family_latin}"
    province = places.province(rng, "IQ" if iraqi else "IR")
    home = places.city(rng, province) if rng.random() < 0.65 else province
    primary = crafts.pick(rng)
    craft_rows = [primary]
    for _extra in range(rng.choices((0, 1, 2), (55, 35, 10))[0]):
        if (craft := crafts.related(rng, primary)) not in craft_rows:
            craft_rows.append(craft)
    workshop = ""
    if rng.random() < 0.2:
        workshop = _workshop(family, primary.name_ar if iraqi else primary.name_fa, arabic=iraqi)
    phone = ""
    if rng.random() < 0.6:
        mobile = f"{rng.randint(0, 9999999):07d}"
        phone = f"+964 7{rng.randint(70, 99)} {mobile}" if iraqi else f"+98 9{rng.randint(10, 39)} {mobile}"
    artisan = Artisan(
        name=f"{first} {family}",
        name_latin=latin,
        slug=f"{GENERATED}{slugify(latin)}-{number}",
        registry_number=f"{REGISTRY_PREFIX}-{year}-{number:06d}",
        gender=gender,
        birth_year=None if rng.random() < 0.03 else round(rng.triangular(1945, 2005, 1978)),
        home_place=home,
        workshop_name=workshop,
        phone=phone,
        internal_notes="Synthetic record made by generate_data: not a real person.",
        consent_to_publish=rng.random() >= 0.05,
        status=PublicationStatus.DRAFT if rng.random() < 0.05 else PublicationStatus.PUBLISHED,
    )
    return artisan, craft_rows, province


def _workshop(family: str, craft: str, *, arabic: bool) -> str:
    if arabic:
        # "ورشة الكعبي للفخار": the article of the craft merges into the preposition.
        if not craft:
            return f"ورشة {family}"
        return f"ورشة {family} لل{craft.removeprefix('ال')}" if craft.startswith("ال") else f"ورشة {family} ل{craft}"
    return f"کارگاه {craft} {family}" if craft else f"کارگاه {family}"
