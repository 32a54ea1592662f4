"""The public page of a place: what the sources say about it, its artisans and the exhibitions held there."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from common.summaries import remembered_query
from registry.models import Artisan, Claim, Place
from registry.querysets import select_lineage, within

from ..models import Exhibition
from ..querysets import published_artisans
from .exhibitions import SOURCE_OUTLETS, group_disputes

# How many of the exhibitions held in a place its page lists, newest first.
EXHIBITIONS_SHOWN = 12


class PlaceDetailView(DetailView):
    """A country, province or city: the claims the sources make about it (the length of Ilam's
    border with Iraq, as each measures it), its neighbours, its artisans and its exhibitions."""

    template_name = "registry/place_detail.html"
    context_object_name = "place"

    def get_queryset(self):
        return Place.objects.select_related(select_lineage("parent")).prefetch_related(
            Prefetch("neighbours", queryset=Place.objects.order_by("name_en"), to_attr="neighbour_list")
        )

    def get_context_data(self, **kwargs):
        place = self.object
        claims = Claim.objects.filter(place=place).select_related(*SOURCE_OUTLETS)
        conflicting = Claim.objects.conflicting().values("pk")
        exhibitions = Exhibition.objects.published().filter(within("place", place))
        return super().get_context_data(
            **kwargs,
            parents=place.lineage()[:-1],
            disputes=group_disputes(claims.filter(pk__in=conflicting)),
            undisputed=list(claims.exclude(pk__in=conflicting)),
            artisan_total=artisans_living_in(place),
            exhibitions=exhibitions.select_related(select_lineage("place"))[:EXHIBITIONS_SHOWN],
            # Remembered until the exhibitions change: 11 ms a view at national scale.
            exhibition_total=remembered_query("place-exhibitions", exhibitions, exhibitions.count),
        )


def artisans_living_in(place: Place) -> int:
    """The published artisans whose home is ``place`` or within it: for a province, from the
    totals the database keeps (``registry.totals``), as counting them cost 0.3 s in a province of
    35,000 artisans; elsewhere counted, and remembered until the artisans change."""
    if place.kind == Place.Kind.PROVINCE:
        return published_artisans(province=place)
    artisans = Artisan.objects.published().filter(within("home_place", place))
    return remembered_query("place-artisans", artisans, artisans.count)
