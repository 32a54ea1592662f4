"""Exported files named after what they hold, and Persian files with Solar Hijri dates beside the ISO ones."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from common.exports import attachment, export_filename
from exhibitions.exports import exhibition_columns, participation_columns
from tests.admin_helpers import url
from tests.factories import (
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

EXHIBITIONS = reverse("exhibitions:list")
PARTICIPATIONS = reverse("exhibitions:participation-list")


# File names


@pytest.mark.parametrize(
    ("words", "extension", "name"),
    [
        (("participations",), "csv", "participations.csv"),
        (("participations", "kut", "1404-07"), "csv", "participations-kut-1404-07.csv"),
        (("participations", "kut", "1404-07"), "xlsx", "participations-kut-1404-07.xlsx"),
        (("participations", "", "2025"), "csv", "participations-2025.csv"),
        (("participants", "کوت", "Ça-va", "iq_wa"), "csv", "participants-ca-va-iq-wa.csv"),
        (("exhibitions", '../../"evil"\r\nX-Injected: 1', "a/b\\c"), "csv", "exhibitions-evil-x-injected-1-a-b-c.csv"),
        (("", "کوت"), "csv", "export.csv"),
        (("participations",), "../x", "participations.x"),
    ],
)
def test_export_filename_has_only_safe_ascii(words, extension, name):
    assert export_filename(*words, extension=extension) == name


def test_export_filename_is_never_too_long():
    name = export_filename("participations", *["a-long-place-slug"] * 30)

    assert len(name) <= len(".csv") + 120
    assert name.startswith("participations-a-long-place-slug-")
    assert not name.removesuffix(".csv").endswith("-")


@pytest.mark.parametrize("name", ["participations-kut-1404-07.csv", "participations-kut-1404-07.xlsx"])
def test_attachment_names_the_file_for_csv_and_xlsx_alike(name):
    assert attachment(name) == f'attachment; filename="{name}"'


@pytest.fixture
def kut():
    iraq = CountryFactory(slug="iraq", name_en="Iraq", name_fa="عراق", code="IQ")
    wasit = ProvinceFactory(parent=iraq, name_en="Wasit", slug="iq-wa-wasit")
    exhibition = ExhibitionFactory(
        title_en="Ilam Handicrafts Exhibition in Kut",
        slug="kut-2025",
        place=CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", slug="kut"),
        series=ExhibitionSeriesFactory(slug="wasit-handicrafts"),
    )
    exhibition.crafts_shown.add(CraftCategoryFactory(slug="kilim"))
    ParticipationFactory(exhibition=exhibition)
    return exhibition


def filename(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    b"".join(response.streaming_content)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    return disposition.removeprefix('attachment; filename="').removesuffix('"')


@pytest.mark.parametrize(
    ("language", "query", "name"),
    [
        ("", {}, "participations.csv"),
        ("/fa", {}, "participations.csv"),
        ("", {"city": "kut"}, "participations-kut.csv"),
        ("/fa", {"city": "kut", "date_from": "1404/07/01", "date_to": "1404/07/30"}, "participations-kut-1404-07.csv"),
        # A whole Solar Hijri month is named as one in a Gregorian file too.
        ("", {"city": "kut", "date_from": "1404/07/01", "date_to": "1404/07/30"}, "participations-kut-1404-07.csv"),
        ("", {"date_from": "2025-10-01", "date_to": "2025-10-31"}, "participations-2025-10.csv"),
        ("/fa", {"year": "1404"}, "participations-1404.csv"),
        ("/fa", {"year": "۱۴۰۴"}, "participations-1404.csv"),
        ("/fa", {"year": "2025"}, "participations-2025.csv"),
        ("", {"year": "2025", "city": "kut"}, "participations-kut-2025.csv"),
        ("", {"date_from": "2025-10-10"}, "participations-from-2025-10-10.csv"),
        ("/fa", {"date_from": "2025-10-10"}, "participations-from-1404-07-18.csv"),
        ("/ar", {"date_to": "1404/07/18"}, "participations-to-2025-10-10.csv"),
        ("/fa", {"year": "1404", "date_from": "1404/07/01"}, "participations-1404-07-01-to-1404-12-29.csv"),
        ("", {"country": "iraq", "series": "wasit-handicrafts", "craft": "kilim"},
         "participations-kilim-iraq-wasit-handicrafts.csv"),
    ],
)  # fmt: skip
def test_participation_report_file_is_named_after_its_filters(client, kut, language, query, name):
    query = by_pk(query)

    response = client.get(language + PARTICIPATIONS, {**query, "format": "csv"})

    assert filename(response) == name


@pytest.mark.parametrize(
    ("language", "query", "name"),
    [
        ("", {}, "exhibitions.csv"),
        ("", {"country": "iraq", "year": "1404"}, "exhibitions-iraq-1404.csv"),
        ("/fa", {"city": "kut", "series": "wasit-handicrafts", "date_to": "2025-10-10"},
         "exhibitions-kut-wasit-handicrafts-to-1404-07-18.csv"),
        # Typed text is never part of the name.
        ("", {"q": '../../"Kut"\r\nX-Injected: 1'}, "exhibitions.csv"),
        ("", {"q": "Kut", "ordering": "-title"}, "exhibitions.csv"),
    ],
)  # fmt: skip
def test_exhibition_list_file_is_named_after_its_filters(client, kut, language, query, name):
    response = client.get(language + EXHIBITIONS, {**by_pk(query), "format": "csv"})

    assert filename(response) == name


def by_pk(query: dict) -> dict:
    """The query with the slugs of places, series and crafts replaced by their primary keys."""
    from crafts.models import CraftCategory
    from exhibitions.models import ExhibitionSeries
    from registry.models import Place

    models = {"city": Place, "country": Place, "series": ExhibitionSeries, "craft": CraftCategory}
    return {key: models[key].objects.get(slug=value).pk if key in models else value for key, value in query.items()}


@pytest.mark.parametrize(
    ("start", "precision", "english", "persian"),
    [
        (datetime.date(2025, 10, 10), "exact", "participants-kut-2025-10-10.csv", "participants-kut-1404-07-18.csv"),
        (datetime.date(2025, 9, 23), "month", "participants-kut-1404-07.csv", "participants-kut-1404-07.csv"),
        (datetime.date(2026, 1, 1), "month", "participants-kut-2026-01.csv", "participants-kut-2026-01.csv"),
        (datetime.date(2025, 3, 21), "year", "participants-kut-1404.csv", "participants-kut-1404.csv"),
        (None, "unknown", "participants-kut-undated.csv", "participants-kut-undated.csv"),
    ],
)
def test_exhibition_participants_file_names_the_date_in_the_files_calendar(
    client, kut, start, precision, english, persian
):
    kut.start_date, kut.end_date, kut.date_precision = start, None, precision
    kut.save()
    path = kut.get_absolute_url()

    assert filename(client.get(path, {"format": "csv"})) == english
    assert filename(client.get("/fa" + path, {"format": "csv"})) == persian


def test_admin_participants_file_names_the_date_in_the_admins_calendar(admin_client, settings, kut):
    settings.ADMIN_LANGUAGE = "fa"

    response = admin_client.get(url("exhibitions_exhibition", "participants_csv", kut.pk))

    assert filename(response) == "participants-kut-1404-07-18.csv"


@pytest.mark.parametrize("language", ["", "/fa", "/ar"])
@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "99999"}, {"year": "1404'"}, {"date_from": "1404/13/01"}])
def test_an_invalid_filter_gives_the_page_with_its_error_not_a_file(kut, language, query):
    response = Client(raise_request_exception=False).get(language + PARTICIPATIONS, {**query, "format": "csv"})

    assert response.status_code == 200
    assert not response.has_header("Content-Disposition")
    assert response.context["filter"].errors


# Solar Hijri dates in Persian files


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def cells_by_column(response, columns) -> list[dict]:
    header, *rows = rows_of(response)
    assert header == [str(column.header) for column in columns]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_persian_exhibition_export_has_solar_hijri_dates_beside_the_iso_ones(client, kut):
    with translation.override("fa"):
        columns = exhibition_columns()
        start, start_sh, end, end_sh = (str(column.header) for column in columns[2:6])

    [cells] = cells_by_column(client.get("/fa" + EXHIBITIONS, {"format": "csv"}), columns)

    assert [cells[start], cells[start_sh], cells[end], cells[end_sh]] == [
        "2025-10-10",
        "1404/07/18",
        "2025-10-16",
        "1404/07/24",
    ]
    assert [column.fields for column in columns[2:6]] == [
        ("start_date",),
        ("start_date", "date_precision"),
        ("end_date",),
        ("end_date", "date_precision"),
    ]


@pytest.mark.parametrize(
    ("start", "precision", "shown"),
    [
        (datetime.date(2025, 9, 23), "month", "1404/07"),
        (datetime.date(2025, 3, 21), "year", "1404"),
        (datetime.date(2026, 1, 1), "month", "1404/10–1404/11"),
        (datetime.date(2025, 1, 1), "year", "1403–1404"),
        (None, "unknown", ""),
    ],
)
def test_persian_export_honours_the_date_precision(client, kut, start, precision, shown):
    kut.start_date, kut.end_date, kut.date_precision = start, None, precision
    kut.save()
    with translation.override("fa"):
        columns = participation_columns()
        iso, solar_hijri, end = (str(column.header) for column in columns[7:10])

    [cells] = cells_by_column(client.get("/fa" + PARTICIPATIONS, {"format": "csv"}), columns)

    assert cells[iso] == (start.isoformat() if start else "")
    assert cells[solar_hijri] == shown
    assert cells[end] == ""


def test_persian_admin_export_has_solar_hijri_dates(admin_client, settings, kut):
    settings.ADMIN_LANGUAGE = "fa"

    response = admin_client.get(url("exhibitions_exhibition", "participants_csv", kut.pk))

    _header, row = rows_of(response)
    assert row[7:11] == [
        "2025-10-10",
        "1404/07/18",
        "2025-10-16",
        "1404/07/24",
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_english_and_arabic_exports_keep_only_the_iso_dates(client, kut, language):
    prefix = "" if language == "en" else f"/{language}"
    with translation.override(language):
        columns = participation_columns()

    header, row = rows_of(client.get(prefix + PARTICIPATIONS, {"format": "csv"}))

    assert header == [str(column.header) for column in columns]
    assert [column.fields for column in columns[7:9]] == [("start_date",), ("end_date",)]
    assert row[7:9] == ["2025-10-10", "2025-10-16"]
    assert "1404/07/18" not in row
