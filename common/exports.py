"""Streaming CSV: the rows a list page selects, written as the client reads them.

Rows are read in chunks of primary keys (``pk > last LIMIT n``, never OFFSET), so memory stays
flat and the first bytes leave before the first query. Each row reads its own fields and the ids
of what it points to; the exhibitions, places and crafts that thousands of rows share are read
once, not joined to every row. Text cells that a spreadsheet would evaluate are neutralised
(OWASP "CSV injection"); numbers stay numbers.
"""

import contextlib
import csv
import datetime
import decimal
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Aggregate, CharField, Model, OuterRef, QuerySet, Subquery
from django.db.models.constants import LOOKUP_SEP
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from .i18n import EXPORT_LANGUAGE, reading_language

BOM = "\ufeff"
# A text cell starting with one of these is a formula (or could become one) in Excel or Calc.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
# Rows read a query. When the database reads a filtered selection through another index (the
# exhibitions of one year), it sorts all the remaining rows to return each chunk: fewer, larger
# chunks cost less. A chunk of 20,000 participations takes about 13 MB.
CHUNK_SIZE = 20000
ROWS_PER_BLOCK = 200
# Of a file name before its extension: room for a few slugs and a period.
FILENAME_LENGTH = 120


def first(*values):
    return values[0]


class Label:
    """A cell reader showing a choice's label in the export's language, translated once per value.

    A choice has few values, so an export also keeps each value's cell (see ``_RowBuilder``).
    """

    def __init__(self, choices):
        self.labels = dict(choices)
        self.translated: dict = {}

    def __call__(self, choice):
        key = (reading_language(), choice)
        if key not in self.translated:
            self.translated[key] = str(self.labels.get(choice, choice))
        return self.translated[key]


@dataclass(frozen=True)
class Column:
    """One CSV column: a header, the ``values_list`` lookups it reads, and how they become a cell.

    With ``via`` (a foreign key path such as ``"exhibition"``), the lookups are read from the row
    that key points to, once per export for each id instead of through a join on every row: a
    million participations name two thousand exhibitions. Columns with the same ``via`` share that
    read; the ids a chunk names for the first time are read in one query.
    """

    header: str
    fields: tuple[str, ...]
    value: Callable = first
    via: str | None = None


