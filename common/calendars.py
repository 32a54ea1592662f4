"""Dates typed in either calendar, shown in the reader's.

The office dates its letters in the Solar Hijri calendar (1404/07/18), its partners in Iraq in the
Gregorian one. A date field takes both, in Latin, Persian or Arabic-Indic digits, with `/`, `-` or
`.` between year, month and day: a year from 1300 to 1499 is Solar Hijri, any other Gregorian.
Storage stays Gregorian. On a Persian page the field shows the Solar Hijri date, with the
Gregorian one beside it.

jdatetime (already used for showing dates) does the arithmetic, leap years included: 1403 has a
30 Esfand, 1404 does not.
"""

import datetime
import re

import jdatetime
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOLAR_HIJRI_YEARS = range(1300, 1500)
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")


def parse_date(text: str) -> datetime.date:
    """The Gregorian date of ``text``, typed in either calendar; ValidationError with a clear message if none."""
    match = DATE.fullmatch(text.strip().translate(LATIN_DIGITS))
    if match is None:
        raise ValidationError(
            _("Enter a date as year/month/day: 1404/07/18 in the Solar Hijri calendar, or 2025-10-10."),
            code="invalid",
        )
    year, month, day = (int(part) for part in match.groups())
    solar_hijri = year in SOLAR_HIJRI_YEARS
    try:
        if solar_hijri:
            return jdatetime.date(year, month, day).togregorian()
        return datetime.date(year, month, day)
    except ValueError:
        if solar_hijri:
            message = _("%(date)s is not a day of the Solar Hijri calendar: check the month (1 to 12) and the day.")
            shown = f"{year}/{month:02d}/{day:02d}"
        else:
            message = _("%(date)s is not a day of the Gregorian calendar: check the month (1 to 12) and the day.")
            shown = f"{year}-{month:02d}-{day:02d}"
        raise ValidationError(message, code="invalid_date", params={"date": shown}) from None


def in_calendars(value: datetime.date) -> tuple[str, str]:
    """``value`` in the page's calendar, then in the other: Solar Hijri first on Persian pages."""
    solar_hijri = jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d")
    if (get_language() or "en")[:2] == "fa":
        return solar_hijri, value.isoformat()
    return value.isoformat(), solar_hijri


class InPageCalendar:
    """For a date input: its value written in the page's calendar."""

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return in_calendars(value)[0]
        return super().format_value(value)


class CalendarDateInput(InPageCalendar, forms.DateInput):
    """A public filter's date input: typed in either calendar, instead of the browser's own date picker
    (which shows and takes only Gregorian dates, in the browser's order of day and month)."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "1404/07/18", "inputmode": "numeric", "size": 10, **(attrs or {})})


class CalendarDateWidget(InPageCalendar, AdminDateWidget):
    """The admin's date input and calendar, its value in the page's calendar, the other calendar beside it."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if isinstance(value, datetime.date):
            html += format_html(' <span class="other-calendar">{}</span>', in_calendars(value)[1])
        return html


class CalendarDateField(forms.DateField):
    """A date typed in the Solar Hijri or the Gregorian calendar (see ``parse_date``)."""

    widget = CalendarDateWidget

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_date(str(value))
