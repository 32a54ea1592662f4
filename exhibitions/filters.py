import datetime
import functools

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from common.calendars import (
    CalendarDateField,
    CalendarDateInput,
    PeriodStart,
    YearField,
    page_uses_solar_hijri,
    period_name,
    read_year,
    year_bounds,
    years_of,
)
from common.filters import PublicFilterSet, StableOrderingFilter, containing_every_word
from common.i18n import local_digits
from common.named_choices import NamedChoiceFilter
from common.summaries import remembered_query
from crafts.filters import CraftFilter
from crafts.models import CraftCategory
from registry.models import Artisan, ArtisanTotal, Place
from registry.querysets import ancestor_of_kind, select_lineage, within
from registry.search import ARTISAN_TEXT

from .models import (
    CraftSpanCraftsTotal,
    CraftSpanProvinceTotal,
    CraftsTotal,
    Exhibition,
    ExhibitionSeries,
    ExhibitionTotal,
    Participation,
    ParticipationTotal,
    ProvinceTotal,
    SpanCraftsTotal,
    SpanProvinceCraftsTotal,
    SpanProvinceTotal,
    SpanTotal,
)
from .querysets import count_per_row


def exhibition_host_places(request=None):
    """Places that host a published exhibition: those a visitor may type in the host place filter.

    Hundreds of them, thousands in a national registry: the filter is typed, and suggests only the
    busiest (``busiest_hosts``, ``common.filters.NamedChoiceField``).
    """
    return Place.objects.filter(pk__in=Exhibition.objects.published().values("place"))


def busiest_hosts(places: QuerySet) -> QuerySet:
    """``places``, those that held the most published exhibitions first, read with the places above
    them, which ``Place.described`` names to tell two places of one name apart."""
    hosted = count_per_row(Exhibition.objects.published(), "place")
    return places.select_related(select_lineage()).annotate(hosted=hosted).order_by("-hosted", "name_en", "pk")


def busiest_series(series: QuerySet) -> QuerySet:
    """``series``, those of the most published exhibitions first, read with their host places."""
    held = count_per_row(Exhibition.objects.published(), "series")
    return series.select_related("host_place").annotate(held=held).order_by("-held", "name_en", "pk")


def series_described(series: ExhibitionSeries) -> str:
    """A series' name and its host place's, telling apart two series of one name."""
    return gettext("%(series)s (%(place)s)") % {"series": series.name, "place": series.host_place.name}


def host_place_filter(**kwargs) -> NamedChoiceFilter:
    """A place that hosted a published exhibition, typed by name, slug or id."""
    return NamedChoiceFilter(
        queryset=exhibition_host_places,
        empty_label=_("Any place"),
        suggested=busiest_hosts,
        described=Place.described,
        error_messages={
            "unknown": _("No published exhibition was held in a place called “%(value)s”."),
            "ambiguous": _(
                "Published exhibitions were held in more than one place called “%(value)s”: "
                "please choose one of the suggestions."
            ),
        },
        **kwargs,
    )


def series_filter(**kwargs) -> NamedChoiceFilter:
    """An exhibition series, typed by name, slug or id."""
    return NamedChoiceFilter(
        label=_("series"),
        lookup_expr="exact",
        queryset=ExhibitionSeries.objects.all(),
        empty_label=_("Any series"),
        suggested=busiest_series,
        described=series_described,
        error_messages={
            "unknown": _("There is no exhibition series called “%(value)s”."),
            "ambiguous": _(
                "More than one exhibition series is called “%(value)s”: please choose one of the suggestions."
            ),
        },
        **kwargs,
    )


def exhibition_host_countries(request=None):
    """The countries of the places that host a published exhibition (see ``exhibition_host_places``)."""
    hosts = Exhibition.objects.published().annotate(country=ancestor_of_kind("place", (Place.Kind.COUNTRY,)))
    return Place.objects.countries().filter(pk__in=hosts.values("country"))


