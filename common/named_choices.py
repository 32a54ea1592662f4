"""A record typed rather than picked from a select, for the public lists' filters over more records
than a select could list (the places that hosted an exhibition, the series)."""

import functools
from collections import Counter
from collections.abc import Callable

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, F, Model, OuterRef, Q, QuerySet, Value, Window
from django.db.models.functions import Coalesce, Lower, NullIf
from django.forms.models import ModelChoiceField
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .i18n import LANGUAGE_CODES, LATIN_DIGITS, spelling_variants
from .summaries import remembered_query
from .translated import in_language_letters
from .widgets import SuggestingInput


def spelling_key(text: str) -> str:
    """``text`` as two spellings of one name compare: the letters of a Persian or an Arabic keyboard
    (ي/ی, ك/ک) and the digits of any script alike, case and runs of spaces ignored."""
    return " ".join(in_language_letters(text, "fa").translate(LATIN_DIGITS).casefold().split())


def name_in_language(base: str) -> Lower:
    """In SQL, the name ``common.i18n.localized`` shows the reader (their language's, or the nearest
    one written), lower-cased: rows whose names read alike on the page compare equal."""
    language = (get_language() or "en")[:2]
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    names = (NullIf(F(f"{base}_{code}"), Value("")) for code in order)
    return Lower(Coalesce(*names, Value(""), output_field=CharField()))


