from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.i18n import MultilingualName, localized
from common.privacy import Privacy
from crafts.models import CraftCategory

from .images import PHOTO_HELP_TEXT, PhotoField


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "draft")
    PUBLISHED = "published", pgettext_lazy("status", "published")
    # Kept instead of deleted: off the public pages, still in the admin and its history.
    ARCHIVED = "archived", pgettext_lazy("status", "archived")


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


class Person(MultilingualName):
    """An official or delegation member named by a source; not an artisan."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")


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


class Claim(models.Model):
    """One source's statement of a fact. Sources that disagree are kept side by side, never merged."""

    topic = models.SlugField(
        _("topic"),
        max_length=100,
        help_text=_("Claims about the same fact share a topic, e.g. ilam-iraq-border-length."),
    )
    statement_en = models.TextField(_("statement (English)"))
    statement_fa = models.TextField(_("statement (Persian)"), blank=True)
    statement_ar = models.TextField(_("statement (Arabic)"), blank=True)
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
        ]

    def __str__(self):
        return f"{self.topic}: {self.value} ({self.source.citation})"

    @property
    def statement(self) -> str:
        return localized(self, "statement")


class ArtisanQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published records of artisans who consented."""
        return self.filter(status=PublicationStatus.PUBLISHED, consent_to_publish=True)

    def samples(self):
        return self.filter(is_sample=True)


# Any fixed number: the key of the PostgreSQL advisory lock that serialises registry numbers.
REGISTRY_NUMBER_LOCK = 0x52454749  # "REGI"


def next_registry_number(year: int) -> str:
    """The next free number; call it inside the transaction that inserts the artisan."""
    if connection.vendor == "postgresql":
        # Concurrent transactions would all read the same maximum; the lock is released at commit.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_NUMBER_LOCK])
    prefix = f"{settings.REGISTRY_NUMBER_PREFIX}-{year}-"
    last = (
        Artisan.objects.filter(registry_number__startswith=prefix)
        .order_by("-registry_number")
        .values_list("registry_number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


class Artisan(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("In the artisan's own script, e.g. Persian or Arabic.")
    )
    name_latin = models.CharField(
        _("name in Latin script"), max_length=200, help_text=_("Transliteration, e.g. Maryam Karimi.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    registry_number = models.CharField(
        _("registry number"),
        max_length=30,
        unique=True,
        editable=False,
        help_text=_("Given by the registry when the artisan is first saved."),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    home_place = models.ForeignKey(
        Place,
        verbose_name=_("home place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="artisans",
    )
    crafts = models.ManyToManyField(
        CraftCategory,
        verbose_name=_("crafts"),
        through="ArtisanCraft",
        related_name="artisans",
        blank=True,
    )
    workshop_name = models.CharField(_("workshop name"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    photo = PhotoField(
        _("photo"),
        upload_to="artisans/%Y/",
        thumbnail_field="photo_thumbnail",
        blank=True,
        help_text=PHOTO_HELP_TEXT,
    )
    # Made from the photo when it is saved, and replaced or cleared with it.
    photo_thumbnail = models.ImageField(
        _("photo thumbnail"), upload_to="artisans/%Y/thumbnails/", blank=True, editable=False
    )

    # Private: never shown on a public page or in a public export.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    national_id = models.CharField(_("national ID number"), max_length=30, blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)

    consent_to_publish = models.BooleanField(
        _("consent to publish"),
        default=False,
        help_text=_("The artisan agreed to a public profile. Without it nothing about them is public."),
    )
    status = models.CharField(
        pgettext_lazy("publication", "status"),
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for the demonstration; removed by remove_sample_data.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()
    # The private fields are recorded too, so a revert restores them; the admin shows their
    # changes only to those allowed to see them.
    history = HistoricalRecords()
    # Never on a public page or in a public export; in the admin only for those with the permission.
    privacy = Privacy(
        fields=("phone", "email", "national_id", "internal_notes"), permission="registry.view_private_data"
    )

    class Meta:
        ordering = ["name_latin", "pk"]
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        indexes = [
            # The public list's sort orders: a page is read along an index, not sorted from scratch.
            models.Index(fields=["name_latin", "id"], name="artisan_name_latin_idx"),
            models.Index(fields=["name", "id"], name="artisan_name_idx"),
        ]
        permissions = [("view_private_data", "Can see artisans' private contact data")]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="artisan_birth_year_range",
            ),
        ]

    def __str__(self):
        if self.name_latin and self.name_latin != self.name:
            return f"{self.name} ({self.name_latin})"
        return self.name

    def save(self, *args, **kwargs):
        # The registry number is the artisan's identity, so it is part of creating the row. It is
        # read and written in one transaction that holds a lock: SQLite's write lock (IMMEDIATE
        # transactions) or a PostgreSQL advisory lock. A number set by hand meanwhile may still
        # collide, and the unique index then makes this one retry with the next.
        if self.registry_number:
            return super().save(*args, **kwargs)
        year = timezone.localdate().year
        for _attempt in range(10):
            try:
                with transaction.atomic():
                    self.registry_number = next_registry_number(year)
                    return super().save(*args, **kwargs)
            except IntegrityError:
                taken = Artisan.objects.filter(registry_number=self.registry_number).exists()
                self.registry_number = ""
                if not taken:
                    raise
        raise IntegrityError("Could not allocate a registry number: too many concurrent writers.")

    def get_absolute_url(self):
        return reverse("registry:artisan-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED and self.consent_to_publish


class ArtisanCraft(models.Model):
    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.CASCADE, related_name="craft_links"
    )
    craft = models.ForeignKey(
        CraftCategory, verbose_name=_("craft"), on_delete=models.PROTECT, related_name="artisan_links"
    )
    is_primary = models.BooleanField(_("primary craft"), default=False)
    since_year = models.PositiveSmallIntegerField(_("practising since"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "craft__tree_path"]
        verbose_name = _("craft practised")
        verbose_name_plural = _("crafts practised")
        constraints = [
            models.UniqueConstraint(fields=["artisan", "craft"], name="artisancraft_unique"),
            models.UniqueConstraint(fields=["artisan"], condition=Q(is_primary=True), name="artisancraft_one_primary"),
        ]

    def __str__(self):
        return f"{self.artisan} – {self.craft}"
