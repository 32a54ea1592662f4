"""Text entered in English, Persian and Arabic, shown in the reader's language.

Models keep one column per language (``name_en``, ``name_fa``, ``name_ar``). Every model with such
columns lives in or below this app, which is why the helper lives here.
"""

import datetime
from contextvars import ContextVar

import jdatetime
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "fa", "ar")


def localized(obj, base: str, language: str | None = None) -> str:
    """The value of ``obj.<base>_<language>``, falling back to the other languages in turn."""
    language = (language or get_language() or "en")[:2]
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    for code in order:
        value = getattr(obj, f"{base}_{code}", "")
        if value:
            return value
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


class MultilingualName(models.Model):
    """A name kept in English, Persian and Arabic; ``name`` is the one for the current language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fa = models.CharField(_("name (Persian)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


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

    Persian readers get the Solar Hijri date with the Gregorian one beside it.
    """
    if value is None or precision == "unknown":
        return str(_("date unknown"))
    language = (language or get_language() or "en")[:2]
    with translation.override(language):
        if precision == "year":
            gregorian = str(value.year)
        elif precision == "month":
            gregorian = date_format(value, "YEAR_MONTH_FORMAT")
        else:
            gregorian = date_format(value, "j F Y")
    if language == "fa":
        return f"{solar_hijri(value, precision)} ({gregorian})"
    return gregorian


def format_date_range(
    start: datetime.date | None, end: datetime.date | None, precision: str = "exact", language: str | None = None
) -> str:
    if start is None or precision == "unknown":
        return format_date(None, "unknown", language)
    if end is None or end == start or precision != "exact":
        return format_date(start, precision, language)
    return f"{format_date(start, precision, language)} – {format_date(end, precision, language)}"


# Letters and digits that Persian and Arabic keyboards type differently for the same text.
_TO_PERSIAN = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک"}
    | {chr(0x06F0 + d): str(d) for d in range(10)}
    | {chr(0x0660 + d): str(d) for d in range(10)}
)
_TO_ARABIC = str.maketrans(
    {"ی": "ي", "ک": "ك"} | {chr(0x06F0 + d): str(d) for d in range(10)} | {chr(0x0660 + d): str(d) for d in range(10)}
)


def spelling_variants(text: str) -> list[str]:
    """The text as typed, with Persian letters and with Arabic letters; Latin digits in both."""
    variants = [text]
    for variant in (text.translate(_TO_PERSIAN), text.translate(_TO_ARABIC)):
        if variant not in variants:
            variants.append(variant)
    return variants
