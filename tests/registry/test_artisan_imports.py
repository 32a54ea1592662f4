"""Artisans from spreadsheets, as staff scripts and the checks run them: ``import_records`` and
``undo_import``, every format and encoding, the outcomes of a row, duplicates across scripts, undo,
and the files a hostile or careless clerk might bring."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from common import imports, spreadsheets, totals
from common.imports import files
from common.models import ImportBatch
from common.transliteration import name_key
from registry.imports import ArtisanImport
from registry.models import Artisan, ArtisanCraft, PublicationStatus
from tests.factories import ArtisanCraftFactory, ArtisanFactory, CityFactory, CraftCategoryFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

HEADER = ["name", "name in Latin script", "birth year", "home place", "crafts", "consent to publish"]


@pytest.fixture
def office():
    ilam = ProvinceFactory(name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam")
    city = CityFactory(parent=ilam, name_en="Ilam", name_fa="ایلام", slug="ilam-city")
    kilim = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    pottery = CraftCategoryFactory(name_en="Pottery", name_fa="سفالگری", slug="pottery")
    kiani = ArtisanFactory(
        name="علی کیانی", name_latin="Ali Kiani", birth_year=1981, home_place=city, registry_number="ILM-2025-00007"
    )
    ArtisanCraftFactory(artisan=kiani, craft=kilim, is_primary=True)
    return {"ilam": ilam, "city": city, "kilim": kilim, "pottery": pottery, "kiani": kiani}


def csv_file(tmp_path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", name: str = "list.csv") -> Path:
    path = tmp_path / name
    text = "\r\n".join(",".join(cells) for cells in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_file(tmp_path: Path, rows: list[list], name: str = "list.xlsx") -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def ods_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one: text cells, a repeated empty tail."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>' for cell in row
        )
        + '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{table}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{cells}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "list.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def import_records(path: Path, *options: str) -> tuple[int, list[str]]:
    """The command's exit status and its lines."""
    out = io.StringIO()
    try:
        call_command("import_records", str(path), "--kind", "artisans", *options, stdout=out)
        status = 0
    except CommandError as error:
        status = error.returncode
        out.write(str(error) + "\n")
    return status, out.getvalue().splitlines()


def summary(lines: list[str]) -> str:
    return next(line for line in reversed(lines) if line.endswith(" errors"))


def batch_of(lines: list[str]) -> ImportBatch:
    [line] = [line for line in lines if line.startswith("batch ")]
    return ImportBatch.objects.get(pk=int(line.split()[1]))


def assert_totals_right():
    for summary_table in totals.summary_tables():
        assert totals.differences(summary_table) == [], summary_table.db_table


NEW_ROWS = [
    HEADER,
    ["زهرا احمدی", "Zahra Ahmadi", "1985", "Ilam", "Kilim; Pottery", "yes"],
    ["سارا نوری", "", "", "", "", ""],
]


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp, rows: csv_file(tmp, rows),
        lambda tmp, rows: csv_file(tmp, rows, encoding="utf-8"),
        lambda tmp, rows: xlsx_file(tmp, rows),
        lambda tmp, rows: ods_file(tmp, rows),
    ],
    ids=["csv utf-8 with bom", "csv utf-8", "xlsx", "ods"],
)
def test_new_artisans_come_in_from_every_format(tmp_path, office, make):
    status, lines = import_records(make(tmp_path, NEW_ROWS))

    assert status == 0, lines
    assert summary(lines) == "2 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"
    zahra = Artisan.objects.get(name_latin="Zahra Ahmadi")
    assert zahra.birth_year == 1985
    # "Ilam" is a province and its city: the city, the more precise.
    assert zahra.home_place == office["city"]
    assert [link.craft for link in zahra.craft_links.order_by("-is_primary")] == [office["kilim"], office["pottery"]]
    assert zahra.consent_to_publish is True
    # Nothing imported is public until someone publishes it.
    assert zahra.status == PublicationStatus.DRAFT
    assert zahra.registry_number.startswith("ILM-")
    assert zahra.history.get().history_change_reason == f"import batch {batch_of(lines).pk}"
    assert_totals_right()


def test_a_windows_1256_csv_as_excel_writes_persian(tmp_path, office):
    # Windows-1256 has no ی, no ک and no Persian digits: Excel writes ي, ك and Latin digits.
    path = csv_file(tmp_path, [HEADER, ["فاطمه كريمي", "", "1362", "ايلام", "گليم", "بله"]], encoding="cp1256")

    status, lines = import_records(path)

    assert status == 0, lines
    fatemeh = Artisan.objects.get(name="فاطمه كريمي")
    assert fatemeh.birth_year == 1362 + 621  # a Solar Hijri year
    assert fatemeh.home_place == office["city"]
    assert list(fatemeh.crafts.all()) == [office["kilim"]]


