from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from common.downloads import ExportMixin, FilteredExportMixin
from common.pagination import ForgivingPaginationMixin, RegistryPaginator, forgiving_page
from crafts.models import CraftCategory
from registry.models import Claim, Place, Source
from registry.querysets import lineage_of_kind, select_lineage

from ..exports import exhibition_columns, participants_filename, participation_columns
from ..filters import ExhibitionFilterSet
from ..models import Exhibition, ExhibitionOfficial, ExhibitionOrganiser, Outcome, Participation
from ..querysets import with_counts
from ..sales import FEWEST_SELLERS_SHOWN, public_totals

OUTLETS = ["publisher", "reported_by"]
SOURCE_OUTLETS = [f"source__{outlet}" for outlet in OUTLETS]


def crafts_in_tree_order(to_attr: str = "craft_list") -> Prefetch:
    return Prefetch("crafts_shown", queryset=CraftCategory.objects.tree_order(), to_attr=to_attr)


def group_disputes(claims) -> list[dict]:
    """Claims the sources disagree on, one group per topic, for side-by-side display (exhibitions/_claims.html).

    The claims come in Claim.Meta.ordering, by topic.
    """
    return [{"topic": topic, "claims": list(group)} for topic, group in groupby(claims, key=lambda claim: claim.topic)]


class ExhibitionListView(FilteredExportMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = ExhibitionFilterSet
    template_name = "exhibitions/exhibition_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Exhibition.objects.published().select_related(select_lineage("place"), "series")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = with_counts(object_list)
        return paginator, page, page.object_list, is_paginated

    def get_export_queryset(self):
        queryset = super().get_export_queryset()
        return None if queryset is None else queryset.with_participation_counts(Participation.objects.published())

    def get_export_columns(self):
        return exhibition_columns()

    def get_export_name(self):
        return "exhibitions"


PARTICIPANTS_PER_PAGE = 100


class ExhibitionDetailView(ExportMixin, DetailView):
    """One published exhibition: what the sources say about it, and who is recorded as taking part."""

    template_name = "exhibitions/exhibition_detail.html"

    def get_queryset(self):
        conflicting = Claim.objects.conflicting()
        claims = Claim.objects.select_related(*SOURCE_OUTLETS)
        return (
            Exhibition.objects.published()
            .select_related(select_lineage("place"), "series")
            .with_participation_counts(Participation.objects.published())
            .prefetch_related(
                Prefetch(
                    "organiser_links",
                    queryset=ExhibitionOrganiser.objects.select_related("organisation", *SOURCE_OUTLETS),
                    to_attr="organiser_list",
                ),
                Prefetch(
                    "officials",
                    queryset=ExhibitionOfficial.objects.select_related("person", "organisation", *SOURCE_OUTLETS),
                    to_attr="official_list",
                ),
                Prefetch("outcomes", queryset=Outcome.objects.select_related(*SOURCE_OUTLETS), to_attr="outcome_list"),
                Prefetch("sources", queryset=Source.objects.select_related(*OUTLETS), to_attr="source_list"),
                Prefetch("claims", queryset=claims.filter(pk__in=conflicting.values("pk")), to_attr="disputed"),
                Prefetch("claims", queryset=claims.exclude(pk__in=conflicting.values("pk")), to_attr="undisputed"),
                crafts_in_tree_order(),
            )
        )

    def get_participants(self):
        return (
            Participation.objects.published()
            .filter(exhibition=self.object)
            .select_related(select_lineage("artisan__home_place"))
            .prefetch_related(crafts_in_tree_order())
            .order_by("artisan__latin_order", "pk")
        )

    def get_context_data(self, **kwargs):
        exhibition = self.object
        # A large fair has over a thousand participants: the page shows them a hundred at a time.
        page = forgiving_page(
            RegistryPaginator(self.get_participants(), PARTICIPANTS_PER_PAGE), self.request.GET.get("page")
        )
        participants = list(page.object_list)
        for participation in participants:
            participation.home_province = lineage_of_kind(participation.artisan.home_place, (Place.Kind.PROVINCE,))
        return super().get_context_data(
            **kwargs,
            lineage=exhibition.place.lineage()[::-1],
            officials=[
                {"side": side, "people": self.group_by_person(list(officials))}
                for side, officials in groupby(exhibition.official_list, key=lambda o: o.get_side_display())
            ],
            disputes=group_disputes(exhibition.disputed),
            participants=participants,
            page_obj=page,
            # Only if the office publishes them: two or three queries more.
            sales=public_totals(exhibition) if exhibition.publish_sales_totals else None,
            fewest_sellers=FEWEST_SELLERS_SHOWN,
        )

    @staticmethod
    def group_by_person(officials: list[ExhibitionOfficial]) -> list[dict]:
        # One person may carry a different title in each source; all of them are shown, each with its source.
        return [
            {"person": person, "titles": list(titles)}
            for person, titles in groupby(officials, key=lambda official: official.person)
        ]

    # ?format=csv: the same public participants as the table, every column of the report.

    def get_export_queryset(self):
        self.exhibition = get_object_or_404(
            Exhibition.objects.published().select_related("place"), slug=self.kwargs["slug"]
        )
        return Participation.objects.published().filter(exhibition=self.exhibition)

    def get_export_columns(self):
        return participation_columns()

    def get_export_filename(self, extension: str) -> str:
        return participants_filename(self.exhibition, extension=extension)
