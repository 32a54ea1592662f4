"""The results as text tables checked against the targets, printed and written to benchmarks/results/."""

import datetime
import json
import statistics

from benchmarks.environment import RESULTS, ROOT

TARGET_PAGE_RATIO = 1.5  # full / small p50
TARGET_AFTER_WRITE_RATIO = 1.5  # first request after a publication / warm p50
TARGET_RAW_RATIO = 0.5  # our CSV rows/s over the driver's
TARGET_TTFB = 0.5  # seconds
TARGET_MEMORY_MB = 64.0
# "Similar at both scales": the full-scale growth may exceed the small one by this much.
MEMORY_SLACK_MB = 16.0


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


def check(section: str, name: str, value: float | None, ok: bool | None) -> dict:
    return {"section": section, "name": name, "value": value, "ok": ok}


def measured(scales: dict, section: str) -> list[tuple[str, dict]]:
    """The scales that ran the section, with their data."""
    return [(scale, data) for scale, data in scales.items() if section in data]


def smallest_and_largest(scales: dict) -> tuple[str | None, str | None]:
    names = list(scales)
    return (names[0], names[-1]) if names else (None, None)


def header(results: dict) -> list[str]:
    machine = results["machine"]
    out = [
        f"Benchmark {results['backend']} {results['started']}  ({machine['cpus']} CPUs, "
        f"{machine['ram_gb']:.1f} GB RAM, Python {machine['python']})"
    ]
    for scale, data in results["scales"].items():
        params = data["params"]
        counts = params["counts"]
        out.append(
            f"  {scale}: {counts['artisans']:,} artisans, {counts['exhibitions']:,} exhibitions, "
            f"{counts['participations']:,} participations ({counts['published_participations']:,} public); "
            f"largest exhibition {params['exhibition_participations']:,} participants; "
            f"year filter {params['year10']} = {params['year10_rows']:,} rows"
        )
    return out


def pages_section(results: dict) -> tuple[list[str], list[dict]]:
    scales = results["scales"]
    if not measured(scales, "pages"):
        return [], []
    small, full = smallest_and_largest(scales)
    by_scale = {scale: {page["name"]: page for page in data.get("pages", [])} for scale, data in scales.items()}
    rows, checks = [], []
    for page in dict.fromkeys(name for pages in by_scale.values() for name in pages):
        ratio = ok = None
        if small != full and page in by_scale[small] and page in by_scale[full]:
            ratio = by_scale[full][page]["p50"] / by_scale[small][page]["p50"]
            ok = ratio <= TARGET_PAGE_RATIO
            checks.append(check("pages", page, ratio, ok))
        rows.append([page, *page_cells(by_scale, page), fmt_ratio(ratio), f"<= {TARGET_PAGE_RATIO}x", verdict(ok)])
    headers = ["page"]
    for scale in scales:
        headers += [f"{scale} p50 ms", "p95 ms", "queries"]
    headers += [f"{full}/{small}", "target", "result"]
    title = (
        f"== Pages: server latency in-process (django.test.Client), {results.get('rounds', 1)} round(s) "
        "taking turns between the scales, p50 ratio full/small =="
    )
    return ["", title, table(headers, rows)], checks


def page_cells(by_scale: dict[str, dict], page: str) -> list[str]:
    """p50, p95 and queries of the page at each scale (the first requests after a write have
    their own table, ``after_write_section``)."""
    cells = []
    for pages in by_scale.values():
        row = pages.get(page)
        cells += [fmt_ms(row and row["p50"]), fmt_ms(row and row["p95"]), str(row["queries"]) if row else "-"]
    return cells


def after_write_section(results: dict) -> tuple[list[str], list[dict]]:
    """Per scale: each page's first request after a clerk's write against its warm p50."""
    out, checks = [], []
    for scale, data in measured(results["scales"], "pages"):
        pages = data["pages"]
        if not any(page.get("after_publish") is not None for page in pages):
            continue
        rows = []
        for page in pages:
            ratio = ok = None
            if page.get("after_publish") is not None and page["p50"]:
                ratio = page["after_publish"] / page["p50"]
                ok = ratio <= TARGET_AFTER_WRITE_RATIO
                checks.append(check("pages after a write", f"{scale} {page['name']}", ratio, ok))
            rows.append(
                [
                    page["name"],
                    fmt_ms(page["p50"]),
                    fmt_ms(page.get("cold")),
                    fmt_ms(page.get("after_edit")),
                    fmt_ms(page.get("after_publish")),
                    fmt_ratio(ratio),
                    f"<= {TARGET_AFTER_WRITE_RATIO}x",
                    verdict(ok),
                ]
            )
        headers = [
            "page",
            "warm p50 ms",
            "after flush ms",
            "after edit ms",
            "after publish ms",
            "publish/warm",
            "target",
            "result",
        ]
        writes = data.get("page_writes") or {}
        out += [
            "",
            f"== Pages after a write ({scale}): the first request after a clerk's save through the ORM, "
            f"committed, median of {results.get('rounds', 1)} round(s); ratio after publish / warm p50 ==",
            f"   edit: artisan #{writes.get('artisan_id')}'s English biography, no total changes; "
            f"publish: the same artisan ({writes.get('public_participations', 0):,} public participations) "
            "to draft and back, by turns; flush: cache.clear(), no write",
            table(headers, rows),
            f"   the saves themselves: edit {fmt_ms(median_of(pages, 'edit_write_seconds'))} ms, "
            f"publish {fmt_ms(median_of(pages, 'publish_write_seconds'))} ms (median over the pages)",
        ]
    return out, checks


