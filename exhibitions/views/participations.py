from collections import Counter

from django.db.models import Count
from django_filters.views import FilterView

from common.calendars import page_uses_solar_hijri
from common.exports import FilteredCSVExportMixin
from common.pagination import ForgivingPaginationMixin
from common.summaries import query_key, remembered
from crafts.models import CraftCategory
from registry.models import Place
from registry.querysets import CITY_KINDS, lineage_of_kind, select_lineage

from ..exports import NAME_FIELDS, in_language, participation_columns
from ..filters import ParticipationFilterSet
from ..models import Participation
from ..querysets import participations_per_year
from .exhibitions import crafts_in_tree_order

SUMMARY_ROWS = 10


def shortened(rows: list[dict], limit: int = SUMMARY_ROWS) -> tuple[list[dict], int]:
    """The largest ``limit`` rows, and the count the others add up to (shown as one line)."""
    return rows[:limit], sum(row["count"] for row in rows[limit:])


class ParticipationListView(FilteredCSVExportMixin, ForgivingPaginationMixin, FilterView):
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

    def get_csv_queryset(self):
        queryset = super().get_csv_queryset()
        return None if queryset is None else queryset.prefetch_related(None)

    def get_csv_columns(self):
        return participation_columns()

    def get_csv_filename(self):
        return "participations.csv"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for participation in context["object_list"]:
            participation.home_province = lineage_of_kind(participation.artisan.home_place, (Place.Kind.PROVINCE,))
            participation.host_city = lineage_of_kind(participation.exhibition.place, CITY_KINDS)
            participation.host_country = lineage_of_kind(participation.exhibition.place, (Place.Kind.COUNTRY,))
        if self.filterset.is_bound and not self.filterset.is_valid():
            return context
        # Each summary is one GROUP BY over the rows the filters select, however many there are, so
        # they are computed once per filter and version of the data (see common.summaries).
        rows = self.object_list.order_by().prefetch_related(None)
        summaries = remembered("participations", query_key(rows), lambda: self.summaries(rows), per_language=True)
        context["by_year"] = summaries["by_year"]
        context["by_province"], context["other_provinces"] = shortened(summaries["by_province"])
        context["by_craft"], context["other_crafts"] = shortened(summaries["by_craft"])
        return context

    def summaries(self, rows) -> dict:
        return {"by_year": self.by_year(rows), "by_province": self.by_province(rows), "by_craft": self.by_craft(rows)}

    @staticmethod
    def by_year(rows) -> list[dict]:
        # In the page's calendar: the Solar Hijri years on Persian pages, as ?year= reads them there.
        years = participations_per_year(rows, solar_hijri=page_uses_solar_hijri())
        return [{"year": year, "count": years[year]} for year in sorted(years, key=lambda y: (y is None, y))]

    @staticmethod
    def by_craft(rows) -> list[dict]:
        # Grouped by the crafts' ids alone (no join to their names), named afterwards: a few dozen crafts.
        counts = rows.values_list("crafts_shown").annotate(count=Count("pk"))
        crafts = CraftCategory.objects.in_bulk([craft for craft, _count in counts if craft])
        named = [(crafts.get(craft), count) for craft, count in counts]
        named.sort(key=lambda pair: (-pair[1], pair[0].tree_path if pair[0] else ""))
        return [
            {"name": in_language(*(getattr(craft, field) for field in NAME_FIELDS)) if craft else "", "count": count}
            for craft, count in named
        ]

    @staticmethod
    def by_province(rows) -> list[dict]:
        # Grouped by the artisans' home place (one join per row), then each place is walked up to its
        # province here: there are hundreds of places, against a million rows to walk up in SQL.
        per_home = rows.values_list("artisan__home_place").annotate(count=Count("pk"))
        homes = Place.objects.select_related(select_lineage("parent")).in_bulk([home for home, _n in per_home if home])
        totals = Counter()
        for home, count in per_home:
            totals[lineage_of_kind(homes.get(home), (Place.Kind.PROVINCE,))] += count
        return [{"place": province, "count": count} for province, count in totals.most_common()]
