import csv
import datetime
import decimal
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy as _

from crafts.exports import Column, ManyColumn, csv_lines, iter_rows, label, safe_cell
from crafts.i18n import EXPORT_LANGUAGE
from crafts.models import CraftCategory
from exhibitions.models import Participation
from tests.factories import CraftCategoryFactory, ParticipationFactory


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+98 912 000 0000", "'+98 912 000 0000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("\0nul", "'\0nul"),
        ("گلیم برجسته", "گلیم برجسته"),
        ("a=b", "a=b"),
        (15, 15),
        (-3, -3),
        (decimal.Decimal("2.5"), decimal.Decimal("2.5")),
        (datetime.date(2025, 10, 10), "2025-10-10"),
        (None, ""),
        (True, "1"),
    ],
)
def test_safe_cell_defuses_formulas_and_keeps_numbers(value, cell):
    assert safe_cell(value) == cell


def test_csv_lines_start_with_a_bom_only_when_asked():
    rows = [["=1+1", 7]]

    with_bom = b"".join(csv_lines(rows, ["name", "count"], bom=True, language="en"))
    without = b"".join(csv_lines(rows, ["name", "count"], bom=False, language="en"))

    assert with_bom == b"\xef\xbb\xbfname,count\r\n'=1+1,7\r\n"
    assert without == b"name,count\r\n'=1+1,7\r\n"


@pytest.mark.django_db
def test_iter_rows_reads_in_chunks_by_key_without_offset():
    categories = CraftCategoryFactory.create_batch(7)
    columns = [Column("name", ("name_en",)), Column("slug", ("slug",))]

    with CaptureQueriesContext(connection) as queries:
        rows = list(iter_rows(CraftCategory.objects.all(), columns, chunk_size=3))

    assert rows == [[c.name_en, c.slug] for c in sorted(categories, key=lambda c: c.pk)]
    selects = [q["sql"] for q in queries.captured_queries]
    assert len(selects) == 3  # 3 + 3 + 1 rows
    assert all("OFFSET" not in sql.upper() for sql in selects)


@pytest.mark.django_db
def test_iter_rows_lists_related_rows_once_per_chunk():
    kilim = CraftCategoryFactory(name_en="Kilim", slug="kilim")
    pottery = CraftCategoryFactory(name_en="Pottery", slug="pottery")
    first, second, third = ParticipationFactory.create_batch(3)
    first.crafts_shown.add(kilim, pottery)
    second.crafts_shown.add(pottery)
    columns = [
        Column("artisan", ("artisan__name_latin",)),
        ManyColumn("crafts", "crafts_shown", ("name_en",)),
    ]

    with CaptureQueriesContext(connection) as queries:
        rows = list(iter_rows(Participation.objects.all(), columns, chunk_size=2))

    assert rows == [
        [first.artisan.name_latin, "Kilim; Pottery"],
        [second.artisan.name_latin, "Pottery"],
        [third.artisan.name_latin, ""],
    ]
    assert len(queries) == 4  # two chunks, each: the rows, then their crafts


def test_csv_lines_round_trip_through_csv_reader():
    rows = [["مریم کریمی", 'Maryam, "the weaver"', 3], ["علی", "line\nbreak", 0]]

    data = b"".join(csv_lines(rows, ["نام", "name", "n"], bom=True, language="fa")).decode("utf-8-sig")

    assert list(csv.reader(io.StringIO(data, newline=""))) == [
        ["نام", "name", "n"],
        ["مریم کریمی", 'Maryam, "the weaver"', "3"],
        ["علی", "line\nbreak", "0"],
    ]


def test_label_gives_each_export_its_own_language_and_leaves_none_behind():
    role = label([("exhibitor", _("exhibitor"))])

    persian = b"".join(csv_lines(([role("exhibitor")] for _ in range(2)), ["role"], bom=False, language="fa"))
    english = b"".join(csv_lines(([role("exhibitor")] for _ in range(1)), ["role"], bom=False, language="en"))

    assert persian.decode().splitlines()[1:] == ["غرفه‌دار", "غرفه‌دار"]
    assert english.decode().splitlines()[1:] == ["exhibitor"]
    assert EXPORT_LANGUAGE.get() is None
