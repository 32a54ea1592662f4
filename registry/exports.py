"""The staff export of the admin's artisan list: the rows its filters select, drafts included, with
each artisan's registration. The public list's columns are exhibitions.views.artisans'."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.calendars import page_uses_solar_hijri, solar_hijri_numbers
from common.exports import Column, Label, ManyColumn
from common.i18n import LANGUAGE_CODES, in_language, reading_language

from .models import PublicationStatus
from .models.artisans import registration_state
from .registrations import REGISTRATION_STATES

NAME_FIELDS = tuple(f"name_{code}" for code in LANGUAGE_CODES)
yes_no = Label([(True, _("yes")), (False, _("no"))])


def state_on(today: datetime.date) -> Callable[[str, datetime.date | None], str]:
    """A cell reader: the registration's state on ``today``, named in the export's language."""
    label = Label(REGISTRATION_STATES.items())
    return lambda status, valid_until: label(registration_state(status, valid_until, today))


def artisan_columns(*, include_private: bool = False, today: datetime.date | None = None) -> list:
    """One row per artisan; contact data only when ``include_private``. The registration's state
    is the one on ``today`` (in settings.TIME_ZONE by default)."""
    today = today or timezone.localdate()
    columns = [
        Column(_("registry number"), ("registry_number",)),
        Column(_("name"), ("name",)),
        Column(_("name in Latin script"), ("name_latin",)),
        Column(_("home place"), NAME_FIELDS, in_language, via="home_place"),
        ManyColumn(_("crafts"), "crafts", NAME_FIELDS, in_language),
        Column(pgettext_lazy("publication", "status"), ("status",), Label(PublicationStatus.choices)),
        Column(_("consent to publish"), ("consent_to_publish",), yes_no),
        Column(_("registration"), ("registration_status", "registration_valid_until"), state_on(today)),
        Column(_("registration valid until"), ("registration_valid_until",)),
    ]
    if page_uses_solar_hijri(reading_language()):
        columns.append(
            Column(_("registration valid until (Solar Hijri)"), ("registration_valid_until",), solar_hijri_numbers)
        )
    columns.append(Column(_("sample data"), ("is_sample",), yes_no))
    if include_private:
        columns += [
            Column(_("phone"), ("phone",)),
            Column(_("email"), ("email",)),
            Column(_("national ID number"), ("national_id",)),
        ]
    return columns
