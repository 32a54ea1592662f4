"""The two scales: their sizes, and each one made ready (database, static files, the filter values to use)."""

import json
import sys
from pathlib import Path

from benchmarks.databases import ensure_database
from benchmarks.environment import RESULTS, db_name, run, run_worker, scale_env

SCALES = {
    "small": {"artisans": 1_000, "exhibitions": 20, "participations": 10_000},
    "full": {"artisans": 100_000, "exhibitions": 2_000, "participations": 1_000_000},
    # A national registry (India's artisan ID scheme holds 3.1 million): PostgreSQL only, with --scale
    # national. Exhibitions of the same sizes as at full scale, ten times as many.
    "national": {"artisans": 1_000_000, "exhibitions": 20_000, "participations": 10_000_000},
}
# --quick: the same runs on databases small enough for a smoke test in well under a minute.
QUICK_SCALES = {
    "small": {"artisans": 100, "exhibitions": 4, "participations": 400},
    "full": {"artisans": 500, "exhibitions": 10, "participations": 3_000},
}


def ensure_static(env: dict) -> None:
    # Every run: a stylesheet added since the last one would otherwise be missing from the manifest.
    run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env, 300, "collectstatic")


# The same surname as another clerk would spell it: the search must find it by its key.
SPELLINGS = [("ou", "u"), ("oo", "u"), ("v", "w"), ("w", "v"), ("i", "ee"), ("a", "aa")]


def other_spelling(word: str) -> str:
    for written, other in SPELLINGS:
        if written in word[1:]:
            return word[0] + word[1:].replace(written, other, 1)
    return word


def params_path(name: str) -> Path:
    return RESULTS / f".params-{name}.json"


def prepare_scale(backend: str, scale: str, sizes: dict, args) -> dict:
    """Build or reuse the scale's database, collect static files, choose the filter values."""
    name = db_name(scale, args.quick)
    database = ensure_database(backend, scale, sizes, args.quick)
    env = scale_env(backend, name)
    ensure_static(env)
    params = run_worker("params", env)
    print(f"[{scale}] {json.dumps({k: v for k, v in params.items() if k != 'province_place_ids'})}", flush=True)
    params_path(name).write_text(json.dumps(params))
    return {"database": database, "params": params}


def worker_params() -> dict:
    """The filter values the measurements use, chosen by rule so each scale gets its equivalent."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from crafts.models import CraftCategory
    from exhibitions.models import Exhibition, Participation
    from registry.models import Artisan, Place
    from registry.querysets import PLACE_DEPTH, ancestor_of_kind

    artisans = Artisan.objects.published()
    participations = Participation.objects.published()
    craft = (
        CraftCategory.objects.filter(artisan_links__artisan__in=artisans)
        .annotate(n=Count("artisan_links"))
        .order_by("-n", "pk")
        .first()
    )
    province = (
        artisans.annotate(province=ancestor_of_kind("home_place", (Place.Kind.PROVINCE,)))
        .exclude(province=None)
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n", "province")
        .first()
    )
    province_id = province["province"] if province else None
    within_ids = set()
    if province_id:
        level = {province_id}
        for _level in range(PLACE_DEPTH):
            within_ids |= level
            level = set(Place.objects.filter(parent__in=level).values_list("pk", flat=True))
    by_year = list(
        participations.filter(exhibition__start_date__isnull=False)
        .values(year=ExtractYear("exhibition__start_date"))
        .annotate(n=Count("pk"))
        .order_by("-n", "year")
    )
    total = participations.count()
    year10 = min(by_year, key=lambda row: (abs(row["n"] - total / 10), row["year"])) if by_year else None
    # A surname as a visitor would type it: the last word of a published artisan's Latin name.
    sample = artisans.order_by("pk")[artisans.count() // 2 :].first()
    words = (sample.name_latin or sample.name).split() if sample else []
    exhibition = (
        Exhibition.objects.published()
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .values("slug", "n")
        .first()
    )
    return {
        "counts": {
            "artisans": Artisan.objects.count(),
            "published_artisans": artisans.count(),
            "exhibitions": Exhibition.objects.count(),
            "participations": Participation.objects.count(),
            "published_participations": total,
        },
        "craft_id": craft.pk if craft else None,
        "craft_slug": craft.slug if craft else None,
        "craft_artisans": craft.n if craft else 0,
        "province_id": province_id,
        "province_slug": Place.objects.get(pk=province_id).slug if province_id else None,
        "province_artisans": province["n"] if province else 0,
        "province_place_ids": sorted(within_ids),
        "year": by_year[0]["year"] if by_year else None,
        "year10": year10["year"] if year10 else None,
        "year10_rows": year10["n"] if year10 else 0,
        "q": words[-1] if words else "a",
        "q_spelling": other_spelling(words[-1]) if words else "a",
        "exhibition_slug": exhibition["slug"] if exhibition else None,
        "exhibition_participations": exhibition["n"] if exhibition else 0,
    }
