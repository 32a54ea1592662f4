"""Load test: 16 concurrent clients against gunicorn for 60 s, on SQLite and on PostgreSQL.

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python benchmarks/load_test.py                          # SQLite, var/bench/full
    .venv/bin/python benchmarks/load_test.py --backend postgresql     # bench_full on 127.0.0.1
    .venv/bin/python benchmarks/load_test.py --gunicorn "--workers 3" --gunicorn "--workers 2 --threads 4"

It uses the benchmark databases of benchmarks/run.py (build them with it first). For each gunicorn
setting it: creates a staff superuser and picks the URLs and records to use (in the database, by a
Django subprocess), collects static files into a temporary STATIC_ROOT, starts gunicorn on a free
127.0.0.1 port with the production settings, runs benchmarks/load.py with locust in headless mode,
stops gunicorn, puts back what the admin saves changed and deletes the user (try/finally), and
reports requests, failures, "database is locked" errors in the gunicorn log, p50/p95 per request
type and overall, and requests/s. Results go to benchmarks/results/load-*.{md,json}; the exit
status is 1 if any request failed or the database was ever locked.
"""

import argparse
import csv
import datetime
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

# Run as a script, Python puts benchmarks/ on the path; the package is imported from the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import BENCH_VAR, BIN, RESULTS, ROOT, django_setup, scale_env
from benchmarks.scales import worker_params
from benchmarks.servers import gunicorn

USERNAME = "loadtest"
DEFAULT_GUNICORN = {
    # Two cores, and locust takes much of one: three sync workers keep both busy while one waits
    # on the database; SQLite writers queue on its lock (timeout 20 s), so no threads.
    "sqlite": ["--workers 3 --threads 1"],
    # Four sync workers were measured no faster than three on two cores (docs/performance.md).
    "postgresql": ["--workers 3 --threads 1"],
}
LOG_PATTERNS = {
    "database is locked": re.compile(r"database is locked"),
    "tracebacks": re.compile(r"^Traceback", re.M),
    "worker timeouts": re.compile(r"WORKER TIMEOUT"),
}


# --- In the Django subprocess ------------------------------------------------------------------


def prepare(out: Path, password: str) -> None:
    """Create the staff superuser, pick what the users visit and edit, and remember the originals."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from exhibitions.models import Exhibition, Participation
    from registry.models import Artisan

    user, _created = get_user_model().objects.get_or_create(username=USERNAME)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()

    rng = __import__("random").Random(1)
    params = worker_params()
    slugs = list(Artisan.objects.published().values_list("slug", flat=True))
    exhibitions = list(
        Exhibition.objects.published()
        .annotate(n=Count("participations"))
        .exclude(n=0)
        .order_by("n", "pk")
        .values_list("slug", "n")
    )
    by_year = list(
        Participation.objects.published()
        .filter(exhibition__start_date__isnull=False)
        .values(year=ExtractYear("exhibition__start_date"))
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    # A download of "a few thousand rows": the year nearest 3,000 published participations.
    csv_year = min(by_year, key=lambda row: (abs(row["n"] - 3000), row["year"]))
    # Exhibitions of median size for the exhibition CSV.
    middle = len(exhibitions) // 2
    csv_exhibitions = exhibitions[max(0, middle - 10) : middle + 10]
    artisan_ids = sorted(rng.sample(list(Artisan.objects.values_list("pk", flat=True)), 50))
    participation_ids = sorted(
        rng.sample(range(1, Participation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1), 200)
    )
    # Not the participations of those artisans: their change forms hold them, and a participation
    # saved meanwhile would rightly make an artisan's save be refused as a conflicting edit.
    participation_ids = list(
        Participation.objects.filter(pk__in=participation_ids)
        .exclude(artisan__in=artisan_ids)
        .values_list("pk", flat=True)[:50]
    )
    filters = [
        {},
        {"craft": params["craft_id"]},
        {"province": params["province_id"]},
        {"year": params["year"]},
        {"q": params["q"]},
        {"craft": params["craft_id"], "year": params["year10"]},
        {"page": 2},
    ]
    result = {
        "username": USERNAME,
        "password": password,
        "counts": params["counts"],
        "artisan_filters": filters,
        "artisan_slugs": rng.sample(slugs, min(500, len(slugs))),
        "exhibition_slugs": [slug for slug, _n in rng.sample(exhibitions, min(200, len(exhibitions)))],
        "years": [row["year"] for row in by_year],
        "csv_year": csv_year["year"],
        "csv_year_rows": csv_year["n"],
        "csv_exhibition_slugs": [slug for slug, _n in csv_exhibitions],
        "csv_exhibition_rows": [n for _slug, n in csv_exhibitions],
        "admin_artisan_ids": artisan_ids,
        "admin_participation_ids": participation_ids,
        "originals": {
            "artisans": [
                [pk, biography, updated.isoformat()]
                for pk, biography, updated in Artisan.objects.filter(pk__in=artisan_ids).values_list(
                    "pk", "biography_en", "updated_at"
                )
            ],
            "participations": list(
                map(list, Participation.objects.filter(pk__in=participation_ids).values_list("pk", "stand"))
            ),
        },
    }
    out.write_text(json.dumps(result, indent=2))


def cleanup(params_path: Path) -> None:
    """Put back what the admin saves changed and delete the user (its admin log goes with it)."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from exhibitions.models import Participation
    from registry.models import Artisan

    originals = json.loads(params_path.read_text())["originals"]
    # Proof that the admin saves reached the database, before they are undone.
    edited = {
        "artisans": Artisan.objects.filter(
            pk__in=[row[0] for row in originals["artisans"]], biography_en__contains="[load test "
        ).count(),
        "participations": Participation.objects.filter(
            pk__in=[row[0] for row in originals["participations"]], stand__startswith="LT-"
        ).count(),
    }
    params_path.with_name("edited.json").write_text(json.dumps(edited))
    with transaction.atomic():
        for pk, biography, updated in originals["artisans"]:
            # update() leaves auto_now alone, so updated_at gets its old value back too.
            Artisan.objects.filter(pk=pk).update(
                biography_en=biography, updated_at=datetime.datetime.fromisoformat(updated)
            )
        for pk, stand in originals["participations"]:
            Participation.objects.filter(pk=pk).update(stand=stand)
        get_user_model().objects.filter(username=USERNAME).delete()


