"""The public pages and admin changelists, timed in-process with django.test.Client in rounds."""

import contextlib
import cProfile
import io
import pstats
import statistics
import time
import urllib.parse
from pathlib import Path

from benchmarks.environment import RESULTS, ROOT, db_name, run_worker, scale_env
from benchmarks.scales import params_path
from benchmarks.timing import percentile, timed


def page_urls(params: dict) -> list[tuple[str, str]]:
    quote = urllib.parse.quote
    pages = [
        ("home", "/"),
        ("artisans", "/artisans/"),
        ("artisans ?craft", f"/artisans/?craft={params['craft_id']}"),
        ("artisans ?province", f"/artisans/?province={params['province_id']}"),
        ("artisans ?year", f"/artisans/?year={params['year']}"),
        ("artisans ?q", f"/artisans/?q={quote(params['q'])}"),
        ("artisans ?q spelt otherwise", f"/artisans/?q={quote(params['q_spelling'])}"),
        ("artisans ?page=last", "/artisans/?page=last"),
        ("artisans in Persian", "/fa/artisans/"),
        ("exhibition (largest)", f"/exhibitions/{params['exhibition_slug']}/"),
        ("exhibitions", "/exhibitions/"),
        ("participations", "/participations/"),
        ("participations ?year", f"/participations/?year={params['year10']}"),
        ("place (largest province)", f"/places/{params['province_slug']}/"),
        ("crafts", "/crafts/"),
        ("craft (largest)", f"/crafts/{params['craft_slug']}/"),
        ("admin artisans", "/admin/registry/artisan/"),
        ("admin artisans ?q", f"/admin/registry/artisan/?q={quote(params['q'])}"),
        ("admin artisans ?q spelt otherwise", f"/admin/registry/artisan/?q={quote(params['q_spelling'])}"),
        ("admin exhibitions", "/admin/exhibitions/exhibition/"),
        ("admin participations", "/admin/exhibitions/participation/"),
    ]
    return pages


@contextlib.contextmanager
def recorded_queries():
    """The queries run in the block, as (seconds, sql, params)."""
    from django.db import connection

    queries: list[tuple[float, str, tuple]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(record):
        yield queries


def worker_pages(
    params: dict, requests: int, warmup: int, budget: float, profile: int, profile_out: str | None
) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="benchmark-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

    def fetch(url: str) -> tuple[int, int]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response.status_code, len(body)

    results = []
    for name, url in page_urls(params):
        for _i in range(warmup):
            fetch(url)
        # The first request after a write to the data finds no remembered totals (a write retires
        # them all, see common/summaries.py): time it once from an empty cache, templates loaded.
        cache.clear()
        started = time.perf_counter()
        fetch(url)
        cold = time.perf_counter() - started
        timings, (_status, size) = timed(lambda url=url: fetch(url), requests, budget)
        with recorded_queries() as queries:
            fetch(url)
        slowest = max(((seconds, sql) for seconds, sql, _params in queries), default=(0.0, ""))
        results.append(
            {
                "name": name,
                "url": url,
                "requests": len(timings),
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "timings": timings,
                "cold": cold,
                "bytes": size,
                "queries": len(queries),
                "sql_seconds": sum(seconds for seconds, _sql, _params in queries),
                "slowest_query_seconds": slowest[0],
                "slowest_query": slowest[1][:2000],
            }
        )
        print(
            f"    {name:24} p50 {results[-1]['p50'] * 1000:8.1f} ms  cold {cold * 1000:8.1f} ms"
            f"  {len(queries):3} queries",
            flush=True,
        )
    if profile and profile_out:
        write_profiles(sorted(results, key=lambda row: -row["p50"])[:profile], fetch, profile_out)
    return {"pages": results}


def write_profiles(pages: list[dict], fetch, path: str) -> None:
    """cProfile of the slowest pages, and the plan of each page's slowest query."""
    from django.db import connection

    out = io.StringIO()
    for page in pages:
        profiler = cProfile.Profile()
        profiler.enable()
        fetch(page["url"])
        profiler.disable()
        out.write(f"\n===== {page['name']}  {page['url']}  p50 {page['p50'] * 1000:.1f} ms\n")
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        out.write(f"--- slowest query ({page['slowest_query_seconds'] * 1000:.1f} ms):\n{page['slowest_query']}\n")
        # The query was logged with its parameters inlined by Django's last_executed_query only in
        # debug; capture it again with them to explain it.
        with recorded_queries() as captured:
            fetch(page["url"])
        _seconds, sql, params = max(captured, key=lambda row: row[0])
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            out.write("--- plan:\n" + "\n".join(" | ".join(str(cell) for cell in row) for row in cursor.fetchall()))
            out.write("\n")
    Path(path).write_text(out.getvalue())


def measure_pages(backend: str, scales: dict[str, dict], args) -> None:
    """Time every page in ``args.rounds`` rounds that take turns between the scales.

    The ratio compares two runs made at different moments; on a shared or thermally throttled
    machine one run can be slower throughout, for reasons that have nothing to do with the data.
    Taking turns, and pooling each page's timings over the rounds, spreads such drift over both
    scales. Each round is a fresh process (the settings are read at import).
    """
    rounds: dict[str, list[list[dict]]] = {scale: [] for scale in scales}
    for number in range(1, args.rounds + 1):
        for scale, result in scales.items():
            name = db_name(scale, args.quick)
            print(f"[{scale}] pages, round {number} of {args.rounds}, {args.requests} requests each", flush=True)
            extra = ["--params", str(params_path(name)), "--requests", str(args.requests)]
            extra += ["--warmup", str(args.warmup), "--page-budget", str(args.page_budget)]
            if args.profile and number == args.rounds:
                profile_path = RESULTS / f"profile-{backend}-{name}.txt"
                extra += ["--profile", str(args.profile), "--profile-out", str(profile_path)]
                result["profile"] = str(profile_path.relative_to(ROOT))
            rounds[scale].append(run_worker("pages", scale_env(backend, name), extra)["pages"])
    for scale, runs in rounds.items():
        scales[scale]["pages"] = pooled(runs)


def pooled(runs: list[list[dict]]) -> list[dict]:
    """One row per page from the rounds' rows: p50 and p95 over all the rounds' requests."""
    pages = []
    for rows in zip(*runs, strict=True):
        timings = [seconds for row in rows for seconds in row["timings"]]
        pages.append(
            {
                **rows[-1],
                "requests": len(timings),
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "cold": statistics.median(row["cold"] for row in rows),
                "round_p50s": [row["p50"] for row in rows],
                "timings": timings,
            }
        )
    return pages
