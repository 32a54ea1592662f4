import datetime

import pytest

from common.i18n import (
    TextIn,
    format_date,
    format_date_range,
    format_number,
    list_separator,
    local_digits,
    solar_hijri,
    spelling_variants,
)

OPENING = datetime.date(2025, 10, 10)


@pytest.mark.parametrize(
    ("precision", "english", "persian"),
    [
        ("exact", "10 October 2025", "۱۸ مهر ۱۴۰۴ (۱۰ اکتبر ۲۰۲۵)"),
        ("month", "October 2025", "مهر–آبان ۱۴۰۴ (اکتبر ۲۰۲۵)"),
        ("year", "2025", "۱۴۰۳–۱۴۰۴ (۲۰۲۵)"),
    ],
)
def test_format_date_keeps_the_precision_and_adds_the_solar_hijri_date_in_persian(precision, english, persian):
    value = OPENING.replace(day=1) if precision != "exact" else OPENING

    assert format_date(value, precision, "en") == english
    assert format_date(value, precision, "fa") == persian


def test_format_date_in_arabic_writes_arabic_indic_digits():
    assert format_date(OPENING, "exact", "ar") == "١٠ أكتوبر ٢٠٢٥"
    assert format_date_range(OPENING, OPENING.replace(day=16), "exact", "ar") == "١٠ أكتوبر ٢٠٢٥ – ١٦ أكتوبر ٢٠٢٥"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Page 2 of 10"), ("fa", "Page ۲ of ۱۰"), ("ar", "Page ٢ of ١٠")]
)
def test_local_digits_writes_the_digits_of_the_language(language, expected):
    assert local_digits("Page 2 of 10", language) == expected


def test_local_digits_keeps_the_digits_of_a_text_in_another_language():
    # An English fallback on a Persian page is English text: its digits stay Latin.
    assert local_digits(TextIn("Opened on 10 October 2025", "en"), "fa") == "Opened on 10 October 2025"
    assert local_digits(TextIn("۱۵ هنرمند", "fa"), "ar") == "۱۵ هنرمند"


@pytest.mark.parametrize(("language", "expected"), [("en", "1234567"), ("fa", "۱٬۲۳۴٬۵۶۷"), ("ar", "١٬٢٣٤٬٥٦٧")])
def test_format_number_groups_thousands_in_persian_and_arabic(language, expected):
    assert format_number(1234567, language) == expected
    assert format_number(0, language) == local_digits(0, language)


def test_list_separator_is_the_arabic_comma_in_persian_and_arabic():
    assert [list_separator(code) for code in ("en", "fa", "ar")] == [", ", "، ", "، "]


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