@dataclass(frozen=True)
class ManyColumn:
    """A column listing related rows (e.g. the crafts shown), in the order of their ``fields``.

    ``lookup`` is the many-to-many or reverse relation from the exported model; ``fields`` are read
    from the related rows and ``value`` turns them into one text, e.g. a localised name. Each row
    reads only the ids it lists; the related rows are read once per chunk.
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


def iter_rows(
    queryset: QuerySet,
    columns: Sequence[Column | ManyColumn],
    chunk_size: int = CHUNK_SIZE,
    cell: Callable = safe_cell,
) -> Iterator:
    """Yield one list of cells per object, reading ``chunk_size`` objects a query.

    Each value becomes its cell through ``cell`` once: as csv.writer should see it by default
    (``safe_cell``: formulas defused, dates in ISO), as it is for a spreadsheet writer that types
    its cells. A cell read via a foreign key is made when its row is first read, the others as
    the row is built.
    """
    rows = _RowBuilder(queryset, columns, cell)
    base = rows.queryset.order_by("pk").values_list(*rows.lookups)
    last_pk = None
    while True:
        chunk = list((base if last_pk is None else base.filter(pk__gt=last_pk))[:chunk_size])
        yield from rows.build(chunk)
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1][0]
        del chunk  # before the next one is read: one chunk in memory at a time, not two


class _RowBuilder:
    """Turns chunks of ``values_list`` rows into cells, with what the columns need read per chunk.

    Each column becomes a reader (a function of the row), worked out once rather than per cell.
    The columns read ``via`` a foreign key share one ``_Shared`` per key, those listing related
    rows one ``_Listed`` each; both read what a chunk names before its rows are built.
    """

    def __init__(self, queryset: QuerySet, columns: Sequence[Column | ManyColumn], cell: Callable = safe_cell):
        self.cell = cell
        shared: dict[str, list[Column]] = {}
        for column in columns:
            if isinstance(column, Column) and column.via is not None:
                shared.setdefault(column.via, []).append(column)
        self.shared = {via: _Shared(_model_at(queryset.model, via), group, cell) for via, group in shared.items()}
        many = [column for column in columns if isinstance(column, ManyColumn)]
        self.lists = [_Listed(queryset.model, column, f"csv_ids_{index}", cell) for index, column in enumerate(many)]
        plain = [column for column in columns if isinstance(column, Column) and column.via is None]
        fields = [field for column in plain for field in column.fields]
        listed_ids = [listed.name for listed in self.lists]
        self.lookups = ["pk", *dict.fromkeys([*fields, *self.shared]), *listed_ids]
        for via, shared in self.shared.items():
            shared.index = self.lookups.index(via)
        for listed in self.lists:
            listed.index = self.lookups.index(listed.name)
        self.queryset = queryset.annotate(**{listed.name: listed.ids for listed in self.lists})
        self.readers = [self._reader(column) for column in columns]

    def _reader(self, column: Column | ManyColumn) -> Callable:
        if isinstance(column, ManyColumn):
            listed = next(listed for listed in self.lists if listed.column is column)
            cells, index = listed.cells, listed.index
            return lambda row: cells[row[index]]
        if column.via is not None:
            shared = self.shared[column.via]
            cells, key, position = shared.cells, shared.index, shared.columns.index(column)
            return lambda row: cells[row[key]][position]
        indexes = [self.lookups.index(field) for field in column.fields]
        value, cell = column.value, self.cell
        if len(indexes) == 1:
            [index] = indexes
            if value is first:
                return lambda row: cell(row[index])
            if isinstance(value, Label):
                return _label_reader(value, index, cell)
            return lambda row: cell(value(row[index]))
        values = operator.itemgetter(*indexes)
        return lambda row: cell(value(*values(row)))

    def build(self, chunk: list[tuple]) -> Iterator[list]:
        for listed in self.lists:
            listed.prepare({row[listed.index] for row in chunk})
        for shared in self.shared.values():
            shared.add({row[shared.index] for row in chunk})
        readers = self.readers
        for row in chunk:
            yield [read(row) for read in readers]


def _label_reader(value: Label, index: int, cell: Callable) -> Callable:
    """A label's cell, worked out once per value for the export (in its language), not per row."""
    cells: dict = {}

    def read(row):
        try:
            return cells[row[index]]
        except KeyError:
            made = cells[row[index]] = cell(value(row[index]))
            return made

    return read


def _model_at(model: type[Model], path: str) -> type[Model]:
    """The model a foreign key path such as ``artisan__home_place`` leads to."""
    for name in path.split(LOOKUP_SEP):
        model = model._meta.get_field(name).related_model
    return model


class _Shared:
    """The cells of the columns read ``via`` one foreign key, kept by id for the whole export.

    Memory grows with the number of exhibitions or places named, not with the number of rows.
    """

    def __init__(self, model: type[Model], columns: list[Column], cell: Callable = safe_cell):
        self.model = model
        self.columns = columns
        self.cell = cell
        self.lookups = list(dict.fromkeys(field for column in columns for field in column.fields))
        self.readers = [(column.value, [self.lookups.index(field) for field in column.fields]) for column in columns]
        self.cells: dict = {}  # {id: the columns' cells}
        self.index = 0  # of the key in the exported rows, set by _RowBuilder

    def add(self, ids: set) -> None:
        """Read the ids not seen yet, in one query.

        An empty key, or an id whose row is gone, reads every field as None, as the LEFT JOIN it
        replaces would.
        """
        missing = ids - self.cells.keys()
        if not missing:
            return
        rows = self.model._base_manager.filter(pk__in=missing - {None}).order_by().values_list("pk", *self.lookups)
        for pk, *values in rows:
            self.cells[pk] = self._cells_of(values)
        empty = self._cells_of([None] * len(self.lookups))
        for pk in missing - self.cells.keys():
            self.cells[pk] = empty

    def _cells_of(self, values) -> tuple:
        return tuple(self.cell(value(*[values[index] for index in indexes])) for value, indexes in self.readers)


class _IdList(Aggregate):
    """The (numeric) ids of related rows as one text, "3,7", in no particular order.

    GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL.
    """

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s::text, ',')"
        )


