import functools

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.filters import PublicFilterSet, StableOrderingFilter
from common.i18n import spelling_variants
from common.summaries import remembered
from crafts.filters import CraftFilter
from crafts.models import CraftCategory

from .models import Artisan, ArtisanCraft, Place
from .querysets import exhibition_host_countries, exhibition_host_places, published_exhibitions, within


def published_participations():
    participation = Artisan._meta.get_field("participations").related_model
    return participation.objects.published()


def exhibition_years() -> list[tuple[int, str]]:
    # The years of published exhibitions, where the years of public participations would mean
    # reading every participation; remembered per version of the data, as all exhibitions are read.
    def years() -> list[int]:
        days = published_exhibitions().filter(start_date__isnull=False).dates("start_date", "year", order="DESC")
        return [day.year for day in days]

    return [(year, str(year)) for year in remembered("exhibition-years", "all", years)]


class ArtisanFilter(PublicFilterSet):
    q = django_filters.CharFilter(label=_("Name or registry number"), method="filter_name")
    craft = CraftFilter(
        label=_("Craft"),
        queryset=CraftCategory.objects.tree_order(),
        method="filter_craft",
        empty_label=_("Any craft"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Home province"),
        queryset=Place.objects.provinces(),
        method="filter_province",
        empty_label=_("Any province"),
    )
    # The three "exhibited" filters describe one participation together: see filter_queryset.
    country = django_filters.ModelChoiceFilter(
        label=_("Exhibited in country"),
        queryset=exhibition_host_countries,
        method="filter_nothing",
        empty_label=_("Any country"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Exhibited in city or place"),
        queryset=exhibition_host_places,
        method="filter_nothing",
        empty_label=_("Any place"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Exhibited in year"),
        choices=exhibition_years,
        method="filter_nothing",
        empty_label=_("Any year"),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=(
            ("name_latin", "name_latin"),
            ("name", "name"),
            ("registry_number", "registry_number"),
            ("participation_count", "participations"),
        ),
        field_labels={
            "name_latin": _("Name in Latin script"),
            "name": _("Name in own script"),
            "registry_number": _("Registry number"),
            "participation_count": pgettext_lazy("count", "Participations"),
        },
    )

    class Meta:
        model = Artisan
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select asks for its choices when the form checks a value and again when it renders:
        # read the years once per form.
        self.filters["year"].extra["choices"] = functools.cache(exhibition_years)

    def filter_name(self, queryset, name, value):
        for word in value.split():
            matches = Q()
            for variant in spelling_variants(word):
                matches |= (
                    Q(name__icontains=variant)
                    | Q(name_latin__icontains=variant)
                    | Q(registry_number__icontains=variant)
                )
            queryset = queryset.filter(matches)
        return queryset

    def filter_craft(self, queryset, name, value):
        links = ArtisanCraft.objects.filter(artisan=OuterRef("pk"), craft__tree_path__startswith=value.tree_path)
        return queryset.filter(Exists(links))

    def filter_province(self, queryset, name, value):
        return queryset.filter(within("home_place", value))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        conditions = []
        if data.get("country"):
            conditions.append(within("exhibition__place", data["country"]))
        if data.get("city"):
            conditions.append(within("exhibition__place", data["city"]))
        if data.get("year"):
            conditions.append(Q(exhibition__start_date__year=int(data["year"])))
        if conditions:
            participations = published_participations().filter(*conditions, artisan=OuterRef("pk"))
            queryset = queryset.filter(Exists(participations))
        return queryset
