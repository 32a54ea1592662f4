"""Importing an office's spreadsheet of artisans: ``manage.py import_records`` on a file of
``IMPORT_ROWS`` rows, beside django-import-export's own import of the same rows.

Both write into a copy of the small registry (its places and crafts are the ones the file names),
made afresh for each: the SQLite file copied, or on PostgreSQL a database made from the small one
as a template. Our import runs as the command a member of staff would run, in its own process;
its memory is sampled, and its growth is its peak less the peak of the same command importing a
one-row file (Python, Django and the apps loaded). django-import-export saves row by row (an
artisan's registry number is given by its save), so it imports ``REFERENCE_ROWS`` of the rows,
and the two are compared by rows per second.
"""

import csv
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.databases import db_cursor
from benchmarks.environment import BENCH_VAR, PG_SERVER, ROOT, db_name, run_worker, scale_env, sqlite_path

IMPORT_ROWS = 100_000
QUICK_IMPORT_ROWS = 2_000
REFERENCE_ROWS = 5_000
COPY = "import"
HEADER = ["name", "name in Latin script", "birth year", "home place", "crafts", "consent to publish", "phone"]
FIRST = [("مریم", "Maryam"), ("علي", "Ali"), ("زهرا", "Zahra"), ("رضا", "Reza"), ("فاطمه", "Fatemeh")]
LAST = [("کریمی", "Karimi"), ("احمدي", "Ahmadi"), ("رحیمی", "Rahimi"), ("مرادی", "Moradi"), ("سهرابی", "Sohrabi")]
SYLLABLES = ["ba", "da", "ka", "ma", "na", "ra", "sa", "ta", "za", "ga", "la", "fa", "ja", "pa", "ha"]


def write_file(path: Path, rows: int, places: list[str], crafts: list[str]) -> None:
    """Artisans as an office types them: Persian and Arabic letter forms, Latin names, Solar Hijri
    and Gregorian birth years, one or two crafts; each name made unique by a third word."""
    rng = random.Random(1)
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number in range(rows):
            (first, first_latin), (last, last_latin) = rng.choice(FIRST), rng.choice(LAST)
            word = "".join(SYLLABLES[number // 15**power % 15] for power in range(5)).capitalize()
            year = rng.choice([str(rng.randint(1330, 1390)), str(rng.randint(1950, 2005))])
            shown = "; ".join(rng.sample(crafts, rng.choice([1, 1, 2])))
            phone = f"+98 918 {number:07d}"
            writer.writerow(
                [f"{first} {last} {word}", f"{first_latin} {last_latin} {word}", year, rng.choice(places), shown,
                 rng.choice(["yes", "no"]), phone]
            )  # fmt: skip


def fresh_copy(backend: str, source: str) -> dict:
    """A copy of the ``source`` scale's database to import into; its environment."""
    env = scale_env(backend, COPY)
    if backend == "sqlite":
        target = sqlite_path(COPY)
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(sqlite_path(source)) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
        shutil.rmtree(BENCH_VAR / COPY / "cache", ignore_errors=True)
    else:
        import psycopg

        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {database} TEMPLATE bench_{source.replace('-', '_')}")
    return env


def run_command(env: dict, path: Path) -> dict:
    """``import_records`` on ``path`` in its own process: seconds, peak memory, its last line."""
    import psutil

    command = [sys.executable, "manage.py", "import_records", str(path), "--kind", "artisans", "--skip-errors"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.05)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"import_records failed ({process.returncode}): {err[-2000:]}")
    return {"seconds": seconds, "peak_mb": peak / 2**20, "summary": out.strip().splitlines()[-1]}


def measure_imports(backend: str, scales: dict, args) -> dict:
    source = db_name("small", args.quick)
    rows = QUICK_IMPORT_ROWS if args.quick else IMPORT_ROWS
    with db_cursor(backend, source) as cursor:
        cursor.execute("SELECT slug FROM registry_place WHERE kind = 'city' ORDER BY id")
        places = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT name_en FROM crafts_craftcategory ORDER BY id")
        crafts = [row[0] for row in cursor.fetchall()]
    folder = BENCH_VAR / "import-files"
    folder.mkdir(parents=True, exist_ok=True)
    data, one, reference = folder / f"artisans-{rows}.csv", folder / "artisans-1.csv", folder / "artisans-ref.csv"
    write_file(data, rows, places, crafts)
    write_file(one, 1, places, crafts)
    write_file(reference, min(rows, REFERENCE_ROWS), places, crafts)
    print(f"[import] {rows:,} artisans, {data.stat().st_size / 2**20:.1f} MB of CSV", flush=True)
    baseline = run_command(fresh_copy(backend, source), one)
    ours = run_command(fresh_copy(backend, source), data)
    ours.update(rows=rows, rows_per_s=rows / ours["seconds"], growth_mb=ours["peak_mb"] - baseline["peak_mb"])
    print(
        f"    ours {ours['rows_per_s']:,.0f} rows/s in {ours['seconds']:.1f} s, peak {ours['peak_mb']:.0f} MB "
        f"(+{ours['growth_mb']:.0f} MB over a one-row import): {ours['summary']}",
        flush=True,
    )
    theirs = run_worker("importref", fresh_copy(backend, source), ["--rows-file", str(reference)])
    print(f"    django-import-export {theirs['rows_per_s']:,.0f} rows/s on {theirs['rows']:,} rows", flush=True)
    fresh_copy(backend, source)  # the copy left as a plain small registry
    return {"ours": ours, "baseline": baseline, "import_export": theirs}


def worker_importref(path: str) -> dict:
    """django-import-export's import of the file, as its documentation sets a resource up."""
    import tablib
    from import_export import fields, resources, widgets

    from crafts.models import CraftCategory
    from registry.models import Artisan, Place

    class ArtisanResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="name")
        name_latin = fields.Field(attribute="name_latin", column_name="name in Latin script")
        birth_year = fields.Field(attribute="birth_year", column_name="birth year", widget=widgets.IntegerWidget())
        home_place = fields.Field(
            attribute="home_place", column_name="home place", widget=widgets.ForeignKeyWidget(Place, "slug")
        )
        crafts = fields.Field(
            attribute="crafts", column_name="crafts", widget=widgets.ManyToManyWidget(CraftCategory, ";", "name_en")
        )
        phone = fields.Field(attribute="phone", column_name="phone")

        class Meta:
            model = Artisan
            fields = ("name", "name_latin", "birth_year", "home_place", "crafts", "phone")
            import_id_fields = ()

        def before_save_instance(self, instance, row, **kwargs):
            # Solar Hijri years are ours to read; here they are taken as they are, within the range.
            if instance.birth_year and instance.birth_year < 1900:
                instance.birth_year += 621
            instance.slug = f"ie-{instance.phone.replace(' ', '').replace('+', '')}"

    dataset = tablib.Dataset().load(Path(path).read_text(encoding="utf-8-sig"), format="csv")
    started = time.perf_counter()
    result = ArtisanResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    seconds = time.perf_counter() - started
    rows = len(dataset)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "errors": result.has_errors()}
