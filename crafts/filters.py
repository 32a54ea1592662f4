"""The craft select of the public lists' filters: the craft tree, indented."""

import django_filters


class CraftChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indented by depth, so the list reads as the tree it is.
        return "\u2003" * obj.depth + obj.name


class CraftFilter(django_filters.ModelChoiceFilter):
    """Choose a craft category; the filter method decides how its sub-categories count."""

    field_class = CraftChoiceField
