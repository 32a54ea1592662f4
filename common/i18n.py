"""Text entered in English, Persian and Arabic, shown in the reader's language.

Models keep one column per language (``name_en``, ``name_fa``, ``name_ar``), declared with
``common.translated.TranslatedField``.
"""

import datetime
from contextvars import ContextVar

import jdatetime
from django.utils import formats, numberformat, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "fa", "ar")


class TextIn(str):
    """A text that knows its language, so a page can mark a fallback with ``lang`` and ``dir``."""

    language: str

    def __new__(cls, text: str, language: str = ""):
        value = super().__new__(cls, text)
        value.language = language
        return value


def localized(obj, base: str, language: str | None = None) -> str:
    """The value of ``obj.<base>_<language>``, falling back to the other languages in turn."""
    language = (language or get_language() or "en")[:2]
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    for code in order:
        value = getattr(obj, f"{base}_{code}", "")
        if value:
            return TextIn(value, code)
    return ""


# The language an export is being written in, set for its duration by common.exports: asking
# Django's translation machinery for it on every cell of a million-row export costs seconds.
EXPORT_LANGUAGE: ContextVar[str | None] = ContextVar("export_language", default=None)


def reading_language() -> str:
    return EXPORT_LANGUAGE.get() or (get_language() or "en")[:2]


def in_language(*values: str) -> str:
    """Of the English, Persian and Arabic values (in that order), the reader's, or the nearest.

    For rows read with ``values_list`` (CSV exports), where there is no object to ask.
    """
    texts = dict(zip(LANGUAGE_CODES, values, strict=True))
    for code in (reading_language(), *LANGUAGE_CODES):
        if texts.get(code):
            return texts[code]
    return ""


def search_fields_for(base: str, prefix: str = "") -> list[str]:
    return [f"{prefix}{base}_{code}" for code in LANGUAGE_CODES]


# The digits and letters that Persian and Arabic write differently, for the same text.
PERSIAN_DIGIT_SIGNS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGIT_SIGNS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_FORMS = {"ي": "ی", "ى": "ی", "ك": "ک"}  # an Arabic keyboard's letters, in Persian text
ARABIC_FORMS = {"ی": "ي", "ک": "ك"}  # a Persian keyboard's letters, in Arabic text

PERSIAN_DIGITS = str.maketrans("0123456789", PERSIAN_DIGIT_SIGNS)
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", ARABIC_DIGIT_SIGNS)
LATIN_DIGITS = str.maketrans(PERSIAN_DIGIT_SIGNS + ARABIC_DIGIT_SIGNS, "0123456789" * 2)
DIGITS = {"fa": PERSIAN_DIGITS, "ar": ARABIC_INDIC_DIGITS}
# The Arabic thousands and decimal separators (U+066C, U+066B), which Persian uses too.
THOUSANDS_SEPARATOR = {"fa": "\u066c", "ar": "\u066c"}
DECIMAL_SEPARATOR = {"fa": "\u066b", "ar": "\u066b"}
# The comma between the items of a list: the Arabic comma, followed by a space, in Persian and Arabic.
LIST_SEPARATOR = {"fa": "\u060c ", "ar": "\u060c "}


def page_language(language: str | None = None) -> str:
    return (language or get_language() or "en")[:2]


def local_digits(value, language: str | None = None) -> str:
    """``value`` as text, its digits written as the reader's language writes them.

    Persian pages get Persian digits (۰–۹). Arabic pages get the Arabic-Indic digits (٠–٩) of the
    Arabic east rather than the Latin digits of the Maghreb: the registry's Arabic readers are in
    Iraq (Wasit, Sulaymaniyah), where newspapers, signs and official letters write ٠–٩. English
    pages keep 0–9.

    A text that knows its own language (``TextIn``: an English fallback on a Persian page) keeps
    that language's digits. Only for what a person reads: registry numbers, slugs, addresses, form
    values and exported files keep Latin digits, so they are never passed through here.
    """
    text = str(value)
    own_language = getattr(value, "language", None) if isinstance(value, str) else None
    table = DIGITS.get(own_language or page_language(language))
    return text.translate(table) if table else text


def format_number(value, language: str | None = None, decimal_places: int | None = None) -> str:
    """A count for the reader: 12345 is ۱۲٬۳۴۵ in Persian and ١٢٬٣٤٥ in Arabic; English as Django writes it.
    With ``decimal_places``, a measure such as an average score: 2.5 is ۲٫۵ in Persian."""
    if value is None or value == "":
        return ""
    language = page_language(language)
    if language not in DIGITS:
        return formats.number_format(value, decimal_pos=decimal_places)
    grouped = numberformat.format(
        value,
        DECIMAL_SEPARATOR[language],
        decimal_pos=decimal_places,
        grouping=3,
        thousand_sep=THOUSANDS_SEPARATOR[language],
        force_grouping=True,
    )
    return local_digits(grouped, language)


