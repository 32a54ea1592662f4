"""Template helpers shared by every public page: translated fields, dates, numbers, language links."""

import re

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeData
from django.utils.translation import get_language, get_language_info

from common.i18n import format_date, format_date_range, format_number, list_separator, local_digits, localized

register = template.Library()

CHARACTER_REFERENCE = re.compile(r"(&#?[0-9A-Za-z]+;)")


@register.filter
def tr(obj, base: str) -> str:
    """``{{ exhibition|tr:"title" }}``: the field in the reader's language, or the nearest one."""
    return localized(obj, base)


@register.filter
def local_date(value, precision: str = "exact") -> str:
    """A date for the reader: Solar Hijri with the Gregorian date beside it on Persian pages."""
    return format_date(value, precision)


@register.simple_tag
def date_range(start, end, precision: str = "exact") -> str:
    return format_date_range(start, end, precision)


# Digits are a matter of what a reader reads: each number on a page is passed through one of these
# on purpose, never the whole page, so that registry numbers, addresses and form values keep their
# Latin digits.


@register.filter(is_safe=True)
def digits(value) -> str:
    """``{{ year|digits }}``, ``{% filter digits %}…{% endfilter %}``: the digits of the page's language.

    Persian (۰–۹) on Persian pages, Arabic-Indic (٠–٩) on Arabic ones (see ``common.i18n.local_digits``).
    Safe text stays safe: only digits change. Around a sentence with a count, so that its message
    (and its translations) stay as they are; never around a link or a registry number.
    """
    if value is None:
        return ""
    if isinstance(value, SafeData):
        # Escaped text may hold character references (an apostrophe is &#x27;): their digits stay.
        return "".join(
            part if CHARACTER_REFERENCE.fullmatch(part) else local_digits(part)
            for part in CHARACTER_REFERENCE.split(value)
        )
    return local_digits(value)


@register.filter(is_safe=True)
def number(value) -> str:
    """``{{ count|number }}``: a count in the page's digits, its thousands grouped in Persian and Arabic."""
    return format_number(value)


@register.filter(is_safe=True)
def decimal(value, places: int = 1) -> str:
    """``{{ average|decimal:2 }}``: a measure in the page's digits and decimal sign (۲٫۵۰ in Persian)."""
    return format_number(value, decimal_places=int(places))


@register.simple_tag
def comma() -> str:
    """The comma between the items of a list: «، » on Persian and Arabic pages, ", " on English ones."""
    return list_separator()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page, with its query string, in each language."""
    request = context["request"]
    links = []
    for code, _name in context["LANGUAGES"]:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == context["LANGUAGE_CODE"],
            }
        )
    return links


@register.filter
def lang_attrs(value) -> str:
    """`` lang="en" dir="ltr"`` for a text shown in another language than the page's (a fallback,
    see ``common.i18n.TextIn``), so that it is read and laid out in its own; else nothing.

    ``<p{{ exhibition.description|lang_attrs }}>``.
    """
    language = getattr(value, "language", "")
    if not language or language == (get_language() or "")[:2]:
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)