def median_of(pages: list[dict], key: str) -> float | None:
    values = [page[key] for page in pages if page.get(key) is not None]
    return statistics.median(values) if values else None


def csv_section(scales: dict) -> tuple[list[str], list[dict]]:
    with_csv = measured(scales, "csv")
    if not with_csv:
        return [], []
    checked_rows = []
    for scale, data in with_csv:
        for selection in ("all", "year"):
            ours = data["csv"][selection]
            label = f"{scale} {selection} ({ours['rows']:,} rows)"
            checked_rows += ours_rows(label, ours) + peer_rows(label, ours, peers(data, selection))
    checked_rows += memory_rows(scales)
    rows = [cells for cells, _found in checked_rows]
    checks = [found for _cells, found in checked_rows if found]
    out = [
        "",
        "== CSV export /participations/?format=csv through gunicorn (1 sync worker) ==",
        table(["scale / selection", "measure", "value", "note", "target", "result"], rows),
    ]
    return out, checks


def xlsx_section(scales: dict) -> tuple[list[str], list[dict]]:
    """The XLSX download of the same selections: its rate beside the CSV's, and its memory."""
    rows, checks = [], []
    for scale, data in measured(scales, "xlsx"):
        for selection in ("all", "year"):
            ours = data["xlsx"].get(selection, {})
            if "rows_per_s" not in ours:
                rows.append([f"{scale} {selection}", "skipped", ours.get("skipped", ""), "", "", "n/a"])
                continue
            label = f"{scale} {selection} ({ours['rows']:,} rows)"
            csv_rate = data.get("csv", {}).get(selection, {}).get("rows_per_s")
            beside = f"CSV {fmt_rate(csv_rate)}, {ours['rows_per_s'] / csv_rate:.2f}x" if csv_rate else ""
            memory_ok = ours["memory_growth_mb"] < TARGET_MEMORY_MB
            rows += [
                [label, "rows/s", fmt_rate(ours["rows_per_s"]), beside, "", ""],
                [label, "first byte", f"{ours['ttfb']:.1f} s", f"file {ours['bytes'] / 2**20:.1f} MB", "", ""],
                [
                    label,
                    "worker RSS growth",
                    f"{ours['memory_growth_mb']:.1f} MB",
                    f"(VmHWM +{ours.get('hwm_growth_mb', 0):.1f} MB)",
                    f"< {TARGET_MEMORY_MB:.0f} MB",
                    verdict(memory_ok),
                ],
            ]
            checks.append(check("xlsx", f"{label} memory", ours["memory_growth_mb"], memory_ok))
    if not rows:
        return [], []
    out = [
        "",
        "== XLSX export /participations/?format=xlsx through gunicorn (1 sync worker) ==",
        table(["scale / selection", "measure", "value", "note", "target", "result"], rows),
    ]
    return out, checks


TARGET_IMPORT_RATE = 2000  # artisan rows/s
TARGET_IMPORT_MEMORY_MB = 200.0


def import_section(results: dict) -> tuple[list[str], list[dict]]:
    """The import of an office's spreadsheet: rows/s and memory, beside django-import-export."""
    measured_import = results.get("import")
    if not measured_import:
        return [], []
    ours, theirs = measured_import["ours"], measured_import["import_export"]
    fast = ours["rows_per_s"] >= TARGET_IMPORT_RATE
    small = ours["growth_mb"] < TARGET_IMPORT_MEMORY_MB
    rows = [
        [f"ours, {ours['rows']:,} rows", "rows/s", fmt_rate(ours["rows_per_s"]), ours["summary"],
         f">= {TARGET_IMPORT_RATE:,}", verdict(fast)],
        [f"ours, {ours['rows']:,} rows", "memory growth", f"{ours['growth_mb']:.0f} MB",
         f"peak {ours['peak_mb']:.0f} MB", f"< {TARGET_IMPORT_MEMORY_MB:.0f} MB", verdict(small)],
        [f"django-import-export, {theirs['rows']:,} rows", "rows/s", fmt_rate(theirs["rows_per_s"]),
         f"ours/them {ours['rows_per_s'] / theirs['rows_per_s']:.1f}x", "", ""],
    ]  # fmt: skip
    out = [
        "",
        "== Import of artisans (manage.py import_records, a CSV as an office types it) ==",
        table(["import", "measure", "value", "note", "target", "result"], rows),
    ]
    return out, [
        check("import", "rows/s", ours["rows_per_s"], fast),
        check("import", "memory growth", ours["growth_mb"], small),
    ]


