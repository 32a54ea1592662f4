"""Filter pieces shared by the public lists of every app: their selects, options and sorting."""

import django_filters
from django import forms
from django.db.models import Model
from django.forms.models import ModelChoiceField, ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.utils import pretty_name
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .named_choices import NamedChoiceField
from .search import matching_word
from .summaries import remembered_query
from .text_index import TextIndex
from .widgets import QuickSelect


class RememberedChoices(ModelChoiceIterator):
    """A select's options over places, crafts or series, read once per version of the data and language.

    Reading 230 places and naming each in the reader's language cost more than the rest of a
    list page. A chosen value is still checked against the database by the field itself.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        name = f"choices:{type(self.field).__module__}.{type(self.field).__qualname__}"
        for value, label in remembered_query(name, self.queryset, self.read, per_language=True):
            yield ModelChoiceIteratorValue(value, None), label

    def read(self) -> list[tuple]:
        return [(self.field.prepare_value(obj), self.field.label_from_instance(obj)) for obj in self.queryset]


class PublicFilterSet(django_filters.FilterSet):
    """The base of the public lists' filter forms: selects written by ``QuickSelect``, their
    options over other tables remembered by ``RememberedChoices``; records too many for a select
    are typed (``NamedChoiceFilter``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if filter_.field_class.widget is forms.Select and "widget" not in filter_.extra:
                filter_.extra["widget"] = QuickSelect

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            # A typed choice lists no options: it remembers its own suggestions.
            if isinstance(field, ModelChoiceField) and not isinstance(field, NamedChoiceField):
                # The form copies its fields, which makes their widgets ask this iterator.
                field.iterator = RememberedChoices
        return form_class

    def filename_parts(self) -> list[str]:
        """What the filters chose, for the name of the export's file: the slugs of the records chosen
        (places, crafts, series), in the order of the filters. Typed text is never part of it."""
        if not self.is_bound or not self.is_valid():
            return []
        chosen = (self.form.cleaned_data.get(name) for name in self.filters)
        return [value.slug for value in chosen if isinstance(value, Model) and getattr(value, "slug", "")]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by primary key, so that pages never overlap.

    The labels stay lazy: django-filter formats "(descending)" when the FilterSet class is
    defined, which would fix them in English for every reader.
    """

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, pretty_name(param))
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy("{} ({})", label, _("descending"))))
        return choices

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


def containing_every_word(
    queryset, text: str, fields: tuple[str, ...], key_field: str | None = None, text_index: TextIndex | None = None
):
    """The rows with each word of ``text`` in one of ``fields``, as the admin's search finds them
    (``common.search.matching_word``): the public lists' name searches."""
    lookups = [f"{field}__icontains" for field in fields]
    for word in text.split():
        queryset = queryset.filter(matching_word(word, lookups, key_field, text_index))
    return queryset
