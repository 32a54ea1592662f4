from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView

from common.calendars import page_uses_solar_hijri
from common.summaries import remembered
from crafts.models import CraftCategory
from registry.models import Artisan, Place
from registry.querysets import CITY_KINDS, ancestor_of_kind, select_lineage

from ..charts import yearly_bars
from ..models import Exhibition
from ..querysets import public_participation_counts, with_counts, year_of


class HomeView(TemplateView):
    """The registry at a glance: a few counts, the latest and next exhibitions, participations by year."""

    template_name = "exhibitions/home.html"
    listed = 5

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        counts = public_participation_counts()
        totals = remembered("home", "totals-in-both-calendars", lambda: self.totals(counts))
        per_year = dict(totals["per_solar_year" if page_uses_solar_hijri() else "per_year"])
        undated = per_year.pop(None, 0)
        listed = Exhibition.objects.published().select_related(select_lineage("place"), "series")
        return super().get_context_data(
            **kwargs,
            stats={**totals["stats"], "participations": sum(per_year.values()) + undated},
            # In the model's order (newest first), which its index follows: PostgreSQL reads the
            # first five from it rather than sorting every past exhibition.
            recent=with_counts(listed.filter(start_date__lte=today)[: self.listed], counts),
            upcoming=with_counts(
                listed.filter(start_date__gt=today).order_by("start_date", "title_en", "pk")[: self.listed], counts
            ),
            per_year=sorted(per_year.items()),
            undated=undated,
            chart=yearly_bars(per_year),
        )

    @staticmethod
    def totals(counts: dict[int, int]) -> dict:
        """The counts over the whole registry: computed once per change of the data (see summaries).

        ``counts`` are the published participations per exhibition.
        """
        hosting = Exhibition.objects.published().aggregate(
            exhibitions=Count("pk"),
            countries=Count(ancestor_of_kind("place", (Place.Kind.COUNTRY,)), distinct=True),
            cities=Count(ancestor_of_kind("place", CITY_KINDS), distinct=True),
        )
        # By exhibition, then by year here: as many rows as exhibitions, and the counts are shared
        # with the exhibition lists.
        per_year, per_solar_year = Counter(), Counter()
        for pk, day in Exhibition.objects.published().values_list("pk", "start_date"):
            if pk in counts:
                per_year[year_of(day, solar_hijri=False)] += counts[pk]
                per_solar_year[year_of(day, solar_hijri=True)] += counts[pk]
        return {
            "stats": {
                "artisans": Artisan.objects.published().count(),
                "crafts": CraftCategory.objects.count(),
                "exhibitions": hosting["exhibitions"],
                "countries": hosting["countries"],
                "cities": hosting["cities"],
            },
            "per_year": dict(per_year),
            "per_solar_year": dict(per_solar_year),
        }
