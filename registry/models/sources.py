"""Who reports and who takes part: organisations, officials, sources and the claims they make."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.translated import MultilingualName, TranslatedField, TranslatedModel, some_language

from .places import Place


class Organisation(MultilingualName):
    class Kind(models.TextChoices):
        GOVERNMENT_OFFICE = "government_office", _("government office")
        GOVERNORATE = "governorate", _("governorate")
        MINISTRY = "ministry", _("ministry")
        ASSOCIATION = "association", _("association")
        NEWS_AGENCY = "news_agency", _("news agency")
        NEWSPAPER = "newspaper", _("newspaper")
        BROADCASTER = "broadcaster", _("broadcaster")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [some_language("name", name="organisation_name_in_some_language")]


class Person(MultilingualName):
    """An official or delegation member named by a source; not an artisan."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [some_language("name", name="person_name_in_some_language")]


class Source(models.Model):
    """A citable publication: a news article, a report, an official letter."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        PERSIAN = "fa", _("Persian")
        ARABIC = "ar", _("Arabic")
        KURDISH = "ku", _("Kurdish")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=300)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        help_text=_("The outlet that published it, e.g. a newspaper."),
    )
    reported_by = models.ForeignKey(
        Organisation,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The agency the publication quotes as its own source, if any."),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(pgettext_lazy("source", "publication date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.ENGLISH)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["title", "published_on"], name="source_unique_title_date"),
        ]

    def __str__(self):
        outlet = self.publisher or self.reported_by
        parts = [self.title]
        if outlet:
            parts.append(str(outlet))
        if self.published_on:
            parts.append(self.published_on.isoformat())
        return " · ".join(parts)

    @property
    def citation(self) -> str:
        """Short form for lists of claims: "Tehran Times, 2026-01-19" or the title."""
        outlet = self.publisher or self.reported_by
        label = str(outlet) if outlet else self.title
        return f"{label}, {self.published_on.isoformat()}" if self.published_on else label


class ClaimQuerySet(models.QuerySet):
    def conflicting(self):
        """Claims whose topic has been given more than one value by the sources."""
        topics = (
            self.model.objects.values("topic")
            .annotate(values=models.Count("value", distinct=True))
            .filter(values__gt=1)
            .values("topic")
        )
        return self.filter(topic__in=topics)


class Claim(TranslatedModel):
    """One source's statement of a fact. Sources that disagree are kept side by side, never merged."""

    topic = models.SlugField(
        _("topic"),
        max_length=100,
        help_text=_("Claims about the same fact share a topic, e.g. ilam-iraq-border-length."),
    )
    statement = TranslatedField(models.TextField, _("statement"), needed=True)
    value = models.CharField(_("value"), max_length=100, help_text=_("The claimed figure, e.g. 425 km."))
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="claims")
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "value"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["topic", "source", "value"], name="claim_unique_per_source"),
            some_language("statement", name="claim_statement_in_some_language"),
        ]

    def __str__(self):
        return f"{self.topic}: {self.value} ({self.source.citation})"
