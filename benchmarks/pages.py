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
        # The middle page: the deepest from either end (page 1,802 of 3,604 at full scale).
        ("artisans ?page=middle", f"/artisans/?page={max(1, params['counts']['published_artisans'] // 50)}"),
        ("artisans in Persian", "/fa/artisans/"),
        ("exhibition (largest)", f"/exhibitions/{params['exhibition_slug']}/"),
        ("exhibitions", "/exhibitions/"),
        ("participations", "/participations/"),
        ("participations ?year", f"/participations/?year={params['year10']}"),
        ("participations ?craft", f"/participations/?craft={params['craft_id']}"),
        ("participations ?province", f"/participations/?province={params['province_id']}"),
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


class ClerkWrites:
    """The writes a clerk makes, on one artisan, each saved through the ORM and committed.

    ``edit`` changes the English biography (a character added, then taken away again): no total
    changes, yet the row is written, its triggers run and the data version moves on. ``publish``
    takes the artisan off the public pages and, the next time, puts it back: every total it counts
    for changes. ``restore`` leaves the artisan, its history and the totals as they were.
    """

    def __init__(self, artisan, public_participations: int):
        self.artisan = artisan
        self.public_participations = public_participations
        self.biography = artisan.biography_en
        self.status = artisan.status
        self.updated_at = artisan.updated_at
        self.history_ids = set(type(artisan).history.filter(id=artisan.pk).values_list("history_id", flat=True))
        self.edits = self.publications = 0

    @classmethod
    def chosen(cls) -> "ClerkWrites | None":
        """On the published artisan with the most public participations (the lowest id of a tie)."""
        from django.db.models import Count

        from exhibitions.models import Participation
        from registry.models import Artisan

        row = (
            Participation.objects.published()
            .values("artisan")
            .annotate(n=Count("pk"))
            .order_by("-n", "artisan")
            .first()
        )
        return cls(Artisan.objects.get(pk=row["artisan"]), row["n"]) if row else None

    def edit(self) -> float:
        self.edits += 1
        self.artisan.biography_en = self.biography + ("." if self.edits % 2 else "")
        return self.save()

    def publish(self) -> float:
        from registry.models import PublicationStatus

        self.publications += 1
        self.artisan.status = PublicationStatus.DRAFT if self.publications % 2 else self.status
        return self.save()

    def save(self) -> float:
        started = time.perf_counter()
        self.artisan.save()  # autocommit: committed when save() returns
        return time.perf_counter() - started

    def restore(self) -> None:
        model = type(self.artisan)
        self.artisan.refresh_from_db()
        if self.artisan.biography_en != self.biography or self.artisan.status != self.status:
            self.artisan.biography_en = self.biography
            self.artisan.status = self.status
            self.artisan.save()
        model.objects.filter(pk=self.artisan.pk).update(updated_at=self.updated_at)
        model.history.filter(id=self.artisan.pk).exclude(history_id__in=self.history_ids).delete()

    def describe(self) -> dict:
        return {"artisan_id": self.artisan.pk, "public_participations": self.public_participations}


def worker_pages(
    params: dict, requests: int, warmup: int, budget: float, profile: int, profile_out: str | None
) -> dict:
    from django.contrib.auth import get_user_model
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

    writes = ClerkWrites.chosen()
    results = []
    try:
        for name, url in page_urls(params):
            results.append(measure_page(name, url, fetch, writes, warmup=warmup, requests=requests, budget=budget))
    finally:
        if writes:
            writes.restore()
    if profile and profile_out:
        write_profiles(sorted(results, key=lambda row: -row["p50"])[:profile], fetch, profile_out)
    return {"pages": results, "writes": writes.describe() if writes else None}


def measure_page(
    name: str, url: str, fetch, writes: ClerkWrites | None, *, warmup: int, requests: int, budget: float
) -> dict:
    """One page: warm it up, time the first view after a cache flush, after an edit and after a
    change of publication (each from a warm page), then ``requests`` warm requests."""
    from django.core.cache import cache

    def once(url: str) -> float:
        started = time.perf_counter()
        fetch(url)
        return time.perf_counter() - started

    for _i in range(warmup):
        fetch(url)
    # After a flush nothing is remembered (templates stay loaded): what the cache still saves.
    cache.clear()
    cold = once(url)
    # What users meet: the first view after a clerk saved something (see common/summaries.py).
    edit_write = after_edit = publish_write = after_publish = None
    if writes:
        edit_write = writes.edit()
        after_edit = once(url)
        publish_write = writes.publish()
        after_publish = once(url)
    timings, (_status, size) = timed(lambda: fetch(url), requests, budget)
    with recorded_queries() as queries:
        fetch(url)
    slowest = max(((seconds, sql) for seconds, sql, _params in queries), default=(0.0, ""))
    row = {
        "name": name,
        "url": url,
        "requests": len(timings),
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "timings": timings,
        "cold": cold,
        "after_edit": after_edit,
        "after_publish": after_publish,
        "edit_write_seconds": edit_write,
        "publish_write_seconds": publish_write,
        "bytes": size,
        "queries": len(queries),
        "sql_seconds": sum(seconds for seconds, _sql, _params in queries),
        "slowest_query_seconds": slowest[0],
        "slowest_query": slowest[1][:2000],
    }
    print(
        f"    {name:24} p50 {row['p50'] * 1000:8.1f} ms  flush {cold * 1000:8.1f}  edit {ms(after_edit)}"
        f"  publish {ms(after_publish)} ms  {len(queries):3} queries",
        flush=True,
    )
    return row


def ms(seconds: float | None) -> str:
    return "       -" if seconds is None else f"{seconds * 1000:8.1f}"


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
    writes: dict[str, dict | None] = {}
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
            measured = run_worker("pages", scale_env(backend, name), extra)
            rounds[scale].append(measured["pages"])
            writes[scale] = measured.get("writes")
    for scale, runs in rounds.items():
        scales[scale]["pages"] = pooled(runs)
        scales[scale]["page_writes"] = writes[scale]


def pooled(runs: list[list[dict]]) -> list[dict]:
    """One row per page from the rounds' rows: p50 and p95 over all the rounds' requests, the
    median of the rounds' single requests after a flush, an edit and a publication."""
    pages = []
    for rows in zip(*runs, strict=True):
        timings = [seconds for row in rows for seconds in row["timings"]]
        pages.append(
            {
                **rows[-1],
                "requests": len(timings),
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                **{key: median_of(rows, key) for key in ROUND_MEDIANS},
                "round_p50s": [row["p50"] for row in rows],
                "timings": timings,
            }
        )
    return pages


# The figures each round measures once per page: the pooled row keeps their median over the rounds.
ROUND_MEDIANS = ("cold", "after_edit", "after_publish", "edit_write_seconds", "publish_write_seconds")


def median_of(rows: tuple[dict, ...], key: str) -> float | None:
    values = [row[key] for row in rows if row.get(key) is not None]
    return statistics.median(values) if values else None