TARGET_DUPLICATES_SECONDS = 600  # "minutes, not hours" at 100,000 artisans
# A clerk's page of a call's ranking, warm, and one decision with its quota count: our own targets,
# a staff page within half a second and a decision no one waits for.
TARGET_FAIR_PAGE_MS = 500
TARGET_DECISION_MS = 100


DUPLICATES_HEADER = [
    "scale", "shared names", "pairs", "every pair", "first page", "target", "result",
    "participations merged", "merge", "revert",
]  # fmt: skip


def duplicates_section(results: dict) -> tuple[list[str], list[dict]]:
    """The search of a whole registry for possible duplicates, at each scale."""
    measured_duplicates = results.get("duplicates")
    if not measured_duplicates:
        return [], []
    rows, checks = [], []
    for scale, row in measured_duplicates.items():
        ok = row["seconds"] < TARGET_DUPLICATES_SECONDS
        rows.append(
            [scale, f"{row['names']:,}", f"{row['pairs']:,}", f"{row['seconds']:.1f} s",
             f"{row['first_page_seconds'] * 1000:.0f} ms", f"< {TARGET_DUPLICATES_SECONDS} s", verdict(ok),
             f"{row['merged_participations']:,}", f"{row['merge_seconds'] * 1000:.0f} ms",
             f"{row['revert_seconds'] * 1000:.0f} ms"]
        )  # fmt: skip
        checks.append(check("duplicates", f"{scale} every pair", row["seconds"], ok))
    out = [
        "",
        "== Possible duplicates of the whole registry (registry.duplicates), and a merge (in-process) ==",
        table(DUPLICATES_HEADER, rows),
    ]
    return out, checks


FAIR_HEADER = [
    "scale", "applications", "scores", "ranking first", "ranking p50", "size", "queries", "target", "result",
    "decision p50", "decision max", "accepted / refused",
]  # fmt: skip


def fair_section(results: dict) -> tuple[list[str], list[dict]]:
    """A call's ranking page and its decisions at each scale."""
    measured_fair = results.get("fair")
    if not measured_fair:
        return [], []
    rows, checks = [], []
    for scale, row in measured_fair.items():
        ok = row["ranking_p50_ms"] < TARGET_FAIR_PAGE_MS and row["decision_p50_ms"] < TARGET_DECISION_MS
        rows.append(
            [scale, f"{row['applications']:,}", f"{row['scores']:,}", f"{row['ranking_first_ms']:.0f} ms",
             f"{row['ranking_p50_ms']:.0f} ms", f"{row['ranking_kb']:.0f} KB", str(row["ranking_queries"]),
             f"< {TARGET_FAIR_PAGE_MS} / {TARGET_DECISION_MS} ms", verdict(ok), f"{row['decision_p50_ms']:.1f} ms",
             f"{row['decision_max_ms']:.1f} ms", f"{row['accepted']} / {row['refused']}"]
        )  # fmt: skip
        checks.append(check("fair", f"{scale} ranking page and decision", row["ranking_p50_ms"], ok))
    out = [
        "",
        "== A call's ranking page and its decisions (exhibitions.calls, in-process) ==",
        table(FAIR_HEADER, rows),
    ]
    return out, checks


def ours_rows(label: str, ours: dict) -> list[tuple[list[str], dict | None]]:
    """Our download's rate, and its time to first byte and memory growth against the targets."""
    ttfb_ok = ours["ttfb"] is not None and ours["ttfb"] < TARGET_TTFB
    memory_ok = ours["memory_growth_mb"] < TARGET_MEMORY_MB
    return [
        ([label, "ours rows/s", fmt_rate(ours["rows_per_s"]), "", "", ""], None),
        (
            [label, "ours TTFB", f"{ours['ttfb']:.3f} s", "", f"< {TARGET_TTFB} s", verdict(ttfb_ok)],
            check("csv", f"{label} TTFB", ours["ttfb"], ttfb_ok),
        ),
        (
            [
                label,
                "worker RSS growth",
                f"{ours['memory_growth_mb']:.1f} MB",
                f"(VmHWM +{ours.get('hwm_growth_mb', 0):.1f} MB)",
                f"< {TARGET_MEMORY_MB:.0f} MB",
                verdict(memory_ok),
            ],
            check("csv", f"{label} memory", ours["memory_growth_mb"], memory_ok),
        ),
    ]