def test_a_row_with_a_registry_number_updates_and_letter_forms_are_no_change(tmp_path, office):
    header = ["registry number", "name", "birth year", "workshop name"]
    rows = [header, ["ILM-2025-00007", "علي كياني", "۱۹۸۱", "Kiani kilims"]]

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 0, lines
    assert summary(lines) == "0 new, 1 updated, 0 unchanged, 0 possible duplicates, 0 errors"
    kiani = Artisan.objects.get(pk=office["kiani"].pk)
    # ي/ی, ك/ک and Persian digits are the same value: only the workshop changed.
    assert kiani.name == "علی کیانی"
    assert kiani.workshop_name == "Kiani kilims"
    [record] = batch_of(lines).records.all()
    assert record.before == {"workshop_name": ""}
    assert record.after == {"workshop_name": "Kiani kilims"}

    status, lines = import_records(csv_file(tmp_path, rows, name="again.csv"))
    assert summary(lines) == "0 new, 0 updated, 1 unchanged, 0 possible duplicates, 0 errors"


def test_a_registry_number_the_registry_does_not_know_is_an_error(tmp_path, office):
    status, lines = import_records(csv_file(tmp_path, [["registry number", "name"], ["ILM-2025-99999", "x"]]))

    assert status == 1
    assert lines[0].startswith("row 2, registry number: ILM-2025-99999 is not in the registry")
    assert Artisan.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["علي كياني", "علی\u200cکیانی", "Ali Kiani", "Aly Kiyani"],
    ids=["arabic letters", "zwnj", "latin", "another spelling"],
)
def test_the_same_person_in_another_script_or_spelling_is_a_possible_duplicate(tmp_path, office, name):
    status, lines = import_records(csv_file(tmp_path, [["name", "home place"], [name, "ilam-city"]]))

    assert status == 0, lines
    assert summary(lines) == "0 new, 0 updated, 0 unchanged, 1 possible duplicates, 0 errors"
    assert "row 2: possible duplicate of ILM-2025-00007" in "\n".join(lines)
    assert Artisan.objects.count() == 1


def test_a_namesake_with_another_birth_year_or_province_is_new(tmp_path, office):
    elsewhere = ProvinceFactory(name_en="Kermanshah", slug="kermanshah")
    rows = [["name", "birth year", "home place"], ["علی کیانی", "1950", ""], ["علی کیانی", "1981", "kermanshah"]]

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 0
    assert summary(lines) == "2 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"
    assert Artisan.objects.filter(home_place=elsewhere).count() == 1


def test_errors_name_the_row_and_column_and_write_nothing_without_skip_errors(tmp_path, office):
    rows = [HEADER, ["زهرا احمدی", "", "13800", "", "", ""], ["مینا", "", "1990", "Atlantis", "Weaving", "perhaps"]]
    path = csv_file(tmp_path, rows)

    status, lines = import_records(path)

    assert status == 1
    assert "row 2, birth year: 13800 is not a year" in lines
    assert (
        "row 3, home place: no place is named Atlantis; row 3, crafts: no craft is named Weaving; "
        "row 3, consent to publish: perhaps is neither yes nor no" in lines
    )
    assert summary(lines) == "0 new, 0 updated, 0 unchanged, 0 possible duplicates, 2 errors"
    assert not ImportBatch.objects.exists()
    assert Artisan.objects.count() == 1


def test_skip_errors_writes_the_good_rows(tmp_path, office):
    rows = [HEADER, ["زهرا احمدی", "", "13800", "", "", ""], ["مینا رحیمی", "", "1990", "", "", ""]]

    status, lines = import_records(csv_file(tmp_path, rows), "--skip-errors")

    assert status == 0
    assert summary(lines) == "1 new, 0 updated, 0 unchanged, 0 possible duplicates, 1 errors"
    assert batch_of(lines).new == 1
    assert Artisan.objects.filter(name="مینا رحیمی").exists()


def test_a_dry_run_writes_nothing_and_names_no_batch(tmp_path, office):
    status, lines = import_records(csv_file(tmp_path, NEW_ROWS), "--dry-run")

    assert status == 0
    assert not any(line.startswith("batch ") for line in lines)
    assert summary(lines) == "2 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"
    assert Artisan.objects.count() == 1


