"""?year=1404 on the public lists: a year from 1300 to 1499 is a Solar Hijri year, any other a Gregorian one."""

import datetime
import re

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.calendars import (
    YearField,
    known_period,
    month_bounds,
    period_name,
    read_year,
    solar_hijri_numbers,
    year_bounds,
)
from tests.factories import ArtisanFactory, ExhibitionFactory, ParticipationFactory

EXHIBITIONS = reverse("exhibitions:list")
PARTICIPATIONS = reverse("exhibitions:participation-list")
ARTISANS = reverse("registry:artisan-list")
INVALID_FILTER = "Some filters could not be understood"


# The calendar arithmetic


@pytest.mark.parametrize(
    ("year", "first", "last"),
    [
        (1404, datetime.date(2025, 3, 21), datetime.date(2026, 3, 20)),
        (1403, datetime.date(2024, 3, 20), datetime.date(2025, 3, 20)),  # a leap year: 30 Esfand
        (1300, datetime.date(1921, 3, 21), datetime.date(1922, 3, 21)),
        (1499, datetime.date(2120, 3, 21), datetime.date(2121, 3, 20)),
        (2025, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (1299, datetime.date(1299, 1, 1), datetime.date(1299, 12, 31)),  # below 1300: Gregorian
        (1500, datetime.date(1500, 1, 1), datetime.date(1500, 12, 31)),  # above 1499: Gregorian
    ],
)
def test_year_bounds_read_1300_to_1499_as_solar_hijri(year, first, last):
    assert year_bounds(year) == (first, last)


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (1404, 7, datetime.date(2025, 9, 23), datetime.date(2025, 10, 22)),
        (1404, 12, datetime.date(2026, 2, 20), datetime.date(2026, 3, 20)),
        (1403, 12, datetime.date(2025, 2, 19), datetime.date(2025, 3, 20)),
        (2025, 2, datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)),
        (2024, 12, datetime.date(2024, 12, 1), datetime.date(2024, 12, 31)),
    ],
)
def test_month_bounds_follow_the_calendar_of_the_year(year, month, first, last):
    assert month_bounds(year, month) == (first, last)


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("1404", 1404),
        ("۱۴۰۴", 1404),  # Persian digits
        ("١٤٠٤", 1404),  # Arabic-Indic digits
        (" 2025 ", 2025),
        ("1300", 1300),
        ("1499", 1499),
        ("1900", 1900),
        ("2100", 2100),
    ],
)
def test_year_field_reads_a_year_in_either_calendar_and_any_digits(typed, year):
    assert YearField().clean(typed) == year


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a year as four digits"),
        ("1404'", "Enter a year as four digits"),
        ("2025.5", "Enter a year as four digits"),
        ("1e30", "Enter a year as four digits"),
        ("-1404", "Enter a year as four digits"),
        ("9" * 10_000, "Enter a year as four digits"),
        ("\x00", "Enter a year as four digits"),
        ("99999", "Enter a Solar Hijri year from 1300 to 1499, or a Gregorian year from 1900 to 2100."),
        ("0", "Enter a Solar Hijri year from 1300 to 1499"),
        ("1899", "Enter a Solar Hijri year from 1300 to 1499"),
        ("1500", "Enter a Solar Hijri year from 1300 to 1499"),
        ("2101", "Enter a Solar Hijri year from 1300 to 1499"),
    ],
)
def test_year_field_refuses_anything_else_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        YearField().clean(typed)

    assert refused.value.messages[0].startswith(message)


@pytest.mark.parametrize(
    ("typed", "year"),
    [("1404", 1404), ("۲۰۲۵", 2025), ("abc", None), ("99999", None), ("1899", None), ("", None), ("1404'", None)],
)
def test_read_year_takes_only_sensible_years(typed, year):
    assert read_year(typed) == year


@pytest.mark.parametrize(
    ("value", "precision", "period"),
    [
        (datetime.date(2025, 10, 10), "exact", (datetime.date(2025, 10, 10), datetime.date(2025, 10, 10))),
        # The first day of a Solar Hijri month or year stands for it...
        (datetime.date(2025, 9, 23), "month", (datetime.date(2025, 9, 23), datetime.date(2025, 10, 22))),
        (datetime.date(2025, 3, 21), "year", (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20))),
        # ...any other day for its Gregorian month or year.
        (datetime.date(2025, 10, 1), "month", (datetime.date(2025, 10, 1), datetime.date(2025, 10, 31))),
        (datetime.date(2025, 1, 1), "year", (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))),
    ],
)
def test_known_period_reads_the_calendar_from_the_first_day(value, precision, period):
    assert known_period(value, precision) == period


