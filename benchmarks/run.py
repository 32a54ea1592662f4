"""Benchmarks of the public pages, the admin changelists and the participation CSV export.

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python benchmarks/run.py                        # SQLite, small and full scale
    .venv/bin/python benchmarks/run.py --backend postgresql   # bench_small / bench_full on 127.0.0.1
    .venv/bin/python benchmarks/run.py --quick                # a smoke run on tiny databases

One database per scale is built once (migrate + generate_data --seed 1) and reused while its row
counts still match. Pages are timed with django.test.Client against the production settings,
in rounds that take turns between the scales, one subprocess per round and scale (the settings
are read at import); the CSV export and the artisan list are timed over HTTP through gunicorn (one
sync worker) beside the driver's own cursor, django-import-export and Datasette. Everything
listens on 127.0.0.1 only, and every server started here is stopped before the script exits.
See docs/performance.md for the results.
"""

import argparse
import contextlib
import cProfile
import csv
import datetime
import http.client
import io
import json
import os
import platform
import pstats
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "benchmarks" / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SEED = 1

SCALES = {
    "small": {"artisans": 1_000, "exhibitions": 20, "participations": 10_000},
    "full": {"artisans": 100_000, "exhibitions": 2_000, "participations": 1_000_000},
}
# --quick: the same runs on databases small enough for a smoke test in well under a minute.
QUICK_SCALES = {
    "small": {"artisans": 100, "exhibitions": 4, "participations": 400},
    "full": {"artisans": 500, "exhibitions": 10, "participations": 3_000},
}

TARGET_PAGE_RATIO = 1.5  # full / small p50
TARGET_RAW_RATIO = 0.5  # our CSV rows/s over the driver's
TARGET_TTFB = 0.5  # seconds
TARGET_MEMORY_MB = 64.0
# "Similar at both scales": the full-scale growth may exceed the small one by this much.
MEMORY_SLACK_MB = 16.0

GENERATE_TIMEOUT = 4 * 3600
WORKER_TIMEOUT = 3600
HTTP_TIMEOUT = 900
MIN_REQUESTS = 5
# A CSV download (ours or the driver's) is repeated while its runs took under this many seconds.
REPEAT_BUDGET = 2.0
REPEAT_MOST = 5


def db_name(scale: str, quick: bool) -> str:
    return f"{'quick-' if quick else ''}{scale}"


def scale_env(backend: str, name: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "PYTHONPATH"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-used-anywhere-else-0123456789",
        DJANGO_DEBUG="",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(BENCH_VAR / "static"),
        DJANGO_VAR_DIR=str(BENCH_VAR / name),
        DJANGO_LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    if backend == "postgresql":
        env["DATABASE_URL"] = f"{PG_SERVER}/bench_{name.replace('-', '_')}"
    return env


def sqlite_path(name: str) -> Path:
    return BENCH_VAR / name / "registry.sqlite3"


@contextlib.contextmanager
def db_cursor(backend: str, name: str):
    if backend == "sqlite":
        connection = sqlite3.connect(sqlite_path(name), timeout=30)
        try:
            yield connection.cursor()
            connection.commit()
        finally:
            connection.close()
    else:
        import psycopg

        with psycopg.connect(scale_env(backend, name)["DATABASE_URL"], autocommit=True) as connection:
            yield connection.cursor()


def db_counts(backend: str, name: str) -> dict | None:
    if backend == "sqlite" and not sqlite_path(name).exists():
        return None
    tables = {
        "artisans": "registry_artisan",
        "exhibitions": "exhibitions_exhibition",
        "participations": "exhibitions_participation",
    }
    try:
        with db_cursor(backend, name) as cursor:
            counts = {}
            for key, table in tables.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[key] = cursor.fetchone()[0]
            return counts
    except Exception:
        return None


def marker_path(backend: str, name: str) -> Path:
    return BENCH_VAR / f"{backend}-{name}.json"


def run(command: list[str], env: dict, timeout: float, label: str) -> None:
    print(f"  $ {' '.join(command[1:] if command[0] == sys.executable else command)}", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=True)
    print(f"    {label}: {time.perf_counter() - started:.0f} s", flush=True)


def ensure_database(backend: str, scale: str, sizes: dict, quick: bool) -> dict:
    """Reuse the scale's database if it was generated with these sizes and is unchanged; else build it."""
    name = db_name(scale, quick)
    env = scale_env(backend, name)
    marker = marker_path(backend, name)
    wanted = {"sizes": sizes, "seed": SEED}
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if {key: recorded.get(key) for key in wanted} == wanted and recorded.get("counts") == db_counts(backend, name):
            print(f"[{scale}] reusing {backend} database {name}: {recorded['counts']}", flush=True)
            # The code may have moved on since the database was built: bring its schema up to date.
            run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env, 600, "migrate")
            return recorded
    print(f"[{scale}] building {backend} database {name}: {sizes}", flush=True)
    marker.unlink(missing_ok=True)
    if backend == "sqlite":
        shutil.rmtree(BENCH_VAR / name, ignore_errors=True)
        (BENCH_VAR / name).mkdir(parents=True)
    else:
        import psycopg

        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env, 600, "migrate")
    command = [sys.executable, "manage.py", "generate_data", "--seed", str(SEED)]
    for key in ("artisans", "exhibitions", "participations"):
        command += [f"--{key}", str(sizes[key])]
    run(command, env, GENERATE_TIMEOUT, "generate_data")
    with db_cursor(backend, name) as cursor:
        if backend == "sqlite":
            # Datasette reads the file; leave nothing in the write-ahead log.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum would soon do by itself (the visibility map lets index-only scans skip
            # the table; the statistics let the planner see the sizes). Not left to autovacuum, which
            # may be off or late: the figures would then depend on when it ran. SQLite has no such
            # thing and gets no ANALYZE.
            cursor.execute("VACUUM ANALYZE")
    recorded = {**wanted, "counts": db_counts(backend, name), "built": now_iso()}
    marker.write_text(json.dumps(recorded, indent=2))
    return recorded