def test_the_registrys_own_exports_import_back_unchanged(client, tmp_path, office):
    office["kiani"].status = PublicationStatus.PUBLISHED
    office["kiani"].consent_to_publish = True
    office["kiani"].save()
    artisans = reverse("registry:artisan-list")
    for language, extension in [("", "csv"), ("/fa", "csv"), ("", "xlsx"), ("/ar", "xlsx")]:
        response = client.get(f"{language}{artisans}", {"format": extension})
        path = tmp_path / f"export{language.strip('/')}.{extension}"
        path.write_bytes(b"".join(response.streaming_content))

        status, lines = import_records(path)

        assert status == 0, lines
        assert summary(lines) == "0 new, 0 updated, 1 unchanged, 0 possible duplicates, 0 errors", (
            language,
            extension,
        )


def test_an_import_and_its_undo_leave_every_total_right(tmp_path, office):
    status, lines = import_records(csv_file(tmp_path, NEW_ROWS))
    assert status == 0
    batch = batch_of(lines)
    assert_totals_right()

    call_command("undo_import", str(batch.pk), stdout=io.StringIO())

    assert Artisan.objects.count() == 1
    assert_totals_right()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.UNDONE
    reasons = set(Artisan.history.filter(history_type="-").values_list("history_change_reason", flat=True))
    assert reasons == {f"undo of import batch {batch.pk}"}


def test_an_undo_puts_back_what_an_update_changed(tmp_path, office):
    rows = [["registry number", "birth year", "crafts"], ["ILM-2025-00007", "1982", "Pottery"]]
    _status, lines = import_records(csv_file(tmp_path, rows))
    kiani = Artisan.objects.get(pk=office["kiani"].pk)
    assert (kiani.birth_year, list(kiani.crafts.all())) == (1982, [office["pottery"]])

    imports.undo(batch_of(lines))

    kiani.refresh_from_db()
    assert (kiani.birth_year, list(kiani.crafts.all())) == (1981, [office["kilim"]])
    assert_totals_right()


def test_an_undo_is_refused_when_a_later_edit_depends_on_it(tmp_path, office):
    _status, lines = import_records(csv_file(tmp_path, NEW_ROWS))
    zahra = Artisan.objects.get(name_latin="Zahra Ahmadi")
    zahra.workshop_name = "edited by a clerk since"
    zahra.save()

    with pytest.raises(CommandError, match=f"{zahra.registry_number} was edited since"):
        call_command("undo_import", str(batch_of(lines).pk), stdout=io.StringIO())

    assert Artisan.objects.count() == 3


def test_the_template_in_each_language_imports_back_as_its_example(tmp_path, office):
    for language in ("en", "fa", "ar"):
        path = tmp_path / f"template-{language}.xlsx"
        call_command(
            "import_records",
            "--template",
            "artisans",
            "--language",
            language,
            "--output",
            str(path),
            stdout=io.StringIO(),
        )
        sheet = openpyxl.load_workbook(path).active
        assert bool(sheet.sheet_view.rightToLeft) == (language != "en")

        status, lines = import_records(path, "--dry-run")

        assert status == 0, lines
        assert summary(lines) == "1 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors", language


def test_two_rows_of_one_file_for_one_person_are_a_question(tmp_path, office):
    rows = [["name", "birth year"], ["مینا رحیمی", "1990"], ["مينا رحيمي", "1990"]]

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 0
    assert summary(lines) == "1 new, 0 updated, 0 unchanged, 1 possible duplicates, 0 errors"
    assert "row 3: possible duplicate of row 2; decide in the admin" in lines


# Files a careless or hostile clerk might bring: a clear message each, nothing written


def hostile(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def zip_bomb(tmp_path: Path) -> Path:
    path = tmp_path / "list.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (files.UNPACKED_LIMIT + 1))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: hostile(tmp, "empty.csv", b""), "The file is empty."),
        (lambda tmp: hostile(tmp, "blank.csv", b"\r\n,,\r\n"), "The file has no header row"),
        (lambda tmp: hostile(tmp, "binary.csv", bytes(range(256)) * 10), "This is not a spreadsheet"),
        (lambda tmp: hostile(tmp, "list.xlsx", b"PK\x03\x04 not really a zip"), "damaged"),
        (
            lambda tmp: hostile(tmp, "doubled.csv", "name,نام\r\nx,y\r\n".encode()),
            "Two columns are headed name and نام",
        ),
        (
            lambda tmp: hostile(tmp, "other.csv", b"colour,size\r\nred,9\r\n"),
            "The file has no column registry number, name",
        ),
        (zip_bomb, "too large to read"),
    ],
    ids=["empty", "no header", "binary named csv", "damaged xlsx", "duplicate headers", "no known column", "zip bomb"],
)
def test_a_file_that_cannot_be_imported_says_why_and_exits_2(tmp_path, office, make, message):
    status, lines = import_records(make(tmp_path))

    assert status == 2
    assert message in lines[-1]
    assert Artisan.objects.count() == 1


