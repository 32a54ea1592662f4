"""Countries, provinces and cities: the places artisans live in and exhibitions are held at."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import MultilingualName


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
    description = models.TextField(_("description"), blank=True)
    neighbours = models.ManyToManyField("self", verbose_name=_("borders"), blank=True, symmetrical=True)

    objects = PlaceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[neighbours])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="place_unique_code"),
            models.CheckConstraint(
                condition=Q(kind="country", parent__isnull=True) | (~Q(kind="country") & Q(parent__isnull=False)),
                name="place_country_is_root",
            ),
        ]

    def lineage(self) -> list["Place"]:
        """This place and the places it is part of, from the country down."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]