def list_separator(language: str | None = None) -> str:
    return LIST_SEPARATOR.get(page_language(language), ", ")


def solar_hijri(value: datetime.date, precision: str = "exact") -> str:
    """The date in the Solar Hijri calendar with Persian month names and digits: ۱۸ مهر ۱۴۰۴."""
    if precision == "year":
        value = value.replace(month=1, day=1)
    elif precision == "month":
        value = value.replace(day=1)
    start = jdatetime.date.fromgregorian(date=value, locale="fa_IR")
    if precision == "year":
        end = jdatetime.date.fromgregorian(date=value.replace(month=12, day=31), locale="fa_IR")
        text = f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    elif precision == "month":
        last_day = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        end = jdatetime.date.fromgregorian(date=last_day, locale="fa_IR")
        if (start.year, start.month) == (end.year, end.month):
            text = start.strftime("%B %Y")
        elif start.year == end.year:
            text = f"{start.strftime('%B')}–{end.strftime('%B %Y')}"
        else:
            text = f"{start.strftime('%B %Y')}–{end.strftime('%B %Y')}"
    else:
        text = start.strftime("%d %B %Y").lstrip("0")
    return text.translate(PERSIAN_DIGITS)


def format_date(value: datetime.date | None, precision: str = "exact", language: str | None = None) -> str:
    """A date as precisely as it is known, for the reader's language.

    Persian readers get the Solar Hijri date with the Gregorian one beside it, both in Persian
    digits; Arabic readers get Arabic-Indic digits (``local_digits``).
    """
    if value is None or precision == "unknown":
        return str(_("date unknown"))
    language = (language or get_language() or "en")[:2]
    if is_solar_hijri_period(value, precision):
        return _solar_hijri_period(value, precision, language)
    with translation.override(language):
        if precision == "year":
            gregorian = str(value.year)
        elif precision == "month":
            gregorian = date_format(value, "YEAR_MONTH_FORMAT")
        else:
            gregorian = date_format(value, "j F Y")
    if language == "fa":
        return f"{solar_hijri(value, precision)} ({local_digits(gregorian, language)})"
    return local_digits(gregorian, language)


def is_solar_hijri_period(value: datetime.date, precision: str) -> bool:
    """Whether a month or year is a Solar Hijri one: stored as its first day, which is never the
    first of a Gregorian month (see ``common.calendars.known_period``)."""
    if precision == "month":
        return jdatetime.date.fromgregorian(date=value).day == 1 and value.day != 1
    if precision == "year":
        solar = jdatetime.date.fromgregorian(date=value)
        return (solar.month, solar.day) == (1, 1) and (value.month, value.day) != (1, 1)
    return False


def _solar_hijri_period(value: datetime.date, precision: str, language: str) -> str:
    """Mehr 1404 and its Gregorian days: «مهر ۱۴۰۴ (۲۳ سپتامبر – ۲۲ اکتبر ۲۰۲۵)» on Persian pages,
    "23 September – 22 October 2025 (Mehr 1404)" on English ones."""
    from .calendars import known_period

    first, last = known_period(value, precision)
    solar = jdatetime.date.fromgregorian(date=value, locale="fa_IR" if language in ("fa", "ar") else "en_US")
    name = str(solar.year) if precision == "year" else solar.strftime("%B %Y")
    with translation.override(language):
        start = date_format(first, "j F" if first.year == last.year else "j F Y")
        days = f"{start} – {date_format(last, 'j F Y')}"
    if language == "fa":
        return local_digits(f"{name} ({days})", language)
    suffix = " هـ.ش" if language == "ar" else " SH"
    return local_digits(f"{days} ({name}{suffix})", language)


def format_date_range(
    start: datetime.date | None, end: datetime.date | None, precision: str = "exact", language: str | None = None
) -> str:
    if start is None or precision == "unknown":
        return format_date(None, "unknown", language)
    if end is None or end == start or precision != "exact":
        return format_date(start, precision, language)
    return f"{format_date(start, precision, language)} – {format_date(end, precision, language)}"


def spelling_variants(text: str) -> list[str]:
    """The text as typed, with Persian letters and with Arabic letters; Latin digits in both."""
    variants = [text]
    latin = text.translate(LATIN_DIGITS)
    for variant in (latin.translate(str.maketrans(PERSIAN_FORMS)), latin.translate(str.maketrans(ARABIC_FORMS))):
        if variant not in variants:
            variants.append(variant)
    return variants
