"""Countries, provinces and cities: the places artisans live in and exhibitions are held at."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.translated import MultilingualName, TranslatedField, some_language


class PlaceQuerySet(models.QuerySet):
    def countries(self):
        return self.filter(kind=Place.Kind.COUNTRY)

    def provinces(self):
        return self.filter(kind=Place.Kind.PROVINCE)

    def cities(self):
        return self.filter(kind__in=[Place.Kind.CITY, Place.Kind.VILLAGE])


class Place(MultilingualName):
    """A country, one of its provinces (governorates), or a city or village in a province."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        PROVINCE = "province", _("province or governorate")
        DISTRICT = "district", _("district")
        CITY = "city", _("city")
        VILLAGE = "village", _("village")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(
        _("ISO 3166 code"),
        max_length=10,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 for countries (IR), ISO 3166-2 for provinces (IR-16)."),
    )
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = TranslatedField(models.TextField, _("description"))
    neighbours = models.ManyToManyField("self", verbose_name=_("borders"), blank=True, symmetrical=True)

    objects = PlaceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[neighbours])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="place_unique_code"),
            some_language("name", name="place_name_in_some_language"),
            models.CheckConstraint(
                condition=Q(kind="country", parent__isnull=True) | (~Q(kind="country") & Q(parent__isnull=False)),
                name="place_country_is_root",
            ),
        ]

    def get_absolute_url(self):
        return reverse("registry:place-detail", kwargs={"slug": self.slug})

    def lineage(self) -> list["Place"]:
        """This place and the places it is part of, from the country down."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def described(self) -> str:
        """The name, what the place is and where, so that two places of one name are told apart:
        "Ilam (city, Ilam province)" beside "Ilam (province, Iran)", in the reader's language.

        Reads the places above it, up to its province: select them in the same query, with
        ``registry.querysets.select_lineage``.
        """
        values = {"name": self.name, "kind": KIND_NAMES.get(self.kind, self.kind), "where": self.lies_in()}
        if not values["where"]:
            return gettext("%(name)s (%(kind)s)") % values
        return gettext("%(name)s (%(kind)s, %(where)s)") % values

    def lies_in(self) -> str:
        """The province the place lies in ("Ilam province"); for a province, its country; or ""."""
        node = self.parent
        while node is not None:
            if node.kind == Place.Kind.PROVINCE:
                return gettext("%(province)s province") % {"province": node.name}
            if node.kind == Place.Kind.COUNTRY:
                return node.name
            node = node.parent
        return ""


# What a place is, in a word, as a place's label says it (`Place.described`): "province" rather
# than the choice's "province or governorate".
KIND_NAMES = {
    Place.Kind.COUNTRY: pgettext_lazy("kind of place", "country"),
    Place.Kind.PROVINCE: pgettext_lazy("kind of place", "province"),
    Place.Kind.DISTRICT: pgettext_lazy("kind of place", "district"),
    Place.Kind.CITY: pgettext_lazy("kind of place", "city"),
    Place.Kind.VILLAGE: pgettext_lazy("kind of place", "village"),
}
