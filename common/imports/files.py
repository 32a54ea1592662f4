"""Reading an office's spreadsheet: XLSX, ODS or CSV (UTF-8 with or without a byte-order mark, or
Windows-1256, the code page Excel writes Persian CSV in), one row at a time.

The kind of file is told by its first bytes, never by its name: a ZIP holding ``xl/workbook.xml``
is a workbook, one whose ``mimetype`` says so an OpenDocument spreadsheet, anything else that
decodes as text a CSV. Every reader streams: openpyxl's read-only mode for XLSX, an incremental
XML parse of ``content.xml`` for ODS (odfpy, the usual library, builds the whole document in
memory first), and the csv module over a decoding stream. A ZIP whose parts would unpack to more
than ``UNPACKED_LIMIT`` bytes, or at more than ``RATIO_LIMIT`` times their packed size, is
refused before anything is unpacked.

Cells come out as text, as the clerk typed or the program shows them: numbers without a useless
".0", dates in ISO. A cell that holds a formula comes out as ``Formula``, which the importer turns
into an error with the row and column.
"""

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext as _

# A workbook's parts may unpack to at most this much, and at most this many times their size.
UNPACKED_LIMIT = 256 * 2**20
RATIO_LIMIT = 200
# Characters of a CSV line, which the csv module would otherwise read without end.
FIELD_LIMIT = 1_000_000
# Empty rows read in a row before the rest of a sheet is taken to be empty (formatted, not filled).
EMPTY_RUN_LIMIT = 1000


class UnreadableFile(Exception):
    """A file that is not a spreadsheet we can read, with why, in the reader's language."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: ``text`` as it is written."""

    text: str

    def __str__(self):
        return self.text


@dataclass
class Sheet:
    """The header row and an iterator of (row number, cells) after it; ``kind`` names the format."""

    kind: str
    header: list[str]
    rows: Iterator[tuple[int, list]]


def open_sheet(data) -> Sheet:
    """The first sheet of the file ``data`` (a binary file object, seekable)."""
    head = data.read(8)
    data.seek(0)
    if not head:
        raise UnreadableFile(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return _workbook(data)
    if b"\x00" in head or head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise UnreadableFile(
            _("This is not a spreadsheet: save it as XLSX, ODS or CSV (an old .xls file as XLSX) and try again.")
        )
    return _csv(data)


def _header_and_rows(kind: str, rows: Iterator[tuple[int, list]]) -> Sheet:
    for _number, cells in rows:
        if any(_text(cell) for cell in cells):
            return Sheet(kind, [_text(cell).strip() for cell in cells], _skip_empty_tail(rows))
    raise UnreadableFile(_("The file has no header row: it is empty."))


def _skip_empty_tail(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The rows with something in them; a long run of empty rows ends the sheet (spreadsheet
    programs keep a million formatted empty rows after the data)."""
    empty = 0
    for number, cells in rows:
        if any(_text(cell) for cell in cells):
            empty = 0
            yield number, cells
        else:
            empty += 1
            if empty >= EMPTY_RUN_LIMIT:
                return


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Formula):
        return cell.text
    return str(cell)


# CSV


def _csv(data) -> Sheet:
    encoding = _encoding_of(data)
    text = codecs.getreader(encoding)(data, errors="strict")
    csv.field_size_limit(FIELD_LIMIT)
    sample = text.read(64 * 1024)
    data.seek(0)
    text = codecs.getreader(encoding)(data, errors="strict")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text, dialect)

    def rows() -> Iterator[tuple[int, list]]:
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _("The file is not text in %(encoding)s after byte %(byte)s: save it again as CSV UTF-8.")
                % {"encoding": encoding, "byte": error.start}
            ) from error
        except csv.Error as error:
            raise UnreadableFile(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error

    return _header_and_rows("csv", rows())


def _encoding_of(data) -> str:
    """UTF-8 (with or without a byte-order mark) if the file decodes as UTF-8, else Windows-1256."""
    head = data.read(3)
    data.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := data.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1256"
    finally:
        data.seek(0)


# ZIP-based workbooks


def _workbook(data) -> Sheet:
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(
            _("The file looks like a workbook but is damaged: %(error)s") % {"error": error}
        ) from error
    names = set(archive.namelist())
    unpacked = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if unpacked > UNPACKED_LIMIT or unpacked > RATIO_LIMIT * packed:
        raise UnreadableFile(
            _("The workbook would unpack to %(size)s MB: too large to read. Save it as CSV, or split it.")
            % {"size": unpacked // 2**20}
        )
    if "xl/workbook.xml" in names:
        return _xlsx(data)
    if {"content.xml", "mimetype"} <= names and archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument.spread"
    ):
        return _ods(archive)
    raise UnreadableFile(_("This ZIP file is not a spreadsheet: save it as XLSX, ODS or CSV and try again."))


def _xlsx(data) -> Sheet:
    import openpyxl

    try:
        book = openpyxl.load_workbook(data, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("The workbook cannot be read: %(error)s") % {"error": error}) from error
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise UnreadableFile(_("The workbook has no sheet."))

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield number, [_xlsx_cell(cell) for cell in row]
        finally:
            book.close()

    return _header_and_rows("xlsx", rows())


def _xlsx_cell(cell):
    value = cell.value
    if cell.data_type == "f":
        return Formula(str(value))
    return _plain(value)


def _plain(value):
    """A cell's value as text: whole numbers without ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# OpenDocument: office:spreadsheet > table:table > table:table-row > table:table-cell
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
# Repeated cells or rows beyond these are formatting, not data.
REPEAT_LIMIT = 1024


def _ods(archive: zipfile.ZipFile) -> Sheet:
    def rows() -> Iterator[tuple[int, list]]:
        number = 0
        with archive.open("content.xml") as content:
            events = iterparse(content, events=("start", "end"))
            tables = 0
            for event, element in events:
                if element.tag == f"{{{TABLE}}}table":
                    if event == "start":
                        tables += 1
                    elif tables == 1:
                        return  # the first sheet only
                if event != "end" or element.tag != f"{{{TABLE}}}table-row" or tables != 1:
                    continue
                cells = []
                for cell in element:
                    if cell.tag not in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                        continue
                    repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1")), REPEAT_LIMIT)
                    cells.extend([_ods_cell(cell)] * repeat)
                while cells and cells[-1] == "":
                    cells.pop()
                repeat = min(int(element.get(f"{{{TABLE}}}number-rows-repeated", "1")), REPEAT_LIMIT)
                element.clear()
                for _copy in range(repeat):
                    number += 1
                    yield number, list(cells)

    return _header_and_rows("ods", rows())


def _ods_cell(cell):
    formula = cell.get(f"{{{TABLE}}}formula")
    if formula:
        return Formula(formula.removeprefix("of:"))
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        return _plain(float(cell.get(f"{{{OFFICE}}}value")))
    if kind == "date":
        return cell.get(f"{{{OFFICE}}}date-value", "")[:10]
    if kind == "boolean":
        return "1" if cell.get(f"{{{OFFICE}}}boolean-value") == "true" else "0"
    paragraphs = ["".join(paragraph.itertext()) for paragraph in cell.iter(f"{{{TEXT}}}p")]
    return "\n".join(paragraphs)


def limited(rows: Iterator[tuple[int, list]], most: int) -> Iterator[tuple[int, list]]:
    """``rows``, and an error once there are more than ``most`` of them."""
    for count, row in enumerate(rows, start=1):
        if count > most:
            raise UnreadableFile(
                _("The file has more than %(most)s rows. Split it into smaller files, or use the command line.")
                % {"most": f"{most:,}"}
            )
        yield row
