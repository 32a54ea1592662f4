"""Generated exhibitions, some in series, and who took part in them."""

import datetime
import itertools
import random
from collections import Counter

import jdatetime
from django.utils.text import slugify

from crafts.models import CraftCategory
from registry.models import Place, PublicationStatus

from ..models import Exhibition, ExhibitionSeries, Participation
from .common import BATCH_SIZE, GENERATED, ProgressFactory, last_number, weighted
from .people import Crafts, People, Places
from .vocabulary import (
    AWARDS,
    EXHIBITION_TITLES,
    OCCASIONS,
    ROLE_WEIGHTS,
    SERIES_NAMES,
    VENUES,
    arabic_digits,
    persian_digits,
)

FIRST_YEAR, LAST_YEAR = 2000, 2026


def exhibition_sizes(*, rng: random.Random, count: int, participations: int, artisans: int) -> list[int]:
    """How many take part in each exhibition: a few hundred mostly, a thousand or more at the big fairs."""
    weights = [rng.lognormvariate(0, 0.45) for _number in range(count)]
    for index in rng.sample(range(count), max(1, count // 250) if count else 0):
        weights[index] = rng.uniform(2.5, 4.0)
    total = sum(weights)
    sizes = [min(artisans, int(participations * weight / total)) for weight in weights]
    left = participations - sum(sizes)
    by_weight = sorted(range(count), key=lambda index: -weights[index])
    while left:
        for index in by_weight:
            if left and sizes[index] < artisans:
                sizes[index] += 1
                left -= 1
    return sizes


class Show:
    """An exhibition to be, with the number of its participants and the province it is in."""

    def __init__(self, exhibition: Exhibition, size: int, province: Place):
        self.exhibition, self.size, self.province = exhibition, size, province


def exhibitions(
    *,
    rng: random.Random,
    sizes: list[int],
    crafts: Crafts,
    places: Places,
    counts: Counter,
    progress: ProgressFactory,
) -> list[Show]:
    series = _series(rng=rng, exhibitions=len(sizes), places=places, counts=counts)
    last = last_number(Exhibition.objects.filter(slug__startswith=GENERATED).values_list("slug", flat=True))
    largest = max(range(len(sizes)), key=sizes.__getitem__, default=None)
    shows, shown = [], []
    for index, size in enumerate(sizes):
        in_series = series[rng.randrange(len(series))] if series and rng.random() < 0.15 else None
        if in_series:
            place = in_series.host_place
            province = place.parent
        else:
            province = places.province(rng, "IR" if rng.random() < 0.65 else "IQ")
            # The province stands for the place when the sources do not name the city.
            place = places.city(rng, province) if rng.random() < 0.85 else province
        exhibition = Exhibition(series=in_series, place=place, **_dates_and_occasion(rng=rng, province=province))
        # The largest is always public, so that the public pages have a big exhibition to show.
        draft = index != largest and rng.random() < 0.05
        exhibition.status = PublicationStatus.DRAFT if draft else PublicationStatus.PUBLISHED
        if size and rng.random() < 0.3:
            # Reported figures are round, and rarely the number of participants on record.
            exhibition.participants_reported = max(1, round(size * rng.uniform(0.7, 1.4), -1 if size > 50 else 0))
        exhibition.venue_en = rng.choice(VENUES) if rng.random() < 0.6 else ""
        craft = crafts.pick(rng)
        shows.append(Show(exhibition, size, province))
        shown.append({craft.pk, *(crafts.pick(rng).pk for _number in range(rng.randint(1, 4)))})
        _title(exhibition, rng.choice(EXHIBITION_TITLES), craft)
    _number_editions([show.exhibition for show in shows])
    for number, show in enumerate(shows, last + 1):
        show.exhibition.slug = f"{GENERATED}{slugify(show.exhibition.title_en)[:200]}-{number}"
    bar = progress("Exhibitions", len(shows))
    for start in range(0, len(shows), BATCH_SIZE):
        batch = [show.exhibition for show in shows[start : start + BATCH_SIZE]]
        Exhibition.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        bar.update(len(batch))
    bar.close()
    through = Exhibition.crafts_shown.through
    links = [
        through(exhibition_id=show.exhibition.pk, craftcategory_id=craft_id)
        for show, craft_ids in zip(shows, shown, strict=True)
        for craft_id in sorted(craft_ids)
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    counts["exhibitions"] += len(shows)
    counts["exhibition crafts"] += len(links)
    return shows


def _series(*, rng: random.Random, exhibitions: int, places: Places, counts: Counter) -> list[ExhibitionSeries]:
    rows = []
    last = last_number(ExhibitionSeries.objects.filter(slug__startswith=GENERATED).values_list("slug", flat=True))
    for number in range(last + 1, last + min(12, -(-exhibitions // 150)) + 1):
        city = places.city(rng, places.province(rng, "IR" if rng.random() < 0.7 else "IQ"))
        frequency, name_en, name_fa, name_ar = rng.choice(SERIES_NAMES)
        row = ExhibitionSeries(
            host_place=city,
            frequency=frequency,
            name_en=name_en.format(city.name_en),
            name_fa=name_fa.format(city.name_fa),
            name_ar=name_ar.format(city.name_ar),
        )
        row.slug = f"{GENERATED}{slugify(row.name_en)}-{number}"
        rows.append(row)
    ExhibitionSeries.objects.bulk_create(rows)
    counts["series"] += len(rows)
    return rows


def _dates_and_occasion(*, rng: random.Random, province: Place) -> dict:
    precision = rng.choices(list(Exhibition.DatePrecision), (80, 8, 7, 5))[0]
    values = {"date_precision": precision}
    if precision == Exhibition.DatePrecision.UNKNOWN:
        return values
    # More is recorded about recent years.
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, [1 + 0.15 * n for n in range(len(years))])[0]
    if precision == Exhibition.DatePrecision.YEAR:
        return values | {"start_date": datetime.date(year, 1, 1)}
    occasions = [row for row in OCCASIONS if row[0] in ("", province.code[:2])]
    _country, month, day, *names = rng.choice(occasions) if rng.random() < 0.25 else (None, None, None)
    if names:
        values |= dict(zip(("occasion_en", "occasion_fa", "occasion_ar"), names, strict=True))
    if precision == Exhibition.DatePrecision.MONTH:
        return values | {"start_date": datetime.date(year, month or rng.randint(1, 12), 1)}
    if month:
        start = datetime.date(year, month, day) + datetime.timedelta(days=rng.randint(-3, 2))
    else:
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    length = rng.choice((1, 3, 4, 5, 7, 7, 10, 14))
    end = start + datetime.timedelta(days=length - 1) if rng.random() < 0.9 else None
    return values | {"start_date": start, "end_date": end}


def _title(exhibition: Exhibition, template: tuple[str, str, str], craft: CraftCategory) -> None:
    place, series = exhibition.place, exhibition.series
    if series:
        en, fa, ar = series.name_en, series.name_fa, series.name_ar
    else:
        en, fa, ar = (
            text.format(place=getattr(place, f"name_{code}"), craft=craft_name)
            for text, code, craft_name in zip(
                template,
                ("en", "fa", "ar"),
                (craft.name_en.title(), craft.name_fa, craft.name_ar or craft.name_fa),
                strict=True,
            )
        )
    if start := exhibition.start_date:
        # Persian titles count years in the Solar Hijri calendar, as Iranian organisers do.
        solar = jdatetime.date.fromgregorian(date=start).year
        en, fa, ar = f"{en} {start.year}", f"{fa} {persian_digits(solar)}", f"{ar} {arabic_digits(start.year)}"
    exhibition.title_en, exhibition.title_fa, exhibition.title_ar = en, fa, ar


def _number_editions(exhibitions: list[Exhibition]) -> None:
    # Editions count the dated exhibitions of a series in date order; an undated one has none.
    dated = sorted((row for row in exhibitions if row.series and row.start_date), key=lambda row: row.start_date)
    editions = Counter()
    for row in dated:
        editions[row.series.slug] += 1
        row.edition = editions[row.series.slug]


def participations(
    *, rng: random.Random, shows: list[Show], people: People, counts: Counter, progress: ProgressFactory
) -> None:
    """Insert each exhibition's participants, a few exhibitions at a time so that memory stays flat."""
    everyone = range(len(people.ids))
    cum_activity = list(itertools.accumulate(people.activity))
    roles, role_cum = list(ROLE_WEIGHTS), list(itertools.accumulate(ROLE_WEIGHTS.values()))
    through = Participation.crafts_shown.through
    bar = progress("Participations", sum(show.size for show in shows))
    rows, shown = [], []
    for show in shows:
        for person in _participants(rng=rng, show=show, people=people, everyone=everyone, cum_activity=cum_activity):
            rows.append(
                Participation(
                    artisan_id=people.ids[person],
                    exhibition_id=show.exhibition.pk,
                    role=weighted(rng, roles, role_cum),
                    stand=f"{rng.choice('ABCD')}-{rng.randint(1, 120)}" if rng.random() < 0.4 else "",
                    award_en=rng.choice(AWARDS) if rng.random() < 0.02 else "",
                )
            )
            practised = people.crafts[person]
            two = len(practised) > 1 and rng.random() < 0.35
            shown.append((practised[0], rng.choice(practised[1:])) if two else practised[:1])
        if len(rows) >= BATCH_SIZE or show is shows[-1]:
            Participation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            links = [
                through(participation_id=row.pk, craftcategory_id=craft_id)
                for row, craft_ids in zip(rows, shown, strict=True)
                for craft_id in craft_ids
            ]
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            counts["participations"] += len(rows)
            counts["crafts shown"] += len(links)
            bar.update(len(rows))
            rows, shown = [], []
    bar.close()


def _participants(
    *, rng: random.Random, show: Show, people: People, everyone: range, cum_activity: list[float]
) -> list[int]:
    """Distinct artisans for one exhibition: some from its province, the rest weighted by activity."""
    if show.size * 2 >= len(everyone):
        return rng.sample(everyone, show.size)
    local = people.by_province.get(show.province.pk, [])
    chosen = rng.sample(local, min(len(local), round(show.size * rng.uniform(0.15, 0.4))))
    seen = set(chosen)
    while len(chosen) < show.size:
        for person in rng.choices(everyone, cum_weights=cum_activity, k=show.size - len(chosen) + 8):
            if person not in seen and len(chosen) < show.size:
                seen.add(person)
                chosen.append(person)
    return chosen
