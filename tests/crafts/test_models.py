import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import translation

from crafts.models import CraftCategory
from tests.factories import CraftCategoryFactory

pytestmark = pytest.mark.django_db


def make_tree():
    textiles = CraftCategoryFactory(slug="textiles", name_en="Textiles")
    kilim = CraftCategoryFactory(slug="kilim", name_en="Kilim", parent=textiles)
    embossed = CraftCategoryFactory(slug="embossed-kilim", name_en="Embossed kilim", parent=kilim)
    return textiles, kilim, embossed


def test_category_tree_path_and_depth_follow_the_parents():
    textiles, kilim, embossed = make_tree()

    assert (textiles.tree_path, textiles.depth) == ("textiles/", 0)
    assert (kilim.tree_path, kilim.depth) == ("textiles/kilim/", 1)
    assert (embossed.tree_path, embossed.depth) == ("textiles/kilim/embossed-kilim/", 2)
    assert embossed.ancestors() == [textiles, kilim]


def test_category_moved_under_another_parent_moves_its_descendants():
    textiles, kilim, embossed = make_tree()
    rugs = CraftCategoryFactory(slug="rugs", name_en="Rugs")

    kilim.parent = rugs
    kilim.save()

    embossed.refresh_from_db()
    assert embossed.tree_path == "rugs/kilim/embossed-kilim/"
    assert embossed.depth == 2
    assert list(CraftCategory.objects.descendants_of(textiles)) == [textiles]


def test_category_descendants_include_every_level_below():
    textiles, kilim, embossed = make_tree()
    CraftCategoryFactory(slug="pottery", name_en="Pottery")

    descendants = CraftCategory.objects.descendants_of(textiles)

    assert list(descendants) == [textiles, kilim, embossed]
    assert list(CraftCategory.objects.descendants_of(textiles, include_self=False)) == [kilim, embossed]


def test_category_cannot_be_placed_under_its_own_descendant():
    textiles, _kilim, embossed = make_tree()

    textiles.parent = embossed

    with pytest.raises(ValidationError, match="under itself"):
        textiles.full_clean()


def test_category_slug_is_unique():
    CraftCategoryFactory(slug="pottery")

    with pytest.raises(IntegrityError):
        CraftCategory.objects.create(name_en="Pottery again", slug="pottery")


def test_category_with_children_cannot_be_deleted():
    textiles, _kilim, _embossed = make_tree()

    with pytest.raises(ProtectedError):
        textiles.delete()


def test_category_name_follows_the_language_and_falls_back():
    kilim = CraftCategoryFactory(slug="kilim", name_en="Kilim", name_fa="گلیم", name_ar="")

    with translation.override("fa"):
        persian = kilim.name
    with translation.override("ar"):
        arabic_fallback = kilim.name

    assert persian == "گلیم"
    assert arabic_fallback == "Kilim"
