"""The participation CSV export through gunicorn, beside the raw driver, django-import-export and
Datasette; and the same rows as XLSX."""

import csv
import os
import sqlite3
import time
import urllib.parse

from benchmarks.databases import db_cursor
from benchmarks.environment import db_name, run_worker, scale_env, sqlite_path
from benchmarks.scales import params_path
from benchmarks.servers import Server, bench_gunicorn, datasette, http_get, worker_process
from benchmarks.timing import download, latencies, rate_line, repeated


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
            p.stand, p.award_en AS award, p.is_sample, p.id
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
                "award_en",
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
            f"    ours {selection:4} {rate_line(result)} "
            f"TTFB {result['ttfb']:.3f} s  +{result['memory_growth_mb']:.1f} MB",
            flush=True,
        )
    return results


# Rows of data in one sheet (common.spreadsheets.SHEET_ROWS): a larger selection is refused as XLSX.
SHEET_ROWS = 1_048_575


def measure_xlsx(server: Server, params: dict) -> dict:
    """The report's rows as XLSX: rows/s, the time to the first byte (the workbook is written
    before it is sent) and the worker's memory growth, for each selection that fits in a sheet."""
    process = worker_process(server)
    selections = (
        ("all", "format=xlsx", params["counts"]["published_participations"]),
        ("year", f"format=xlsx&year={params['year10']}", params["year10_rows"]),
    )
    download(server.port, f"/participations/?format=xlsx&year={params['year10']}")
    results = {}
    for selection, query, rows in selections:
        if rows > SHEET_ROWS:
            results[selection] = {"skipped": f"{rows:,} rows: more than a sheet holds"}
            print(f"    xlsx {selection:4} skipped: {rows:,} rows, more than a sheet holds", flush=True)
            continue
        path = f"/participations/?{query}"
        result = repeated(lambda path=path: download(server.port, path, process=process))
        # The file is a ZIP: its lines say nothing; the rows are the selection's.
        result.update(rows=rows, rows_per_s=rows / result["seconds"], url=path)
        results[selection] = result
        size = result["bytes"] / 2**20
        print(
            f"    xlsx {selection:4} {rate_line(result)} "
            f"TTFB {result['ttfb']:.3f} s  +{result['memory_growth_mb']:.1f} MB  {size:.1f} MB file",
            flush=True,
        )
    return results


def create_datasette_view(name: str) -> None:
    with db_cursor("sqlite", name) as cursor:
        cursor.execute("DROP VIEW IF EXISTS bench_participation_export")
        sql = raw_export_sql("sqlite", ordered=False).replace("{extra}", "")
        cursor.execute(f"CREATE VIEW bench_participation_export AS {sql}")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def datasette_urls(database: str, params: dict) -> tuple[dict[str, str], str]:
    """Datasette's CSV downloads of the same rows as ours, and its table page of the province's artisans."""
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
        f"/{database}/registry_artisan?_size=25&_sort=latin_order&status=published&consent_to_publish=1"
        f"&_where={quote(f'home_place_id in ({ids})')}"
    )
    return csvs, table_page


def measure_datasette(name: str, params: dict, ours_port: int, args) -> dict:
    path = sqlite_path(name)
    create_datasette_view(name)
    csvs, table_page = datasette_urls(path.stem, params)
    results = {}
    with datasette(path, name) as server:
        http_get(server.port, csvs["table year"].replace("_stream=on", "_size=10"), timeout=120)
        for key, url in csvs.items():
            result = download(server.port, url, time_cap=args.datasette_cap)
            result["url"] = url
            results[f"csv {key}"] = result
            print(
                f"    datasette {key:10} {rate_line(result)} "
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


def measure_http(backend: str, scale: str, result: dict, args) -> None:
    """The CSV export through gunicorn beside its references, the XLSX, and Datasette (SQLite only)."""
    name = db_name(scale, args.quick)
    env = scale_env(backend, name)
    params = result["params"]
    with bench_gunicorn(env, f"{backend}-{name}") as server:
        if "csv" in args.only:
            print(f"[{scale}] CSV export through gunicorn", flush=True)
            result["csv"] = measure_csv(server, params)
            print(f"[{scale}] CSV: raw cursor and django-import-export", flush=True)
            extra = ["--params", str(params_path(name)), "--import-export-max", str(args.import_export_max)]
            result["csv_reference"] = run_worker("csvref", env, extra)
            for key, row in result["csv_reference"].items():
                if "rows_per_s" in row:
                    print(f"    {key:20} {rate_line(row)}", flush=True)
        if "xlsx" in args.only:
            print(f"[{scale}] XLSX export through gunicorn", flush=True)
            result["xlsx"] = measure_xlsx(server, params)
        if "datasette" in args.only and backend != "sqlite":
            print(f"[{scale}] Datasette serves SQLite files only: skipped on {backend}", flush=True)
        if "datasette" in args.only and backend == "sqlite":
            print(f"[{scale}] Datasette", flush=True)
            result["datasette"] = measure_datasette(name, params, server.port, args)