@pytest.mark.parametrize(
    ("value", "precision", "text"),
    [
        (datetime.date(2025, 10, 10), "exact", "1404/07/18"),
        (datetime.date(2025, 9, 23), "month", "1404/07"),
        (datetime.date(2025, 3, 21), "year", "1404"),
        (datetime.date(2026, 1, 1), "month", "1404/10–1404/11"),
        (datetime.date(2025, 1, 1), "year", "1403–1404"),
        (None, "exact", ""),
        (None, "unknown", ""),
    ],
)
def test_solar_hijri_numbers_honour_the_precision(value, precision, text):
    assert solar_hijri_numbers(value, precision) == text


@pytest.mark.parametrize(
    ("start", "end", "solar_hijri", "name"),
    [
        (datetime.date(2025, 9, 23), datetime.date(2025, 10, 22), True, "1404-07"),
        (datetime.date(2025, 9, 23), datetime.date(2025, 10, 22), False, "1404-07"),  # whole only in Solar Hijri
        (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20), False, "1404"),
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), True, "2025"),  # whole only in Gregorian
        (datetime.date(2025, 10, 1), datetime.date(2025, 10, 31), False, "2025-10"),
        (datetime.date(2025, 10, 10), datetime.date(2025, 10, 10), True, "1404-07-18"),
        (datetime.date(2025, 10, 10), datetime.date(2025, 10, 10), False, "2025-10-10"),
        (datetime.date(2025, 10, 10), datetime.date(2025, 11, 2), True, "1404-07-18-to-1404-08-11"),
        (datetime.date(2025, 10, 10), None, True, "from-1404-07-18"),
        (None, datetime.date(2025, 10, 10), False, "to-2025-10-10"),
        (None, None, True, ""),
    ],
)
def test_period_name_uses_the_files_calendar_and_names_whole_years_and_months(start, end, solar_hijri, name):
    assert period_name(start, end, solar_hijri=solar_hijri) == name


# The public lists


@pytest.fixture
def around_nowruz_1404(db):
    """Exhibitions on either side of the two ends of 1404 (2025-03-21 to 2026-03-20)."""
    dates = {
        "Last day of 1403": datetime.date(2025, 3, 20),
        "Nowruz 1404": datetime.date(2025, 3, 21),
        "Last day of 1404": datetime.date(2026, 3, 20),
        "Nowruz 1405": datetime.date(2026, 3, 21),
    }
    return {
        title: ExhibitionFactory(title_en=title, start_date=day, end_date=None, slug=f"show-{day.isoformat()}")
        for title, day in dates.items()
    }


def titles(response) -> list[str]:
    return sorted(exhibition.title_en for exhibition in response.context["object_list"])


@pytest.mark.parametrize("language", ["", "/fa", "/ar"])
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("1404", ["Last day of 1404", "Nowruz 1404"]),
        ("۱۴۰۴", ["Last day of 1404", "Nowruz 1404"]),
        ("1403", ["Last day of 1403"]),
        ("2025", ["Last day of 1403", "Nowruz 1404"]),
        ("2026", ["Last day of 1404", "Nowruz 1405"]),
    ],
)
def test_exhibition_list_year_is_solar_hijri_from_1300_to_1499(client, around_nowruz_1404, language, year, expected):
    response = client.get(language + EXHIBITIONS, {"year": year})

    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("1404", ["At Nowruz 1404"]),
        ("1403", ["On the last day of 1403"]),
        ("2025", ["At Nowruz 1404", "On the last day of 1403"]),
    ],
)
def test_participation_report_year_is_solar_hijri_from_1300_to_1499(client, around_nowruz_1404, year, expected):
    ParticipationFactory(
        artisan__name_latin="On the last day of 1403", exhibition=around_nowruz_1404["Last day of 1403"]
    )
    ParticipationFactory(artisan__name_latin="At Nowruz 1404", exhibition=around_nowruz_1404["Nowruz 1404"])

    response = client.get("/fa" + PARTICIPATIONS, {"year": year})

    assert sorted(row.artisan.name_latin for row in response.context["object_list"]) == expected


@pytest.fixture
def exhibited(around_nowruz_1404):
    ParticipationFactory(
        artisan=ArtisanFactory(name_latin="Shown in 1403"), exhibition=around_nowruz_1404["Last day of 1403"]
    )
    ParticipationFactory(
        artisan=ArtisanFactory(name_latin="Shown in 1404"), exhibition=around_nowruz_1404["Nowruz 1404"]
    )
    ParticipationFactory(
        artisan=ArtisanFactory(name_latin="Shown in 1405"), exhibition=around_nowruz_1404["Nowruz 1405"]
    )


