from collections import Counter

from django.db.models import Sum
from django_filters.views import FilterView

from common.calendars import page_uses_solar_hijri
from common.downloads import FilteredExportMixin
from common.pagination import ForgivingPaginationMixin
from common.summaries import compiled, remembered, tables_of
from crafts.models import CraftCategory
from registry.models import Place
from registry.querysets import CITY_KINDS, lineage_of_kind, select_lineage

from ..exports import NAME_FIELDS, in_language, participation_columns
from ..filters import ParticipationFilterSet, ParticipationTotalFilterSet
from ..models import UNDATED, Participation
from ..querysets import year_of
from .exhibitions import crafts_in_tree_order

SUMMARY_ROWS = 10


def shortened(rows: list[dict], limit: int = SUMMARY_ROWS) -> tuple[list[dict], int]:
    """The largest ``limit`` rows, and the count the others add up to (shown as one line)."""
    return rows[:limit], sum(row["count"] for row in rows[limit:])


class ParticipationListView(FilteredExportMixin, ForgivingPaginationMixin, FilterView):
    """The participation history: who showed what, where and when, with totals for the rows selected."""

    filterset_class = ParticipationFilterSet
    template_name = "exhibitions/participation_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Participation.objects.published()
            .select_related(select_lineage("artisan__home_place"), select_lineage("exhibition__place"))
            .prefetch_related(crafts_in_tree_order())
            # Newest exhibition first (Exhibition.Meta.ordering), then by artisan: read along the
            # exhibition's NewestFirstIndex, a page sorts one exhibition's participants, not all.
            .order_by("exhibition", "artisan__latin_order", "pk")
        )

    def get_export_queryset(self):
        queryset = super().get_export_queryset()
        return None if queryset is None else queryset.prefetch_related(None)

    def get_export_columns(self):
        return participation_columns()

    def get_export_name(self):
        return "participations"

    def get_context_data(self, **kwargs):
        self.totals = self.report_totals()
        context = super().get_context_data(**kwargs)
        for participation in context["object_list"]:
            participation.home_province = lineage_of_kind(participation.artisan.home_place, (Place.Kind.PROVINCE,))
            participation.host_city = lineage_of_kind(participation.exhibition.place, CITY_KINDS)
            participation.host_country = lineage_of_kind(participation.exhibition.place, (Place.Kind.COUNTRY,))
        if self.totals is None:
            return context
        context["by_year"] = self.totals["by_year"]
        context["by_province"], context["other_provinces"] = shortened(self.totals["by_province"])
        context["by_craft"], context["other_crafts"] = shortened(self.totals["by_craft"])
        return context

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.totals is not None:
            # The rows the page lists are the rows the totals count: no COUNT over them.
            paginator.count = self.totals["count"]
        return paginator

    def report_totals(self) -> dict | None:
        """The totals of the rows the filters select, or None if the filters are not valid.

        Each is a GROUP BY over the summary rows that count those participations (see
        ``exhibitions.totals``), remembered per filter, language and version of the data.
        """
        filterset = self.filterset if self.filterset.is_bound else None
        if filterset is not None and not filterset.is_valid():
            return None
        finest = ParticipationTotalFilterSet.rows_selected_by(filterset, by=("home_province_id", "crafts"))
        # Named by their exhibitions' dates, their provinces' and crafts' names.
        key, tables = compiled(finest)
        tables += tables_of(
            *ParticipationTotalFilterSet.SUMMARIES, *ParticipationTotalFilterSet.PER_CATEGORY, Place, CraftCategory
        )
        return remembered(
            "participations",
            key,
            lambda: self.summaries(filterset),
            tables=tables,
            per_language=True,
        )

    def summaries(self, filterset) -> dict:
        """Each total from the coarsest summary that has what it groups by (see the filter set)."""
        rows = ParticipationTotalFilterSet.rows_selected_by
        by_province = self.by_province(rows(filterset, by=("home_province_id",)))
        return {
            "count": sum(row["count"] for row in by_province),
            "by_year": self.by_year(rows(filterset, by=("start_span",))),
            "by_province": by_province,
            "by_craft": self.by_craft(rows(filterset, by=("crafts",))),
        }

    @staticmethod
    def by_year(rows) -> list[dict]:
        # In the page's calendar: the Solar Hijri years on Persian pages, as ?year= reads them there.
        solar_hijri = page_uses_solar_hijri()
        years = Counter()
        start_day = ParticipationTotalFilterSet.start_day(rows.model)
        for day, count in rows.values_list(start_day).annotate(count=Sum("count")):
            years[year_of(None if day == UNDATED else day, solar_hijri=solar_hijri)] += count
        return [{"year": year, "count": years[year]} for year in sorted(years, key=lambda y: (y is None, y))]

    @staticmethod
    def by_craft(rows) -> list[dict]:
        # Grouped by the crafts a row names ("3,17"), then by craft here: a participation showing two
        # crafts counts under each. A few hundred combinations, named afterwards.
        counts = Counter()
        for crafts, count in rows.values_list("crafts").annotate(count=Sum("count")):
            for craft in crafts.split(",") if crafts else [None]:
                counts[int(craft) if craft else None] += count
        named = CraftCategory.objects.in_bulk([craft for craft in counts if craft])
        ordered = sorted(
            ((named.get(craft), count) for craft, count in counts.items()),
            key=lambda pair: (-pair[1], pair[0].tree_path if pair[0] else ""),
        )
        return [
            {"name": in_language(*(getattr(craft, field) for field in NAME_FIELDS)) if craft else "", "count": count}
            for craft, count in ordered
        ]

    @staticmethod
    def by_province(rows) -> list[dict]:
        counts = rows.values_list("home_province_id").annotate(count=Sum("count"))
        provinces = Place.objects.in_bulk([province for province, _n in counts if province])
        totals = Counter()
        for province, count in counts:
            totals[provinces.get(province)] += count
        return [{"place": province, "count": count} for province, count in totals.most_common()]
