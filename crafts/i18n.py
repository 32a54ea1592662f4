"""Text entered in English, Persian and Arabic, shown in the reader's language.

Models keep one column per language (``name_en``, ``name_fa``, ``name_ar``). Every model with such
columns lives in or below this app, which is why the helper lives here.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "fa", "ar")


def localized(obj, base: str, language: str | None = None) -> str:
    """The value of ``obj.<base>_<language>``, falling back to the other languages in turn."""
    language = (language or get_language() or "en")[:2]
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    for code in order:
        value = getattr(obj, f"{base}_{code}", "")
        if value:
            return value
    return ""


def search_fields_for(base: str, prefix: str = "") -> list[str]:
    return [f"{prefix}{base}_{code}" for code in LANGUAGE_CODES]


class MultilingualName(models.Model):
    """A name kept in English, Persian and Arabic; ``name`` is the one for the current language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fa = models.CharField(_("name (Persian)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
