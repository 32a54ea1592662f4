import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import PublicationStatus
from tests.factories import (
    SAMPLE_BADGE,
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

CRAFTS = reverse("crafts:list")
PRIVATE = {
    "phone": "+98-PHONE-73319",
    "email": "hidden-73319@example.org",
    "national_id": "NATID-73319",
    "internal_notes": "INTERNAL-NOTE-73319",
}


@pytest.fixture
def tree():
    textiles = CraftCategoryFactory(name_en="Textiles", name_fa="بافته‌ها", name_ar="المنسوجات", slug="textiles")
    kilim = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim", parent=textiles)
    embossed = CraftCategoryFactory(
        name_en="Embossed kilim",
        name_fa="گلیم برجسته",
        slug="embossed-kilim",
        parent=kilim,
        official_status_en="Registered national heritage",
        description_en="Kilim with a raised pile.",
    )
    pottery = CraftCategoryFactory(name_en="Pottery", name_fa="سفالگری", slug="pottery")
    return {"textiles": textiles, "kilim": kilim, "embossed": embossed, "pottery": pottery}


def practise(craft, **artisan):
    link = ArtisanCraftFactory(craft=craft, artisan=ArtisanFactory(**artisan))
    return link.artisan


def tree_counts(content: str) -> list[tuple[str, str]]:
    link = r'<a href="/(?:fa/)?crafts/[\w-]+/">([^<]+)</a>'
    return re.findall(link + r'\s*<span class="count muted">([^<]+)</span>', content)


# The list of crafts


def test_craft_list_shows_the_tree_with_published_artisans_counted_once(tree, client):
    both = practise(tree["kilim"])
    ArtisanCraftFactory(artisan=both, craft=tree["embossed"])
    practise(tree["embossed"])
    practise(tree["embossed"], status=PublicationStatus.DRAFT)
    practise(tree["pottery"], consent_to_publish=False)

    response = client.get(CRAFTS)

    content = response.content.decode()
    assert tree_counts(content) == [
        ("Pottery", "0 artisans"),
        ("Textiles", "2 artisans"),
        ("Kilim", "2 artisans"),
        ("Embossed kilim", "2 artisans"),
    ]
    nested = content.partition('<a href="/crafts/kilim/">Kilim</a>')[2].partition("</ul>")[0]
    assert '<ul>\n<li>\n  <a href="/crafts/embossed-kilim/">Embossed kilim</a>' in nested


def test_craft_list_in_persian_is_rtl_with_persian_names(tree, client):
    content = client.get("/fa/crafts/").content.decode()

    assert '<html lang="fa" dir="rtl">' in content
    assert '<a href="/fa/crafts/textiles/">بافته‌ها</a>' in content


def test_craft_list_in_arabic_falls_back_to_english(tree, client):
    content = client.get("/ar/crafts/").content.decode()

    assert '<html lang="ar" dir="rtl">' in content
    assert '<a href="/ar/crafts/textiles/">المنسوجات</a>' in content
    assert '<a href="/ar/crafts/kilim/">Kilim</a>' in content


def test_craft_list_says_when_there_are_no_crafts(client):
    content = client.get(CRAFTS).content.decode()

    assert "No crafts have been recorded yet." in content


@pytest.mark.parametrize("count", [1, 8])
def test_craft_list_queries_do_not_grow_with_rows(django_assert_num_queries, client, count):
    for _ in range(count):
        parent = CraftCategoryFactory()
        practise(CraftCategoryFactory(parent=parent))

    with django_assert_num_queries(queries(reads=["the categories", "artisans per category, from the totals"])):
        response = client.get(CRAFTS)

    assert len(tree_counts(response.content.decode())) == 2 * count


def test_craft_export_lists_every_category_with_its_count(tree, client):
    practise(tree["embossed"], **PRIVATE)

    response = client.get(CRAFTS, {"format": "csv"})

    content = b"".join(response.streaming_content)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="crafts-{today}.csv"'
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["Name (English)", "Name (Persian)", "Name (Arabic)", "Parent category", "Slug", "Published artisans"],
        ["Textiles", "بافته‌ها", "المنسوجات", "", "textiles", "1"],
        ["Kilim", "گلیم", "", "Textiles", "kilim", "1"],
        ["Embossed kilim", "گلیم برجسته", "", "Kilim", "embossed-kilim", "1"],
        ["Pottery", "سفالگری", "", "", "pottery", "0"],
    ]
    for value in PRIVATE.values():
        assert value not in content.decode()


