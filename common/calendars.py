"""Dates typed in either calendar, shown in the reader's.

The office dates its letters in the Solar Hijri calendar (1404/07/18), its partners in Iraq in the
Gregorian one. A date field takes both, in Latin, Persian or Arabic-Indic digits, with `/`, `-` or
`.` between year, month and day: a year from 1300 to 1499 is Solar Hijri, any other Gregorian.
Storage stays Gregorian. On a Persian page the field shows the Solar Hijri date, with the
Gregorian one beside it. A year alone follows the same rule: 1404 is 2025-03-21 to 2026-03-20.

jdatetime (already used for showing dates) does the arithmetic, leap years included: 1403 has a
30 Esfand, 1404 does not.
"""

import datetime
import re

import jdatetime
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import LATIN_DIGITS, PERSIAN_DIGITS

SOLAR_HIJRI_YEARS = range(1300, 1500)
# The Gregorian years a filter accepts: the registry records exhibitions of the last century and the next.
GREGORIAN_YEARS = range(1900, 2101)
DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
# A month or a year alone, for a date known only that far: 1404/07, 2025-10, 1404.
PERIOD = re.compile(r"(\d{4})(?:\s*[-/.]\s*(\d{1,2}))?")


class PeriodStart(datetime.date):
    """The first day of a month or a year typed alone, knowing its ``precision`` and ``last_day``.

    A form field gives it to the model, which keeps a plain date with the precision beside it
    (``Exhibition.clean``); a filter's "on or before" reads up to its last day.
    """

    precision: str
    last_day: datetime.date

    @classmethod
    def of(cls, first: datetime.date, last: datetime.date, precision: str) -> "PeriodStart":
        start = cls(first.year, first.month, first.day)
        start.precision, start.last_day = precision, last
        return start

    def plain(self) -> datetime.date:
        return datetime.date(self.year, self.month, self.day)


def parse_date(text: str) -> datetime.date:
    """The Gregorian date of ``text``, typed in either calendar; ValidationError with a clear message if none.

    A month or a year alone (``1404/07``, ``2025-10``, ``1404``) gives a ``PeriodStart``.
    """
    text = text.strip().translate(LATIN_DIGITS)
    period = PERIOD.fullmatch(text)
    if period is not None:
        return parse_period(*period.groups())
    match = DATE.fullmatch(text)
    if match is None:
        raise ValidationError(
            _(
                "Enter a date as year/month/day: 1404/07/18 in the Solar Hijri calendar, or 2025-10-10;"
                " a month (1404/07) or a year (1404) alone when that is all that is known."
            ),
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


def parse_period(year_text: str, month_text: str | None) -> PeriodStart:
    year, month = int(year_text), int(month_text) if month_text else None
    if year not in SOLAR_HIJRI_YEARS and year not in GREGORIAN_YEARS:
        raise ValidationError(
            _("Enter a Solar Hijri year from 1300 to 1499, or a Gregorian year from 1900 to 2100."), code="invalid"
        )
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(
            _("%(month)s is not a month: enter a month from 1 to 12."), code="invalid_date", params={"month": month}
        )
    first, last = year_bounds(year) if month is None else month_bounds(year, month)
    return PeriodStart.of(first, last, "year" if month is None else "month")


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


def page_uses_solar_hijri(language: str | None = None) -> bool:
    """Whether dates are offered in the Solar Hijri calendar: on Persian pages and in Persian files."""
    return (language or get_language() or "en")[:2] == "fa"


def to_solar_hijri(value: datetime.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=value)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of ``year``: Solar Hijri from 1300 to 1499, else Gregorian.

    ValueError for a year the Gregorian calendar cannot hold (below 1 or above 9999).
    """
    return _solar_hijri_bounds(year) if year in SOLAR_HIJRI_YEARS else _gregorian_bounds(year)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a month, of the calendar ``year`` belongs to (see ``year_bounds``).

    ValueError for a month or year that does not exist.
    """
    return _solar_hijri_bounds(year, month) if year in SOLAR_HIJRI_YEARS else _gregorian_bounds(year, month)


def _solar_hijri_bounds(year: int, month: int | None = None) -> tuple[datetime.date, datetime.date]:
    start = jdatetime.date(year, month or 1, 1)
    following = jdatetime.date(year + 1, 1, 1) if month in (None, 12) else jdatetime.date(year, month + 1, 1)
    return start.togregorian(), following.togregorian() - datetime.timedelta(days=1)


def _gregorian_bounds(year: int, month: int | None = None) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month or 1, 1)
    if month in (None, 12):
        return start, datetime.date(year, 12, 31)
    return start, datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def read_year(text: str) -> int | None:
    """The year typed in ``text`` in any digits, if it is a sensible one (see ``YearField``), else None."""
    match = re.fullmatch(r"[0-9]{4}", str(text).strip().translate(LATIN_DIGITS))
    if match is None:
        return None
    year = int(match.group())
    return year if year in SOLAR_HIJRI_YEARS or year in GREGORIAN_YEARS else None


def current_year(language: str | None = None) -> int:
    """This year in the page's calendar."""
    today = timezone.localdate()
    return to_solar_hijri(today).year if page_uses_solar_hijri(language) else today.year


def year_label(year: int, language: str | None = None) -> str:
    """A year as an option of a select: in Persian digits on Persian pages."""
    return str(year).translate(PERSIAN_DIGITS) if page_uses_solar_hijri(language) else str(year)


