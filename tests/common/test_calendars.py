"""Dates typed in the Solar Hijri or the Gregorian calendar, in any digits, and shown in the page's calendar."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from common.calendars import CalendarDateField, parse_date
from exhibitions.models import Exhibition
from tests.admin_helpers import form_data
from tests.factories import ExhibitionFactory


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1404/07/18", datetime.date(2025, 10, 10)),
        ("۱۴۰۴/۰۷/۱۸", datetime.date(2025, 10, 10)),  # Persian digits
        ("١٤٠٤/٠٧/١٨", datetime.date(2025, 10, 10)),  # Arabic-Indic digits
        ("1404-07-18", datetime.date(2025, 10, 10)),
        ("1404.7.18", datetime.date(2025, 10, 10)),
        (" 1404 / 7 / 18 ", datetime.date(2025, 10, 10)),
        ("1403/12/30", datetime.date(2025, 3, 20)),  # 1403 is a leap year
        ("1404/01/01", datetime.date(2025, 3, 21)),  # Nowruz
        ("1300/01/01", datetime.date(1921, 3, 21)),
        ("1499/12/29", datetime.date(2121, 3, 20)),
        ("2025-10-10", datetime.date(2025, 10, 10)),
        ("2025/10/10", datetime.date(2025, 10, 10)),
        ("۲۰۲۵-۱۰-۱۰", datetime.date(2025, 10, 10)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("1299-12-31", datetime.date(1299, 12, 31)),  # before 1300: Gregorian
    ],
)
def test_either_calendar_is_read(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1404/13/01", "1404/13/01 is not a day of the Solar Hijri calendar"),
        ("1404/12/30", "1404/12/30 is not a day of the Solar Hijri calendar"),  # 1404 is not a leap year
        ("1404/07/32", "1404/07/32 is not a day of the Solar Hijri calendar"),
        ("2025-02-29", "2025-02-29 is not a day of the Gregorian calendar"),
        ("2025-13-01", "2025-13-01 is not a day of the Gregorian calendar"),
        ("18/07/1404", "Enter a date as year/month/day"),
        ("1404/13", "13 is not a month"),
        ("1250/07", "Enter a Solar Hijri year from 1300 to 1499"),
        ("tomorrow", "Enter a date as year/month/day"),
        ("1404/07/18/1", "Enter a date as year/month/day"),
    ],
)
def test_an_impossible_date_is_refused_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_date(typed)

    assert message in refused.value.messages[0]


def test_the_error_speaks_persian_on_a_persian_page():
    with translation.override("fa"):
        with pytest.raises(ValidationError) as refused:
            CalendarDateField().clean("1404/13/01")
        message = refused.value.messages[0]

    assert message == "1404/13/01 روزی از تقویم هجری شمسی نیست: ماه (۱ تا ۱۲) و روز را بررسی کنید."


def test_the_field_shows_the_page_calendar_with_the_other_beside_it():
    field = CalendarDateField()
    day = datetime.date(2025, 10, 10)

    with translation.override("fa"):
        persian = field.widget.render("start_date", day)
    with translation.override("en"):
        english = field.widget.render("start_date", day)

    assert 'value="1404/07/18"' in persian
    assert '<span class="other-calendar">2025-10-10</span>' in persian
    assert 'value="2025-10-10"' in english
    assert '<span class="other-calendar">1404/07/18</span>' in english


@pytest.mark.django_db
def test_a_clerk_records_an_exhibition_with_a_solar_hijri_start_date(admin_client, settings):
    exhibition = ExhibitionFactory(start_date=datetime.date(2025, 1, 1), end_date=None)
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    admin_client.post(reverse("admin-language"), {"language": "fa"})
    page = admin_client.get(url)

    response = admin_client.post(url, form_data(page) | {"start_date": "۱۴۰۴/۰۷/۱۸", "end_date": "1404-07-24"})

    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert (exhibition.start_date, exhibition.end_date) == (datetime.date(2025, 10, 10), datetime.date(2025, 10, 16))
    assert 'value="1403/10/12"' in page.content.decode()  # 1 January 2025, as the Persian page showed it


@pytest.mark.django_db
def test_an_impossible_date_is_refused_in_the_admin_and_nothing_is_saved(admin_client):
    exhibition = ExhibitionFactory(start_date=datetime.date(2025, 1, 1))
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    page = admin_client.get(url)

    response = admin_client.post(url, form_data(page) | {"start_date": "1404/12/30"})

    assert response.status_code == 200
    # The date's own message alone: not also "Enter a start date", from the model's check that
    # sees the refused date as missing.
    assert response.context["adminform"].form.errors["start_date"] == [
        "1404/12/30 is not a day of the Solar Hijri calendar: check the month (1 to 12) and the day."
    ]
    assert Exhibition.objects.get(pk=exhibition.pk).start_date == datetime.date(2025, 1, 1)


@pytest.mark.django_db
def test_a_form_saved_unchanged_on_a_persian_page_records_no_change(admin_client):
    exhibition = ExhibitionFactory(start_date=datetime.date(2025, 10, 10))
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    admin_client.post(reverse("admin-language"), {"language": "fa"})
    versions = exhibition.history.count()

    admin_client.post(url, form_data(admin_client.get(url)))

    assert exhibition.history.count() == versions


@pytest.mark.django_db
def test_a_public_date_filter_reads_a_solar_hijri_date_in_any_language(client):
    ExhibitionFactory(title_en="Autumn fair", start_date=datetime.date(2025, 10, 10), end_date=None)
    ExhibitionFactory(title_en="Winter fair", start_date=datetime.date(2026, 1, 10), end_date=None)

    persian = client.get("/fa/exhibitions/", {"date_from": "۱۴۰۴/۱۰/۰۱"})  # 22 December 2025
    english = client.get("/exhibitions/", {"date_from": "1404-10-01"})

    for response in (persian, english):
        titles = [exhibition.title_en for exhibition in response.context["object_list"]]
        assert titles == ["Winter fair"]
    # The filter keeps what was typed, in a text input rather than the browser's Gregorian picker.
    assert 'type="text" name="date_from" value="۱۴۰۴/۱۰/۰۱" placeholder="1404/07/18"' in persian.text
    assert 'type="text" name="date_from" value="1404-10-01"' in english.text


@pytest.mark.parametrize(
    ("typed", "first", "last", "precision"),
    [
        ("1404/07", datetime.date(2025, 9, 23), datetime.date(2025, 10, 22), "month"),
        ("۱۴۰۴/۱۲", datetime.date(2026, 2, 20), datetime.date(2026, 3, 20), "month"),  # 1404 is not a leap year
        ("1403/12", datetime.date(2025, 2, 19), datetime.date(2025, 3, 20), "month"),  # 1403 is: 30 Esfand
        ("1404", datetime.date(2025, 3, 21), datetime.date(2026, 3, 20), "year"),
        ("2025-10", datetime.date(2025, 10, 1), datetime.date(2025, 10, 31), "month"),
        ("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "year"),
    ],
)
def test_a_month_or_a_year_alone_is_read_as_its_range(typed, first, last, precision):
    period = parse_date(typed)

    assert (period.plain(), period.last_day, period.precision) == (first, last, precision)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fa", "مهر ۱۴۰۴ (۲۳ سپتامبر – ۲۲ اکتبر ۲۰۲۵)"),
        ("en", "23 September – 22 October 2025 (Mehr 1404 SH)"),
    ],
)
@pytest.mark.django_db
def test_an_exhibition_known_to_a_solar_hijri_month_is_recorded_and_shown_as_that_month(
    admin_client, client, language, shown
):
    exhibition = ExhibitionFactory(start_date=datetime.date(2025, 1, 1), end_date=None)
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    page = admin_client.get(url)

    response = admin_client.post(url, form_data(page) | {"start_date": "1404/07", "end_date": ""})

    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert (exhibition.start_date, exhibition.end_date, exhibition.date_precision) == (
        datetime.date(2025, 9, 23),
        datetime.date(2025, 10, 22),
        "month",
    )
    with translation.override(language):
        assert exhibition.date_display() == shown


@pytest.mark.django_db
def test_public_filters_read_a_month_as_its_first_and_last_days(client):
    ExhibitionFactory(start_date=datetime.date(2025, 9, 22), end_date=datetime.date(2025, 9, 22))  # 31 Shahrivar
    mehr = ExhibitionFactory(start_date=datetime.date(2025, 10, 22), end_date=datetime.date(2025, 10, 22))
    ExhibitionFactory(start_date=datetime.date(2025, 10, 23), end_date=datetime.date(2025, 10, 23))  # 1 Aban

    response = client.get(reverse("exhibitions:list"), {"date_from": "1404/07", "date_to": "1404/07"})

    assert list(response.context["object_list"]) == [mehr]
