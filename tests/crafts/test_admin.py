import json

import pytest
from django.urls import reverse

from crafts.models import CraftCategory
from tests.factories import CraftCategoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:crafts_craftcategory_changelist")


def change_url(category: CraftCategory) -> str:
    return reverse("admin:crafts_craftcategory_change", args=[category.pk])


def test_craft_category_changelist_shows_the_tree_indented_in_tree_order(admin_client):
    textiles = CraftCategoryFactory(name_en="Textiles", slug="textiles")
    kilim = CraftCategoryFactory(name_en="Kilim", slug="kilim", parent=textiles)
    embossed = CraftCategoryFactory(name_en="Embossed kilim", slug="embossed-kilim", parent=kilim)
    woodwork = CraftCategoryFactory(name_en="Woodwork", slug="woodwork")

    response = admin_client.get(CHANGELIST)

    names = [category.name_en for category in response.context["cl"].result_list]
    assert names == ["Textiles", "Kilim", "Embossed kilim", "Woodwork"]
    content = response.content.decode()
    step = '<span class="tree-step"></span>'
    assert f'<a href="{change_url(embossed)}">{step * 2}Embossed kilim</a>' in content
    assert f'<a href="{change_url(woodwork)}">Woodwork</a>' in content


def test_craft_category_changelist_shows_the_parent(admin_client):
    textiles = CraftCategoryFactory(name_en="Textiles", slug="textiles")
    CraftCategoryFactory(name_en="Kilim", slug="kilim", parent=textiles)

    response = admin_client.get(CHANGELIST)

    assert '<td class="field-parent nowrap">Textiles</td>' in response.content.decode()


def test_craft_category_changelist_finds_a_category_by_its_persian_name(admin_client):
    CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    CraftCategoryFactory(name_en="Woodwork", name_fa="منبت", slug="woodwork")

    response = admin_client.get(CHANGELIST, {"q": "گلیم"})

    assert [category.name_en for category in response.context["cl"].result_list] == ["Kilim"]


def test_craft_category_changelist_finds_persian_letters_typed_on_an_arabic_keyboard(admin_client):
    CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")

    response = admin_client.get(CHANGELIST, {"q": "گليم"})  # Arabic yeh

    assert [category.name_en for category in response.context["cl"].result_list] == ["Kilim"]


def test_craft_category_add_page_renders(admin_client):
    response = admin_client.get(reverse("admin:crafts_craftcategory_add"))

    assert response.context["title"] == "Add craft category"
    assert json.loads(response.context["prepopulated_fields_json"])[0]["dependency_list"] == ["name_en"]


def test_craft_category_change_page_renders(admin_client):
    category = CraftCategoryFactory(name_en="Kilim", slug="kilim")

    response = admin_client.get(reverse("admin:crafts_craftcategory_change", args=[category.pk]))

    assert response.context["title"] == "Change craft category"
    assert 'value="Kilim"' in response.content.decode()


def test_craft_category_add_creates_a_sub_category(admin_client):
    textiles = CraftCategoryFactory(name_en="Textiles", slug="textiles")

    response = admin_client.post(
        reverse("admin:crafts_craftcategory_add"),
        {"parent": textiles.pk, "name_en": "Kilim", "name_fa": "گلیم", "slug": "kilim"},
    )

    assert response.status_code == 302
    kilim = CraftCategory.objects.get(slug="kilim")
    assert (kilim.parent, kilim.tree_path, kilim.depth) == (textiles, "textiles/kilim/", 1)


def test_craft_category_autocomplete_finds_a_category(admin_client):
    category = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "crafts", "model_name": "craftcategory", "field_name": "parent", "term": "گلیم"},
    )

    assert response.json()["results"] == [{"id": str(category.pk), "text": "Kilim"}]
