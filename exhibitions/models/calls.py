"""Calls for participation in a fair: who may apply, how many places per craft, the jury's criteria,
the applications and their scores. The procedure that moves an application along (eligibility,
decisions within the quotas, the waitlist) is in exhibitions/calls.py."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.privacy import Privacy
from common.translated import TranslatedField, TranslatedModel, some_language
from crafts.models import CraftCategory
from registry.models import Artisan, Place

from .exhibitions import Exhibition


class CallQuerySet(models.QuerySet):
    def public(self):
        """Calls the public may read: on a published exhibition or one still in draft (a call is
        usually opened for an edition not yet announced otherwise), never an archived one."""
        return self.exclude(exhibition__status="archived")

    def open_on(self, date):
        return self.filter(opens_on__lte=date, closes_on__gte=date)


class CallManager(models.Manager.from_queryset(CallQuerySet)):
    def get_queryset(self):
        # A call is named by its exhibition, in every select and filter that lists calls.
        return super().get_queryset().select_related("exhibition")


class Call(TranslatedModel):
    """A call for participation in one exhibition, with its places and its rules."""

    exhibition = models.OneToOneField(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.PROTECT, related_name="call"
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    places = models.PositiveSmallIntegerField(
        pgettext_lazy("call", "places"), validators=[MinValueValidator(1)], help_text=_("Artisans accepted in all.")
    )
    rules = TranslatedField(
        models.TextField, _("rules"), help_text=_("What the call asks of applicants, shown on its public page.")
    )
    require_valid_registration = models.BooleanField(_("registration valid on the fair's first day"), default=True)
    require_public_profile = models.BooleanField(_("published with consent"), default=True)
    home_provinces = models.ManyToManyField(
        Place,
        verbose_name=_("home provinces"),
        blank=True,
        related_name="calls",
        limit_choices_to={"kind": "province"},
        help_text=_("Only artisans from these provinces may apply. Empty: any province."),
    )
    blind_jury = models.BooleanField(
        _("blind jury"), default=False, help_text=_("Jurors do not see the applicants' names.")
    )
    decided_at = models.DateTimeField(
        _("results announced"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Applicants see their result and scores from then on."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallManager()
    history = HistoricalRecords(m2m_fields=[home_provinces])

    class Meta:
        ordering = ["-closes_on", "pk"]
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="call_closes_after_opening"),
        ]

    def __str__(self):
        return str(self.exhibition)

    def get_absolute_url(self):
        return reverse("exhibitions:call-detail", kwargs={"slug": self.exhibition.slug})

    def is_open(self, date=None) -> bool:
        date = date or timezone.localdate()
        return self.opens_on <= date <= self.closes_on

    def is_closed(self, date=None) -> bool:
        """Closed to applications: the jury's scores are no longer each juror's alone."""
        return (date or timezone.localdate()) > self.closes_on or self.decided_at is not None


class Quota(models.Model):
    """Places of a call kept for one craft and its sub-crafts."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="quotas")
    craft = models.ForeignKey(CraftCategory, verbose_name=_("craft"), on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField(pgettext_lazy("call", "places"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "craft__tree_path"]
        verbose_name = _("places for a craft")
        verbose_name_plural = _("places per craft")
        constraints = [models.UniqueConstraint(fields=["call", "craft"], name="quota_once_per_craft")]

    def __str__(self):
        return f"{self.craft}: {self.places}"


class Criterion(TranslatedModel):
    """What the jury scores, from 1 to 5: quality, authenticity, market fit."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria")
    name = TranslatedField(models.CharField, _("name"), needed=True, max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [some_language("name", name="criterion_name_in_some_language")]

    def __str__(self):
        return self.name


def new_token() -> str:
    """The private part of an applicant's status address: 192 random bits, never derived from the
    application, so no address can be guessed from another."""
    return secrets.token_urlsafe(24)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("on the waiting list")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.PROTECT, related_name="applications"
    )
    craft = models.ForeignKey(
        CraftCategory,
        verbose_name=_("craft"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The craft whose places the application competes for."),
    )
    pieces = models.TextField(_("pieces proposed"), help_text=_("What the artisan means to show and sell."))
    status = models.CharField(
        pgettext_lazy("application", "status"), max_length=20, choices=Status, default=Status.SUBMITTED
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Shown to the applicant on their status page."))
    waitlist_position = models.PositiveSmallIntegerField(
        _("place on the waiting list"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["token"])
    privacy = Privacy(fields=("token",), permission="registry.view_private_data")

    class Meta:
        ordering = ["call", "craft__tree_path", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "artisan"], name="application_once_per_call"),
        ]

    def __str__(self):
        # Without the applicant's name: a blind jury reads this in titles and histories.
        return gettext("Application %(number)s") % {"number": self.pk or "–"}

    def get_status_url(self):
        return reverse("exhibitions:application-status", kwargs={"token": self.token})


class Score(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("juror"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("From 1 to 5.")
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "criterion__position", "juror"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "juror", "criterion"], name="score_once_per_juror"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_from_1_to_5"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