def peers(data: dict, selection: str) -> list[tuple[str, dict | None, float, str]]:
    """What our download is compared with: title, its result, the target ratio and how it is shown."""
    reference = data.get("csv_reference", {})
    dset = data.get("datasette", {})
    return [
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


def peer_rows(label: str, ours: dict, compared: list[tuple]) -> list[tuple[list[str], dict | None]]:
    """A row per peer that ran: its rate and ours over it (a skipped one says why)."""
    rows = []
    for title, other, target, target_label in compared:
        if not other:
            continue
        if "rows_per_s" not in other:
            rows.append(([label, title, "skipped", other.get("skipped", ""), target_label, "n/a"], None))
            continue
        ratio = ours["rows_per_s"] / other["rows_per_s"] if other["rows_per_s"] else None
        ok = None if ratio is None else (ratio >= target if target != 1.0 else ratio > target)
        note = f"ours/them {fmt_ratio(ratio)}"
        if other.get("capped"):
            note += f" (capped at {other['seconds']:.0f} s)"
        if other.get("ttfb") is not None and title.startswith("Datasette"):
            note += f", TTFB {other['ttfb']:.3f} s"
        cells = [label, title, fmt_rate(other["rows_per_s"]), note, target_label, verdict(ok)]
        rows.append((cells, check("csv", f"{label} vs {title}", ratio, ok)))
    return rows


def memory_rows(scales: dict) -> list[tuple[list[str], dict]]:
    """The memory growth of the full download at the larger scale against the smaller one, if both ran."""
    small, full = smallest_and_largest(scales)
    growth = {scale: data["csv"]["all"]["memory_growth_mb"] for scale, data in measured(scales, "csv")}
    if not (small in growth and full in growth and small != full):
        return []
    similar = growth[full] <= growth[small] + max(MEMORY_SLACK_MB, 0.5 * growth[small])
    cells = [
        "memory, all rows",
        f"{full} vs {small}",
        f"{growth[full]:.1f} vs {growth[small]:.1f} MB",
        "",
        f"<= {small} + {MEMORY_SLACK_MB:.0f} MB",
        verdict(similar),
    ]
    return [(cells, check("csv", "memory similar at both scales", growth[full], similar))]


def datasette_section(scales: dict) -> tuple[list[str], list[dict]]:
    with_datasette = measured(scales, "datasette")
    if not with_datasette:
        return [], []
    rows, checks = [], []
    for scale, data in with_datasette:
        ours = data["datasette"]["ours artisan page"]
        theirs = data["datasette"]["table page"]
        ratio = ours["p50"] / theirs["p50"]
        ok = ratio <= 1.0
        rows.append([scale, fmt_ms(ours["p50"]), fmt_ms(theirs["p50"]), fmt_ratio(ratio), "<= 1x", verdict(ok)])
        checks.append(check("datasette", f"{scale} artisan list vs table page", ratio, ok))
    out = [
        "",
        "== Artisan list ?province= (gunicorn) vs Datasette table page, same filter, 25 rows, HTTP p50 ==",
        table(["scale", "ours ms", "Datasette ms", "ours/Datasette", "target", "result"], rows),
    ]
    return out, checks


def report(results: dict) -> tuple[str, list[dict]]:
    """The text: the scales, a table per section that ran, how many checks pass; and the checks."""
    scales = results["scales"]
    out, checks = header(results), []
    sections = (
        pages_section(results),
        after_write_section(results),
        csv_section(scales),
        xlsx_section(scales),
        datasette_section(scales),
        import_section(results),
        duplicates_section(results),
        fair_section(results),
    )
    for lines, found in sections:
        out += lines
        checks += found
    failed = [found for found in checks if found["ok"] is False]
    out += ["", f"{len(checks) - len(failed)} of {len(checks)} checks pass."]
    return "\n".join(out), checks


def write_results(results: dict, started: datetime.datetime) -> None:
    """The report on stdout, and the results with their checks in <backend>[-quick]-<time>.json and .txt."""
    text, checks = report(results)
    results["checks"] = checks
    path = RESULTS / f"{results['backend']}{'-quick' if results['quick'] else ''}-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    path.with_suffix(".txt").write_text(text + "\n")
    print("\n" + text)
    print(f"\nWritten {path.relative_to(ROOT)} and {path.with_suffix('.txt').name}")
