"""The public craft pages: the craft tree with its artisans counted, and a craft's artisans and exhibitions."""

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from common.downloads import ExportMixin
from common.exports import Column
from common.i18n import in_language
from common.summaries import remembered_query
from crafts.models import CraftCategory
from registry.models import Artisan, ArtisanCraft, ArtisanTotal

from ..models import Exhibition
from ..querysets import published_artisans

# How many artisans and exhibitions a craft page lists before pointing to the filtered lists.
ARTISANS_SHOWN = 24
EXHIBITIONS_SHOWN = 12
# A craft practised by one published artisan in this many or more is "common" (see CraftDetailView).
COMMON = 20


def with_artisan_counts(queryset):
    """Annotate each category's ``artisan_count``: published artisans practising it or a sub-category
    (each once), from the totals the database keeps (``registry.totals``)."""
    counts = (
        ArtisanTotal.objects.filter(craft_id=OuterRef("pk"))
        .order_by()
        .values("craft_id")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return queryset.annotate(artisan_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def artisan_counts() -> dict[int, int]:
    """{category id: published artisans practising it or a sub-category}: a few hundred summary rows."""
    rows = ArtisanTotal.objects.exclude(craft_id=0).order_by().values_list("craft_id").annotate(Sum("count"))
    return dict(rows)


def as_tree(categories) -> list:
    """Nest a tree-ordered list: each category gets ``subtree``, the list of its children."""
    roots, by_pk = [], {}
    for category in categories:
        category.subtree = []
        by_pk[category.pk] = category
        parent = by_pk.get(category.parent_id)
        (parent.subtree if parent else roots).append(category)
    return roots


class CraftListView(ExportMixin, ListView):
    template_name = "crafts/craft_list.html"
    context_object_name = "categories"

    def get_queryset(self):
        return CraftCategory.objects.tree_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = artisan_counts()
        for category in context["categories"]:
            category.artisan_count = counts.get(category.pk, 0)
        context["tree"] = as_tree(context["categories"])
        return context

    def get_export_queryset(self):
        return with_artisan_counts(self.get_queryset())

    def get_export_columns(self):
        return [
            Column(_("Name (English)"), ("name_en",)),
            Column(_("Name (Persian)"), ("name_fa",)),
            Column(_("Name (Arabic)"), ("name_ar",)),
            Column(_("Parent category"), ("parent__name_en", "parent__name_fa", "parent__name_ar"), in_language),
            Column(_("Slug"), ("slug",)),
            Column(_("Published artisans"), ("artisan_count",)),
        ]

    def get_export_name(self):
        return f"crafts-{timezone.localdate().isoformat()}"


class CraftDetailView(DetailView):
    template_name = "crafts/craft_detail.html"
    context_object_name = "category"

    def get_object(self, queryset=None):
        return get_object_or_404(CraftCategory, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        category = self.object
        counts = artisan_counts()
        # The first artisans by name who practise the craft, remembered until artisans or their
        # crafts change (see summaries). For a craft one artisan in COMMON or more practises, read
        # along the names' index, checking each artisan, until enough are found (a few hundred);
        # for a rarer one, from its few practitioners, sorted.
        if counts.get(category.pk, 0) * COMMON >= published_artisans():
            practising = Artisan.objects.published().practising(category)
        else:
            links = ArtisanCraft.objects.filter(craft__tree_path__startswith=category.tree_path)
            practising = Artisan.objects.published().filter(pk__in=links.values("artisan"))
        first = practising.order_by("latin_order", "pk").values_list("pk", flat=True)[:ARTISANS_SHOWN]
        first_ids = remembered_query("craft-first-artisans", first, lambda: list(first))
        artisans = Artisan.objects.published().filter(pk__in=first_ids).select_related("home_place__parent")
        exhibitions = (
            Exhibition.objects.published()
            .filter(pk__in=CraftCategory.objects.descendants_of(category).values("exhibitions"))
            .select_related("place__parent")
        )
        ancestor_slugs = category.tree_path.split("/")[:-2]
        children = list(category.children.order_by("tree_path"))
        for child in children:
            child.artisan_count = counts.get(child.pk, 0)
        return super().get_context_data(
            ancestors=CraftCategory.objects.filter(slug__in=ancestor_slugs).order_by("depth"),
            children=children,
            artisans=artisans.order_by("latin_order", "pk"),
            artisan_total=counts.get(category.pk, 0),
            exhibitions=exhibitions[:EXHIBITIONS_SHOWN],
            exhibition_total=remembered_query("craft-exhibitions", exhibitions, exhibitions.count),
            **kwargs,
        )