class CalendarDateFilter(django_filters.DateFilter):
    """A date typed in the Solar Hijri or the Gregorian calendar (common.calendars).

    A month or a year typed alone (1404/07) is its first day, or its last for "on or before".
    """

    field_class = CalendarDateField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=CalendarDateInput, **kwargs)

    def filter(self, qs, value):
        if isinstance(value, PeriodStart):
            value = value.last_day if self.lookup_expr in ("lte", "lt") else value.plain()
        return super().filter(qs, value)


def home_provinces(request=None) -> QuerySet:
    """The provinces public artisans live in, for the report's select: those the totals the
    database keeps (``registry.totals``) count an artisan for."""
    lived_in = ArtisanTotal.objects.filter(craft_id=0, count__gt=0).values("home_province_id")
    return Place.objects.provinces().filter(pk__in=lived_in)


def on_or_after(prefix: str, day: datetime.date) -> Q:
    """Exhibitions that may still have been on at ``day``, as far as their dates' precision tells.

    An exhibition known only to the month (or year) may have run until its month's last day, so it
    overlaps any day of that month.
    """
    bounds = {
        Exhibition.DatePrecision.EXACT: day,
        Exhibition.DatePrecision.MONTH: day.replace(day=1),
        Exhibition.DatePrecision.YEAR: day.replace(month=1, day=1),
    }
    condition = Q()
    for precision, bound in bounds.items():
        condition |= Q(**{f"{prefix}date_precision": precision}) & (
            Q(**{f"{prefix}end_date__gte": bound})
            | Q(**{f"{prefix}end_date__isnull": True, f"{prefix}start_date__gte": bound})
        )
    return condition


class YearFilter(django_filters.Filter):
    """A year typed in either calendar (``common.calendars.YearField``): 1404 selects the days from
    2025-03-21 to 2026-03-20, 2025 those of 2025. "abc", "2025.5" or "99999" are form errors."""

    field_class = YearField

    def filter(self, qs, value):
        return super().filter(qs, None if value is None else year_bounds(value))