def ensure_static(env: dict) -> None:
    # Every run: a stylesheet added since the last one would otherwise be missing from the manifest.
    run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env, 300, "collectstatic")


def run_worker(kind: str, env: dict, args: list[str] | None = None, timeout: float = WORKER_TIMEOUT) -> dict:
    """Run this script as ``--worker kind`` in the scale's environment and read back its JSON."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--out", str(out), *(args or [])]
        subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


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
        "province_artisans": province["n"] if province else 0,
        "province_place_ids": sorted(within_ids),
        "year": by_year[0]["year"] if by_year else None,
        "year10": year10["year"] if year10 else None,
        "year10_rows": year10["n"] if year10 else 0,
        "q": words[-1] if words else "a",
        "exhibition_slug": exhibition["slug"] if exhibition else None,
        "exhibition_participations": exhibition["n"] if exhibition else 0,
    }


def page_urls(params: dict) -> list[tuple[str, str]]:
    quote = urllib.parse.quote
    pages = [
        ("home", "/"),
        ("artisans", "/artisans/"),
        ("artisans ?craft", f"/artisans/?craft={params['craft_id']}"),
        ("artisans ?province", f"/artisans/?province={params['province_id']}"),
        ("artisans ?year", f"/artisans/?year={params['year']}"),
        ("artisans ?q", f"/artisans/?q={quote(params['q'])}"),
        ("artisans ?page=last", "/artisans/?page=last"),
        ("exhibition (largest)", f"/exhibitions/{params['exhibition_slug']}/"),
        ("exhibitions", "/exhibitions/"),
        ("participations", "/participations/"),
        ("participations ?year", f"/participations/?year={params['year10']}"),
        ("crafts", "/crafts/"),
        ("craft (largest)", f"/crafts/{params['craft_slug']}/"),
        ("admin artisans", "/admin/registry/artisan/"),
        ("admin exhibitions", "/admin/exhibitions/exhibition/"),
        ("admin participations", "/admin/exhibitions/participation/"),
    ]
    return pages


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def worker_pages(
    params: dict, requests: int, warmup: int, budget: float, profile: int, profile_out: str | None
) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
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

    queries: list[tuple[float, str]] = []

    def timing_wrapper(execute, sql, params_, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params_, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    results = []
    for name, url in page_urls(params):
        for _i in range(warmup):
            fetch(url)
        # The first request after a write to the data finds no remembered totals (a write retires
        # them all, see crafts/summaries.py): time it once from an empty cache, templates loaded.
        cache.clear()
        started = time.perf_counter()
        fetch(url)
        cold = time.perf_counter() - started
        timings = []
        budget_end = time.perf_counter() + budget
        for _i in range(requests):
            started = time.perf_counter()
            _status, size = fetch(url)
            timings.append(time.perf_counter() - started)
            # A page that takes seconds gets fewer requests rather than an unbounded run.
            if len(timings) >= MIN_REQUESTS and time.perf_counter() > budget_end:
                break
        queries.clear()
        with connection.execute_wrapper(timing_wrapper):
            fetch(url)
        slowest = max(queries, default=(0.0, ""))
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
                "sql_seconds": sum(seconds for seconds, _sql in queries),
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
        captured: list[tuple[str, tuple]] = []

        def capture(execute, sql, params_, many, context, captured=captured):
            started = time.perf_counter()
            result = execute(sql, params_, many, context)
            captured.append((time.perf_counter() - started, sql, params_))
            return result

        with connection.execute_wrapper(capture):
            fetch(page["url"])
        _seconds, sql, params_ = max(captured, key=lambda row: row[0])
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params_)
            out.write("--- plan:\n" + "\n".join(" | ".join(str(cell) for cell in row) for row in cursor.fetchall()))
            out.write("\n")
    Path(path).write_text(out.getvalue())


def raw_export_sql(vendor: str, *, ordered: bool = True) -> str:
    """The columns of exhibitions.exports.participation_columns(), joined by hand (English names)."""

    def first_of(alias: str, kinds: tuple[str, ...]) -> str:
        listed = ", ".join(f"'{kind}'" for kind in kinds)
        whens = " ".join(f"WHEN {alias}{level}.kind IN ({listed}) THEN {alias}{level}.name_en" for level in range(4))
        return f"CASE {whens} END"

    joins = []
    for alias, start in (("hp", "a.home_place_id"), ("ep", "e.place_id")):
        joins.append(f"LEFT JOIN registry_place {alias}0 ON {alias}0.id = {start}")
        joins.extend(
            f"LEFT JOIN registry_place {alias}{level} ON {alias}{level}.id = {alias}{level - 1}.parent_id"
            for level in range(1, 4)
        )
    concat = "group_concat(c.name_en, '; ')" if vendor == "sqlite" else "string_agg(c.name_en, '; ')"
    true = "1" if vendor == "sqlite" else "true"
    return f"""
        SELECT a.registry_number, a.name, a.name_latin,
            COALESCE(NULLIF(hp0.name_en, ''), NULLIF(hp0.name_fa, ''), hp0.name_ar) AS home_place,
            {first_of("hp", ("province",))} AS home_province,
            e.title_en AS exhibition, e.slug AS exhibition_slug, e.start_date, e.end_date, e.date_precision,
            {first_of("ep", ("city", "village", "district"))} AS host_city,
            {first_of("ep", ("country",))} AS host_country,
            p.role,
            (SELECT {concat} FROM exhibitions_participation_crafts_shown pc
                JOIN crafts_craftcategory c ON c.id = pc.craftcategory_id
                WHERE pc.participation_id = p.id) AS crafts_shown,
            p.stand, p.award, p.is_sample, p.id
        FROM exhibitions_participation p
        JOIN registry_artisan a ON a.id = p.artisan_id
        JOIN exhibitions_exhibition e ON e.id = p.exhibition_id
        {" ".join(joins)}
        WHERE e.status = 'published' AND a.status = 'published' AND a.consent_to_publish = {true}
        {{extra}}
        {"ORDER BY p.id" if ordered else ""}
    """


def year_bounds(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year + 1}-01-01"


def worker_csvref(params: dict, import_export_max: int) -> dict:
    """Rows/s of the driver's own cursor and of django-import-export over the export's rows."""
    from django.db import connection

    results = {}
    selections = {"all": None, "year": params["year10"]}
    for selection, year in selections.items():
        extra = "AND e.start_date >= %s AND e.start_date < %s" if year else ""
        sql = raw_export_sql(connection.vendor).replace("{extra}", extra)
        args = year_bounds(year) if year else ()
        results[f"raw {selection}"] = repeated(lambda sql=sql, args=args: time_raw(sql, args))
        rows = params["year10_rows"] if year else params["counts"]["published_participations"]
        if rows <= import_export_max:
            results[f"import-export {selection}"] = time_import_export(year)
        else:
            results[f"import-export {selection}"] = {"skipped": f"{rows} rows > --import-export-max"}
    return results


def time_raw(sql: str, args: tuple) -> dict:
    from django.db import connection

    vendor = connection.vendor
    started = time.perf_counter()
    rows = 0
    with open(os.devnull, "w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        if vendor == "sqlite":
            driver = sqlite3.connect(connection.settings_dict["NAME"])
            cursor = driver.cursor()
            cursor.execute(sql.replace("%s", "?"), args)
        else:
            import psycopg

            driver = psycopg.connect(os.environ["DATABASE_URL"])
            # A server-side cursor: rows arrive as they are read, like the streaming export.
            cursor = driver.cursor(name="bench_raw")
            cursor.execute(sql, args)
        first_row = None
        while batch := cursor.fetchmany(2000):
            if first_row is None:
                first_row = time.perf_counter() - started
            writer.writerows(batch)
            rows += len(batch)
        driver.close()
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0, "ttfb": first_row}


def time_import_export(year: int | None) -> dict:
    from import_export import fields, resources

    from exhibitions.models import Participation
    from registry.querysets import lineage_of_kind, select_lineage

    def place_name(place) -> str:
        return (place.name_en or place.name_fa or place.name_ar) if place else ""

    class ParticipationResource(resources.ModelResource):
        registry_number = fields.Field(attribute="artisan__registry_number", column_name="registry number")
        name = fields.Field(attribute="artisan__name", column_name="name")
        name_latin = fields.Field(attribute="artisan__name_latin", column_name="name in Latin script")
        home_place = fields.Field(column_name="home place")
        home_province = fields.Field(column_name="home province")
        exhibition = fields.Field(attribute="exhibition__title_en", column_name="exhibition")
        exhibition_slug = fields.Field(attribute="exhibition__slug", column_name="exhibition slug")
        start_date = fields.Field(attribute="exhibition__start_date", column_name="start date")
        end_date = fields.Field(attribute="exhibition__end_date", column_name="end date")
        date_precision = fields.Field(attribute="exhibition__date_precision", column_name="date precision")
        host_city = fields.Field(column_name="host city")
        host_country = fields.Field(column_name="host country")
        crafts_shown = fields.Field(column_name="crafts shown")

        class Meta:
            model = Participation
            fields = (
                "registry_number",
                "name",
                "name_latin",
                "home_place",
                "home_province",
                "exhibition",
                "exhibition_slug",
                "start_date",
                "end_date",
                "date_precision",
                "host_city",
                "host_country",
                "role",
                "crafts_shown",
                "stand",
                "award",
                "is_sample",
            )
            export_order = fields

        def dehydrate_home_place(self, obj):
            return place_name(obj.artisan.home_place)

        def dehydrate_home_province(self, obj):
            return place_name(lineage_of_kind(obj.artisan.home_place, ("province",)))

        def dehydrate_host_city(self, obj):
            return place_name(lineage_of_kind(obj.exhibition.place, ("city", "village", "district")))

        def dehydrate_host_country(self, obj):
            return place_name(lineage_of_kind(obj.exhibition.place, ("country",)))

        def dehydrate_crafts_shown(self, obj):
            return "; ".join(craft.name_en for craft in obj.crafts_shown.all())

    queryset = (
        Participation.objects.published()
        .select_related(select_lineage("artisan__home_place"), select_lineage("exhibition__place"))
        .prefetch_related("crafts_shown")
        .order_by("pk")
    )
    if year:
        start, end = year_bounds(year)
        queryset = queryset.filter(exhibition__start_date__gte=start, exhibition__start_date__lt=end)
    started = time.perf_counter()
    dataset = ParticipationResource().export(queryset=queryset)
    text = dataset.csv
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.write(text)
    seconds = time.perf_counter() - started
    rows = len(dataset)
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds if seconds else 0,
        "header": dataset.headers,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A subprocess listening on 127.0.0.1, stopped (its process group) when the block ends."""

    def __init__(self, command: list[str], env: dict, port: int, ready_path: str, log: Path):
        self.command, self.env, self.port, self.ready_path, self.log = command, env, port, ready_path, log
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited; see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body = http_get(self.port, self.ready_path, timeout=30)
                if status == 200:
                    return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.command[0]} did not answer {self.ready_path} in time; see {self.log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "_log_file", None):
            self._log_file.close()


