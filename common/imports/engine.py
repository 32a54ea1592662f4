"""An import: a spreadsheet's rows checked, shown, and written as one batch that can be undone.

A kind of record (``ImportKind``: artisans, participations) says which columns it reads, how a row
finds the record it updates, and how new and changed records are written. The engine reads the
file (``files``), finds the columns by their headers in any of the three languages, and goes
through the rows in chunks of ``CHUNK`` (one query per chunk for what they name, never one per
row). Each row comes out as new, update, unchanged, possible duplicate or error, with the fields
that would change and the errors in plain words with their column.

``run(..., write=False)`` only looks: the preview. ``write=True`` writes every good row in one
transaction, with an ``ImportBatch`` that names what each row created or changed, so that the
batch can be undone; without ``skip_errors`` a file with an error writes nothing.
"""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..i18n import LANGUAGE_CODES
from . import files
from .cells import CellError, folded

CHUNK = 1000
# The outcomes of a row, in the order the summary names them.
NEW, UPDATED, UNCHANGED, DUPLICATE, ERROR = "new", "updated", "unchanged", "duplicate", "error"
OUTCOMES = (NEW, UPDATED, UNCHANGED, DUPLICATE, ERROR)


@dataclass(frozen=True)
class Column:
    """A column a kind reads: the row's ``key``, its header (a lazy translation, matched in every
    language, and ``aliases``), and how its cell becomes a value (``read``, which raises
    ``CellError``)."""

    key: str
    header: object
    read: Callable[[str], object]
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        names = {folded(alias) for alias in self.aliases}
        for code in LANGUAGE_CODES:
            with override(code):
                names.add(folded(str(self.header)))
        return names


@dataclass
class Row:
    """One row of the file and what the import makes of it."""

    number: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    outcome: str = ""
    record: object = None  # the record it updates, or the one it would duplicate
    changes: dict = field(default_factory=dict)  # {key: (stored, new)}
    candidates: list = field(default_factory=list)  # possible duplicates

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))
        self.outcome = ERROR

    def describe_candidates(self) -> str:
        """The records (or earlier rows) this row may be a duplicate of."""
        return ", ".join(
            _("row %(row)s") % {"row": other.number}
            if isinstance(other, Row | Seen)
            else " ".join(filter(None, [getattr(other, "registry_number", ""), str(other)]))
            for other in self.candidates
        )

    def describe_errors(self) -> str:
        return "; ".join(
            _("row %(row)s, %(column)s: %(message)s") % {"row": self.number, "column": column, "message": message}
            for column, message in self.errors
        )


class Seen(NamedTuple):
    """An earlier row of the file, kept by what tells it apart (a row is much larger)."""

    number: int
    values: dict


class ImportKind:
    """What an import of one kind of record reads and writes: see ``registry.imports``."""

    name = ""
    model = None
    columns: tuple[Column, ...] = ()
    # The keys of the columns a file must have (or see ``missing_columns``).
    required: tuple[str, ...] = ()
    # Headers of columns our exports write that an import reads past (counts, flags it derives).
    derived: tuple[object, ...] = ()
    # The file's header of each column read, by key: set by ``run``.
    headers: dict[str, str] = {}  # replaced by run, never changed in place

    def written_models(self) -> list:
        """The models whose tables an import of this kind fills (``Statistics``)."""
        return [self.model]

    def header(self, key: str):
        """The header of the column ``key``, as errors name it."""
        return next(column.header for column in self.columns if column.key == key)

    def language_of(self, key: str, default: str) -> str:
        """The language whose header the file gives the column ``key`` (set in ``headers`` by
        ``run``): a file exported in Persian has its texts in Persian. ``default`` if none says."""
        written = folded(self.headers.get(key, ""))
        label = self.header(key)
        for code in LANGUAGE_CODES:
            with override(code):
                if folded(str(label)) == written:
                    return code
        return default

    def missing_columns(self, keys: set[str]) -> list[Column]:
        """The columns the file needs and lacks, given the keys of those it has."""
        return [column for column in self.columns if column.key in self.required and column.key not in keys]

    def example(self) -> dict[str, str]:
        """{column key: text} of the template's example row."""
        return {}

    def prepare(self) -> None:
        """Read what every row may name (places, crafts), once per import."""

    def check(self, rows: list[Row], decisions: dict[int, str]) -> None:
        """Set each row's outcome, record and changes (its values are read)."""
        raise NotImplementedError

    def write(self, rows: list[Row], batch) -> None:
        """Write the rows that are new or updated, and name them in ``batch``."""
        raise NotImplementedError

    def derived_names(self) -> set[str]:
        names = set()
        for header in self.derived:
            for code in LANGUAGE_CODES:
                with override(code):
                    names.add(folded(str(header)))
        return names


