from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.translated import MultilingualName, TranslatedField, some_language


class CraftCategoryQuerySet(models.QuerySet):
    def tree_order(self):
        return self.order_by("tree_path")

    def roots(self):
        return self.filter(parent__isnull=True)

    def descendants_of(self, category, *, include_self: bool = True):
        queryset = self.filter(tree_path__startswith=category.tree_path)
        if not include_self:
            queryset = queryset.exclude(pk=category.pk)
        return queryset


class CraftCategory(MultilingualName):
    """A craft, or a family of crafts: textiles → kilim → embossed kilim."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = TranslatedField(models.TextField, _("description"))
    official_status = TranslatedField(
        models.TextField,
        pgettext_lazy("craft", "official status"),
        help_text=_("National or international registration, e.g. a registered geographical brand."),
    )
    # Slugs from the root down, e.g. "textiles/kilim/embossed-kilim/". Kept by save() because
    # it is part of the row's integrity: sub-category filters and the tree order read it.
    tree_path = models.CharField(_("tree path"), max_length=1000, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    objects = CraftCategoryQuerySet.as_manager()
    # tree_path and depth of descendants follow a move by a bulk update: derived, so not recorded.
    history = HistoricalRecords()

    class Meta:
        ordering = ["tree_path"]
        verbose_name = _("craft category")
        verbose_name_plural = _("craft categories")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="craftcategory_not_own_parent"),
            some_language("name", name="craftcategory_name_in_some_language"),
        ]

    def save(self, *args, **kwargs):
        old_path = self.tree_path
        self.tree_path, self.depth = self._computed_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.tree_path:
                self._move_descendants(old_path)

    def get_absolute_url(self):
        return reverse("crafts:detail", kwargs={"slug": self.slug})

    def ancestors(self) -> list["CraftCategory"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def clean(self):
        super().clean()
        if self.pk and self.parent_id:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("A category cannot be placed under itself or its own sub-categories.")}
                    )
                node = node.parent

    def _computed_path(self) -> tuple[str, int]:
        if self.parent_id is None:
            return f"{self.slug}/", 0
        parent = CraftCategory.objects.only("tree_path", "depth").get(pk=self.parent_id)
        return f"{parent.tree_path}{self.slug}/", parent.depth + 1

    def _move_descendants(self, old_path: str) -> None:
        depth_change = self.tree_path.count("/") - old_path.count("/")
        CraftCategory.objects.filter(tree_path__startswith=old_path).exclude(pk=self.pk).update(
            tree_path=Concat(Value(self.tree_path), Substr("tree_path", len(old_path) + 1)),
            depth=F("depth") + depth_change,
        )
