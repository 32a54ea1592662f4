"""An artisan's registration as the office records it: verified (a renewal extends it), revoked
with a reason, reinstated. Each step saves the artisan under a lock with a change reason, so its
History page tells the story; the models are in ``registry.models.registrations``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Artisan, RegistrationStatus, Verification, valid_until
from .models.artisans import EXPIRED

# The states an artisan's registration is in on a day (``models.artisans.registration_state``), as the
# admin names them.
REGISTRATION_STATES = {
    RegistrationStatus.PENDING: _("pending verification"),
    RegistrationStatus.VERIFIED: _("valid"),
    EXPIRED: _("expired"),
    RegistrationStatus.REVOKED: _("revoked"),
}
# history_change_reason's length in the history tables.
REASON_LENGTH = 100
REGISTRATION_FIELDS = ["registration_status", "registration_valid_until", "registration_revoked_reason", "updated_at"]


def record_verification(
    *, artisan: Artisan, method: str, verified_on: datetime.date, by, note: str = "", evidence=None
) -> Verification:
    """Record that the office verified ``artisan`` on ``verified_on``: the registration is verified,
    valid until the later of the date it had and the one this verification gives."""
    now = timezone.now()
    with transaction.atomic():
        current = _locked(artisan)
        verification = Verification(
            artisan=current,
            method=method,
            verified_on=verified_on,
            verified_by=by,
            valid_until=valid_until(verified_on),
            note=note,
            evidence=evidence or "",
        )
        verification._history_user, verification._history_date = by, now
        verification.save()
        renewal = current.registration_status == RegistrationStatus.VERIFIED
        current.registration_status = RegistrationStatus.VERIFIED
        current.registration_valid_until = max(
            filter(None, [current.registration_valid_until, verification.valid_until])
        )
        # A new verification ends a revocation; the reason stays in the history.
        current.registration_revoked_reason = ""
        reason = gettext("Registration renewed") if renewal else gettext("Registration verified")
        _save(current, reason=reason, by=by, now=now)
    _copy_registration(current, artisan)
    return verification


def revoke(*, artisan: Artisan, reason: str, by) -> None:
    """Revoke ``artisan``'s registration, for ``reason`` (required: it is what the office answers)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A revocation needs a reason."), code="reason_required")
    with transaction.atomic():
        current = _locked(artisan)
        current.registration_status = RegistrationStatus.REVOKED
        current.registration_revoked_reason = reason
        _save(current, reason=gettext("Registration revoked"), by=by, now=timezone.now())
    _copy_registration(current, artisan)


def reinstate(*, artisan: Artisan, by) -> None:
    """Undo a revocation: verified again if a verification ever gave a date (expired if it has
    passed), pending otherwise."""
    with transaction.atomic():
        current = _locked(artisan)
        current.registration_status = (
            RegistrationStatus.VERIFIED if current.registration_valid_until else RegistrationStatus.PENDING
        )
        current.registration_revoked_reason = ""
        _save(current, reason=gettext("Registration reinstated"), by=by, now=timezone.now())
    _copy_registration(current, artisan)


def _locked(artisan: Artisan) -> Artisan:
    # The row as stored, locked until the transaction ends: two verifications recorded at once
    # both extend from the date the other left, and the history row holds no stale field.
    return Artisan.objects.select_for_update().get(pk=artisan.pk)


def _save(artisan: Artisan, *, reason: str, by, now: datetime.datetime) -> None:
    artisan._change_reason, artisan._history_user, artisan._history_date = reason[:REASON_LENGTH], by, now
    artisan.save(update_fields=REGISTRATION_FIELDS)


def _copy_registration(source: Artisan, target: Artisan) -> None:
    """The caller's copy of the artisan, as now stored."""
    for name in REGISTRATION_FIELDS:
        setattr(target, name, getattr(source, name))
