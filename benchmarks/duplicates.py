"""Finding the possible duplicates of a whole registry (``registry.duplicates``), as the admin's
list does page by page, here every page of it: the names two artisans or more share, then the
pairs among each 50 of them. Then the merge of the artisan with the most participations into
another (``exhibitions.merges``) and its revert, rolled back so that the database stays as it was."""

import time

from benchmarks.environment import db_name, run_worker, scale_env

PAGE = 50


def measure_duplicates(backend: str, scales: dict, args) -> dict:
    results = {}
    for scale in scales:
        env = scale_env(backend, db_name(scale, args.quick))
        results[scale] = run_worker("duplicates", env)
        row = results[scale]
        print(
            f"[{scale}] duplicates: {row['names']:,} shared names, {row['pairs']:,} pairs in {row['seconds']:.1f} s "
            f"(the first page {row['first_page_seconds'] * 1000:.0f} ms); merging an artisan with "
            f"{row['merged_participations']:,} participations {row['merge_seconds'] * 1000:.0f} ms, "
            f"its revert {row['revert_seconds'] * 1000:.0f} ms",
            flush=True,
        )
    return results


def worker_duplicates() -> dict:
    from registry.duplicates import groups_of_names, pairs_among

    started = time.perf_counter()
    names = [group["name_key"] for group in groups_of_names()]
    pairs, first_page = 0, None
    for start in range(0, len(names), PAGE):
        pairs += len(pairs_among(names[start : start + PAGE]))
        if first_page is None:
            first_page = time.perf_counter() - started
    return {
        "names": len(names),
        "pairs": pairs,
        "seconds": time.perf_counter() - started,
        "first_page_seconds": first_page or 0.0,
        **time_merge(),
    }


def time_merge() -> dict:
    from django.db import transaction
    from django.db.models import Count

    from exhibitions.merges import merge, revert
    from registry.models import Artisan

    counted = Artisan.objects.annotate(count=Count("participations"))
    busiest = counted.order_by("-count", "pk").first()
    survivor = counted.exclude(pk=busiest.pk).filter(count__gt=0).order_by("pk").first()
    with transaction.atomic():
        started = time.perf_counter()
        done = merge(survivor, busiest, take={"birth_year"})
        merged = time.perf_counter()
        revert(done)
        reverted = time.perf_counter()
        transaction.set_rollback(True)
    return {
        "merged_participations": busiest.count,
        "merge_seconds": merged - started,
        "revert_seconds": reverted - merged,
    }
