"""The admin's forms for texts in three languages: the clerk's language first, no English needed."""

import itertools

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import LANGUAGE_CODES
from .transliteration import romanize


def clerk_language_first(fields, language: str):
    """``fields`` with each run of ``<x>_en, <x>_fa, <x>_ar`` begun by ``language``'s column."""
    fields = list(fields)
    if language not in LANGUAGE_CODES:
        return fields
    for i, name in enumerate(fields):
        if not isinstance(name, str) or not name.endswith("_en"):
            continue
        base = name[:-3]
        run = [f"{base}_{code}" for code in LANGUAGE_CODES]
        if fields[i : i + len(run)] == run:
            fields[i : i + len(run)] = [f"{base}_{language}", *(c for c in run if c != f"{base}_{language}")]
    return fields


class LanguageColumnsMixin:
    """ModelAdmin and inline: a text's three columns, the admin's language first."""

    def get_fieldsets(self, request, obj=None):
        language = (get_language() or "")[:2]
        return [
            (title, {**options, "fields": clerk_language_first(options["fields"], language)})
            for title, options in super().get_fieldsets(request, obj)
        ]


def unique_slug(model, *texts: str, max_length: int = 50) -> str:
    """A free slug made from the first of ``texts`` with something to spell, in Latin letters."""
    base = next((slug for text in texts if text and (slug := slugify(romanize(text)))), "") or model._meta.model_name
    base = base[: max_length - 6].strip("-")
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2))):
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


class AutomaticSlugMixin:
    """A slug left empty is made from the record's name (``slug_sources``), in any script."""

    slug_sources: tuple[str, ...] = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if self.slug_sources and "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _("Part of the page's address. Left empty, it is made from the name.")
        return form

    def save_model(self, request, obj, form, change):
        if not self.slug_sources or obj.slug:
            return super().save_model(request, obj, form, change)
        max_length = obj._meta.get_field("slug").max_length
        texts = [getattr(obj, name) for name in self.slug_sources]
        for _attempt in range(5):
            obj.slug = unique_slug(type(obj), *texts, max_length=max_length)
            try:
                with transaction.atomic():
                    return super().save_model(request, obj, form, change)
            except IntegrityError:  # taken meanwhile by another clerk's record
                continue
        raise IntegrityError("Could not find a free slug.")
