import csv
import datetime
import decimal
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Label, ManyColumn, csv_response, iter_rows, safe_cell
from common.i18n import EXPORT_LANGUAGE, in_language
from crafts.models import CraftCategory
from exhibitions.models import Exhibition, Participation
from tests.factories import ArtisanFactory, CraftCategoryFactory, ExhibitionFactory, ParticipationFactory
from tests.query_counts import queries


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


def download(queryset, columns, *, bom: bool = True, language: str = "en") -> bytes:
    """The file a user downloads: ``csv_response`` streamed to the end."""
    with translation.override(language):
        response = csv_response(queryset, columns, filename="export.csv", bom=bom)
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_csv_response_starts_with_a_bom_only_when_asked():
    CraftCategoryFactory(name_en="=1+1")  # a top-level category: depth 0
    columns = [Column("=name", ("name_en",)), Column("depth", ("depth",))]

    with_bom = download(CraftCategory.objects.all(), columns, bom=True)
    without = download(CraftCategory.objects.all(), columns, bom=False)

    assert with_bom == b"\xef\xbb\xbf'=name,depth\r\n'=1+1,0\r\n"
    assert without == b"'=name,depth\r\n'=1+1,0\r\n"


@pytest.mark.django_db
def test_iter_rows_reads_in_chunks_by_key_without_offset():
    categories = CraftCategoryFactory.create_batch(7)
    columns = [Column("name", ("name_en",)), Column("slug", ("slug",))]

    with CaptureQueriesContext(connection) as captured:
        rows = list(iter_rows(CraftCategory.objects.all(), columns, chunk_size=3))

    assert rows == [[c.name_en, c.slug] for c in sorted(categories, key=lambda c: c.pk)]
    selects = [q["sql"] for q in captured.captured_queries]
    assert len(selects) == queries(reads=["rows 1-3", "rows 4-6", "row 7"])
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

    with CaptureQueriesContext(connection) as captured:
        rows = list(iter_rows(Participation.objects.all(), columns, chunk_size=2))

    assert rows == [
        [first.artisan.name_latin, "Kilim; Pottery"],
        [second.artisan.name_latin, "Pottery"],
        [third.artisan.name_latin, ""],
    ]
    # Each chunk's rows come with the ids of their crafts; the second chunk names none to read.
    assert len(captured) == queries(reads=["rows 1-2", "their crafts", "row 3"])


@pytest.mark.django_db
def test_iter_rows_reads_each_row_named_via_a_key_once_per_export():
    kut, ilam = ExhibitionFactory(title_en="Kut"), ExhibitionFactory(title_en="=Ilam")
    participations = [ParticipationFactory(exhibition=exhibition) for exhibition in (kut, kut, kut, ilam, kut)]
    columns = [
        Column("artisan", ("artisan__name_latin",)),
        Column("exhibition", ("title_en",), via="exhibition"),
        Column("slug", ("slug",), via="exhibition"),
    ]

    with CaptureQueriesContext(connection) as captured:
        rows = list(iter_rows(Participation.objects.all(), columns, chunk_size=2))

    # Cells read via a key are defused like any other: "=Ilam" would be a formula.
    assert rows == [
        [p.artisan.name_latin, "Kut" if p.exhibition == kut else "'=Ilam", p.exhibition.slug] for p in participations
    ]
    selects = [q["sql"] for q in captured.captured_queries]
    exhibitions = [sql for sql in selects if 'FROM "exhibitions_exhibition"' in sql]
    # Kut is read once, with the first chunk, though the second and third name it too.
    assert len(selects) == queries(reads=["rows 1-2", "Kut", "rows 3-4", "Ilam", "row 5"])
    assert len(exhibitions) == 2


@pytest.mark.django_db
def test_iter_rows_reads_an_empty_key_as_a_left_join_would():
    homeless = ParticipationFactory(artisan=ArtisanFactory(home_place=None))
    columns = [
        Column("home place", ("name_en", "name_fa", "name_ar"), in_language, via="artisan__home_place"),
        Column("home place slug", ("slug",), via="artisan__home_place"),
    ]

    rows = list(iter_rows(Participation.objects.filter(pk=homeless.pk), columns))

    assert rows == [["", ""]]


@pytest.mark.django_db
def test_iter_rows_lists_related_rows_in_the_order_of_their_fields_and_defuses_the_cell():
    weaving = CraftCategoryFactory(name_en="Weaving", slug="weaving")
    carving = CraftCategoryFactory(name_en="@Carving", slug="carving")
    kilim = CraftCategoryFactory(name_en="Kilim", slug="kilim")
    participation = ParticipationFactory()
    participation.crafts_shown.add(kilim, weaving, carving)
    columns = [ManyColumn("crafts", "crafts_shown", ("name_en",))]

    rows = list(iter_rows(Participation.objects.all(), columns))

    assert rows == [["'@Carving; Kilim; Weaving"]]


@pytest.mark.django_db
def test_iter_rows_lists_the_rows_of_a_reverse_relation():
    kut, empty = ExhibitionFactory(), ExhibitionFactory()
    ParticipationFactory(exhibition=kut, artisan__name_latin="Maryam")
    ParticipationFactory(exhibition=kut, artisan__name_latin="Ali")
    columns = [Column("slug", ("slug",)), ManyColumn("artisans", "participations", ("artisan__name_latin",))]

    rows = list(iter_rows(Exhibition.objects.filter(pk__in=[kut.pk, empty.pk]), columns))

    assert rows == [[kut.slug, "Ali; Maryam"], [empty.slug, ""]]


@pytest.mark.django_db
def test_iter_rows_lists_the_rows_of_a_reverse_many_to_many_relation():
    kilim = CraftCategoryFactory(slug="kilim")
    ExhibitionFactory(title_en="Kut").crafts_shown.add(kilim)
    ExhibitionFactory(title_en="Ilam").crafts_shown.add(kilim)
    columns = [ManyColumn("exhibitions", "exhibitions", ("title_en",))]

    rows = list(iter_rows(CraftCategory.objects.filter(pk=kilim.pk), columns))

    assert rows == [["Ilam; Kut"]]


@pytest.mark.django_db
def test_csv_response_round_trips_through_csv_reader():
    CraftCategoryFactory(name_fa="مریم کریمی", name_en='Maryam, "the weaver"', slug="a")
    CraftCategoryFactory(name_fa="علی", name_en="line\nbreak", slug="b")
    columns = [Column("نام", ("name_fa",)), Column("name", ("name_en",)), Column("slug", ("slug",))]

    data = download(CraftCategory.objects.all(), columns, language="fa").decode("utf-8-sig")

    assert list(csv.reader(io.StringIO(data, newline=""))) == [
        ["نام", "name", "slug"],
        ["مریم کریمی", 'Maryam, "the weaver"', "a"],
        ["علی", "line\nbreak", "b"],
    ]


@pytest.mark.django_db
def test_a_label_column_gives_each_export_its_own_language_and_leaves_none_behind():
    ParticipationFactory.create_batch(2, role="exhibitor")
    columns = [Column("role", ("role",), Label([("exhibitor", _("exhibitor"))]))]

    def export(language: str) -> list[str]:
        return download(Participation.objects.all(), columns, bom=False, language=language).decode().splitlines()[1:]

    assert export("fa") == ["غرفه‌دار", "غرفه‌دار"]
    assert export("en") == ["exhibitor", "exhibitor"]
    assert EXPORT_LANGUAGE.get() is None
