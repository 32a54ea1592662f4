"""XLSX downloads: the rows a page exports (``common.exports``) as a workbook that opens as it should
in Excel and LibreOffice Calc.

XlsxWriter's constant-memory mode writes each row to a temporary file once the next begins, so a
worker's memory stays flat whatever the number of rows; the workbook is put together after the
last row and sent from a temporary file, which goes when the response is closed. The sheet reads
right to left in Persian and Arabic, the header row stays in view, and the columns are as wide as
their first rows need. Dates are dates and numbers numbers; every text is stored as text, so a
cell that looks like a formula is shown, never evaluated (the CSV needs an apostrophe for that).
The Solar Hijri columns of Persian files stay text: no spreadsheet program has that calendar.

A sheet holds 1,048,576 rows in Excel and Calc alike. A larger selection is refused before any row
is written (``rows_beyond_a_sheet``), with a message that offers the CSV, which has no such limit.
"""

import datetime
import decimal
import itertools
import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .exports import Column, ManyColumn, attachment, iter_rows, written_in
from .i18n import format_number

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of data in one sheet: the programs' limit, less the header row.
SHEET_ROWS = 1_048_576 - 1
# Rows read before the columns' widths are set, and the widest a column is made (in characters).
MEASURED_ROWS = 200
WIDEST = 60
DATE_FORMAT = "yyyy-mm-dd"
# Characters a sheet's name may not hold, and its length (Excel's rules).
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31


def typed_cell(value):
    """A value as the sheet should hold it: text, a number, a date, a yes/no, or nothing."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    return str(value)


def rows_beyond_a_sheet(queryset: QuerySet) -> bool:
    """Whether ``queryset`` selects more rows than a sheet holds: a count that stops one row past it."""
    return queryset.order_by()[: SHEET_ROWS + 1].count() > SHEET_ROWS


def too_many_rows_message() -> str:
    return _(
        "These rows are more than a spreadsheet sheet holds (%(limit)s). Download them as CSV, or "
        "choose fewer with the filters."
    ) % {"limit": format_number(SHEET_ROWS)}


def width_of(value) -> int:
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    return len(str(value)) if value is not None else 0


def sheet_name(title: str) -> str:
    return " ".join(title.translate(SHEET_NAME_FORBIDDEN).split())[:SHEET_NAME_LENGTH] or "Sheet1"


def write_workbook(
    target, headers: Sequence[str], rows: Iterable[Sequence], *, title: str, right_to_left: bool = False
) -> int:
    """Write ``rows`` (typed cells, see ``typed_cell``) under ``headers`` into one sheet of an XLSX
    workbook at ``target`` (a path or a binary file); the number of rows written."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Text stays text: never read as a formula, a number or a link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": DATE_FORMAT,
            "remove_timezone": True,
        },
    )
    sheet = workbook.add_worksheet(sheet_name(title))
    if right_to_left:
        sheet.right_to_left()
    header_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    writers = {
        str: sheet.write_string,
        int: sheet.write_number,
        float: sheet.write_number,
        bool: sheet.write_boolean,
    }

    def write(number: int, row: Sequence) -> None:
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, date_format)
            else:
                # A text in a language (common.i18n.TextIn) is text.
                writers.get(type(value), sheet.write_string)(number, column, value)

    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, header_format)
    sheet.freeze_panes(1, 0)
    rows = iter(rows)
    first = list(itertools.islice(rows, MEASURED_ROWS))
    for column, header in enumerate(headers):
        widest = max((width_of(row[column]) for row in first), default=0)
        sheet.set_column(column, column, min(max(widest, min(len(header), 20), 6) + 2, WIDEST))
    written = 0
    for written, row in enumerate(itertools.chain(first, rows), start=1):
        write(written, row)
    workbook.close()
    return written


def xlsx_response(
    queryset: QuerySet, columns: Sequence[Column | ManyColumn], *, filename: str, title: str
) -> FileResponse:
    """The download of ``queryset``'s rows in ``columns``: the caller has checked that they fit in
    a sheet (``rows_beyond_a_sheet``)."""
    headers = [str(column.header) for column in columns]
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    try:
        with written_in(translation.get_language() or "en"):
            rows = iter_rows(queryset, columns, cell=typed_cell)
            write_workbook(target, headers, rows, title=title, right_to_left=translation.get_language_bidi())
        target.seek(0)
    except BaseException:
        target.close()
        raise
    response = FileResponse(target, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = attachment(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
