"""Synthetic data for benchmarks and load tests: many artisans, exhibitions and participations.

Generated rows are found again by their slugs, which all start with ``gen-``; generated registry
numbers start with ``GEN-``, a prefix the registry itself never gives. The same seed on the same
database gives the same rows: every choice comes from one ``random.Random(seed)``, in a fixed order.
"""

import random
from collections import Counter

from registry.models import Artisan, Place

from ..models import Exhibition, ExhibitionSeries, Participation
from . import people, shows
from .common import BATCH_SIZE, GENERATED, REGISTRY_PREFIX, Progress, ProgressFactory, no_progress

__all__ = [
    "GENERATED",
    "REGISTRY_PREFIX",
    "Progress",
    "ProgressFactory",
    "delete_generated",
    "generate",
    "generated_counts",
    "other_counts",
]


def generated_counts() -> Counter:
    """How many artisans and exhibitions generate_data made (slugs starting with gen-)."""
    return Counter(
        artisans=Artisan.objects.filter(slug__startswith=GENERATED).count(),
        exhibitions=Exhibition.objects.filter(slug__startswith=GENERATED).count(),
    )


def other_counts() -> Counter:
    """How many artisans and exhibitions came from elsewhere: entered by hand, imported, the demo."""
    return Counter(
        artisans=Artisan.objects.exclude(slug__startswith=GENERATED).count(),
        exhibitions=Exhibition.objects.exclude(slug__startswith=GENERATED).count(),
    )


def generate(
    *,
    artisans: int,
    exhibitions: int,
    participations: int,
    seed: int,
    progress: ProgressFactory = no_progress,
) -> Counter:
    """Add a batch of generated rows; return how many of each kind were created.

    Call it inside a transaction: it writes in many statements.
    """
    if participations > artisans * exhibitions:
        raise ValueError(
            f"{participations} participations cannot all be different pairs of {artisans} artisans and "
            f"{exhibitions} exhibitions: there are only {artisans * exhibitions} pairs."
        )
    rng = random.Random(seed)
    counts = Counter()
    crafts = people.craft_tree(counts=counts)
    places = people.places(rng=rng, counts=counts)
    who = people.artisans(rng=rng, count=artisans, crafts=crafts, places=places, counts=counts, progress=progress)
    sizes = shows.exhibition_sizes(rng=rng, count=exhibitions, participations=participations, artisans=artisans)
    where = shows.exhibitions(rng=rng, sizes=sizes, crafts=crafts, places=places, counts=counts, progress=progress)
    shows.participations(rng=rng, shows=where, people=who, counts=counts, progress=progress)
    return counts


def delete_generated(*, progress: ProgressFactory = no_progress) -> Counter:
    """Delete the generated rows and the participations that refer to them, in an order PROTECT allows.

    Counts are keyed by model label. Raises ProtectedError when a row that was not generated (an
    organisation, an artisan) refers to a generated place or series.
    """
    counts = Counter()
    artisans = Artisan.objects.filter(slug__startswith=GENERATED)
    exhibitions = Exhibition.objects.filter(slug__startswith=GENERATED)
    for queryset in (
        # Two simple filters, each served by an index, rather than one OR that is not.
        Participation.objects.filter(exhibition__in=exhibitions),
        Participation.objects.filter(artisan__in=artisans),
        artisans,
        exhibitions,
        ExhibitionSeries.objects.filter(slug__startswith=GENERATED),
        Place.objects.filter(slug__startswith=GENERATED),
    ):
        bar = progress(f"Deleting {queryset.model._meta.verbose_name_plural}", queryset.count())
        counts += _delete_in_batches(queryset, bar)
        bar.close()
    return counts


def _delete_in_batches(queryset, bar: Progress) -> Counter:
    # One delete() of a million rows would load every one of them to collect its cascades.
    counts, last = Counter(), 0
    while ids := list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]):
        _total, deleted = queryset.model.objects.filter(pk__in=ids).delete()
        counts.update(deleted)
        bar.update(len(ids))
        last = ids[-1]
    return counts
