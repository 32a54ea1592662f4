from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from common.calendars import page_uses_solar_hijri
from common.summaries import remembered, tables_of
from crafts.models import CraftCategory
from registry.models import Place
from registry.querysets import CITY_KINDS, ancestor_of_kind, select_lineage

from ..charts import yearly_bars
from ..models import UNDATED, Exhibition, SpanTotal
from ..querysets import published_artisans, with_counts, year_of


class HomeView(TemplateView):
    """The registry at a glance: a few counts, the latest and next exhibitions, participations by year."""

    template_name = "exhibitions/home.html"
    listed = 5

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # Each part remembered until the tables it is read from change: a publication recounts
        # the years, not the places exhibitions were held in.
        hosting = remembered("home-hosting", "all", self.hosting, tables=tables_of(Exhibition, Place, CraftCategory))
        years = remembered("home-years", "all", self.years, tables=tables_of(SpanTotal))
        per_year = dict(years["per_solar_year" if page_uses_solar_hijri() else "per_year"])
        undated = per_year.pop(None, 0)
        listed = Exhibition.objects.published().select_related(select_lineage("place"), "series")
        return super().get_context_data(
            **kwargs,
            stats={
                **hosting,
                "artisans": published_artisans(),
                "participations": sum(per_year.values()) + undated,
            },
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
    def hosting() -> dict:
        """How many exhibitions, in how many countries and cities, and how many crafts."""
        return {
            "crafts": CraftCategory.objects.count(),
            **Exhibition.objects.published().aggregate(
                exhibitions=Count("pk"),
                countries=Count(ancestor_of_kind("place", (Place.Kind.COUNTRY,)), distinct=True),
                cities=Count(ancestor_of_kind("place", CITY_KINDS), distinct=True),
            ),
        }

    @staticmethod
    def years() -> dict:
        """The published participations per year in both calendars, from the totals per start span
        the database keeps (``exhibitions.totals``): each span lies in one year of either calendar."""
        per_year, per_solar_year = Counter(), Counter()
        # Rows whose count fell to nought stay (see exhibitions.totals): a year they name had none.
        for day, count in SpanTotal.objects.exclude(count=0).values_list("start_span", "count"):
            day = None if day == UNDATED else day
            per_year[year_of(day, solar_hijri=False)] += count
            per_solar_year[year_of(day, solar_hijri=True)] += count
        return {"per_year": dict(per_year), "per_solar_year": dict(per_solar_year)}
