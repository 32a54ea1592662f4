"""An artisan's registration: verified by the office, valid for some years, and sanctions from fairs.

The state lives on the artisan (``Artisan.registration_status``, ``registration_valid_until``) so
that lists filter on it without a join; each verification is a row of its own, with its evidence.
A verified registration whose validity date has passed is expired: nothing has to run at midnight
for that to be true (``ArtisanQuerySet.registration_valid_on``).
"""

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.privacy import Privacy

from .artisans import Artisan

EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "webp")


class PrivateStorage(FileSystemStorage):
    """Files no web server serves: ``PRIVATE_MEDIA_ROOT``, read back only through the admin. The
    setting is read on each use, so that a test's setting holds."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # FileSystemStorage would answer with an address under MEDIA_URL: a link that must never be
        # written. The admin's evidence view is the one way in (Verification.evidence_url).
        raise ValueError("A private file has no address; link to Verification.evidence_url() instead.")


private_storage = PrivateStorage()


def valid_until(verified_on: datetime.date) -> datetime.date:
    """The last day a registration verified on ``verified_on`` is valid."""
    years = settings.REGISTRY_VALIDITY_YEARS
    try:
        return verified_on.replace(year=verified_on.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return verified_on.replace(year=verified_on.year + years, day=28)


class Verification(models.Model):
    """The office checked that an artisan is who and what the registration says."""

    class Method(models.TextChoices):
        WORKSHOP_VISIT = "workshop_visit", _("workshop visit")
        SAMPLE_PIECES = "sample_pieces", _("sample pieces examined")
        UNION_ENDORSEMENT = "union_endorsement", _("union endorsement")
        OTHER = "other", _("other")

    artisan = models.ForeignKey(
        Artisan, verbose_name=_("artisan"), on_delete=models.CASCADE, related_name="verifications"
    )
    method = models.CharField(_("method"), max_length=30, choices=Method)
    verified_on = models.DateField(_("verified on"), default=timezone.localdate)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_until = models.DateField(
        _("valid until"), help_text=_("Set from the verification date and the registry's validity period.")
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to="evidence/%Y/",
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_TYPES)],
        help_text=_("A PDF or a photo, kept where no public address reaches it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    privacy = Privacy(fields=("note", "evidence"), permission="registry.view_private_data")

    class Meta:
        ordering = ["-verified_on", "-pk"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("verified_on")), name="verification_valid_after"
            )
        ]

    def __str__(self):
        return f"{self.artisan} – {self.get_method_display()} ({self.verified_on:%Y-%m-%d})"

    def evidence_url(self) -> str:
        return reverse("admin:registry_verification_evidence", args=[self.pk])


class SanctionQuerySet(models.QuerySet):
    def in_force_on(self, date: datetime.date):
        return self.filter(starts_on__lte=date, until__gte=date, lifted_on__isnull=True)


class Sanction(models.Model):
    """An artisan kept away from fairs until a date. Never shown outside the admin."""

    artisan = models.ForeignKey(Artisan, verbose_name=_("artisan"), on_delete=models.CASCADE, related_name="sanctions")
    starts_on = models.DateField(pgettext_lazy("sanction", "from"), default=timezone.localdate)
    until = models.DateField(pgettext_lazy("sanction", "until"))
    reason = models.TextField(_("reason"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True, help_text=_("Ended before its date."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SanctionQuerySet.as_manager()
    history = HistoricalRecords()
    privacy = Privacy(fields=("reason",), permission="registry.view_private_data")

    class Meta:
        ordering = ["-until", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(condition=Q(until__gte=models.F("starts_on")), name="sanction_until_after_start"),
        ]

    def __str__(self):
        return f"{self.artisan} – {self.until:%Y-%m-%d}"