def http_get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def gunicorn(env: dict, name: str) -> Server:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "sync",
        # A sync worker reports to the arbiter only between requests: a long download needs room.
        "--timeout",
        str(HTTP_TIMEOUT),
        "--log-level",
        "warning",
    ]
    return Server(command, env, port, "/crafts/", RESULTS / "logs" / f"gunicorn-{name}.log")


def datasette(path: Path, name: str) -> Server:
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "600000",
        "--setting",
        "max_returned_rows",
        "1000",
    ]
    return Server(command, os.environ.copy(), port, "/-/versions.json", RESULTS / "logs" / f"datasette-{name}.log")


def worker_process(server: Server):
    import psutil

    master = psutil.Process(server.process.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = master.children()
        if children:
            return children[0]
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def vm_hwm(pid: int) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def download(port: int, path: str, *, process=None, time_cap: float = HTTP_TIMEOUT) -> dict:
    """GET ``path`` to the end (or for ``time_cap`` seconds): bytes, lines, TTFB, and the peak RSS growth."""
    peak = {"rss": 0}
    stop = threading.Event()
    baseline = process.memory_info().rss if process else 0
    hwm_before = vm_hwm(process.pid) if process else None

    def sample():
        while not stop.is_set():
            with contextlib.suppress(Exception):
                peak["rss"] = max(peak["rss"], process.memory_info().rss)
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if process:
        sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=min(HTTP_TIMEOUT, time_cap + 60))
    started = time.perf_counter()
    ttfb = None
    size = lines = 0
    capped = False
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {response.read(500)!r}")
        while chunk := response.read1(1 << 16):
            if ttfb is None:
                ttfb = time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
            if time.perf_counter() - started > time_cap:
                capped = True
                break
    finally:
        seconds = time.perf_counter() - started
        connection.close()
        stop.set()
        if process:
            sampler.join()
    rows = max(lines - 1, 0)  # the header line
    result = {
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "rows_per_s": rows / seconds if seconds else 0,
        "ttfb": ttfb,
        "capped": capped,
    }
    if process:
        hwm_after = vm_hwm(process.pid)
        result["rss_before_mb"] = baseline / 2**20
        result["memory_growth_mb"] = max(peak["rss"] - baseline, 0) / 2**20
        if hwm_before is not None and hwm_after is not None:
            result["hwm_growth_mb"] = (hwm_after - hwm_before) / 2**20
    return result


