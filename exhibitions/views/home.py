from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from crafts.models import CraftCategory
from crafts.summaries import remembered
from registry.models import Artisan, Place
from registry.querysets import CITY_KINDS, ancestor_of_kind, select_lineage

from ..charts import yearly_bars
from ..models import Exhibition, Participation
from ..querysets import participations_per_year


class HomeView(TemplateView):
    """The registry at a glance: a few counts, the latest and next exhibitions, participations by year."""

    template_name = "exhibitions/home.html"
    listed = 5

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        totals = remembered("home", "totals", self.totals)
        per_year = dict(totals["per_year"])
        undated = per_year.pop(None, 0)
        listed = (
            Exhibition.objects.published()
            .select_related(select_lineage("place"), "series")
            .with_participation_counts(Participation.objects.published())
        )
        return super().get_context_data(
            **kwargs,
            stats={**totals["stats"], "participations": sum(per_year.values()) + undated},
            recent=list(listed.filter(start_date__lte=today).order_by("-start_date", "title_en", "pk")[: self.listed]),
            upcoming=list(listed.filter(start_date__gt=today).order_by("start_date", "title_en", "pk")[: self.listed]),
            per_year=sorted(per_year.items()),
            undated=undated,
            chart=yearly_bars(per_year),
        )

    @staticmethod
    def totals() -> dict:
        """The counts over the whole registry: computed once per change of the data (see summaries)."""
        hosting = Exhibition.objects.published().aggregate(
            exhibitions=Count("pk"),
            countries=Count(ancestor_of_kind("place", (Place.Kind.COUNTRY,)), distinct=True),
            cities=Count(ancestor_of_kind("place", CITY_KINDS), distinct=True),
        )
        return {
            "stats": {
                "artisans": Artisan.objects.published().count(),
                "crafts": CraftCategory.objects.count(),
                "exhibitions": hosting["exhibitions"],
                "countries": hosting["countries"],
                "cities": hosting["cities"],
            },
            "per_year": dict(participations_per_year(Participation.objects.published())),
        }
