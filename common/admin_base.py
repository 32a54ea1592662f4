"""The base of every admin of the registry: its search, languages, dates, private fields, history
and autocomplete, and its forms' widgets."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext

from .admin_calendars import CalendarDatesMixin
from .autocomplete import PreloadedAutocompleteMixin
from .calendars import CalendarDateField, CalendarDateWidget
from .history_admin import HistoryAdmin
from .pagination import RegistryPaginator
from .privacy import PrivateFieldsMixin
from .search import ScriptVariantSearchMixin
from .translated_admin import AutomaticSlugMixin, LanguageColumnsMixin

FORMFIELD_OVERRIDES = {
    # Sources are cited by address; one typed without a scheme is a web address, so https.
    models.URLField: {"assume_scheme": "https"},
    # Dates typed in the Solar Hijri or the Gregorian calendar, shown in the page's.
    models.DateField: {"form_class": CalendarDateField, "widget": CalendarDateWidget},
}
# Inline rows stay one line high; a longer text still scrolls.
INLINE_FORMFIELD_OVERRIDES = {
    **FORMFIELD_OVERRIDES,
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
}


class RegistryAdmin(
    CalendarDatesMixin,
    LanguageColumnsMixin,
    AutomaticSlugMixin,
    PrivateFieldsMixin,
    ScriptVariantSearchMixin,
    PreloadedAutocompleteMixin,
    HistoryAdmin,
):
    formfield_overrides = FORMFIELD_OVERRIDES
    paginator = RegistryPaginator
    # As on the public lists. A changelist row costs about half a millisecond to render, so
    # Django's 100 made a page of exhibitions cost 75 ms; search and filters find the rest.
    list_per_page = 25

    def action_checkbox(self, obj):
        """Django's row checkbox, written without rendering a widget template for every row."""
        return row_checkbox(obj.pk, str(obj))


class RegistryInline(LanguageColumnsMixin, PrivateFieldsMixin, PreloadedAutocompleteMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = INLINE_FORMFIELD_OVERRIDES


def row_checkbox(pk, name: str) -> str:
    """The checkbox Django's admin writes on a list's row, its label (read by screen readers) naming ``name``."""
    label = format_html(gettext("Select this object for an action - {}"), name)
    return format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
        helpers.ACTION_CHECKBOX_NAME,
        pk,
        label,
    )