def options(response, name: str) -> list[tuple[str, str]]:
    select = response.content.decode().partition(f'name="{name}"')[2].partition("</select>")[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)[1:]


def test_artisan_list_offers_solar_hijri_years_on_persian_pages(client, exhibited):
    persian = client.get("/fa" + ARTISANS)
    english = client.get(ARTISANS)

    assert options(persian, "year") == [("1405", "۱۴۰۵"), ("1404", "۱۴۰۴"), ("1403", "۱۴۰۳")]
    assert options(english, "year") == [("2026", "2026"), ("2025", "2025")]


@pytest.mark.parametrize(
    ("language", "year", "expected"),
    [
        ("/fa", "1404", ["Shown in 1404"]),
        ("/fa", "1403", ["Shown in 1403"]),
        ("", "2025", ["Shown in 1403", "Shown in 1404"]),
        # An address from the other calendar's page still filters, and the select shows the year.
        ("/fa", "2025", ["Shown in 1403", "Shown in 1404"]),
        ("", "1404", ["Shown in 1404"]),
    ],
)
def test_artisan_list_exhibited_year_is_read_in_its_calendar(client, exhibited, language, year, expected):
    response = client.get(language + ARTISANS, {"year": year})

    assert sorted(artisan.name_latin for artisan in response.context["object_list"]) == expected
    assert f'<option value="{year}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "/fa",
            lambda today: str(jdatetime.date.fromgregorian(date=today).year).translate(
                str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
            ),
        ),
        ("", lambda today: str(today.year)),
    ],
)
def test_year_box_shows_this_year_in_the_pages_calendar(client, db, language, shown):
    response = client.get(language + EXHIBITIONS)

    box = re.search(r'<input type="text" name="year"[^>]*>', response.content.decode()).group()
    assert f'placeholder="{shown(timezone.localdate())}"' in box
    assert 'inputmode="numeric"' in box


HOSTILE_YEARS = ["abc", "99999", "1404'", "1e30", "-1", "0", "2025.5", "9" * 5_000, "' OR '1'='1", "\x00", "۱۴۰۴۴"]


@pytest.mark.parametrize("path", [EXHIBITIONS, PARTICIPATIONS, ARTISANS])
@pytest.mark.parametrize("language", ["", "/fa", "/ar"])
@pytest.mark.parametrize("export", [{}, {"format": "csv"}])
def test_a_hostile_year_is_a_form_error_never_a_server_error(db, path, language, export):
    ExhibitionFactory()
    client = Client(raise_request_exception=False)

    for year in HOSTILE_YEARS:
        response = client.get(language + path, {"year": year, **export})

        assert response.status_code in (200, 400), year
        if response.status_code == 200:
            assert not response.streaming, year  # the page explaining the error, not a file
            assert response.context["filter"].errors, year


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "year: Enter a year as four digits: 1404 in the Solar Hijri calendar, or 2025 in the Gregorian one."),
        ("99999", "year: Enter a Solar Hijri year from 1300 to 1499, or a Gregorian year from 1900 to 2100."),
    ],
)
@pytest.mark.parametrize("path", [EXHIBITIONS, PARTICIPATIONS])
def test_an_impossible_year_is_explained_on_the_page(client, db, path, year, message):
    ExhibitionFactory(title_en="Listed when the filters are valid")

    response = client.get(path, {"year": year})

    assert response.status_code == 200
    assert INVALID_FILTER in response.content.decode()
    assert f"<li>{message}</li>" in response.content.decode()
    assert list(response.context["object_list"]) == []


def count_queries(client, path: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "gregorian", "solar_hijri"),
    [
        (EXHIBITIONS, ("", {"year": "2025"}), ("/fa", {"year": "1404"})),
        (PARTICIPATIONS, ("", {"year": "2025"}), ("/fa", {"year": "1404"})),
        (ARTISANS, ("", {"year": "2025"}), ("/fa", {"year": "1404"})),
    ],
)
def test_a_solar_hijri_year_costs_no_more_queries_than_a_gregorian_one(
    client, exhibited, path, gregorian, solar_hijri
):
    unfiltered = count_queries(client, path, {})
    in_gregorian = count_queries(client, gregorian[0] + path, gregorian[1])
    in_solar_hijri = count_queries(client, solar_hijri[0] + path, solar_hijri[1])

    assert in_solar_hijri == in_gregorian
    # The whole artisan list is counted from the totals, a year's artisans with a remembered count.
    assert unfiltered <= in_gregorian
