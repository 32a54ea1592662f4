"""A kind's template: an XLSX file with the header row in the reader's language and one example
row, which the import reads back as it reads any file (the example is the clerk's to replace)."""

from ..spreadsheets import write_workbook
from .engine import ImportKind


def write_template(kind: ImportKind, target) -> None:
    from django.utils.translation import get_language_bidi

    headers = [str(column.header) for column in kind.columns]
    example = kind.example()
    row = [example.get(column.key, "") for column in kind.columns]
    write_workbook(target, headers, [row], title=kind.name, right_to_left=get_language_bidi())
