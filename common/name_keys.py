"""Columns kept from other columns of their row on every save: a name's search and sort keys."""

from django.db import models


class KeyField(models.CharField):
    """``derive(*sources)`` of the row, written on every save (``bulk_create`` too).

    Migrations see a plain CharField: what the column holds is a matter of saving, and a change to
    ``derive`` needs a migration that fills the column again.
    """

    def __init__(self, *args, derive=None, sources: tuple[str, ...] = (), **kwargs):
        self.derive, self.sources = derive, sources
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.derive(*(getattr(model_instance, name) for name in self.sources))[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
