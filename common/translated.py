"""Model fields for text kept in English, Persian and Arabic.

``title = TranslatedField(models.CharField, _("title"), max_length=250)`` declares the columns
``title_en``, ``title_fa`` and ``title_ar`` and reads ``obj.title`` in the reader's language, or the
nearest one there is. This is the layout django-modeltranslation would give (one column per
language, so a list sorts and searches in one table without joins), without its copy of the
original column and without its rewriting of every query to the active language: searches here
look in every language at once.

Persian columns store Persian letters and Arabic columns Arabic letters, whatever keyboard typed
them, on every road that saves a model (forms, loaders, ``bulk_create``).
"""

import functools
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import ARABIC_DIGIT_SIGNS, ARABIC_FORMS, LANGUAGE_CODES, PERSIAN_DIGIT_SIGNS, PERSIAN_FORMS, localized

LANGUAGE_NAMES = {"en": _("English"), "fa": _("Persian"), "ar": _("Arabic")}

# Letters and digits an Arabic keyboard types for Persian text, and a Persian one for Arabic text.
# Iraqi Arabic writes a final yeh dotted (العراقي) far more often than as alef maksura (على), so the
# Persian yeh becomes the dotted one everywhere.
PERSIAN_LETTERS = str.maketrans(PERSIAN_FORMS | dict(zip(ARABIC_DIGIT_SIGNS, PERSIAN_DIGIT_SIGNS, strict=True)))
ARABIC_LETTERS = str.maketrans(ARABIC_FORMS | dict(zip(PERSIAN_DIGIT_SIGNS, ARABIC_DIGIT_SIGNS, strict=True)))
LETTERS = {"fa": PERSIAN_LETTERS, "ar": ARABIC_LETTERS}


def in_language_letters(text: str, language: str) -> str:
    """``text`` written with the letters and digits of ``language`` (fa or ar); English unchanged."""
    table = LETTERS.get(language)
    return text.translate(table) if table and text else text


@functools.cache
def language_column(field_class: type[models.Field], language: str) -> type[models.Field]:
    """``field_class``, saving its value in the letters of ``language``.

    Migrations see the plain Django field: the letters are a matter of saving, not of the schema.
    """

    class LanguageColumn(field_class):
        def pre_save(self, model_instance, add):
            value = super().pre_save(model_instance, add)
            if isinstance(value, str):
                value = in_language_letters(value, language)
                setattr(model_instance, self.attname, value)
            return value

        def deconstruct(self):
            name, _path, args, kwargs = super().deconstruct()
            return name, f"django.db.models.{field_class.__name__}", args, kwargs

    LanguageColumn.__name__ = LanguageColumn.__qualname__ = f"{language.capitalize()}{field_class.__name__}"
    return LanguageColumn


class TranslatedField:
    """A text in English, Persian and Arabic: the columns ``<name>_en``, ``<name>_fa``, ``<name>_ar``.

    None of them is required; a model that needs the text in at least one language says so with
    ``needed=True`` (checked by ``TranslatedModel.clean`` and by ``some_language`` constraints).
    """

    def __init__(self, field_class, verbose_name, *, needed: bool = False, **options):
        self.verbose_name = verbose_name
        self.needed = needed
        # Made here rather than in contribute_to_class, so they keep their place among the fields.
        self.columns = {
            code: language_column(field_class, code)(
                format_lazy("{} ({})", verbose_name, LANGUAGE_NAMES[code]), blank=True, **options
            )
            for code in LANGUAGE_CODES
        }

    def contribute_to_class(self, cls, name):
        self.name = name
        for code, column in self.columns.items():
            cls.add_to_class(f"{name}_{code}", column)
        setattr(cls, name, self)
        translated = dict(getattr(cls, "translated_fields", {}))
        translated[name] = self
        cls.translated_fields = translated

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return localized(instance, self.name)

    def __set__(self, instance, value):
        raise AttributeError(f"{self.name} is read in the reader's language: set {', '.join(self.column_names())}")

    @property
    def short_description(self):
        """The column title when the admin lists ``name``."""
        return self.verbose_name

    @property
    def admin_order_field(self) -> str:
        """A list of records in the admin sorts by the column of the admin's language."""
        language = (get_language() or "en")[:2]
        return f"{self.name}_{language if language in LANGUAGE_CODES else 'en'}"

    def column_names(self, prefix: str = "") -> list[str]:
        return [f"{prefix}{self.name}_{code}" for code in LANGUAGE_CODES]


def in_languages(base: str, text: str | dict[str, str]) -> dict[str, str]:
    """The columns of a text for a loader: a plain string is English; a dict gives each language.

    ``in_languages("title", {"fa": "…", "en": "…"})`` → ``{"title_en": "…", "title_fa": "…", "title_ar": ""}``.
    """
    texts = {"en": text} if isinstance(text, str) else text
    return {f"{base}_{code}": texts.get(code, "") for code in LANGUAGE_CODES}


def some_language(field: str, name: str) -> models.CheckConstraint:
    """A constraint: ``field`` is written in at least one of the languages."""
    return models.CheckConstraint(
        condition=~Q(**{f"{field}_{code}": "" for code in LANGUAGE_CODES}),
        name=name,
        violation_error_message=_("Enter it in at least one language."),
    )


def readable(text: str) -> bool:
    """Whether ``text`` has a letter or a digit: spaces and joiners alone (\u200c) say nothing."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


class TranslatedModel(models.Model):
    """A model whose ``needed`` translated fields must be written in at least one language."""

    translated_fields: dict[str, TranslatedField] = {}

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        for name, field in self.translated_fields.items():
            if field.needed and not any(readable(getattr(self, column)) for column in field.column_names()):
                # By the column of the language the clerk works in, where they will look.
                language = (get_language() or "en")[:2]
                code = language if language in LANGUAGE_CODES else "en"
                errors[f"{name}_{code}"] = format_lazy(
                    _("Enter the {field} in at least one language."), field=field.verbose_name
                )
        if errors:
            raise ValidationError(errors)


class MultilingualName(TranslatedModel):
    """A name kept in English, Persian and Arabic; ``name`` is the one for the current language."""

    name = TranslatedField(models.CharField, _("name"), needed=True, max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name