def test_a_file_with_only_a_header_imports_nothing(tmp_path, office):
    status, lines = import_records(csv_file(tmp_path, [HEADER]))

    assert status == 0
    assert summary(lines) == "0 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"


def test_formulas_and_overlong_cells_are_errors_of_their_row(tmp_path, office):
    path = xlsx_file(
        tmp_path, [["name", "workshop name"], ['=HYPERLINK("http://evil.example")', "x"], ["مینا", "w" * 10000]]
    )

    status, lines = import_records(path)

    assert status == 1
    assert 'row 2, name: a formula (=HYPERLINK("http://evil.example")), not a value' in lines
    assert "row 3, workshop name: 10,000 characters, at most 200" in lines


def test_our_csvs_apostrophe_before_a_formula_like_text_is_taken_away(tmp_path, office):
    status, lines = import_records(csv_file(tmp_path, [["name", "phone"], ["مینا رحیمی", "'+98 918 000 0000"]]))

    assert status == 0, lines
    assert Artisan.objects.get(name="مینا رحیمی").phone == "+98 918 000 0000"


def test_more_rows_than_a_run_may_take_is_refused(tmp_path, office, monkeypatch):
    monkeypatch.setattr("common.management.commands.import_records.MOST_ROWS", 2)
    rows = [["name"], *[[f"مینا {number}"] for number in range(3)]]

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 2
    assert "more than 2 rows" in lines[-1]
    assert Artisan.objects.count() == 1


def test_a_long_run_of_empty_rows_ends_the_sheet(tmp_path, office):
    rows = [["name"], ["مینا رحیمی"], *[[""]] * files.EMPTY_RUN_LIMIT, ["never read"]]

    _status, lines = import_records(xlsx_file(tmp_path, rows))

    assert summary(lines) == "1 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"


def test_the_import_reads_a_chunk_of_rows_with_a_fixed_number_of_queries(
    tmp_path, office, django_assert_max_num_queries
):
    consonants = "bdfgklmnprstz"
    spelt = (f"Ka{a}a{b}a{c}" for a in consonants for b in consonants for c in consonants)
    names = list({name_key(name): name for name in spelt}.values())[:300]
    rows = [["name", "home place", "crafts"], *[[name, "Ilam", "Kilim"] for name in names]]
    path = csv_file(tmp_path, rows)

    with django_assert_max_num_queries(10), path.open("rb") as data:
        result = imports.run(ArtisanImport(), data)

    assert result.counts["new"] == 300


def test_spreadsheet_writer_and_reader_agree(tmp_path):
    path = tmp_path / "round.xlsx"
    spreadsheets.write_workbook(path, ["a", "b"], [["=1+1", 3]], title="t")

    with path.open("rb") as data:
        sheet = files.open_sheet(data)
        assert sheet.header == ["a", "b"]
        assert list(sheet.rows) == [(2, ["=1+1", "3"])]


def test_a_write_the_database_refuses_leaves_nothing_half_written(tmp_path, office):
    # A clerk gave an artisan, by hand, the address the import would give its first new one.
    year = timezone.localdate().year
    ArtisanFactory(slug=f"zahra-ahmadi-ilm-{year}-00001", registry_number="ILM-2024-00001")

    status, lines = import_records(csv_file(tmp_path, NEW_ROWS))

    assert status == 2
    assert "The database refused the import, so nothing was written" in lines[-1]
    assert Artisan.objects.count() == 2
    assert not ImportBatch.objects.exists()


@pytest.mark.postgresql
def test_a_long_import_refreshes_the_databases_statistics_as_it_goes(tmp_path, office, monkeypatch):
    from django.db import connection

    from common.imports import engine

    monkeypatch.setattr(engine.Statistics, "FIRST", 1)  # after the first chunk, not the 2,000th row
    rows = [["name", "home place", "crafts"], ["Zahra Ahmadi", "Ilam", "Kilim"], ["Mina Rahimi", "Ilam", "Kilim"]]

    with csv_file(tmp_path, rows).open("rb") as data:
        result = imports.run(ArtisanImport(), data, write=True)

    assert result.counts["new"] == 2
    # The planner's row counts, as ANALYZE in the import's transaction left them (-1: never made).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('registry_artisan', 'registry_artisancraft')"
        )
        counted = dict(cursor.fetchall())
    assert counted == {
        "registry_artisan": Artisan.objects.count(),
        "registry_artisancraft": ArtisanCraft.objects.count(),
    }
