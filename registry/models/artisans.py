"""Artisans, the crafts they practise, and their registry numbers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from simple_history.models import HistoricalRecords

from common import collation, transliteration
from common.name_keys import KeyField
from common.privacy import Privacy
from common.translated import TranslatedField
from crafts.models import CraftCategory

from ..images import PHOTO_HELP_TEXT, PhotoField
from .places import Place
from .status import PublicationStatus


class ArtisanQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published records of artisans who consented."""
        return self.filter(status=PublicationStatus.PUBLISHED, consent_to_publish=True)

    def samples(self):
        return self.filter(is_sample=True)

    def registration_valid_on(self, date):
        """Artisans whose registration is verified and still valid on ``date``."""
        return self.filter(registration_status=RegistrationStatus.VERIFIED, registration_valid_until__gte=date)

    def registration_expired_on(self, date):
        return self.filter(registration_status=RegistrationStatus.VERIFIED, registration_valid_until__lt=date)

    def practising(self, craft: CraftCategory):
        """Artisans who practise ``craft`` or one of its sub-categories, each once."""
        links = ArtisanCraft.objects.filter(artisan=OuterRef("pk"), craft__tree_path__startswith=craft.tree_path)
        return self.filter(Exists(links))


# Any fixed number: the key of the PostgreSQL advisory lock that serialises registry numbers.
REGISTRY_NUMBER_LOCK = 0x52454749  # "REGI"


def next_registry_number(year: int) -> str:
    """The next free number; call it inside the transaction that inserts the artisan."""
    if connection.vendor == "postgresql":
        # Concurrent transactions would all read the same maximum; the lock is released at commit.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_NUMBER_LOCK])
    from .merges import ArtisanMerge

    prefix = f"{settings.REGISTRY_NUMBER_PREFIX}-{year}-"
    # A number is never given twice: an absorbed record's number leads to the record it was merged into.
    last = max(
        (
            queryset.filter(**{f"{field}__startswith": prefix})
            .order_by(f"-{field}")
            .values_list(field, flat=True)
            .first()
            or ""
            for queryset, field in (
                (Artisan.objects, "registry_number"),
                (ArtisanMerge.objects, "absorbed_number"),
            )
        ),
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


class RegistrationStatus(models.TextChoices):
    """Where an artisan's registration stands. Expired is verified with its date passed, read from
    ``registration_valid_until``; it is not stored, so nothing has to run for it to happen."""

    PENDING = "pending", _("pending verification")
    VERIFIED = "verified", _("verified")
    REVOKED = "revoked", _("revoked")


# A verified registration whose date has passed: a state read from the date, never stored.
EXPIRED = "expired"


def registration_state(status: str, valid_until, date) -> str:
    """pending, verified, expired or revoked on ``date``, from an artisan's two registration columns
    (also for rows read with ``values_list``)."""
    if status == RegistrationStatus.VERIFIED and (valid_until is None or valid_until < date):
        return EXPIRED
    return status


class Artisan(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("In the artisan's own script, e.g. Persian or Arabic.")
    )
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=200,
        blank=True,
        help_text=_("Transliteration, e.g. Maryam Karimi. May be left empty."),
    )
    # Both names folded to what all their Latin spellings share: "Zargushi" finds "Zargoushi".
    search_key = KeyField(
        _("search key"), max_length=600, derive=transliteration.search_key, sources=("name", "name_latin")
    )
    # The name alone, folded as the search folds it: the same person typed by two clerks, in two
    # scripts or spellings ("علي كياني", "علی کیانی", "Ali Kiani"), has one key (common.imports).
    name_key = KeyField(
        _("name key"), max_length=400, derive=transliteration.name_key, sources=("name",), db_index=True
    )
    # The name in the order of the Persian alphabet, which no database collation gives.
    name_order = KeyField(_("name order"), max_length=400, derive=collation.sort_key, sources=("name",))
    # The order of English lists: the Latin name, or the name spelt in Latin letters if it has none.
    latin_order = KeyField(
        _("order in Latin script"), max_length=400, derive=collation.latin_sort_key, sources=("name_latin", "name")
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
    biography = TranslatedField(models.TextField, _("biography"))
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

    registration_status = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationStatus,
        default=RegistrationStatus.PENDING,
        help_text=_("Verified by recording a verification; revoked with a reason."),
    )
    registration_valid_until = models.DateField(_("registration valid until"), null=True, blank=True, editable=False)
    registration_revoked_reason = models.TextField(_("reason for revoking"), blank=True)

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
    history = HistoricalRecords(excluded_fields=["search_key", "name_key", "name_order", "latin_order"])
    # Never on a public page or in a public export; in the admin only for those with the permission.
    privacy = Privacy(
        fields=("phone", "email", "national_id", "internal_notes", "registration_revoked_reason"),
        permission="registry.view_private_data",
    )

    class Meta:
        ordering = ["latin_order", "pk"]
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        indexes = [
            # The public list's sort orders: a page is read along an index, not sorted from scratch.
            models.Index(fields=["latin_order", "id"], name="artisan_latin_order_idx"),
            models.Index(fields=["name_order", "id"], name="artisan_name_order_idx"),
            models.Index(fields=["registration_status", "registration_valid_until"], name="artisan_registration_idx"),
        ]
        # Named in the admin's language by common/admin.py; the database keeps the English name.
        permissions = [("view_private_data", gettext_noop("Can see artisans' private contact data"))]
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

    def registration_state_on(self, date) -> str:
        """pending, verified, expired or revoked on ``date``."""
        return registration_state(self.registration_status, self.registration_valid_until, date)

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
