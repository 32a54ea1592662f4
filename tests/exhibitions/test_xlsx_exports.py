"""``?format=xlsx`` beside every CSV: the same rows, read back with openpyxl as a spreadsheet program
would read them."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from common import spreadsheets
from exhibitions.exports import participation_columns
from tests.exhibitions import test_exports as csv_exports
from tests.exhibitions.test_exports import HEADER, MARYAM_ROW, PRIVATE_HEADER, download, rows_of
from tests.factories import ParticipationFactory
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

# The CSV tests' exhibition, participant and staff.
kut, maryam = csv_exports.kut, csv_exports.maryam
staff_viewer, unpublished = csv_exports.staff_viewer, csv_exports.unpublished


def workbook_of(client, path: str, data: dict | None = None, *, method: str = "get"):
    response = getattr(client, method)(path, data or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == spreadsheets.CONTENT_TYPE
    body = b"".join(response.streaming_content)
    return response, openpyxl.load_workbook(io.BytesIO(body))


def cells_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_participants_of_an_exhibition_as_xlsx_are_the_csvs_rows(client, kut, maryam):
    ParticipationFactory(exhibition=kut, artisan__consent_to_publish=False)

    response, book = workbook_of(client, kut.get_absolute_url(), {"format": "xlsx"})

    assert response["Content-Disposition"] == 'attachment; filename="participants-kut-2025-10-10.xlsx"'
    [sheet] = book.worksheets
    [header, row] = cells_of(sheet)
    assert header == HEADER.split(",")
    expected = MARYAM_ROW.split(",")
    # Dates are dates; an empty cell is empty; every other cell is the CSV's text.
    assert [type(cell) for cell in row[7:9]] == [datetime.datetime, datetime.datetime]
    assert [cell.date() for cell in row[7:9]] == [datetime.date(2025, 10, 10), datetime.date(2025, 10, 16)]
    assert sheet["H2"].number_format == spreadsheets.DATE_FORMAT
    assert row[15] is None
    assert [cell for index, cell in enumerate(row) if index not in (7, 8, 15)] == [
        cell for index, cell in enumerate(expected) if index not in (7, 8, 15)
    ]
    assert sheet.freeze_panes == "A2"
    assert not sheet.sheet_view.rightToLeft
    assert sheet.title == "participants-kut-2025-10-10"


def test_formula_like_text_is_stored_as_text_not_evaluated(client, kut, maryam):
    maryam.artisan.name_latin = '=HYPERLINK("http://evil.example","x")'
    maryam.artisan.save()
    maryam.stand = "+1 near the door"
    maryam.award_en = "@SUM(A1)"
    maryam.save()

    _response, book = workbook_of(client, kut.get_absolute_url(), {"format": "xlsx"})

    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for name, text in [
        ("name in Latin script", '=HYPERLINK("http://evil.example","x")'),
        ("stand", "+1 near the door"),
        ("award", "@SUM(A1)"),
    ]:
        # No apostrophe is needed, as in the CSV: the cell's type says it is text.
        assert row[name].value == text
        assert row[name].data_type == "s"


def test_numbers_stay_numbers(client, kut, maryam):
    _response, book = workbook_of(client, reverse("exhibitions:list"), {"format": "xlsx"})

    header, row = cells_of(book.active)
    cells = dict(zip(header, row, strict=True))
    assert cells["participants reported"] == 15
    assert cells["participants recorded"] == 1


def test_a_persian_workbook_reads_right_to_left_with_solar_hijri_dates_as_text(client, kut, maryam):
    _response, book = workbook_of(client, "/fa" + reverse("exhibitions:participation-list"), {"format": "xlsx"})

    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    header, row = cells_of(sheet)
    with translation.override("fa"):
        assert header == [str(column.header) for column in participation_columns()]
        cells = dict(zip(header, row, strict=True))
        assert cells[str(translation.gettext("start date"))].date() == datetime.date(2025, 10, 10)
        assert cells[str(translation.gettext("start date (Solar Hijri)"))] == "1404/07/18"
        assert cells[str(translation.gettext("exhibition"))] == "نمایشگاه صنایع دستی ایلام در کوت"


def test_columns_are_as_wide_as_their_first_rows(client, kut, maryam):
    _response, book = workbook_of(client, kut.get_absolute_url(), {"format": "xlsx"})

    widths = {letter: dimension.width for letter, dimension in book.active.column_dimensions.items()}
    # The exhibition's title (34 characters) against the stand ("A12", under a 5-letter header).
    assert widths["F"] >= 34
    assert widths["O"] < 12


def test_the_report_as_xlsx_has_the_rows_of_all_its_pages(client, monkeypatch, kut):
    from exhibitions.views import ParticipationListView

    monkeypatch.setattr(ParticipationListView, "paginate_by", 2)
    for number in range(5):
        ParticipationFactory(exhibition=kut, artisan__name_latin=f"In Kut {number}")
    ParticipationFactory(artisan__name_latin="Elsewhere")

    response, book = workbook_of(
        client, reverse("exhibitions:participation-list"), {"city": kut.place.pk, "format": "xlsx"}
    )

    assert response["Content-Disposition"].endswith('.xlsx"')
    assert sorted(row[2] for row in cells_of(book.active)[1:]) == [f"In Kut {number}" for number in range(5)]


def test_every_list_offers_both_downloads(client, kut, maryam):
    for path in [
        reverse("exhibitions:list"),
        reverse("exhibitions:participation-list"),
        reverse("registry:artisan-list"),
        reverse("crafts:list"),
        kut.get_absolute_url(),
        maryam.artisan.get_absolute_url(),
    ]:
        page = client.get(path).text
        assert "format=csv" in page, path
        assert "format=xlsx" in page, path
        _response, book = workbook_of(client, path, {"format": "xlsx"})
        assert book.active.max_row >= 2, path


def test_more_rows_than_a_sheet_holds_are_offered_as_csv_only(client, monkeypatch, kut, maryam):
    monkeypatch.setattr(spreadsheets, "SHEET_ROWS", 1)
    monkeypatch.setattr("common.downloads.SHEET_ROWS", 1)
    ParticipationFactory(exhibition=kut)
    report = reverse("exhibitions:participation-list")

    page = client.get(report)
    refused = client.get(report, {"format": "xlsx"})

    assert "format=xlsx" not in page.text
    assert "more than a spreadsheet sheet holds" in page.text
    assert refused["Content-Type"] == "text/html; charset=utf-8"
    assert "Download them as CSV" in refused.text
    _response, body = download(client, report, {"format": "csv"})
    assert len(rows_of(body)) == 3


def test_the_xlsx_download_reads_as_few_queries_as_the_csv(client, django_assert_num_queries, kut, maryam):
    with django_assert_num_queries(
        queries(
            reads=[
                "the exhibition",
                "whether the rows fit in a sheet",
                "one chunk of rows",
                "the chunk's crafts",
                "the chunk's home places",
                "the chunk's exhibition",
            ]
        )
    ):
        workbook_of(client, kut.get_absolute_url(), {"format": "xlsx"})


# The admin's downloads: drafts included, contact data only with registry.view_private_data


def test_the_admin_exports_selected_participants_as_xlsx_with_contact_data_for_a_superuser(admin_client, maryam):
    response, book = workbook_of(
        admin_client,
        reverse("admin:exhibitions_participation_changelist"),
        {"action": "export_participants_xlsx", "_selected_action": [maryam.pk]},
        method="post",
    )

    assert response["Content-Disposition"] == 'attachment; filename="participants-selected.xlsx"'
    header, row = cells_of(book.active)
    assert header == (HEADER + PRIVATE_HEADER).split(",")
    # Text, so a phone number's "+" is kept as typed, with no apostrophe.
    assert row[-3:] == ["+98 918 000 0042", "maryam@example.org", "4420000042"]


def test_the_admins_xlsx_leaves_out_contact_data_without_permission(client, staff_viewer, kut, maryam, unpublished):
    client.force_login(staff_viewer)
    url = reverse("admin:exhibitions_exhibition_participants_xlsx", args=[kut.pk])

    change_form = client.get(reverse("admin:exhibitions_exhibition_change", args=[kut.pk]))
    response, book = workbook_of(client, url)

    assert f'<a href="{url}">' in change_form.text
    assert response["Content-Disposition"] == 'attachment; filename="participants-kut-2025-10-10.xlsx"'
    rows = cells_of(book.active)
    assert rows[0] == HEADER.split(",")
    assert sorted(row[2] for row in rows[1:]) == ["Draft Record", "Maryam Karimi", "Not Consenting"]


def test_the_admins_xlsx_needs_the_view_permission(client, kut):
    client.force_login(User.objects.create_user("nobody", password="x", is_staff=True))

    response = client.get(reverse("admin:exhibitions_exhibition_participants_xlsx", args=[kut.pk]))

    assert response.status_code == 403


# The writer alone


def test_a_sheets_name_keeps_to_the_programs_rules():
    assert spreadsheets.sheet_name("participants: kut/2025 [draft]?") == "participants kut 2025 draft"
    assert len(spreadsheets.sheet_name("x" * 50)) == 31
    assert spreadsheets.sheet_name("///") == "Sheet1"


def test_cells_are_typed_as_a_sheet_holds_them():
    aware = datetime.datetime(2025, 10, 10, 9, 30, tzinfo=datetime.UTC)

    assert spreadsheets.typed_cell(aware) == aware.replace(tzinfo=None)
    assert spreadsheets.typed_cell(datetime.date(2025, 10, 10)) == datetime.date(2025, 10, 10)
    assert spreadsheets.typed_cell(True) is True
    assert spreadsheets.typed_cell(None) is None
    assert spreadsheets.typed_cell(translation.gettext_lazy("yes")) == "yes"