def test_craft_export_in_persian_names_parents_in_persian(tree, client):
    response = client.get("/fa/crafts/", {"format": "csv", "bom": "0"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[2] == "Kilim,گلیم,,بافته‌ها,kilim,0"


# A craft's page


def test_craft_page_shows_breadcrumb_facts_and_sub_categories(tree, client):
    response = client.get(tree["kilim"].get_absolute_url())

    content = response.content.decode()
    assert re.sub(r"\s+", " ", content.partition('<nav class="breadcrumbs"')[2].partition("</nav>")[0]) == (
        ' aria-label="Breadcrumb"> <ol> <li><a href="/crafts/">Crafts</a></li> '
        '<li><a href="/crafts/textiles/">Textiles</a></li> <li aria-current="page">Kilim</li> </ol> '
    )
    assert "<h1>Kilim</h1>" in content
    assert '<dd><span lang="fa" dir="rtl">گلیم</span></dd>' in content
    assert '<a href="/crafts/embossed-kilim/">Embossed kilim</a>' in content


def test_craft_page_shows_official_status_and_description(tree, client):
    content = client.get(tree["embossed"].get_absolute_url()).content.decode()

    assert "<dd>Registered national heritage</dd>" in content
    assert "<p>Kilim with a raised pile.</p>" in content
    assert '<li><a href="/crafts/kilim/">Kilim</a></li>' in content


def test_craft_page_lists_published_artisans_of_it_and_its_sub_categories(tree, client):
    practise(tree["kilim"], name="مریم", name_latin="Maryam", is_sample=True, home_place=CityFactory(name_en="Ilam"))
    practise(tree["embossed"], name_latin="Zahra")
    practise(tree["kilim"], name_latin="Draft Weaver", status=PublicationStatus.DRAFT, **PRIVATE)
    practise(tree["kilim"], name_latin="Shy Weaver", consent_to_publish=False)
    practise(tree["pottery"], name_latin="Potter")

    content = client.get(tree["kilim"].get_absolute_url()).content.decode()

    cards = content.partition('<ul class="cards">')[2].partition("</ul>")[0]
    assert re.findall(r'lang="en" dir="ltr">([^<]+)<', cards) == ["Maryam", "Zahra"]
    assert SAMPLE_BADGE in cards
    assert "Ilam" in cards
    assert f'<a href="/artisans/?craft={tree["kilim"].pk}">See all 2 artisans in the registry' in content
    for hidden in ("Draft Weaver", "Shy Weaver", "Potter", *PRIVATE.values()):
        assert hidden not in content


def test_craft_page_caps_the_artisans_and_links_to_the_full_list(tree, client):
    for number in range(30):
        practise(tree["kilim"], name_latin=f"Weaver {number:02d}")

    content = client.get(tree["kilim"].get_absolute_url()).content.decode()

    assert content.count('<span class="muted" lang="en" dir="ltr">Weaver') == 24
    assert f'<a href="/artisans/?craft={tree["kilim"].pk}">See all 30 artisans in the registry' in content


def test_craft_page_lists_the_newest_exhibitions_and_links_to_all_of_them(tree, client):
    for day in range(1, 16):
        ExhibitionFactory(
            title_en=f"Fair {day:02d}",
            start_date=datetime.date(2025, 10, day),
            end_date=datetime.date(2025, 10, day),
        ).crafts_shown.set([tree["kilim"]])

    content = client.get(tree["kilim"].get_absolute_url()).content.decode()

    section = content.partition("Exhibitions that showed this craft")[2]
    assert re.findall(r">Fair (\d\d)</a>", section) == [f"{day:02d}" for day in range(15, 3, -1)]
    assert f'<a href="/exhibitions/?craft={tree["kilim"].pk}">See all 15 exhibitions that showed this craft' in section


def test_craft_page_lists_published_exhibitions_that_showed_it_or_a_sub_category(tree, client):
    kut = ExhibitionFactory(
        title_en="Kut fair", slug="kut-fair", place=CityFactory(name_en="Kut"), start_date=datetime.date(2025, 10, 10)
    )
    kut.crafts_shown.set([tree["embossed"], tree["kilim"]])
    draft = ExhibitionFactory(title_en="Draft fair", status=PublicationStatus.DRAFT)
    draft.crafts_shown.set([tree["kilim"]])
    ExhibitionFactory(title_en="Pottery fair").crafts_shown.set([tree["pottery"]])

    content = client.get(tree["textiles"].get_absolute_url()).content.decode()

    section = content.partition("Exhibitions that showed this craft")[2]
    assert section.count("<li>") == 1
    assert '<a href="/exhibitions/kut-fair/">Kut fair</a>' in section
    assert "Kut · 10 October 2025 – 16 October 2025" in section
    assert "Draft fair" not in content
    assert "Pottery fair" not in content


def test_craft_page_in_persian_shows_persian_names_and_solar_hijri_dates(tree, client):
    exhibition = ExhibitionFactory(title_fa="نمایشگاه کوت", start_date=datetime.date(2025, 10, 10))
    exhibition.crafts_shown.set([tree["kilim"]])

    content = client.get("/fa/crafts/kilim/").content.decode()

    assert '<html lang="fa" dir="rtl">' in content
    assert "<h1>گلیم</h1>" in content
    assert "نمایشگاه کوت" in content
    assert "۱۸ مهر ۱۴۰۴" in content


def test_craft_page_says_when_nothing_is_recorded(tree, client):
    content = client.get(tree["pottery"].get_absolute_url()).content.decode()

    assert "No published artisan practises this craft yet." in content
    assert "No published exhibition is recorded as showing this craft." in content


def test_craft_page_of_an_unknown_slug_is_not_found(client):
    response = client.get("/crafts/no-such-craft/")

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_craft_page_queries_do_not_grow_with_rows(django_assert_num_queries, tree, client, count):
    for _ in range(count):
        practise(tree["embossed"], home_place=CityFactory())
        ExhibitionFactory().crafts_shown.set([tree["kilim"]])
        CraftCategoryFactory(parent=tree["kilim"])

    with django_assert_num_queries(
        queries(
            reads=[
                "the category",
                "its ancestors",
                "its children",
                "the artisans",
                "the exhibitions",
                "artisans per category, from the totals",
                "all published artisans, from the totals: is the craft common?",
            ],
            remembered={"which artisans come first": 1, "exhibitions that showed it": 1},
        )
    ):
        response = client.get(tree["kilim"].get_absolute_url())

    assert response.content.decode().count('<span class="muted" lang="en" dir="ltr">') == count


@pytest.mark.parametrize("kilim_weavers", [1, 30], ids=["a rare craft", "a common craft"])
def test_a_craft_page_lists_its_first_artisans_by_name_whether_the_craft_is_rare_or_common(
    tree, client, kilim_weavers
):
    # Pottery makes kilim weavers rare among 60 artisans, or common: the first ones are found
    # from the weavers or by walking every artisan in name order (see CraftDetailView).
    for number in range(60 - kilim_weavers):
        practise(tree["pottery"], name_latin=f"Potter {number:02}")
    weavers = [practise(tree["embossed"], name_latin=f"Weaver {n:02}") for n in reversed(range(kilim_weavers))]

    listed = list(client.get(tree["kilim"].get_absolute_url()).context["artisans"])

    assert listed == sorted(weavers, key=lambda artisan: artisan.name_latin)[:24]