class _Listed:
    """The cells of a ManyColumn, from the ids of the related rows that each exported row lists.

    The ids come with the row, from a subquery on the table linking the two: cheaper than a
    second query naming the chunk's thousands of keys. The related rows a chunk names are then
    read in one query, sorted on their ``fields`` by the database (its collation, not Python's),
    and each distinct list of ids becomes one cell.
    """

    def __init__(self, model: type[Model], column: ManyColumn, name: str, cell: Callable = safe_cell):
        self.column = column
        self.cell = cell
        self.name = name  # of the ids' annotation
        self.related = model._meta.get_field(column.lookup).related_model
        links, owner, target = _links(model, column.lookup)
        listed = links._base_manager.filter(**{owner: OuterRef("pk")}).order_by().values(owner)
        self.ids = Subquery(listed.annotate(ids=_IdList(target)).values("ids"))
        self.cells: dict[str | None, str] = {}
        self.index = 0  # of the ids in the exported rows, set by _RowBuilder

    def prepare(self, lists: set) -> None:
        """Work out the cell of each distinct list of ids in a chunk (None when a row lists none)."""
        ids = {pk for listed in lists if listed for pk in listed.split(",")}
        fields = self.column.fields
        rows = self.related._base_manager.filter(pk__in=ids).order_by(*fields, "pk").values_list("pk", *fields)
        # ``texts`` keeps the database's order, so a list's names are sorted by their position in it.
        texts = {str(pk): str(self.column.value(*values)) for pk, *values in rows if values[0] is not None}
        rank = {pk: position for position, pk in enumerate(texts)}
        self.cells.clear()
        for listed in lists:
            named = sorted((pk for pk in listed.split(",") if pk in rank), key=rank.__getitem__) if listed else []
            self.cells[listed] = self.cell(self.column.separator.join(texts[pk] for pk in named))


def _links(model: type[Model], lookup: str) -> tuple[type[Model], str, str]:
    """The model linking ``model`` to the rows at ``lookup``, and its fields naming either side."""
    field = model._meta.get_field(lookup)
    if field.many_to_many and field.concrete:
        return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
    if field.many_to_many:
        return field.through, field.field.m2m_reverse_field_name(), field.field.m2m_field_name()
    return field.related_model, field.field.name, "pk"  # a reverse foreign key: the related rows themselves


def _csv_blocks(safe_rows: Iterable[list], headers: Sequence[str], *, bom: bool, language: str) -> Iterator[bytes]:
    """The CSV file of rows whose cells are already safe, ``ROWS_PER_BLOCK`` rows a piece.

    The rows are read in ``language``, so that names and labels worked out as they are read
    come out in the export's language.
    """
    writer = csv.writer(_Echo())
    yield ((BOM if bom else "") + writer.writerow([safe_cell(header) for header in headers])).encode()
    block = []
    with written_in(language):
        for row in safe_rows:
            block.append(writer.writerow(row))
            if len(block) >= ROWS_PER_BLOCK:
                yield "".join(block).encode()
                block = []
    if block:
        yield "".join(block).encode()


@contextlib.contextmanager
def written_in(language: str) -> Iterator[None]:
    """While an export's rows are read: names and labels in ``language``, the export's."""
    with translation.override(language):
        token = EXPORT_LANGUAGE.set(language[:2])
        try:
            yield
        finally:
            EXPORT_LANGUAGE.reset(token)


def filename_word(text: str) -> str:
    """``text`` in the letters a-z, digits and hyphens: accents dropped, letters of other scripts left out."""
    words = slugify(re.sub(r"[\W_]+", " ", str(text)))
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def export_filename(*words: str, extension: str = "csv") -> str:
    """A download's name: ``words`` joined by hyphens, as in ``participations-kut-1404-07.csv``.

    Only a-z, 0-9 and hyphens, so that every browser and file system keeps the name as it is and
    the Content-Disposition header needs no quoting. Empty words are left out.
    """
    stem = "-".join(word for word in map(filename_word, words) if word)[:FILENAME_LENGTH].strip("-")
    return f"{stem or 'export'}.{filename_word(extension) or 'csv'}"


def attachment(filename: str) -> str:
    """The Content-Disposition header of a download named ``filename``, a CSV or an XLSX file alike."""
    return content_disposition_header(True, filename)


def csv_response(
    queryset: QuerySet, columns: Sequence[Column | ManyColumn], *, filename: str, bom: bool = True
) -> StreamingHttpResponse:
    language = translation.get_language() or "en"
    headers = [str(column.header) for column in columns]
    response = StreamingHttpResponse(
        _csv_blocks(iter_rows(queryset, columns), headers, bom=bom, language=language),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = attachment(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