def latencies(port: int, path: str, requests: int, warmup: int, budget: float) -> dict:
    for _i in range(warmup):
        status, _body = http_get(port, path, timeout=120)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    timings = []
    budget_end = time.perf_counter() + budget
    for _i in range(requests):
        started = time.perf_counter()
        http_get(port, path, timeout=120)
        timings.append(time.perf_counter() - started)
        if len(timings) >= MIN_REQUESTS and time.perf_counter() > budget_end:
            break
    return {"url": path, "requests": len(timings), "p50": statistics.median(timings), "p95": percentile(timings, 0.95)}


def repeated(measure, *, budget: float = REPEAT_BUDGET, most: int = REPEAT_MOST) -> dict:
    """``measure()`` again while the runs so far took under ``budget`` seconds (at most ``most`` runs).

    A download of a thousand rows takes a few hundredths of a second, so one run is at the mercy
    of a single pause of the machine; the run with the median rate is kept, with the largest
    memory growth of all runs.
    """
    runs = [measure()]
    while len(runs) < most and sum(run["seconds"] for run in runs) < budget:
        runs.append(measure())
    result = dict(sorted(runs, key=lambda run: run["rows_per_s"])[len(runs) // 2])
    result["runs"] = len(runs)
    result["rows_per_s_runs"] = [run["rows_per_s"] for run in runs]
    for key in ("memory_growth_mb", "hwm_growth_mb"):
        if key in result:
            result[key] = max(run.get(key, 0) for run in runs)
    return result


def measure_csv(server: Server, params: dict) -> dict:
    process = worker_process(server)
    # Load every module the export touches before measuring what it adds.
    download(server.port, f"/participations/?format=csv&year={params['year10']}")
    results = {}
    for selection, query in (("all", "format=csv"), ("year", f"format=csv&year={params['year10']}")):
        result = repeated(lambda query=query: download(server.port, f"/participations/?{query}", process=process))
        result["url"] = f"/participations/?{query}"
        results[selection] = result
        print(
            f"    ours {selection:4} {result['rows']:>9} rows {result['rows_per_s']:>9.0f} rows/s "
            f"TTFB {result['ttfb']:.3f} s  +{result['memory_growth_mb']:.1f} MB",
            flush=True,
        )
    return results


def create_datasette_view(name: str) -> None:
    with db_cursor("sqlite", name) as cursor:
        cursor.execute("DROP VIEW IF EXISTS bench_participation_export")
        sql = raw_export_sql("sqlite", ordered=False).replace("{extra}", "")
        cursor.execute(f"CREATE VIEW bench_participation_export AS {sql}")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def measure_datasette(backend: str, name: str, params: dict, ours_port: int, args) -> dict:
    path = sqlite_path(name)
    create_datasette_view(name)
    database = path.stem
    start, end = year_bounds(params["year10"])
    published = (
        "exhibition_id in (select id from exhibitions_exhibition where status = 'published'{dates}) "
        "and artisan_id in (select id from registry_artisan where status = 'published' and consent_to_publish)"
    )
    table_where = published.format(dates=f" and start_date >= '{start}' and start_date < '{end}'")
    quote = urllib.parse.quote
    csvs = {
        "table all": f"/{database}/exhibitions_participation.csv?_stream=on&_size=max&_labels=on"
        f"&_where={quote(published.format(dates=''))}",
        "table year": f"/{database}/exhibitions_participation.csv?_stream=on&_size=max&_labels=on"
        f"&_where={quote(table_where)}",
        "view all": f"/{database}/bench_participation_export.csv?_stream=on&_size=max",
        "view year": f"/{database}/bench_participation_export.csv?_stream=on&_size=max"
        f"&start_date__gte={start}&start_date__lt={end}",
    }
    ids = ",".join(str(pk) for pk in params["province_place_ids"]) or "0"
    table_page = (
        f"/{database}/registry_artisan?_size=25&_sort=name_latin&status=published&consent_to_publish=1"
        f"&_where={quote(f'home_place_id in ({ids})')}"
    )
    results = {}
    with datasette(path, name) as server:
        http_get(server.port, csvs["table year"].replace("_stream=on", "_size=10"), timeout=120)
        for key, url in csvs.items():
            result = download(server.port, url, time_cap=args.datasette_cap)
            result["url"] = url
            results[f"csv {key}"] = result
            print(
                f"    datasette {key:10} {result['rows']:>9} rows {result['rows_per_s']:>9.0f} rows/s "
                f"TTFB {result['ttfb'] or 0:.3f} s{'  (capped)' if result['capped'] else ''}",
                flush=True,
            )
        results["table page"] = latencies(server.port, table_page, args.requests, args.warmup, args.page_budget)
    results["ours artisan page"] = latencies(
        ours_port, f"/artisans/?province={params['province_id']}", args.requests, args.warmup, args.page_budget
    )
    print(
        f"    artisan list p50 ours {results['ours artisan page']['p50'] * 1000:.1f} ms, "
        f"datasette {results['table page']['p50'] * 1000:.1f} ms",
        flush=True,
    )
    return results


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


def measure_http(backend: str, scale: str, result: dict, args) -> None:
    """The CSV export through gunicorn beside its references, and Datasette (SQLite only)."""
    name = db_name(scale, args.quick)
    env = scale_env(backend, name)
    params = result["params"]
    with gunicorn(env, f"{backend}-{name}") as server:
        if "csv" in args.only:
            print(f"[{scale}] CSV export through gunicorn", flush=True)
            result["csv"] = measure_csv(server, params)
            print(f"[{scale}] CSV: raw cursor and django-import-export", flush=True)
            extra = ["--params", str(params_path(name)), "--import-export-max", str(args.import_export_max)]
            result["csv_reference"] = run_worker("csvref", env, extra)
            for key, row in result["csv_reference"].items():
                if "rows_per_s" in row:
                    print(f"    {key:20} {row['rows']:>9} rows {row['rows_per_s']:>9.0f} rows/s", flush=True)
        if "datasette" in args.only and backend != "sqlite":
            print(f"[{scale}] Datasette serves SQLite files only: skipped on {backend}", flush=True)
        if "datasette" in args.only and backend == "sqlite":
            print(f"[{scale}] Datasette", flush=True)
            result["datasette"] = measure_datasette(backend, name, params, server.port, args)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def fmt_ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def fmt_rate(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def report(results: dict) -> tuple[str, list[dict]]:
    scales = results["scales"]
    names = list(scales)
    small, full = (names[0], names[-1]) if names else (None, None)
    checks: list[dict] = []
    out = [
        f"Benchmark {results['backend']} {results['started']}  ({results['machine']['cpus']} CPUs, "
        f"{results['machine']['ram_gb']:.1f} GB RAM, Python {results['machine']['python']})"
    ]
    for scale, data in scales.items():
        counts = data["params"]["counts"]
        out.append(
            f"  {scale}: {counts['artisans']:,} artisans, {counts['exhibitions']:,} exhibitions, "
            f"{counts['participations']:,} participations ({counts['published_participations']:,} public); "
            f"largest exhibition {data['params']['exhibition_participations']:,} participants; "
            f"year filter {data['params']['year10']} = {data['params']['year10_rows']:,} rows"
        )

    if any("pages" in data for data in scales.values()):
        rows = []
        by_scale = {scale: {page["name"]: page for page in data.get("pages", [])} for scale, data in scales.items()}
        page_names = list(dict.fromkeys(name for pages in by_scale.values() for name in pages))
        for page in page_names:
            cells = [page]
            for scale in names:
                row = by_scale[scale].get(page)
                cells += [
                    fmt_ms(row and row["p50"]),
                    fmt_ms(row and row["p95"]),
                    fmt_ms(row and row.get("cold")),
                    str(row["queries"]) if row else "-",
                ]
            ratio = ok = None
            if small != full and page in by_scale[small] and page in by_scale[full]:
                ratio = by_scale[full][page]["p50"] / by_scale[small][page]["p50"]
                ok = ratio <= TARGET_PAGE_RATIO
                checks.append({"section": "pages", "name": page, "value": ratio, "ok": ok})
            cells += [fmt_ratio(ratio), f"<= {TARGET_PAGE_RATIO}x", verdict(ok)]
            rows.append(cells)
        headers = ["page"]
        for scale in names:
            headers += [f"{scale} p50 ms", "p95 ms", "cold ms", "queries"]
        headers += [f"{full}/{small}", "target", "result"]
        out += [
            "",
            f"== Pages: server latency in-process (django.test.Client), {results.get('rounds', 1)} round(s) "
            "taking turns between the scales, p50 ratio full/small ==",
            table(headers, rows),
        ]

    if any("csv" in data for data in scales.values()):
        rows = []
        for scale, data in scales.items():
            if "csv" not in data:
                continue
            reference = data.get("csv_reference", {})
            dset = data.get("datasette", {})
            for selection in ("all", "year"):
                ours = data["csv"][selection]
                label = f"{scale} {selection} ({ours['rows']:,} rows)"
                rows.append([label, "ours rows/s", fmt_rate(ours["rows_per_s"]), "", "", ""])
                ttfb_ok = ours["ttfb"] is not None and ours["ttfb"] < TARGET_TTFB
                rows.append([label, "ours TTFB", f"{ours['ttfb']:.3f} s", "", f"< {TARGET_TTFB} s", verdict(ttfb_ok)])
                checks.append({"section": "csv", "name": f"{label} TTFB", "value": ours["ttfb"], "ok": ttfb_ok})
                memory_ok = ours["memory_growth_mb"] < TARGET_MEMORY_MB
                rows.append(
                    [
                        label,
                        "worker RSS growth",
                        f"{ours['memory_growth_mb']:.1f} MB",
                        f"(VmHWM +{ours.get('hwm_growth_mb', 0):.1f} MB)",
                        f"< {TARGET_MEMORY_MB:.0f} MB",
                        verdict(memory_ok),
                    ]
                )
                checks.append(
                    {"section": "csv", "name": f"{label} memory", "value": ours["memory_growth_mb"], "ok": memory_ok}
                )
                comparisons = [
                    (
                        "raw cursor + csv.writer",
                        reference.get(f"raw {selection}"),
                        TARGET_RAW_RATIO,
                        f">= {TARGET_RAW_RATIO}x raw",
                    ),
                    ("django-import-export", reference.get(f"import-export {selection}"), 1.0, "> 1x"),
                    ("Datasette CSV (table, _labels)", dset.get(f"csv table {selection}"), 1.0, "> 1x"),
                    ("Datasette CSV (joined view)", dset.get(f"csv view {selection}"), 1.0, "> 1x"),
                ]
                for title, other, target, target_label in comparisons:
                    if not other:
                        continue
                    if "rows_per_s" not in other:
                        rows.append([label, title, "skipped", other.get("skipped", ""), target_label, "n/a"])
                        continue
                    ratio = ours["rows_per_s"] / other["rows_per_s"] if other["rows_per_s"] else None
                    ok = None if ratio is None else (ratio >= target if target != 1.0 else ratio > target)
                    note = f"ours/them {fmt_ratio(ratio)}"
                    if other.get("capped"):
                        note += f" (capped at {other['seconds']:.0f} s)"
                    if other.get("ttfb") is not None and title.startswith("Datasette"):
                        note += f", TTFB {other['ttfb']:.3f} s"
                    rows.append([label, title, fmt_rate(other["rows_per_s"]), note, target_label, verdict(ok)])
                    checks.append({"section": "csv", "name": f"{label} vs {title}", "value": ratio, "ok": ok})
        growth = {scale: data["csv"]["all"]["memory_growth_mb"] for scale, data in scales.items() if "csv" in data}
        if small in growth and full in growth and small != full:
            similar = growth[full] <= growth[small] + max(MEMORY_SLACK_MB, 0.5 * growth[small])
            rows.append(
                [
                    "memory, all rows",
                    f"{full} vs {small}",
                    f"{growth[full]:.1f} vs {growth[small]:.1f} MB",
                    "",
                    f"<= {small} + {MEMORY_SLACK_MB:.0f} MB",
                    verdict(similar),
                ]
            )
            checks.append(
                {"section": "csv", "name": "memory similar at both scales", "value": growth[full], "ok": similar}
            )
        out += [
            "",
            "== CSV export /participations/?format=csv through gunicorn (1 sync worker) ==",
            table(["scale / selection", "measure", "value", "note", "target", "result"], rows),
        ]

    if any("datasette" in data for data in scales.values()):
        rows = []
        for scale, data in scales.items():
            if "datasette" not in data:
                continue
            ours = data["datasette"]["ours artisan page"]
            theirs = data["datasette"]["table page"]
            ratio = ours["p50"] / theirs["p50"]
            ok = ratio <= 1.0
            rows.append([scale, fmt_ms(ours["p50"]), fmt_ms(theirs["p50"]), fmt_ratio(ratio), "<= 1x", verdict(ok)])
            checks.append(
                {"section": "datasette", "name": f"{scale} artisan list vs table page", "value": ratio, "ok": ok}
            )
        out += [
            "",
            "== Artisan list ?province= (gunicorn) vs Datasette table page, same filter, 25 rows, HTTP p50 ==",
            table(["scale", "ours ms", "Datasette ms", "ours/Datasette", "target", "result"], rows),
        ]
    failed = [check for check in checks if check["ok"] is False]
    out += ["", f"{len(checks) - len(failed)} of {len(checks)} checks pass."]
    return "\n".join(out), checks


def machine() -> dict:
    import psutil

    return {
        "cpus": os.cpu_count(),
        "ram_gb": psutil.virtual_memory().total / 2**30,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scales", default="small,full", help="comma-separated: small,full")
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page (default 20, quick 3)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed requests per page first (default 2)")
    parser.add_argument("--rounds", type=int, default=None, help="page runs per scale, in turns (default 3, quick 1)")
    parser.add_argument("--quick", action="store_true", help="tiny databases, few requests: a smoke run")
    parser.add_argument("--only", default="pages,csv,datasette", help="comma-separated: pages,csv,datasette")
    parser.add_argument(
        "--page-budget", type=float, default=60, help="seconds per page; a slower page gets fewer requests (min 5)"
    )
    parser.add_argument("--profile", type=int, default=0, help="cProfile and EXPLAIN the N slowest pages")
    parser.add_argument(
        "--import-export-max",
        type=int,
        default=200_000,
        help="skip django-import-export on selections larger than this (it builds the file in memory)",
    )
    parser.add_argument(
        "--datasette-cap", type=float, default=180, help="stop a Datasette download after this many seconds"
    )
    # Internal: this script run again inside a scale's environment.
    parser.add_argument("--worker", choices=["params", "pages", "csvref"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.requests is None:
        args.requests = 3 if args.quick else 20
    if args.warmup is None:
        args.warmup = 1 if args.quick else 2
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if args.quick:
        args.datasette_cap = min(args.datasette_cap, 20)
    args.only = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = args.only - {"pages", "csv", "datasette"}
    if unknown:
        parser.error(f"unknown --only part: {', '.join(sorted(unknown))}")
    args.scales = [part.strip() for part in args.scales.split(",") if part.strip()]
    if set(args.scales) - set(SCALES):
        parser.error("--scales takes small and/or full")
    return args


def worker_main(args: argparse.Namespace) -> None:
    django_setup()
    params = json.loads(Path(args.params).read_text()) if args.params else None
    if args.worker == "params":
        result = worker_params()
    elif args.worker == "pages":
        result = worker_pages(params, args.requests, args.warmup, args.page_budget, args.profile, args.profile_out)
    else:
        result = worker_csvref(params, args.import_export_max)
    Path(args.out).write_text(json.dumps(result, default=str))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        worker_main(args)
        return 0
    sizes = QUICK_SCALES if args.quick else SCALES
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now().astimezone()
    results = {
        "backend": args.backend,
        "started": started.isoformat(timespec="seconds"),
        "quick": args.quick,
        "requests": args.requests,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "only": sorted(args.only),
        "machine": machine(),
        "scales": {},
    }
    scales = results["scales"]
    try:
        for scale in args.scales:
            scales[scale] = prepare_scale(args.backend, scale, sizes[scale], args)
        if "pages" in args.only:
            measure_pages(args.backend, scales, args)
        if args.only & {"csv", "datasette"}:
            for scale in args.scales:
                measure_http(args.backend, scale, scales[scale], args)
    finally:
        for scale in args.scales:
            params_path(db_name(scale, args.quick)).unlink(missing_ok=True)
    results["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    text, checks = report(results)
    results["checks"] = checks
    path = RESULTS / f"{args.backend}{'-quick' if args.quick else ''}-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    path.with_suffix(".txt").write_text(text + "\n")
    print("\n" + text)
    print(f"\nWritten {path.relative_to(ROOT)} and {path.with_suffix('.txt').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
