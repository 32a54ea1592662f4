"""The CSV columns of exhibitions and participations, shared by the public pages and the admin.

Cells are read with ``values_list`` (see common.exports), so names in three languages arrive as
three values and are chosen here, in the language the export is written in.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.calendars import known_period, page_uses_solar_hijri, period_name, solar_hijri_numbers
from common.exports import Column, Label, ManyColumn, export_filename
from common.i18n import LANGUAGE_CODES, in_language, reading_language
from registry.models import Place
from registry.querysets import CITY_KINDS, PLACE_DEPTH

from .models import Exhibition, Participation

NAME_FIELDS = tuple(f"name_{code}" for code in LANGUAGE_CODES)
TITLE_FIELDS = tuple(f"title_{code}" for code in LANGUAGE_CODES)


def lineage_lookups(path: str = "") -> tuple[str, ...]:
    """Kind and names of the place at ``path`` (or of the place itself) and of each place above it."""
    prefix = f"{path}__" if path else ""
    return tuple(
        f"{prefix}{'parent__' * level}{field}" for level in range(PLACE_DEPTH) for field in ("kind", *NAME_FIELDS)
    )


def first_of_kind(*kinds: str) -> Callable[..., str]:
    """A cell reader for ``lineage_lookups``: the name of the first place of ``kinds``, or ''."""

    def value(*cells) -> str:
        step = 1 + len(NAME_FIELDS)
        for start in range(0, len(cells), step):
            kind, *names = cells[start : start + step]
            if kind in kinds:
                return in_language(*names)
        return ""

    return value


yes_no = Label([(True, _("yes")), (False, _("no"))])


def date_columns(via: str | None = None) -> list[Column]:
    """The start and end dates in ISO; in Persian files each with its Solar Hijri date beside it,
    in Latin digits and as precisely as it is known (``common.calendars.solar_hijri_numbers``)."""
    start, end = Column(_("start date"), ("start_date",), via=via), Column(_("end date"), ("end_date",), via=via)
    if not page_uses_solar_hijri(reading_language()):
        return [start, end]
    return [
        start,
        Column(_("start date (Solar Hijri)"), ("start_date", "date_precision"), solar_hijri_numbers, via=via),
        end,
        Column(_("end date (Solar Hijri)"), ("end_date", "date_precision"), solar_hijri_numbers, via=via),
    ]


def exhibition_columns() -> list[Column | ManyColumn]:
    """For exhibitions annotated by ``with_participation_counts`` (the public ones, on public pages)."""
    return [
        Column(_("title"), TITLE_FIELDS, in_language),
        Column(_("slug"), ("slug",)),
        *date_columns(),
        Column(_("date precision"), ("date_precision",), Label(Exhibition.DatePrecision.choices)),
        Column(_("city or place"), NAME_FIELDS, in_language, via="place"),
        Column(_("country"), lineage_lookups(), first_of_kind(Place.Kind.COUNTRY), via="place"),
        Column(_("series"), NAME_FIELDS, in_language, via="series"),
        Column(_("participants reported"), ("participants_reported",)),
        Column(_("participants recorded"), ("participation_count",)),
        ManyColumn(_("crafts shown"), "crafts_shown", NAME_FIELDS, in_language),
    ]


def participation_columns(*, include_private: bool = False) -> list[Column | ManyColumn]:
    """One row per participation; the artisan's contact data only when ``include_private``.

    The exhibition and the artisan's home place are read ``via`` their ids, once per export: a
    million participations name two thousand exhibitions and a few hundred places.
    """
    columns = [
        Column(_("registry number"), ("artisan__registry_number",)),
        Column(_("name"), ("artisan__name",)),
        Column(_("name in Latin script"), ("artisan__name_latin",)),
        Column(_("home place"), NAME_FIELDS, in_language, via="artisan__home_place"),
        Column(_("home province"), lineage_lookups(), first_of_kind(Place.Kind.PROVINCE), via="artisan__home_place"),
        Column(_("exhibition"), TITLE_FIELDS, in_language, via="exhibition"),
        Column(_("exhibition slug"), ("slug",), via="exhibition"),
        *date_columns(via="exhibition"),
        Column(_("date precision"), ("date_precision",), Label(Exhibition.DatePrecision.choices), via="exhibition"),
        Column(_("host city"), lineage_lookups("place"), first_of_kind(*CITY_KINDS), via="exhibition"),
        Column(_("host country"), lineage_lookups("place"), first_of_kind(Place.Kind.COUNTRY), via="exhibition"),
        Column(pgettext_lazy("participation", "role"), ("role",), Label(Participation.Role.choices)),
        ManyColumn(_("crafts shown"), "crafts_shown", NAME_FIELDS, in_language),
        Column(_("stand"), ("stand",)),
        Column(_("award"), tuple(Participation.award.column_names()), in_language),
        Column(_("sample data"), ("is_sample",), yes_no),
    ]
    if include_private:
        columns += [
            Column(_("phone"), ("artisan__phone",)),
            Column(_("email"), ("artisan__email",)),
            Column(_("national ID number"), ("artisan__national_id",)),
        ]
    return columns


def participants_filename(exhibition: Exhibition, extension: str = "csv") -> str:
    """``participants-kut-2025-10-10.csv``: where and when, readable in a downloads folder.

    The date is written in the file's calendar (``participants-kut-1404-07-18.csv`` in Persian), as
    precisely as it is known.
    """
    if exhibition.start_date is None or exhibition.date_precision == Exhibition.DatePrecision.UNKNOWN:
        when = "undated"
    else:
        period = known_period(exhibition.start_date, exhibition.date_precision)
        when = period_name(*period, solar_hijri=page_uses_solar_hijri())
    return export_filename("participants", exhibition.place.slug, when, extension=extension)
