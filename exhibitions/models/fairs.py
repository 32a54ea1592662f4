"""Around a fair: its stalls, the invitations of returning artisans, and what each participant sold
and gained there."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models import Artisan

from .exhibitions import Exhibition, Participation


class Stall(models.Model):
    """A stand at an exhibition, and the artisan given it: one artisan per stall, one stall each."""

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="stalls"
    )
    label = models.CharField(_("stall"), max_length=50, help_text=_("Its number or name, e.g. B12."))
    zone = models.CharField(_("zone"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=50, blank=True, help_text=_("E.g. 3 × 2 m."))
    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.PROTECT, null=True, blank=True, related_name="stalls"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["exhibition", "zone", "label", "pk"]
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "label"], name="stall_label_once_per_exhibition"),
            models.UniqueConstraint(
                fields=["exhibition", "artisan"], condition=Q(artisan__isnull=False), name="stall_one_per_artisan"
            ),
        ]

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """An artisan asked to a fair rather than chosen from a call: the last edition's participants,
    invited to the next. Only "took part" makes a participation, and only participations count on
    the public pages and in the reports."""

    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", pgettext_lazy("invitation", "declined")
        TOOK_PART = "took_part", _("took part")

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="invitations"
    )
    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.PROTECT, related_name="invitations"
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.INVITED)
    editions_attended = models.PositiveSmallIntegerField(
        _("editions attended"), default=0, help_text=_("Of this series, before this edition.")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("E.g. when they answered, and what they will bring."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["exhibition", "artisan__latin_order", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "artisan"], name="invitation_once_per_exhibition")
        ]

    def __str__(self):
        return f"{self.artisan} – {self.exhibition}"


class Currency(models.TextChoices):
    IQD = "IQD", _("Iraqi dinar (IQD)")
    IRR = "IRR", _("Iranian rial (IRR)")
    USD = "USD", _("US dollar (USD)")


class ParticipationResult(models.Model):
    """What a fair brought one participant. Private: an office may publish an exhibition's totals
    (``Exhibition.publish_sales_totals``), never one artisan's."""

    participation = models.OneToOneField(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="result"
    )
    orders_taken = models.PositiveIntegerField(_("orders taken"), default=0)
    trade_contacts = models.PositiveIntegerField(_("trade contacts"), default=0)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participation"]
        verbose_name = _("result at the fair")
        verbose_name_plural = _("results at the fair")

    def __str__(self):
        return str(self.participation)


class Sale(models.Model):
    """A participant's sales at a fair in one currency."""

    participation = models.ForeignKey(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="sales"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["participation", "currency"]
        verbose_name = _("sales")
        verbose_name_plural = _("sales")
        constraints = [
            models.UniqueConstraint(fields=["participation", "currency"], name="sale_once_per_currency"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="sale_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency}"
