import datetime

import pytest

from common.i18n import format_date, format_date_range, solar_hijri, spelling_variants

OPENING = datetime.date(2025, 10, 10)


@pytest.mark.parametrize(
    ("precision", "english", "persian"),
    [
        ("exact", "10 October 2025", "۱۸ مهر ۱۴۰۴ (10 اکتبر 2025)"),
        ("month", "October 2025", "مهر–آبان ۱۴۰۴ (اکتبر 2025)"),
        ("year", "2025", "۱۴۰۳–۱۴۰۴ (2025)"),
    ],
)
def test_format_date_keeps_the_precision_and_adds_the_solar_hijri_date_in_persian(precision, english, persian):
    value = OPENING.replace(day=1) if precision != "exact" else OPENING

    assert format_date(value, precision, "en") == english
    assert format_date(value, precision, "fa") == persian


def test_format_date_says_when_the_date_is_unknown():
    assert format_date(None, "unknown", "en") == "date unknown"


def test_format_date_range_shows_both_ends_only_for_exact_dates():
    end = datetime.date(2025, 10, 16)

    assert format_date_range(OPENING, end, "exact", "en") == "10 October 2025 – 16 October 2025"
    assert format_date_range(OPENING.replace(day=1), end, "month", "en") == "October 2025"


def test_solar_hijri_new_year_falls_in_march():
    assert solar_hijri(datetime.date(2025, 3, 21)) == "۱ فروردین ۱۴۰۴"


def test_spelling_variants_match_persian_and_arabic_letters_and_digits():
    variants = spelling_variants("علي ك ۱۲٣")

    assert variants == ["علي ك ۱۲٣", "علی ک 123", "علي ك 123"]
