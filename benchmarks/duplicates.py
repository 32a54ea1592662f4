"""Finding the possible duplicates of a whole registry (``registry.duplicates``), as the admin's
list does page by page, here every page of it: the names two artisans or more share, then the
pairs among each 50 of them."""

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
            f"(the first page {row['first_page_seconds'] * 1000:.0f} ms)",
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
    }