@dataclass
class Result:
    """What an import found (and wrote): counts per outcome, the rows worth showing, the columns."""

    counts: Counter = field(default_factory=Counter)
    shown: list[Row] = field(default_factory=list)
    error_rows: list[Row] = field(default_factory=list)
    duplicates: list[Row] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    columns: dict[int, Column] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    batch: object = None

    def summary(self) -> str:
        counts = self.counts
        return _(
            "%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(duplicate)s possible duplicates, "
            "%(error)s errors"
        ) % {outcome: counts[outcome] for outcome in OUTCOMES}


def touched(batch, model_label: str, action: str = ""):
    """The ids of the ``model_label`` records ``batch`` touched (created or updated, or only
    ``action``), as a subquery: a batch of 100,000 records would pass SQLite's limit of parameters."""
    from ..models import ImportedRecord

    records = ImportedRecord.objects.filter(batch=batch, model=model_label)
    return (records.filter(action=action) if action else records).values("object_id")


def edited_since(history, batch, key: str = "id") -> set[int]:
    """The records in ``history`` (a historical model's rows, narrowed to the batch's records)
    that anyone else changed after ``batch``: a clerk, another import."""
    later = history.filter(history_date__gt=batch.created_at).exclude(history_change_reason=batch.change_reason)
    return set(later.values_list(key, flat=True))


class ImportRefused(Exception):
    """The file cannot be imported as a whole (an unreadable file, missing or doubled columns)."""


def match_columns(kind: ImportKind, header: list[str]) -> tuple[dict[int, Column], list[str]]:
    """{position: column} of the header's columns the kind reads, and the headers it reads past."""
    names = {name: column for column in kind.columns for name in column.names()}
    derived = kind.derived_names()
    found: dict[int, Column] = {}
    seen: dict[str, str] = {}
    ignored = []
    for position, text in enumerate(header):
        column = names.get(folded(text))
        if column is None:
            if text and folded(text) not in derived:
                ignored.append(text)
            continue
        if column.key in seen:
            raise ImportRefused(
                _("Two columns are headed %(first)s and %(second)s: they mean the same. Keep one.")
                % {"first": seen[column.key], "second": text}
            )
        seen[column.key] = text
        found[position] = column
    return found, ignored


def checksum(data) -> str:
    digest = hashlib.sha256()
    data.seek(0)
    while chunk := data.read(1 << 20):
        digest.update(chunk)
    data.seek(0)
    return digest.hexdigest()


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_rows(kind: ImportKind, sheet: files.Sheet, columns: dict[int, Column]) -> Iterator[Row]:
    headers = {position: sheet.header[position] for position in columns}
    for number, cells in sheet.rows:
        row = Row(number=number, cells={})
        for position, column in columns.items():
            text = cells[position] if position < len(cells) else ""
            row.cells[column.key] = str(text)
            if isinstance(text, files.Formula):
                row.error(headers[position], _("a formula (%(formula)s), not a value") % {"formula": text.text})
                continue
            try:
                value = column.read(text)
            except CellError as error:
                row.error(headers[position], str(error))
                continue
            row.values[column.key] = value
        yield row


