"""Filter pieces shared by the public lists of every app."""

import django_filters
from django.forms.utils import pretty_name
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class CraftChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indented by depth, so the list reads as the tree it is.
        return "\u2003" * obj.depth + obj.name


class CraftFilter(django_filters.ModelChoiceFilter):
    """Choose a craft category; the filter method decides how its sub-categories count."""

    field_class = CraftChoiceField


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
