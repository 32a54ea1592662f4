"""The counts the database keeps of the exhibitions' participations (``exhibitions.totals``,
``exhibitions.exhibited_years``): read by the public pages instead of counting the registry."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .exhibitions import Exhibition


class SummaryCount(models.Model):
    """A count the database keeps (``common.totals``): the base of the summary tables."""

    count = models.IntegerField(_("count"), default=0)

    class Meta:
        abstract = True
        default_permissions = ()


class ExhibitionCount(SummaryCount):
    """A count kept for an exhibition. The link to the exhibition is not a constraint of the
    database, so that the triggers may write in whatever order the registry's rows are written."""

    exhibition = models.ForeignKey(
        Exhibition,
        verbose_name=_("exhibition"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta(SummaryCount.Meta):
        abstract = True

    def __str__(self):
        return f"{self.exhibition_id}: {self.count}"


# The start span of an exhibition without a start date: the key columns of a summary take no NULL.
UNDATED = datetime.date(1, 1, 1)


def start_span_field(**options) -> models.DateField:
    return models.DateField(
        _("start span"),
        help_text=_(
            "The first day of the stretch of days its exhibition started in: a month, or in March the days "
            "before, on and after the Solar Hijri new year."
        ),
        **options,
    )


class SpanCount(SummaryCount):
    """A count kept for the exhibitions that started within one span of days (``start_span``), so
    that totals per year, in either calendar, sum a few rows a year however many exhibitions there are."""

    start_span = start_span_field()

    class Meta(SummaryCount.Meta):
        abstract = True

    def __str__(self):
        return f"{self.start_span}: {self.count}"


class ParticipationTotal(ExhibitionCount):
    """How many published participations an exhibition had from artisans of one home province who
    showed the same crafts: kept by the database's triggers on every write (``exhibitions.totals``),
    read by the public pages and the participation report instead of a count.

    A home province of 0 stands for none on record; ``crafts`` lists the ids of the crafts shown,
    in order ("3,17"; "" for none); ``start_span`` is the exhibition's (``exhibitions.totals.span``).
    Its rollups sum it over fewer columns.
    """

    start_span = start_span_field(default=UNDATED)
    home_province_id = models.PositiveIntegerField(_("home province"))
    crafts = models.TextField(_("crafts shown"), blank=True)

    class Meta(ExhibitionCount.Meta):
        verbose_name = _("participation total")
        verbose_name_plural = _("participation totals")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "home_province_id", "crafts"], name="participationtotal_once_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.exhibition_id}/{self.home_province_id}/{self.crafts}: {self.count}"


class ExhibitionTotal(ExhibitionCount):
    class Meta(ExhibitionCount.Meta):
        verbose_name = _("participation total per exhibition")
        verbose_name_plural = _("participation totals per exhibition")
        constraints = [models.UniqueConstraint(fields=["exhibition"], name="exhibitiontotal_once_per_key")]


class ProvinceTotal(ExhibitionCount):
    home_province_id = models.PositiveIntegerField(_("home province"))

    class Meta(ExhibitionCount.Meta):
        verbose_name = _("participation total per province")
        verbose_name_plural = _("participation totals per province")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "home_province_id"], name="provincetotal_once_per_key")
        ]


class CraftsTotal(ExhibitionCount):
    crafts = models.TextField(_("crafts shown"), blank=True)

    class Meta(ExhibitionCount.Meta):
        verbose_name = _("participation total per crafts shown")
        verbose_name_plural = _("participation totals per crafts shown")
        constraints = [models.UniqueConstraint(fields=["exhibition", "crafts"], name="craftstotal_once_per_key")]


class SpanTotal(SpanCount):
    class Meta(SpanCount.Meta):
        verbose_name = _("participation total per start span")
        verbose_name_plural = _("participation totals per start span")
        constraints = [models.UniqueConstraint(fields=["start_span"], name="spantotal_once_per_key")]


