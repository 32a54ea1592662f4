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
import datetime
import json
import sys
from pathlib import Path

# Run as a script, Python puts benchmarks/ on the path; the package is imported from the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.duplicates import measure_duplicates, worker_duplicates
from benchmarks.environment import RESULTS, db_name, django_setup, machine
from benchmarks.exports import measure_http, worker_csvref
from benchmarks.fair import measure_fair, worker_fair
from benchmarks.imports import measure_imports, worker_importref
from benchmarks.pages import measure_pages, worker_pages
from benchmarks.report import write_results
from benchmarks.scales import QUICK_SCALES, SCALES, params_path, prepare_scale, worker_params


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scales", default="small,full", help="comma-separated: small,full")
    parser.add_argument(
        "--scale",
        choices=["national"],
        help="national: 1,000,000 artisans and 10,000,000 participations on PostgreSQL, against small",
    )
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page (default 20, quick 3)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed requests per page first (default 2)")
    parser.add_argument("--rounds", type=int, default=None, help="page runs per scale, in turns (default 3, quick 1)")
    parser.add_argument("--quick", action="store_true", help="tiny databases, few requests: a smoke run")
    parser.add_argument(
        "--only",
        default="pages,csv,xlsx,datasette,import,duplicates,fair",
        help="comma-separated: pages,csv,xlsx,datasette,import,duplicates,fair",
    )
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
    parser.add_argument(
        "--worker", choices=["params", "pages", "csvref", "importref", "duplicates", "fair"], help=argparse.SUPPRESS
    )
    parser.add_argument("--rows-file", help=argparse.SUPPRESS)
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
    unknown = args.only - {"pages", "csv", "xlsx", "datasette", "import", "duplicates", "fair"}
    if unknown:
        parser.error(f"unknown --only part: {', '.join(sorted(unknown))}")
    args.scales = [part.strip() for part in args.scales.split(",") if part.strip()]
    if args.scale == "national":
        if args.quick:
            parser.error("--scale national has no quick variant")
        # A million artisans on SQLite is not a deployment anyone should run: the answer there is PostgreSQL.
        args.backend, args.scales = "postgresql", ["small", "national"]
    if set(args.scales) - {"small", "full"} and args.scale != "national":
        parser.error("--scales takes small and/or full")
    return args


def worker_main(args: argparse.Namespace) -> None:
    django_setup()
    params = json.loads(Path(args.params).read_text()) if args.params else None
    if args.worker == "params":
        result = worker_params()
    elif args.worker == "pages":
        result = worker_pages(params, args.requests, args.warmup, args.page_budget, args.profile, args.profile_out)
    elif args.worker == "duplicates":
        result = worker_duplicates()
    elif args.worker == "fair":
        result = worker_fair()
    elif args.worker == "importref":
        result = worker_importref(args.rows_file)
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
        if args.only & {"csv", "xlsx", "datasette"}:
            for scale in args.scales:
                measure_http(args.backend, scale, scales[scale], args)
        if "import" in args.only and "small" in args.scales:
            results["import"] = measure_imports(args.backend, scales, args)
        if "duplicates" in args.only:
            results["duplicates"] = measure_duplicates(args.backend, scales, args)
        if "fair" in args.only:
            results["fair"] = measure_fair(args.backend, scales, args)
    finally:
        for scale in args.scales:
            params_path(db_name(scale, args.quick)).unlink(missing_ok=True)
    results["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    write_results(results, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
