"""The public artisan pages: the list with its "exhibited in" filters, and each artisan's participation history."""

from django.db.models import F, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from common.downloads import ExportMixin, FilteredExportMixin
from common.exports import Column, Label, ManyColumn
from common.i18n import in_language
from common.pagination import ForgivingPaginationMixin
from common.summaries import remembered_query
from registry import stretches
from registry.merges import merged_into
from registry.models import Artisan, ArtisanCraft, RegistrationStatus

from ..filters import ArtisanFilter
from ..models import Exhibition, Participation
from ..querysets import artisans_exhibited_in, published_artisans, with_artisan_participation_counts

NAMES = ("name_en", "name_fa", "name_ar")


def crafts_practised():
    return Prefetch("craft_links", queryset=ArtisanCraft.objects.select_related("craft"), to_attr="craft_list")


class ArtisanListView(FilteredExportMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = ArtisanFilter
    template_name = "registry/artisan_list.html"
    paginate_by = 25

    def get_queryset(self):
        artisans = with_artisan_participation_counts(Artisan.objects.published(), Participation.objects.published())
        return artisans.select_related("home_place__parent").prefetch_related(crafts_practised())

    # Filters whose rows the totals the database keeps count (registry.totals): no COUNT over them.
    COUNTED_BY_TOTALS = {"craft", "province", "ordering"}

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        filterset = self.filterset
        if filterset.is_bound and not filterset.is_valid():
            return paginator
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        chosen = {name for name, value in data.items() if value}
        if chosen <= self.COUNTED_BY_TOTALS:
            paginator.count = published_artisans(province=data.get("province"), craft=data.get("craft"))
            if not chosen - {"ordering"}:
                paginator.seek = self.stretches(data.get("ordering"))
        elif chosen - {"ordering"} == {"year"}:
            paginator.count = artisans_exhibited_in(filterset.exhibited_year())
        elif chosen <= {*filterset.EXHIBITED, "ordering"}:
            # Who exhibited there or then, counted from those participations (along the
            # exhibitions' dates and places) rather than by asking each of 100,000 artisans.
            exhibited = Participation.objects.published().filter(*filterset.exhibited_conditions())
            artisans = exhibited.order_by().values("artisan").distinct()
            paginator.count = remembered_query("count", artisans, artisans.count)
        return paginator

    def stretches(self, ordering: list[str] | None):
        """How a deep page of every published artisan in the chosen order finds where it begins
        (``registry.stretches``), or None for an order without stretches."""
        if ordering:
            column = self.filterset.filters["ordering"].param_map.get(ordering[0])
        else:
            column = Artisan._meta.ordering[0]
        return stretches.seek(column) if column in stretches.ORDERINGS else None

    def get_export_queryset(self):
        queryset = super().get_export_queryset()
        return None if queryset is None else queryset.prefetch_related(None)

    def get_export_columns(self):
        return [
            Column(_("Registry number"), ("registry_number",)),
            Column(_("Name"), ("name",)),
            Column(_("Name in Latin script"), ("name_latin",)),
            ManyColumn(_("Crafts"), "crafts", NAMES, in_language),
            Column(_("Home place"), tuple(f"home_place__{name}" for name in NAMES), in_language),
            Column(_("Participations"), ("participation_count",)),
            Column(_("Sample data"), ("is_sample",)),
        ]

    def get_export_name(self):
        return f"artisans-{timezone.localdate().isoformat()}"


class ArtisanDetailView(ExportMixin, DetailView):
    template_name = "registry/artisan_detail.html"
    context_object_name = "artisan"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # The page of a record merged into another leads there, for good, if that one is public.
            survivor = merged_into(kwargs["slug"])
            if survivor is None:
                raise
            query = request.GET.urlencode()
            return HttpResponsePermanentRedirect(survivor.get_absolute_url() + (f"?{query}" if query else ""))

    def get_queryset(self):
        history = (
            Participation.objects.published()
            .select_related("exhibition__place__parent")
            .prefetch_related("crafts_shown")
            .order_by(F("exhibition__start_date").asc(nulls_last=True), "exhibition__title_en", "pk")
        )
        return (
            Artisan.objects.published()
            .select_related("home_place__parent__parent__parent")
            # Not to_attr="history": that name is the artisan's change history (django-simple-history).
            .prefetch_related(
                crafts_practised(), Prefetch("participations", queryset=history, to_attr="participation_history")
            )
        )

    def get_context_data(self, **kwargs):
        history = self.object.participation_history
        dated = [participation for participation in history if participation.exhibition.start_date]
        valid = self.object.registration_state_on(timezone.localdate()) == RegistrationStatus.VERIFIED
        return super().get_context_data(
            home_lineage=self.object.home_place.lineage() if self.object.home_place else [],
            first_participation=dated[0] if dated else None,
            last_participation=dated[-1] if dated else None,
            # Only a registration valid today is shown; nothing else of it is public.
            registration_valid_until=self.object.registration_valid_until if valid else None,
            **kwargs,
        )

    def get_export_queryset(self):
        self.object = self.get_object(Artisan.objects.published())
        return Participation.objects.published().filter(artisan=self.object)

    def get_export_columns(self):
        return [
            Column(_("Exhibition"), tuple(f"exhibition__title_{code}" for code in ("en", "fa", "ar")), in_language),
            Column(_("Place"), tuple(f"exhibition__place__{name}" for name in NAMES), in_language),
            Column(_("Start date"), ("exhibition__start_date",)),
            Column(_("End date"), ("exhibition__end_date",)),
            Column(
                _("Date precision"),
                ("exhibition__date_precision",),
                Label(Exhibition._meta.get_field("date_precision").flatchoices),
            ),
            Column(_("Role"), ("role",), Label(Participation._meta.get_field("role").flatchoices)),
            ManyColumn(_("Crafts shown"), "crafts_shown", NAMES, in_language),
            Column(_("Award"), tuple(Participation.award.column_names()), in_language),
        ]

    def get_export_name(self):
        return f"history-{self.object.slug}-{timezone.localdate().isoformat()}"
