"""Streaming CSV: the rows a list page selects, written as the client reads them.

Rows are read in chunks of primary keys (``pk > last LIMIT n``, never OFFSET), so memory stays
flat and the first bytes leave before the first query. Text cells that a spreadsheet would
evaluate are neutralised (OWASP "CSV injection"); numbers stay numbers.
"""

import csv
import datetime
import decimal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation

from .i18n import EXPORT_LANGUAGE, reading_language

BOM = "\ufeff"
# A text cell starting with one of these is a formula (or could become one) in Excel or Calc.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
CHUNK_SIZE = 2000
ROWS_PER_BLOCK = 200


def first(*values):
    return values[0]


def label(choices) -> Callable:
    """A cell reader showing a choice's label in the export's language, translated once per value."""
    labels = dict(choices)
    translated: dict = {}

    def value(choice):
        key = (reading_language(), choice)
        if key not in translated:
            translated[key] = str(labels.get(choice, choice))
        return translated[key]

    return value


@dataclass(frozen=True)
class Column:
    """One CSV column: a header, the ``values_list`` lookups it reads, and how they become a cell."""

    header: str
    fields: tuple[str, ...]
    value: Callable = first


@dataclass(frozen=True)
class ManyColumn:
    """A column listing related rows (e.g. the crafts shown), read once per chunk, not per row.

    ``lookup`` is the many-to-many or reverse relation from the exported model; ``fields`` are read
    from the related rows and ``value`` turns them into one text, e.g. a localised name.
    """

    header: str
    lookup: str
    fields: tuple[str, ...]
    value: Callable = first
    separator: str = "; "


def safe_cell(value):
    """A cell as csv.writer should see it: numbers as numbers, dates in ISO, formulas defused."""
    if type(value) is str:  # most cells: the fast path
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def iter_rows(queryset: QuerySet, columns: Sequence[Column | ManyColumn], chunk_size: int = CHUNK_SIZE) -> Iterator:
    """Yield one list of cell values per object, reading ``chunk_size`` objects a query."""
    plain = [column for column in columns if isinstance(column, Column)]
    lookups = ["pk", *dict.fromkeys(lookup for column in plain for lookup in column.fields)]
    positions = {lookup: index for index, lookup in enumerate(lookups)}
    many = [column for column in columns if isinstance(column, ManyColumn)]
    # Where each column's values sit in a row, worked out once rather than per cell.
    readers = [
        (column.lookup, None)
        if isinstance(column, ManyColumn)
        else (column.value, [positions[f] for f in column.fields])
        for column in columns
    ]
    base = queryset.order_by("pk").values_list(*lookups)
    last_pk = None
    while True:
        chunk = list((base if last_pk is None else base.filter(pk__gt=last_pk))[:chunk_size])
        if not chunk:
            return
        related = {column.lookup: _related_values(queryset, column, [row[0] for row in chunk]) for column in many}
        for row in chunk:
            cells = []
            for reader, indexes in readers:
                if indexes is None:
                    cells.append(related[reader].get(row[0], ""))
                elif reader is first:
                    cells.append(row[indexes[0]])
                else:
                    cells.append(reader(*[row[index] for index in indexes]))
            yield cells
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1][0]


def _related_values(queryset: QuerySet, column: ManyColumn, pks: list) -> dict:
    pairs = (
        queryset.model._default_manager.filter(pk__in=pks)
        .order_by("pk", *(f"{column.lookup}__{name}" for name in column.fields))
        .values_list("pk", *(f"{column.lookup}__{name}" for name in column.fields))
    )
    joined: dict = {}
    for pk, *values in pairs:
        if values[0] is None:
            continue
        joined.setdefault(pk, []).append(str(column.value(*values)))
    return {pk: column.separator.join(texts) for pk, texts in joined.items()}


def csv_lines(rows: Iterable[list], headers: Sequence[str], *, bom: bool, language: str) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield ((BOM if bom else "") + writer.writerow([safe_cell(header) for header in headers])).encode()
    block = []
    with translation.override(language):
        token = EXPORT_LANGUAGE.set(language[:2])
        try:
            for row in rows:
                block.append(writer.writerow([safe_cell(cell) for cell in row]))
                if len(block) >= ROWS_PER_BLOCK:
                    yield "".join(block).encode()
                    block = []
        finally:
            EXPORT_LANGUAGE.reset(token)
    if block:
        yield "".join(block).encode()


def csv_response(
    queryset: QuerySet, columns: Sequence[Column | ManyColumn], *, filename: str, bom: bool = True
) -> StreamingHttpResponse:
    language = translation.get_language() or "en"
    headers = [str(column.header) for column in columns]
    response = StreamingHttpResponse(
        csv_lines(iter_rows(queryset, columns), headers, bom=bom, language=language),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def wants_bom(request) -> bool:
    return request.GET.get("bom", "1") not in {"0", "false", "no"}


class CSVExportMixin:
    """``?format=csv`` on a page exports exactly the rows it selects, all pages of them.

    Views define ``get_csv_queryset()`` (None when the request's filters are invalid: the page
    then shows why), ``get_csv_columns()`` and ``get_csv_filename()``. The page's context is
    never built for an export.
    """

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            queryset = self.get_csv_queryset()
            if queryset is not None:
                return csv_response(
                    queryset, self.get_csv_columns(), filename=self.get_csv_filename(), bom=wants_bom(request)
                )
        return super().get(request, *args, **kwargs)

    def get_csv_queryset(self) -> QuerySet | None:
        raise NotImplementedError

    def get_csv_columns(self) -> Sequence[Column | ManyColumn]:
        raise NotImplementedError

    def get_csv_filename(self) -> str:
        raise NotImplementedError


class FilteredCSVExportMixin(CSVExportMixin):
    """For django-filter's FilterView: the export runs the same FilterSet as the page."""

    def get_csv_queryset(self) -> QuerySet | None:
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return None
        return self.filterset.qs