# --- In the driver -----------------------------------------------------------------------------


def django_step(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env, check=True, timeout=900)


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_one(backend: str, scale: str, gunicorn_args: str, args, static_root: Path, stamp: str) -> dict:
    name = scale
    env = scale_env(backend, name)
    env["DJANGO_STATIC_ROOT"] = str(static_root)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    label = re.sub(r"[^a-z0-9]+", "-", gunicorn_args.lower()).strip("-")
    work = RESULTS / "logs" / f"load-{backend}-{scale}-{label}-{stamp}"
    work.mkdir(parents=True, exist_ok=True)
    params_path = work / "params.json"
    log = work / "gunicorn.log"
    print(f"[{backend} {scale}] gunicorn {gunicorn_args}: preparing", flush=True)
    django_step(env, "--prepare", str(params_path), f"--password={secrets.token_urlsafe(24)}")
    try:
        params = json.loads(params_path.read_text())
        params.update(staff=args.staff, save_every=args.save_every)
        params_path.write_text(json.dumps(params))
        options = shlex.split(gunicorn_args)
        if "--timeout" not in gunicorn_args:
            options += ["--timeout", "120"]
        with gunicorn(env, log, options) as server:
            port = server.port
            print(f"[{backend} {scale}] locust: {args.users} users for {args.duration} on port {port}", flush=True)
            locust_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
            locust_env["LOAD_PARAMS"] = str(params_path)
            prefix = work / "locust"
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "benchmarks" / "load.py"),
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.users),
                    "-t",
                    args.duration,
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    # The user classes to run: without the staff's saves, for the variant without writes.
                    *(["Visitor", "Downloader"] if args.without_writes else []),
                ],
                cwd=ROOT,
                env=locust_env,
                timeout=600,
                stdout=open(work / "locust.out", "wb"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
    finally:
        print(f"[{backend} {scale}] restoring the edited records and deleting the user", flush=True)
        django_step(env, "--cleanup", str(params_path))
    log_text = log.read_text(errors="replace")
    exceptions_path = Path(f"{prefix}_exceptions.csv")
    with open(exceptions_path, newline="", encoding="utf-8") as handle:
        exceptions = list(csv.DictReader(handle))
    stats = read_stats(prefix)
    return {
        "backend": backend,
        "scale": scale,
        "counts": params["counts"],
        "gunicorn": gunicorn_args,
        "users": args.users,
        "duration": args.duration,
        "without_writes": args.without_writes,
        "staff": args.staff,
        "save_every": args.save_every,
        "csv_year": params["csv_year"],
        "csv_year_rows": params["csv_year_rows"],
        "csv_exhibition_rows": [min(params["csv_exhibition_rows"]), max(params["csv_exhibition_rows"])],
        "stats": stats,
        "failures": read_failures(prefix),
        "exceptions": exceptions,
        "edited": json.loads(params_path.with_name("edited.json").read_text()),
        "log": {key: len(pattern.findall(log_text)) for key, pattern in LOG_PATTERNS.items()},
        "log_path": str(log.relative_to(ROOT)),
    }


def fmt_ms(value: str) -> str:
    return "–" if value in ("", "N/A") else f"{float(value):,.0f}"


def staff_line(result: dict) -> str:
    if result.get("without_writes"):
        return "; without staff saves"
    return f"; {result['staff']} member(s) of staff, each saving every {result['save_every']:g} s"


def report(result: dict) -> str:
    aggregated = next(row for row in result["stats"] if row["Name"] == "Aggregated")
    lines = [
        f"{result['backend']}, {result['scale']} ({result['counts']['artisans']:,} artisans, "
        f"{result['counts']['participations']:,} participations); gunicorn {result['gunicorn']}; "
        f"{result['users']} users for {result['duration']}" + staff_line(result),
        "",
        f"requests {int(aggregated['Request Count']):,}, failures {int(aggregated['Failure Count'])}, "
        f"requests/s {float(aggregated['Requests/s']):.1f}, "
        + ", ".join(f"{key} in the gunicorn log {count}" for key, count in result["log"].items()),
        f"locust task exceptions {sum(int(row['Count']) for row in result['exceptions'])}; records whose "
        f"admin edit was found in the database: {result['edited']['artisans']} of 50 artisans, "
        f"{result['edited']['participations']} of 50 participations",
        f"CSV: /participations/?year={result['csv_year']} ({result['csv_year_rows']:,} rows), exhibitions of "
        f"{result['csv_exhibition_rows'][0]}–{result['csv_exhibition_rows'][1]} participants",
        "",
        "| request | count | failures | p50 ms | p95 ms | max ms | req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["stats"]:
        title = "**overall**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {title} | {int(row['Request Count']):,} | {int(row['Failure Count'])} | {fmt_ms(row['50%'])} | "
            f"{fmt_ms(row['95%'])} | {fmt_ms(row['Max Response Time'])} | {float(row['Requests/s']):.1f} |"
        )
    for failure in result["failures"]:
        lines.append(f"\nfailure ×{failure['Occurrences']}: {failure['Method']} {failure['Name']}: {failure['Error']}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    aggregated = next(row for row in result["stats"] if row["Name"] == "Aggregated")
    return (
        int(aggregated["Failure Count"]) == 0 and not result["exceptions"] and result["log"]["database is locked"] == 0
    )


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--scale", default="full", help="benchmark database: full (default) or small")
    parser.add_argument("--gunicorn", action="append", help='gunicorn options to try, e.g. "--workers 3"')
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", default="60s")
    parser.add_argument(
        "--without-writes", action="store_true", help="visitors and downloads only: no member of staff saving"
    )
    parser.add_argument("--staff", type=int, default=1, help="members of staff saving through the admin (default 1)")
    parser.add_argument(
        "--save-every", type=float, default=2.0, help="seconds from one save of a member of staff to the next"
    )
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--password", help=argparse.SUPPRESS)
    parser.add_argument("--cleanup", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.prepare:
        prepare(args.prepare, args.password)
        return 0
    if args.cleanup:
        cleanup(args.cleanup)
        return 0
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    results = []
    with tempfile.TemporaryDirectory(prefix="load-static-") as static_root:
        for backend in args.backend or ["sqlite"]:
            env = scale_env(backend, args.scale)
            if backend == "sqlite" and not (BENCH_VAR / args.scale / "registry.sqlite3").exists():
                sys.exit(f"no {BENCH_VAR / args.scale}; build it with benchmarks/run.py --scales {args.scale}")
            env["DJANGO_STATIC_ROOT"] = static_root
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=300,
            )
            for gunicorn_args in args.gunicorn or DEFAULT_GUNICORN[backend]:
                result = run_one(backend, args.scale, gunicorn_args, args, Path(static_root), stamp)
                text = report(result)
                print("\n" + text + "\n", flush=True)
                results.append({**result, "report": text})
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"load-{stamp}.json").write_text(json.dumps(results, indent=2))
    (RESULTS / f"load-{stamp}.md").write_text("\n\n".join(result["report"] for result in results) + "\n")
    print(f"results in {RESULTS / f'load-{stamp}.md'}")
    return 0 if all(ok(result) for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