def run(
    kind: ImportKind,
    data,
    *,
    file_name: str = "",
    user=None,
    write: bool = False,
    skip_errors: bool = False,
    decisions: dict[int, str] | None = None,
    most_rows: int | None = None,
    shown_rows: int = 500,
) -> Result:
    """Check (and with ``write``, write) the file ``data`` as rows of ``kind``.

    ``decisions`` settles possible duplicates by row number: "new" creates the record, "<id>"
    updates that record instead. Without a decision a possible duplicate is not written.
    Raises ``ImportRefused`` for a file that cannot be imported at all.
    """
    from ..models import ImportBatch

    digest = checksum(data) if write else ""
    try:
        sheet = files.open_sheet(data)
    except files.UnreadableFile as error:
        raise ImportRefused(str(error)) from error
    columns, ignored = match_columns(kind, sheet.header)
    missing = kind.missing_columns({column.key for column in columns.values()})
    if missing:
        raise ImportRefused(
            _("The file has no column %(columns)s. The first row must name the columns, as the template does.")
            % {"columns": ", ".join(str(column.header) for column in missing)}
        )
    result = Result(header=sheet.header, columns=columns, ignored=ignored)
    kind.headers = {column.key: sheet.header[position] for position, column in columns.items()}
    rows = sheet.rows if most_rows is None else files.limited(sheet.rows, most_rows)
    sheet.rows = rows
    kind.prepare()
    decisions = decisions or {}

    def checked() -> Iterator[list[Row]]:
        try:
            for chunk in chunks(read_rows(kind, sheet, columns), CHUNK):
                kind.check(chunk, decisions)
                yield chunk
        except files.UnreadableFile as error:
            raise ImportRefused(str(error)) from error

    if not write:
        for chunk in checked():
            tally(result, chunk, shown_rows)
        return result
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(kind=kind.name, file_name=file_name[:255], checksum=digest, user=user)
            statistics = Statistics(kind)
            for chunk in checked():
                tally(result, chunk, shown_rows)
                written = [row for row in chunk if row.outcome in (NEW, UPDATED)]
                kind.write(written, batch)
                statistics.after(len(written))
            if result.counts[ERROR] and not skip_errors:
                transaction.set_rollback(True)
                return result
            batch.record_counts(result.counts)
            result.batch = batch
    except DatabaseError as error:
        # A record written meanwhile by someone else (a slug, a participation), or a value the
        # checks let through: the transaction is rolled back, nothing is half written.
        raise ImportRefused(
            # One line: PostgreSQL adds the DETAIL of a refusal on lines of its own.
            _("The database refused the import, so nothing was written: %(error)s")
            % {"error": " ".join(str(error).split())}
        ) from error
    return result


class Statistics:
    """PostgreSQL's statistics of the tables an import writes, made again each time it has doubled
    the rows it wrote. The planner reads the tables' sizes from statistics made before the import:
    a trigger's query that found a table of 2,000 craft links small enough to read whole read
    150,000 by the end of a 100,000-row import, for each statement (70 ms each instead of 3). An
    ``ANALYZE`` in the import's transaction counts the rows it wrote."""

    FIRST = 2 * CHUNK

    def __init__(self, kind: "ImportKind"):
        self.tables = [model._meta.db_table for model in kind.written_models()]
        self.written, self.next = 0, self.FIRST

    def after(self, rows: int) -> None:
        from django.db import connection

        self.written += rows
        if connection.vendor != "postgresql" or self.written < self.next:
            return
        self.next = 2 * self.written
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(table) for table in self.tables)}")


def tally(result: Result, chunk: list[Row], shown_rows: int) -> None:
    for row in chunk:
        result.counts[row.outcome] += 1
        if row.outcome == ERROR:
            result.error_rows.append(row)
        elif row.outcome == DUPLICATE:
            result.duplicates.append(row)
        if row.outcome != UNCHANGED and len(result.shown) < shown_rows:
            result.shown.append(row)
