from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OrderBy, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.calendars import PeriodStart
from common.i18n import format_date_range
from common.translated import MultilingualName, TranslatedField, TranslatedModel, some_language
from crafts.models import CraftCategory
from registry.models import Artisan, Claim, Organisation, Person, Place, PublicationStatus, Source

from ..querysets import count_per_row


class ExhibitionSeries(MultilingualName):
    """A recurring fair, such as the weekly Wasit handicrafts exhibition in Kut."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")
        YEARLY = "yearly", _("yearly")
        IRREGULAR = "irregular", _("irregular")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency, default=Frequency.IRREGULAR)
    host_place = models.ForeignKey(
        Place, verbose_name=_("host place"), on_delete=models.PROTECT, related_name="exhibition_series"
    )
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), blank=True, related_name="exhibition_series"
    )
    description = TranslatedField(models.TextField, _("description"))
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="exhibition_series")

    history = HistoricalRecords(m2m_fields=[organisers, sources])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("exhibition series")
        constraints = [some_language("name", name="exhibitionseries_name_in_some_language")]
        verbose_name_plural = _("exhibition series")


class ExhibitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def with_participation_counts(self, participations=None):
        """Annotate ``participation_count``: of ``participations`` (default: all), e.g. the public ones."""
        if participations is None:
            participations = Participation.objects.all()
        return self.annotate(participation_count=count_per_row(participations, "exhibition"))


class NewestFirstIndex(models.Index):
    """An index in the order of ``Meta.ordering``: newest first, undated last, then title and id.

    It lets the participation report and the admin read the first page of a million participations
    exhibition by exhibition, sorting only one exhibition's participants at a time. SQLite puts
    NULLs last in a descending index by itself and cannot be told so; PostgreSQL must be told, or
    the index does not match ``DESC NULLS LAST``.
    """

    def deconstruct(self):
        # The path the migrations name it by, from before the models were a package.
        _path, args, kwargs = super().deconstruct()
        return "exhibitions.models.NewestFirstIndex", args, kwargs

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return super().create_sql(model, schema_editor, using, **kwargs)
        expressions = [
            OrderBy(F(field), descending=True, nulls_last=True) if order == "DESC" else F(field)
            for field, order in self.fields_orders
        ]
        return models.Index(*expressions, name=self.name).create_sql(model, schema_editor, using, **kwargs)


class Exhibition(TranslatedModel):
    class DatePrecision(models.TextChoices):
        EXACT = "exact", _("exact day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")
        UNKNOWN = "unknown", _("unknown")

    title = TranslatedField(models.CharField, _("title"), needed=True, max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    series = models.ForeignKey(
        ExhibitionSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibitions",
    )
    edition = models.PositiveSmallIntegerField(_("edition number"), null=True, blank=True)
    venue = TranslatedField(models.CharField, _("venue"), max_length=250)
    place = models.ForeignKey(
        Place,
        verbose_name=_("city or place"),
        on_delete=models.PROTECT,
        related_name="exhibitions",
        help_text=_("The city, or the province when the city is not known."),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Known only to the month or the year? Type that alone: 1404/07, 1404 or 2025-10."),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision, default=DatePrecision.EXACT
    )
    occasion = TranslatedField(models.CharField, _("occasion"), max_length=250)
    participants_reported = models.PositiveIntegerField(
        _("participants reported"),
        null=True,
        blank=True,
        help_text=_("The number of participants the sources give, which may differ from those recorded here."),
    )
    description = TranslatedField(models.TextField, _("description"))
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisers"),
        through="ExhibitionOrganiser",
        related_name="exhibitions",
        blank=True,
    )
    crafts_shown = models.ManyToManyField(
        CraftCategory,
        verbose_name=_("crafts shown"),
        blank=True,
        related_name="exhibitions",
        help_text=_("The crafts the sources say were on show, whether or not each exhibitor is recorded."),
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="exhibitions")
    claims = models.ManyToManyField(
        Claim,
        verbose_name=_("claims"),
        blank=True,
        related_name="exhibitions",
        help_text=_("Statements of the sources about this exhibition, kept even where they disagree."),
    )
    status = models.CharField(
        pgettext_lazy("publication", "status"),
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
    )
    publish_sales_totals = models.BooleanField(
        _("publish sales totals"),
        default=False,
        help_text=_("Show the exhibition's sales per currency and craft on its public page; never one artisan's."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExhibitionQuerySet.as_manager()
    # Organisers have a model of their own (ExhibitionOrganiser), recorded on its own.
    history = HistoricalRecords(m2m_fields=[crafts_shown, sources, claims])

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "title_en", "pk"]
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        indexes = [NewestFirstIndex(fields=["-start_date", "title_en", "id"], name="exhibition_newest_first_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=False, end_date__gte=F("start_date")),
                name="exhibition_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(date_precision="unknown", start_date__isnull=True, end_date__isnull=True)
                | (~Q(date_precision="unknown") & Q(start_date__isnull=False)),
                name="exhibition_date_matches_precision",
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                condition=Q(series__isnull=False, edition__isnull=False),
                name="exhibition_unique_edition_in_series",
            ),
            some_language("title", name="exhibition_title_in_some_language"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exhibitions:detail", kwargs={"slug": self.slug})

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None

    def date_display(self) -> str:
        """The dates as precisely as they are known, in the reader's language and calendar."""
        return format_date_range(self.start_date, self.end_date, self.date_precision)

    def clean(self):
        super().clean()
        self._take_typed_periods()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.date_precision == self.DatePrecision.UNKNOWN and (self.start_date or self.end_date):
            errors["date_precision"] = _("Leave the dates empty when the date is unknown, or choose a precision.")
        if self.date_precision != self.DatePrecision.UNKNOWN and not self.start_date:
            errors["start_date"] = _("Enter a start date, or set the date precision to unknown.")
        if self.end_date and not self.start_date:
            errors.setdefault("start_date", _("Enter a start date before an end date."))
        if errors:
            raise ValidationError(errors)

    def _take_typed_periods(self):
        """A month or a year typed as a date (1404/07): its first day, its precision and, unless an
        end date is given, its last day as the end, so that date filters find the whole period."""
        if isinstance(self.end_date, PeriodStart):
            self.end_date = self.end_date.last_day
        if isinstance(self.start_date, PeriodStart):
            period, self.start_date = self.start_date, self.start_date.plain()
            self.date_precision = period.precision
            self.end_date = self.end_date or period.last_day