def years_of(days, language: str | None = None) -> list[int]:
    """The years ``days`` fall in, in the page's calendar, latest first."""
    if page_uses_solar_hijri(language):
        return sorted({to_solar_hijri(day).year for day in days}, reverse=True)
    return sorted({day.year for day in days}, reverse=True)


YEAR_HINT = _("A year from 1300 to 1499 is a Solar Hijri year (1404), any other a Gregorian one (2025).")


class YearInput(forms.TextInput):
    """A year typed in either calendar; the example shown is this year in the page's calendar."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "size": 6, "maxlength": 4, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", year_label(current_year()))
        context["widget"]["attrs"].setdefault("title", str(YEAR_HINT))
        return context


class YearField(forms.Field):
    """A year typed in Latin, Persian or Arabic-Indic digits: 1300 to 1499 is a Solar Hijri year,
    1900 to 2100 a Gregorian one (``year_bounds`` gives its days). Anything else is a form error."""

    widget = YearInput
    default_error_messages = {
        "invalid": _("Enter a year as four digits: 1404 in the Solar Hijri calendar, or 2025 in the Gregorian one."),
        "out_of_range": _("Enter a Solar Hijri year from 1300 to 1499, or a Gregorian year from 1900 to 2100."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            year = value
        else:
            text = str(value).strip().translate(LATIN_DIGITS)
            if re.fullmatch(r"[0-9]{1,9}", text) is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            year = int(text)
        if year not in SOLAR_HIJRI_YEARS and year not in GREGORIAN_YEARS:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return year


def known_period(value: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and the last day that a date known to ``precision`` ("exact", "month", "year") may be.

    A month or year is stored as its first day, in either calendar. Solar Hijri months begin
    between the 19th and the 23rd of a Gregorian month, and Solar Hijri years on 20 or 21 March, so
    the first day tells the calendar: 2025-09-23 is Mehr 1404, 2025-10-01 is October 2025. Any
    other day stands for its Gregorian month or year.
    """
    solar = to_solar_hijri(value)
    if precision == "month":
        if solar.day == 1:
            return _solar_hijri_bounds(solar.year, solar.month)
        return _gregorian_bounds(value.year, value.month)
    if precision == "year":
        if (solar.month, solar.day) == (1, 1):
            return _solar_hijri_bounds(solar.year)
        return _gregorian_bounds(value.year)
    return value, value


SOLAR_HIJRI_NUMBERS = {"exact": "%Y/%m/%d", "month": "%Y/%m", "year": "%Y"}


def solar_hijri_numbers(value: datetime.date | None, precision: str = "exact") -> str:
    """The Solar Hijri date in Latin digits, as precisely as it is known, for files: 1404/07/18,
    1404/07 (a month), 1404 (a year). A Gregorian month or year spans two Solar Hijri ones:
    January 2026 is 1404/10–1404/11, 2025 is 1403–1404. Empty for no date or an unknown one."""
    if value is None or precision not in SOLAR_HIJRI_NUMBERS:
        return ""
    pattern = SOLAR_HIJRI_NUMBERS[precision]
    first, last = (to_solar_hijri(day).strftime(pattern) for day in known_period(value, precision))
    return first if first == last else f"{first}–{last}"


def period_name(start: datetime.date | None, end: datetime.date | None, *, solar_hijri: bool) -> str:
    """A period for a file name, in Latin digits: 1404 for a whole year, 1404-07 for a whole month,
    1404-07-18 for a day, else 1404-07-10-to-1404-08-02, from-… or to-… when open.

    Days are written in the Solar Hijri calendar if ``solar_hijri``, else in the Gregorian one. A
    whole year or month is named in whichever calendar it is whole in, the file's first: a filter
    on 2025 is "2025" in a Persian file too.
    """
    if start is None and end is None:
        return ""
    if start is not None and end is not None:
        for solar in (solar_hijri, not solar_hijri):
            whole = _whole_year_or_month(start, end, solar_hijri=solar)
            if whole:
                return whole
    start_text = _day_name(start, solar_hijri=solar_hijri) if start else ""
    end_text = _day_name(end, solar_hijri=solar_hijri) if end else ""
    if start == end:
        return start_text
    if start is None:
        return f"to-{end_text}"
    if end is None:
        return f"from-{start_text}"
    return f"{start_text}-to-{end_text}"


def _in_solar_hijri(day: datetime.date, solar_hijri: bool) -> bool:
    # A day before 1300 (1921) is named in the Gregorian calendar, as its year would be read as one.
    return solar_hijri and to_solar_hijri(day).year in SOLAR_HIJRI_YEARS


def _day_name(day: datetime.date, *, solar_hijri: bool) -> str:
    if _in_solar_hijri(day, solar_hijri):
        return to_solar_hijri(day).strftime("%Y-%m-%d")
    return day.isoformat()


def _whole_year_or_month(start: datetime.date, end: datetime.date, *, solar_hijri: bool) -> str:
    if _in_solar_hijri(start, solar_hijri):
        first, bounds = to_solar_hijri(start), _solar_hijri_bounds
    else:
        first, bounds = start, _gregorian_bounds
    if (start, end) == bounds(first.year):
        return str(first.year)
    if (start, end) == bounds(first.year, first.month):
        return f"{first.year}-{first.month:02d}"
    return ""
