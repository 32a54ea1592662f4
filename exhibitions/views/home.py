from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from common.calendars import page_uses_solar_hijri
from common.summaries import remembered, tables_of
from crafts.models import CraftCategory
from registry.models import ArtisanTotal, Place
from registry.querysets import CITY_KINDS, ancestor_of_kind, select_lineage

from ..charts import yearly_bars
from ..models import Exhibition, ExhibitionTotal
from ..querysets import published_artisans, with_counts, year_of


class HomeView(TemplateView):
    """The registry at a glance: a few counts, the latest and next exhibitions, participations by year."""

    template_name = "exhibitions/home.html"
    listed = 5
    # What the totals are read from: a clerk's save elsewhere leaves them remembered.
    counted = (Exhibition, Place, CraftCategory, ArtisanTotal, ExhibitionTotal)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        totals = remembered("home", "totals-in-both-calendars", self.totals, tables=tables_of(*self.counted))
        per_year = dict(totals["per_solar_year" if page_uses_solar_hijri() else "per_year"])
        undated = per_year.pop(None, 0)
        listed = Exhibition.objects.published().select_related(select_lineage("place"), "series")
        return super().get_context_data(
            **kwargs,
            stats={**totals["stats"], "participations": sum(per_year.values()) + undated},
            # In the model's order (newest first), which its index follows: PostgreSQL reads the
            # first five from it rather than sorting every past exhibition.
            recent=with_counts(listed.filter(start_date__lte=today)[: self.listed]),
            upcoming=with_counts(
                listed.filter(start_date__gt=today).order_by("start_date", "title_en", "pk")[: self.listed]
            ),
            per_year=sorted(per_year.items()),
            undated=undated,
            chart=yearly_bars(per_year),
        )

    @staticmethod
    def totals() -> dict:
        """The counts over the whole registry, from the totals the database keeps (``common.totals``):
        a few thousand summary rows, and remembered until the data changes (see summaries)."""
        hosting = Exhibition.objects.published().aggregate(
            exhibitions=Count("pk"),
            countries=Count(ancestor_of_kind("place", (Place.Kind.COUNTRY,)), distinct=True),
            cities=Count(ancestor_of_kind("place", CITY_KINDS), distinct=True),
        )
        per_exhibition = ExhibitionTotal.objects.values_list("exhibition", "count")
        starts = dict(Exhibition.objects.published().values_list("pk", "start_date"))
        per_year, per_solar_year = Counter(), Counter()
        for pk, count in per_exhibition:
            if pk in starts:
                per_year[year_of(starts[pk], solar_hijri=False)] += count
                per_solar_year[year_of(starts[pk], solar_hijri=True)] += count
        return {
            "stats": {
                "artisans": published_artisans(),
                "crafts": CraftCategory.objects.count(),
                "exhibitions": hosting["exhibitions"],
                "countries": hosting["countries"],
                "cities": hosting["cities"],
            },
            "per_year": dict(per_year),
            "per_solar_year": dict(per_solar_year),
        }