class ExhibitionOrganiser(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser")
        CO_ORGANISER = "co_organiser", _("co-organiser")
        HOST_AUTHORITY = "host_authority", _("host authority")
        SPONSOR = "sponsor", _("sponsor")

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="organiser_links"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="organiser_links"
    )
    role = models.CharField(pgettext_lazy("organiser", "role"), max_length=20, choices=Role, default=Role.ORGANISER)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation__name_en"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "organisation", "role"], name="exhibitionorganiser_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ExhibitionOfficial(TranslatedModel):
    """An official at the exhibition, with the title a source gave them."""

    class Side(models.TextChoices):
        DELEGATION = "delegation", _("visiting delegation")
        HOST = "host", _("host dignitary")
        ORGANISER = "organiser", _("organiser")

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="officials"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appearances")
    side = models.CharField(_("side"), max_length=20, choices=Side, default=Side.DELEGATION)
    title = TranslatedField(models.CharField, _("title"), needed=True, max_length=250)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = TranslatedField(
        models.TextField, _("note"), help_text=_("E.g. quoted by the source but not said to attend.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "person__name_en", "pk"]
        verbose_name = _("official")
        verbose_name_plural = _("officials and delegation members")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "person", "title_en", "title_fa", "title_ar"],
                name="exhibitionofficial_unique_title",
            ),
            some_language("title", name="exhibitionofficial_title_in_some_language"),
        ]

    def __str__(self):
        return f"{self.person}, {self.title}"


class Outcome(TranslatedModel):
    class Kind(models.TextChoices):
        AGREEMENT_PROPOSED = "agreement_proposed", _("agreement or memorandum proposed")
        AGREEMENT_SIGNED = "agreement_signed", _("agreement or memorandum signed")
        INVITATION = "invitation", _("invitation")
        TALKS = "talks", _("talks held")
        SALES = "sales", _("sales or orders")
        OTHER = "other", _("other")

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    description = TranslatedField(models.TextField, _("description"), needed=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["exhibition", "kind", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [some_language("description", name="outcome_description_in_some_language")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ParticipationQuerySet(models.QuerySet):
    def published(self):
        """Participations the public may see: a published exhibition and a public artisan."""
        return self.filter(
            exhibition__status=PublicationStatus.PUBLISHED,
            artisan__status=PublicationStatus.PUBLISHED,
            artisan__consent_to_publish=True,
        )

    def samples(self):
        return self.filter(is_sample=True)

    def editions_per_artisan(self, series, artisan_ids, *, before=None) -> dict[int, int]:
        """{artisan id: editions of ``series`` they took part in}, not counting ``before`` (an exhibition)."""
        participations = self.filter(exhibition__series=series, artisan__in=artisan_ids)
        if before is not None:
            participations = participations.exclude(exhibition=before)
        return dict(
            participations.values("artisan")
            .annotate(editions=Count("exhibition", distinct=True))
            .values_list("artisan", "editions")
        )


class Participation(models.Model):
    class Role(models.TextChoices):
        EXHIBITOR = "exhibitor", _("exhibitor")
        DEMONSTRATOR = "demonstrator", _("demonstrator")
        INSTRUCTOR = "instructor", _("workshop instructor")
        SELLER = "seller", _("seller")
        DELEGATE = "delegate", _("delegation member")
        OTHER = "other", _("other")

    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.PROTECT, related_name="participations"
    )
    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(
        pgettext_lazy("participation", "role"), max_length=20, choices=Role, default=Role.EXHIBITOR
    )
    crafts_shown = models.ManyToManyField(
        CraftCategory, verbose_name=_("crafts shown"), blank=True, related_name="participations"
    )
    stand = models.CharField(_("stand"), max_length=50, blank=True)
    award = TranslatedField(models.CharField, _("award"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="participations")
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Also the version that keeps the artisan's, the exhibition's and its own admin form from saving
    # over each other's changes to the same participation.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[crafts_shown, sources])

    class Meta:
        ordering = ["exhibition", "artisan__latin_order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["artisan", "exhibition"], name="participation_once_per_exhibition"),
        ]

    def __str__(self):
        return f"{self.artisan} @ {self.exhibition}"