class ExhibitionPlaceDateMixin:
    """Filter methods shared by the exhibition list and the participation report (both have crafts_shown)."""

    def filename_parts(self) -> list[str]:
        """The chosen records' slugs, then the period the year and dates select, in the export's
        calendar: ``["kut", "1404-07"]`` for Kut and Mehr 1404 (see ``common.calendars.period_name``)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        start, end = data.get("date_from"), data.get("date_to")
        end = getattr(end, "last_day", end)
        if data.get("year"):
            first, last = year_bounds(data["year"])
            start, end = max(start or first, first), min(end or last, last)
        period = period_name(start, end, solar_hijri=page_uses_solar_hijri())
        return [*super().filename_parts(), *([period] if period else [])]

    def filter_within(self, queryset, name, value):
        return queryset.filter(within(name, value))

    def filter_on_or_after(self, queryset, name, value):
        if isinstance(value, PeriodStart):
            value = value.plain()
        return queryset.filter(on_or_after(name.removesuffix("end_date"), value))

    def filter_craft(self, queryset, name, value):
        # Exists rather than a join: a row showing two kinds of kilim is still one row.
        model = self._meta.model
        shown = model.crafts_shown.through.objects.filter(
            **{model._meta.model_name: OuterRef("pk")}, craftcategory__tree_path__startswith=value.tree_path
        )
        return queryset.filter(Exists(shown))


class ExhibitionFilterSet(ExhibitionPlaceDateMixin, PublicFilterSet):
    q = django_filters.CharFilter(label=_("title"), method="filter_title")
    year = YearFilter(label=_("year"), field_name="start_date", lookup_expr="range")
    date_from = CalendarDateFilter(
        label=_("on or after"), field_name="end_date", lookup_expr="gte", method="filter_on_or_after"
    )
    date_to = CalendarDateFilter(label=_("on or before"), field_name="start_date", lookup_expr="lte")
    country = django_filters.ModelChoiceFilter(
        label=_("country"),
        field_name="place",
        lookup_expr="exact",
        method="filter_within",
        queryset=exhibition_host_countries,
        empty_label=_("Any country"),
    )
    city = host_place_filter(label=_("city or place"), field_name="place", lookup_expr="exact")
    series = series_filter(field_name="series")
    craft = CraftFilter(
        label=_("craft shown"),
        field_name="crafts_shown",
        method="filter_craft",
        queryset=CraftCategory.objects.all(),
        empty_label=_("Any craft"),
    )
    ordering = StableOrderingFilter(
        label=_("order by"),
        # Without a choice, the model's order: newest first, undated last.
        empty_label=pgettext_lazy("order", "newest first"),
        fields=(("start_date", "start_date"), ("title_en", "title")),
        field_labels={"start_date": _("date"), "title_en": _("title")},
    )

    class Meta:
        model = Exhibition
        fields = []

    def filter_title(self, queryset, name, value):
        return containing_every_word(queryset, value, ("title_en", "title_fa", "title_ar"))


class ParticipationFilterSet(ExhibitionPlaceDateMixin, PublicFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("artisan’s home province"),
        field_name="artisan__home_place",
        lookup_expr="exact",
        method="filter_within",
        queryset=home_provinces,
        empty_label=_("Any province"),
    )
    craft = CraftFilter(
        label=_("craft shown"),
        field_name="crafts_shown",
        method="filter_craft",
        queryset=CraftCategory.objects.all(),
        empty_label=_("Any craft"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("host country"),
        field_name="exhibition__place",
        lookup_expr="exact",
        method="filter_within",
        queryset=exhibition_host_countries,
        empty_label=_("Any country"),
    )
    city = host_place_filter(label=_("host city or place"), field_name="exhibition__place", lookup_expr="exact")
    series = series_filter(field_name="exhibition__series")
    year = YearFilter(label=_("year"), field_name="exhibition__start_date", lookup_expr="range")
    date_from = CalendarDateFilter(
        label=_("on or after"), field_name="exhibition__end_date", lookup_expr="gte", method="filter_on_or_after"
    )
    date_to = CalendarDateFilter(label=_("on or before"), field_name="exhibition__start_date", lookup_expr="lte")

    class Meta:
        model = Participation
        fields = []


def exhibition_years(chosen: str | None = None) -> list[tuple[int, str]]:
    """The years of published exhibitions in the page's calendar, latest first; and ``chosen``, if it
    is another sensible year (a link from a page in the other calendar), so that the select shows it.

    The years of published exhibitions, where the years of public participations would mean
    reading every participation; remembered per version of the data, as all exhibitions are read.
    """
    solar_hijri = page_uses_solar_hijri()

    dated = Exhibition.objects.published().filter(start_date__isnull=False)

    def years() -> list[int]:
        # A Solar Hijri year begins on 20 or 21 March, so its years are read from the days.
        return years_of(dated.dates("start_date", "day" if solar_hijri else "year"))

    calendar = "solar-hijri" if solar_hijri else "gregorian"
    offered = remembered_query(f"exhibition-years:{calendar}", dated, years)
    other = read_year(chosen) if chosen else None
    if other is not None and other not in offered:
        offered = sorted([*offered, other], reverse=True)
    # The value stays in Latin digits (it is the address's ?year=2025); the label is the reader's.
    return [(year, local_digits(year)) for year in offered]


class ExhibitedYearField(django_filters.fields.ChoiceField):
    """The select of ``exhibition_years``, which also takes any other sensible year
    (``common.calendars.read_year``): ?year=2025 from an English page still filters a Persian one."""

    def valid_value(self, value):
        return super().valid_value(value) or read_year(value) is not None


class ExhibitedYearFilter(django_filters.ChoiceFilter):
    field_class = ExhibitedYearField


# Persian and Arabic readers look a name up in its own script; English readers in Latin letters.
# Each order is read along its index, (name_order, id) or (latin_order, id) (see Artisan.Meta.indexes).
ARTISAN_ORDER_BY_LANGUAGE = {"fa": "name", "ar": "name"}


def default_ordering(data: QueryDict | None) -> QueryDict | None:
    """The list's query, sorted by name in the reader's script unless the reader chose an order."""
    ordering = ARTISAN_ORDER_BY_LANGUAGE.get((get_language() or "en")[:2])
    if ordering is None or (data is not None and data.get("ordering")):
        return data
    data = data.copy() if data is not None else QueryDict(mutable=True)
    data["ordering"] = ordering
    return data


class ArtisanFilter(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Name or registry number"), method="filter_name")
    craft = CraftFilter(
        label=_("Craft"),
        queryset=CraftCategory.objects.tree_order(),
        method="filter_craft",
        empty_label=_("Any craft"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Home province"),
        queryset=Place.objects.provinces(),
        method="filter_province",
        empty_label=_("Any province"),
    )
    # The three "exhibited" filters describe one participation together: see filter_queryset.
    country = django_filters.ModelChoiceFilter(
        label=_("Exhibited in country"),
        queryset=exhibition_host_countries,
        method="filter_nothing",
        empty_label=_("Any country"),
    )
    city = host_place_filter(label=_("Exhibited in city or place"), method="filter_nothing")
    year = ExhibitedYearFilter(
        label=_("Exhibited in year"),
        choices=exhibition_years,
        method="filter_nothing",
        empty_label=_("Any year"),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=(
            ("latin_order", "name_latin"),
            # Shown as "name", sorted by the key of the Persian alphabet's order.
            ("name_order", "name"),
            ("registry_number", "registry_number"),
            ("participation_count", "participations"),
        ),
        field_labels={
            "latin_order": _("Name in Latin script"),
            "name_order": _("Name in own script"),
            "registry_number": _("Registry number"),
            "participation_count": pgettext_lazy("count", "Participations"),
        },
    )

    class Meta:
        model = Artisan
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(default_ordering(data), *args, **kwargs)
        # The select asks for its choices when the form checks a value and again when it renders:
        # read the years once per form.
        chosen = functools.partial(exhibition_years, self.data.get("year"))
        self.filters["year"].extra["choices"] = functools.cache(chosen)

    def filter_name(self, queryset, name, value):
        return containing_every_word(
            queryset, value, ("name", "name_latin", "registry_number"), "search_key", ARTISAN_TEXT
        )

    def filter_craft(self, queryset, name, value):
        return queryset.practising(value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(within("home_place", value))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = self.exhibited_conditions()
        if conditions:
            participations = Participation.objects.published().filter(*conditions, artisan=OuterRef("pk"))
            queryset = queryset.filter(Exists(participations))
        return queryset

    # The filters that describe the participation an artisan must have had (see filter_queryset).
    EXHIBITED = ("country", "city", "year")

    def exhibited_conditions(self) -> list[Q]:
        """The conditions on one participation that the "exhibited" filters chose (valid form)."""
        data = self.form.cleaned_data
        conditions = []
        if data.get("country"):
            conditions.append(within("exhibition__place", data["country"]))
        if data.get("city"):
            conditions.append(within("exhibition__place", data["city"]))
        if data.get("year"):
            conditions.append(Q(exhibition__start_date__range=year_bounds(self.exhibited_year())))
        return conditions

    def exhibited_year(self) -> int | None:
        """The year the "exhibited in year" filter chose (valid form): one of the years offered, or
        another sensible one (see ExhibitedYearField)."""
        year = self.form.cleaned_data.get("year")
        return (read_year(year) or int(year)) if year else None


def showing_any(craft_ids) -> Q:
    """Summary rows (``ParticipationTotal``) whose crafts shown include one of ``craft_ids``."""
    condition = Q(pk__in=[])
    for pk in craft_ids:
        condition |= (
            Q(crafts=str(pk))
            | Q(crafts__startswith=f"{pk},")
            | Q(crafts__endswith=f",{pk}")
            | Q(crafts__contains=f",{pk},")
        )
    return condition


class ParticipationTotalFilterSet(ParticipationFilterSet):
    """The participation report's filters over the totals the database keeps (``ParticipationTotal``):
    each value the visitor chose is a condition on a summary row's province, crafts or start span,
    or on its exhibition (the same conditions as on the participations)."""

    year = YearFilter(label=_("year"), field_name="exhibition__start_date", lookup_expr="range", method="filter_year")

    class Meta:
        model = ParticipationTotal
        fields = []

    # The summaries from the coarsest up: the first that has the columns asked for is summed. Those
    # per start span have a few rows a year; those per exhibition grow with the exhibitions.
    SUMMARIES = (
        SpanTotal,
        SpanProvinceTotal,
        SpanCraftsTotal,
        ExhibitionTotal,
        ProvinceTotal,
        CraftsTotal,
        SpanProvinceCraftsTotal,
        ParticipationTotal,
    )
    # The summaries that count a participation under each category of the crafts it showed: summed
    # for one category only, so read only under the craft filter, and before the others there.
    PER_CATEGORY = (CraftSpanProvinceTotal, CraftSpanCraftsTotal)
    # Filters on what only the exhibition says (its place, series, days).
    ON_THE_EXHIBITION = {"country", "city", "series", "date_from", "date_to"}

    @classmethod
    def rows_selected_by(cls, report: ParticipationFilterSet | None, *, by: tuple[str, ...] = ()) -> QuerySet:
        """The rows of the coarsest summary that count the participations ``report`` (bound and
        valid, or None for no filter) selects, from the values it has already checked, and that
        have the columns ``by`` to group them by. A row without a ``start_span`` is grouped by its
        exhibition's start date instead (``start_day``)."""
        chosen = {name for name, value in report.form.cleaned_data.items() if value} if report else set()
        needed = {
            *by,
            *(["home_province_id"] if "province" in chosen else []),
            *(["craft"] if "craft" in chosen else []),
            *(["exhibition_id"] if chosen & cls.ON_THE_EXHIBITION else []),
            *(["start_span"] if "year" in chosen else []),
        }
        candidates = (*cls.PER_CATEGORY, *cls.SUMMARIES) if "craft" in chosen else cls.SUMMARIES
        model = next(model for model in candidates if needed <= cls.columns(model))
        # Rows whose count fell to nought stay (see exhibitions.totals): they count nothing.
        summary = cls(queryset=model.objects.exclude(count=0).order_by())
        rows = summary.queryset
        for name in chosen:
            rows = summary.filters[name].filter(rows, report.form.cleaned_data[name])
        return rows

    @staticmethod
    def columns(model) -> set[str]:
        """What ``model``'s rows can be grouped and filtered by: its columns, the start span of its
        exhibition, through the exhibition, and "craft" where the crafts shown can be filtered."""
        columns = {field.attname for field in model._meta.fields}
        if "exhibition_id" in columns:
            columns.add("start_span")
        if columns & {"crafts", "craft_id"}:
            columns.add("craft")
        return columns

    @staticmethod
    def start_day(model) -> str:
        """The field that says when the exhibitions a row of ``model`` counts started: its start span
        (a day in the same year of both calendars), or its exhibition's start date."""
        fields = {field.attname for field in model._meta.fields}
        return "start_span" if "start_span" in fields else "exhibition__start_date"

    def filter_year(self, queryset, name, value):
        # A year of either calendar is a run of whole start spans (exhibitions.totals).
        return queryset.filter(**{f"{self.start_day(queryset.model)}__range": year_bounds(value)})

    def filter_within(self, queryset, name, value):
        if name == "artisan__home_place":
            # The select offers provinces only, and each row is counted under its artisans' province.
            return queryset.filter(home_province_id=value.pk)
        return super().filter_within(queryset, name, value)

    def filter_craft(self, queryset, name, value):
        if queryset.model in self.PER_CATEGORY:
            return queryset.filter(craft_id=value.pk)
        return queryset.filter(showing_any(CraftCategory.objects.descendants_of(value).values_list("pk", flat=True)))