class SpanProvinceTotal(SpanCount):
    home_province_id = models.PositiveIntegerField(_("home province"))

    class Meta(SpanCount.Meta):
        verbose_name = _("participation total per start span and province")
        verbose_name_plural = _("participation totals per start span and province")
        constraints = [
            models.UniqueConstraint(fields=["start_span", "home_province_id"], name="spanprovincetotal_once_per_key")
        ]


class SpanCraftsTotal(SpanCount):
    crafts = models.TextField(_("crafts shown"), blank=True)

    class Meta(SpanCount.Meta):
        verbose_name = _("participation total per start span and crafts shown")
        verbose_name_plural = _("participation totals per start span and crafts shown")
        constraints = [models.UniqueConstraint(fields=["start_span", "crafts"], name="spancraftstotal_once_per_key")]


class SpanProvinceCraftsTotal(SpanCount):
    home_province_id = models.PositiveIntegerField(_("home province"))
    crafts = models.TextField(_("crafts shown"), blank=True)

    class Meta(SpanCount.Meta):
        verbose_name = _("participation total per start span, province and crafts shown")
        verbose_name_plural = _("participation totals per start span, province and crafts shown")
        constraints = [
            models.UniqueConstraint(
                fields=["start_span", "home_province_id", "crafts"], name="spanprovincecraftstotal_once_per_key"
            )
        ]
        # The report filtered by province reads one province's rows (its totals by craft).
        indexes = [models.Index(fields=["home_province_id"], name="spanprovincecrafts_province")]


class CraftSpanCount(SpanCount):
    """A count kept for the participations that showed a craft of one category (``craft_id``: it or
    one below it), each once per category: summed only for one category, as the report filtered by
    that craft does (``exhibitions.totals.per_category``)."""

    craft_id = models.PositiveIntegerField(_("craft category"))

    class Meta(SpanCount.Meta):
        abstract = True


class CraftSpanProvinceTotal(CraftSpanCount):
    home_province_id = models.PositiveIntegerField(_("home province"))

    class Meta(CraftSpanCount.Meta):
        verbose_name = _("participation total per craft category, start span and province")
        verbose_name_plural = _("participation totals per craft category, start span and province")
        constraints = [
            models.UniqueConstraint(
                fields=["craft_id", "start_span", "home_province_id"], name="craftspanprovincetotal_once_per_key"
            )
        ]


class CraftSpanCraftsTotal(CraftSpanCount):
    crafts = models.TextField(_("crafts shown"), blank=True)

    class Meta(CraftSpanCount.Meta):
        verbose_name = _("participation total per craft category, start span and crafts shown")
        verbose_name_plural = _("participation totals per craft category, start span and crafts shown")
        constraints = [
            models.UniqueConstraint(
                fields=["craft_id", "start_span", "crafts"], name="craftspancraftstotal_once_per_key"
            )
        ]


class ArtisanYear(SummaryCount):
    """How many published participations an artisan had in exhibitions that started in ``year``, a
    Solar Hijri year from 1300 to 1499 or any other Gregorian one (``exhibitions.exhibited_years``).
    The artisan is a plain number, as in the other totals, so that the triggers may write in
    whatever order the registry's rows are written."""

    year = models.IntegerField(_("year"))
    artisan_id = models.PositiveBigIntegerField(_("artisan"))

    class Meta(SummaryCount.Meta):
        verbose_name = _("participation total per artisan and year")
        verbose_name_plural = _("participation totals per artisan and year")
        constraints = [models.UniqueConstraint(fields=["year", "artisan_id"], name="artisanyear_once_per_key")]

    def __str__(self):
        return f"{self.year}/{self.artisan_id}: {self.count}"


class YearArtisans(SummaryCount):
    """How many published artisans exhibited in ``year``, each once: the rows of ``ArtisanYear``
    with a count above nought."""

    year = models.IntegerField(_("year"))

    class Meta(SummaryCount.Meta):
        verbose_name = _("artisans who exhibited in a year")
        verbose_name_plural = _("artisans who exhibited in each year")
        constraints = [models.UniqueConstraint(fields=["year"], name="yearartisans_once_per_key")]

    def __str__(self):
        return f"{self.year}: {self.count}"
