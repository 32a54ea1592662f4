"""Template helpers shared by every public page: translated fields, dates, language links."""

from django import template
from django.urls import translate_url
from django.utils.translation import get_language_info

from common.i18n import format_date, format_date_range, localized

register = template.Library()


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