class NamedChoiceField(ModelChoiceField):
    """A record typed rather than picked from a select: its name in any of the three languages, its
    slug, or its primary key (the addresses the selects made, ``?city=12``, still work). The box
    suggests the records ``suggested`` puts first, named as a select would name them.

    A select of every place that hosted an exhibition grows with the registry; the suggestions do
    not, and are remembered per version of the data and language as a select's options are
    (``RememberedChoices``). Only records of ``queryset`` can be chosen, as with a select. Where
    two records share a name, the suggestions describe them (``described``: what and where a place
    is), and a name typed that several records have is an error that asks to choose between them.
    """

    widget = SuggestingInput
    default_error_messages = {
        "unknown": _("Nothing called “%(value)s” can be chosen here."),
        "ambiguous": _("More than one is called “%(value)s”: please choose one of the suggestions."),
    }
    # No select would list more: the busiest records, and the rest found by typing.
    SUGGESTIONS = 30
    # Longer than any name with its description: such a text is no record's, and is not looked up.
    LONGEST_TYPED = 500
    # Digits enough for any primary key: a longer number is past a database's 64-bit keys.
    LONGEST_KEY = 18
    # Records read to decide what a typed text means: a name is shared by a few, never by this many.
    CANDIDATES = 50

    def __init__(
        self,
        queryset,
        *,
        suggested: Callable[[QuerySet], QuerySet] | None = None,
        described: Callable[[Model], str] | None = None,
        name_field: str = "name",
        **kwargs,
    ):
        # The records, those to suggest first, read with whatever ``described`` reads of them.
        self.suggested = suggested or (lambda records: records)
        self.describe_record = described
        self.name_field = name_field
        super().__init__(queryset, **kwargs)
        # The box says what leaving it empty means, as the select's empty choice did.
        if self.empty_label is not None:
            self.widget.attrs.setdefault("placeholder", self.empty_label)
        self.forget_choice()

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.forget_choice()
        return result

    def forget_choice(self) -> None:
        # Each form has its own copy of the field, which remembers what its visitor typed.
        self.chosen: tuple[str, Model] | None = None
        self.namesakes: list[Model] = []
        self.remembered: list[tuple] | None = None
        self.widget.suggestions = self.suggestion_labels

    def described(self, record: Model) -> str:
        """``record`` named so that it is told apart from others of its name."""
        if self.describe_record is not None:
            return self.describe_record(record)
        return f"{self.label_from_instance(record)} ({getattr(record, 'slug', record.pk)})"

    def name_columns(self) -> list[str]:
        return self.queryset.model.translated_fields[self.name_field].column_names()

    def to_python(self, value):
        if isinstance(value, self.queryset.model):
            value = str(value.pk)
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        if "\0" in text or len(text) > self.LONGEST_TYPED:
            # PostgreSQL cannot compare text with a NUL, and no name is this long.
            raise self.error("unknown", text)
        record = self.record_named(text)
        self.chosen = (value, record)
        return record

    def record_named(self, text: str) -> Model:
        """The record ``text`` names: by primary key, slug, name, or a suggestion's description."""
        digits = text.translate(LATIN_DIGITS)
        number = int(digits) if digits.isascii() and digits.isdecimal() and len(digits) <= self.LONGEST_KEY else None
        candidates = self.candidates(text, number)
        # An address's primary key first, then a slug, then names. A slug is matched as an address
        # writes it: "Ilam", typed, is a name that two places may share, whatever one's slug is.
        by_key = [record for record in candidates if record.pk == number]
        by_slug = [record for record in candidates if getattr(record, "slug", None) == text]
        if by_key or by_slug:
            return (by_key or by_slug)[0]
        key = spelling_key(text)
        columns = self.name_columns()
        named = [record for record in candidates if key in {spelling_key(getattr(record, c)) for c in columns}]
        if not named:
            named = [record for record in candidates if key in map(spelling_key, self.descriptions(record))]
        if len(named) > 1:
            self.namesakes = named
            raise self.error("ambiguous", text)
        if not named:
            raise self.error("unknown", text)
        return named[0]

    def candidates(self, text: str, number: int | None) -> list[Model]:
        """The records ``text`` may name, each with ``_namesake``: whether another has its name."""
        conditions = Q(pk=number) if number is not None else Q()
        if any(field.name == "slug" for field in self.queryset.model._meta.fields):
            conditions |= Q(slug=text)
        # A suggestion's description ("Ilam (city, Ilam province)") begins with the name, which may
        # have brackets of its own; a text of many brackets is no description.
        brackets = [at for at, char in enumerate(text) if char == "("][:3]
        names = {text, *(text[:at].strip() for at in brackets)} - {""}
        for name in names:
            variants = {*spelling_variants(name), in_language_letters(name, "fa"), in_language_letters(name, "ar")}
            for variant in variants:
                for column in self.name_columns():
                    conditions |= Q(**{f"{column}__iexact": variant})
        shown = name_in_language(self.name_field)
        others = self.queryset.exclude(pk=OuterRef("pk")).annotate(_shown_name=shown)
        records = self.suggested(self.queryset.filter(conditions)).annotate(
            _shown_name=shown, _namesake=Exists(others.filter(_shown_name=OuterRef("_shown_name")))
        )
        return list(records[: self.CANDIDATES])

    def descriptions(self, record: Model) -> list[str]:
        """The labels ``told_apart`` may give ``record``, besides its name."""
        described = self.described(record)
        return [described, f"{described} ({record.slug})"] if hasattr(record, "slug") else [described]

    def told_apart(self, records: list[Model]) -> list[str]:
        """The records' labels: each named as the select named it, or described where another record
        that can be chosen has the same name (``_namesake``), and with its slug if even that is shared."""
        names = [str(self.label_from_instance(record)) for record in records]
        shared = Counter(map(spelling_key, names))
        labels = []
        for record, name in zip(records, names, strict=True):
            namesake = getattr(record, "_namesake", False) or shared[spelling_key(name)] > 1
            labels.append(str(self.described(record)) if namesake else name)
        shared = Counter(map(spelling_key, labels))
        return [
            f"{label} ({record.slug})" if shared[spelling_key(label)] > 1 and hasattr(record, "slug") else label
            for record, label in zip(records, labels, strict=True)
        ]

    def suggestion_labels(self) -> list[str]:
        """The box's suggestions: after a name several records share, those records, told apart;
        otherwise the first of ``suggested``, read once per version of the data and language."""
        if self.namesakes:
            return self.told_apart(self.namesakes)[: self.SUGGESTIONS]
        if self.remembered is None:
            namesakes = Window(Count("pk"), partition_by=[name_in_language(self.name_field)])
            records = self.suggested(self.queryset).annotate(_namesakes=namesakes)[: self.SUGGESTIONS]
            name = f"suggestions:{type(self).__module__}.{type(self).__qualname__}"
            read = functools.partial(self.read_suggestions, records)
            self.remembered = remembered_query(name, records, read, per_language=True)
        return [label for _pk, label in self.remembered]

    def read_suggestions(self, records: QuerySet) -> list[tuple[int, str]]:
        records = list(records)
        for record in records:
            record._namesake = record._namesakes > 1
        return [(record.pk, label) for record, label in zip(records, self.told_apart(records), strict=True)]

    def prepare_value(self, value):
        # The box shows the chosen record's name, not the number or slug of the address.
        if isinstance(value, self.queryset.model):
            return self.told_apart([value])[0]
        if self.chosen is not None and value == self.chosen[0]:
            return self.told_apart([self.chosen[1]])[0]
        # Text that named nothing is shown back to be corrected, but no browser shows a NUL.
        return value.replace("\0", "") if isinstance(value, str) else value

    def error(self, code: str, text: str) -> ValidationError:
        shown = Truncator(text.replace("\0", "")).chars(60)
        return ValidationError(self.error_messages[code], code=code, params={"value": shown})


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A record typed by name, slug or primary key (``NamedChoiceField``); filters as a select of them."""

    field_class = NamedChoiceField
