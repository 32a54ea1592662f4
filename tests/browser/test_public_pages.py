"""A visitor's journeys through the public pages, in Chromium against the live server.

The live server runs in another thread, so its data must be committed: every test is transactional.
"""

import codecs
import csv
import datetime
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from exhibitions.models import Exhibition
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

KUT_2025 = "ilam-handicrafts-kut-2025-10"


def listed_artisans(page):
    """The names in the artisans table, in the order shown."""
    return page.get_by_role("table").locator("bdi")


def listed_rows(page) -> list[tuple[str, str]]:
    """(registry number, name) of each artisan in the table."""
    table = page.get_by_role("table")
    numbers = table.locator(".registry-number").all_text_contents()
    return list(zip(numbers, listed_artisans(page).all_text_contents(), strict=True))


def click_and_wait(page, locator):
    """Click a link or button, and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        locator.click()


def apply_filters(page):
    click_and_wait(page, page.get_by_role("button", name="Apply filters"))


def next_page(page):
    click_and_wait(page, page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next"))


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def in_persian(text: str) -> str:
    with translation.override("fa"):
        return translation.gettext(text)


# The overview


def test_overview_shows_what_the_registry_holds(page):
    iraq = CountryFactory(slug="iraq", name_en="Iraq", code="IQ")
    artisans = ArtisanFactory.create_batch(3)
    CraftCategoryFactory.create_batch(2)
    for exhibition in (ExhibitionFactory(), ExhibitionFactory(place__parent__parent=iraq)):
        ParticipationFactory(artisan=artisans[0], exhibition=exhibition)

    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Artisan and exhibition registry")
    expect(page.get_by_role("region", name="The registry at a glance").get_by_role("listitem")).to_have_text(
        [
            "3 published artisans",
            "2 crafts",
            "2 exhibitions",
            "2 participations",
            "2 host countries",
            "2 host cities",
        ]
    )


def test_overview_main_menu_leads_to_the_artisans(page):
    ArtisanFactory(name="مریم کریمی")
    page.goto("/")

    click_and_wait(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Artisans"))

    expect(page).to_have_url(re.compile(r"/artisans/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Artisans")
    expect(listed_artisans(page)).to_have_text(["مریم کریمی"])


# The artisan list


def test_artisan_search_finds_a_persian_name_typed_with_arabic_letters(page):
    ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi")
    ArtisanFactory(name="علی کیانی", name_latin="Ali Kiani")
    page.goto("/artisans/")

    # Arabic yeh (ي) and kaf (ك), as an Arabic keyboard types them.
    page.get_by_label("Name or registry number").fill("مريم كريمي")
    apply_filters(page)

    expect(listed_artisans(page)).to_have_text(["مریم کریمی"])
    expect(page.get_by_role("status")).to_have_text("1 artisan")


def test_artisan_craft_filter_lists_only_artisans_of_that_craft(page):
    kilim, pottery = CraftCategoryFactory(name_en="Kilim"), CraftCategoryFactory(name_en="Pottery")
    ArtisanCraftFactory(artisan__name="مریم زرگوشی", craft=kilim)
    ArtisanCraftFactory(artisan__name="رضا علیمرادی", craft=pottery)
    page.goto("/artisans/")

    page.get_by_label("Craft").select_option(label="Kilim")
    apply_filters(page)

    expect(listed_artisans(page)).to_have_text(["مریم زرگوشی"])
    assert query_of(page)["craft"] == [str(kilim.pk)]


def test_artisan_list_finds_a_host_place_typed_on_an_arabic_keyboard(page):
    kut = CityFactory(name_en="Kut", name_fa="کوت", name_ar="الكوت")
    ParticipationFactory(artisan__name="مریم کریمی", exhibition__place=kut)
    ParticipationFactory(artisan__name="علی کیانی")
    page.goto("/artisans/")

    # Arabic kaf (ك), as an Arabic keyboard types Kut's Persian name.
    page.get_by_label("Exhibited in city or place").fill("كوت")
    apply_filters(page)

    expect(listed_artisans(page)).to_have_text(["مریم کریمی"])
    # The box names the place chosen in the page's language.
    expect(page.get_by_label("Exhibited in city or place")).to_have_value("Kut")


def test_artisan_list_next_page_shows_the_rest_with_the_same_filters(page):
    kilim = CraftCategoryFactory(name_en="Kilim")
    weavers = {link.artisan.name for link in ArtisanCraftFactory.create_batch(30, craft=kilim)}
    ArtisanFactory()
    page.goto("/artisans/")
    page.get_by_label("Craft").select_option(label="Kilim")
    apply_filters(page)
    expect(listed_artisans(page)).to_have_count(25)
    first_page = set(listed_artisans(page).all_text_contents())

    next_page(page)

    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(listed_artisans(page)).to_have_count(5)
    assert first_page | set(listed_artisans(page).all_text_contents()) == weavers
    assert query_of(page)["craft"] == [str(kilim.pk)]
    assert query_of(page)["page"] == ["2"]


# An artisan's page


def test_artisan_page_shows_the_participation_history(page):
    artisan = ArtisanFactory(name="علی کیانی", name_latin="Ali Kiani")
    ParticipationFactory(
        artisan=artisan,
        role="demonstrator",
        exhibition__title_en="Ilam Handicrafts Exhibition in Kut",
        exhibition__start_date=datetime.date(2025, 10, 10),
        exhibition__end_date=datetime.date(2025, 10, 16),
        exhibition__place__name_en="Kut",
        exhibition__place__parent__name_en="Wasit",
    )
    ParticipationFactory(
        artisan=artisan,
        role="exhibitor",
        exhibition__title_en="Ilam Handicrafts Fair",
        exhibition__start_date=datetime.date(2023, 5, 2),
        exhibition__end_date=datetime.date(2023, 5, 6),
        exhibition__place__name_en="Ilam",
        exhibition__place__parent__name_en="Ilam",
    )
    page.goto("/artisans/")

    click_and_wait(page, page.get_by_role("link", name="علی کیانی"))

    expect(page.get_by_role("heading", level=1)).to_have_text("علی کیانی")
    expect(page.locator(".stats > li")).to_have_text(["2 exhibitions", "First 2 May 2023", "Latest 10 October 2025"])
    expect(page.locator(".timeline > li")).to_have_text(
        [
            "2 May 2023 – 6 May 2023 Ilam Handicrafts Fair · Ilam exhibitor",
            "10 October 2025 – 16 October 2025 Ilam Handicrafts Exhibition in Kut · Kut, Wasit demonstrator",
        ]
    )


# Persian


def test_persian_link_turns_the_page_right_to_left_and_keeps_the_filters(page):
    ArtisanFactory(name="مریم کریمی")
    ArtisanFactory(name="علی کیانی")
    page.goto("/artisans/")
    page.get_by_label("Name or registry number").fill("کریمی")
    apply_filters(page)

    click_and_wait(page, page.get_by_role("navigation", name="Language").get_by_role("link", name="فارسی"))

    expect(page).to_have_url(re.compile(r"/fa/artisans/\?"))
    assert query_of(page)["q"] == ["کریمی"]
    expect(page.get_by_role("search").get_by_role("textbox")).to_have_value("کریمی")
    expect(listed_artisans(page)).to_have_text(["مریم کریمی"])
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    site_name = page.get_by_role("link", name=in_persian("Artisan and exhibition registry"))
    assert site_name.bounding_box()["x"] > page.viewport_size["width"] / 2


def test_exhibition_page_in_persian_gives_solar_hijri_dates(page):
    call_command("load_demo", verbosity=0)
    kut = Exhibition.objects.get(slug=KUT_2025)
    page.goto("/fa/exhibitions/")

    click_and_wait(page, page.get_by_role("link", name=kut.title_fa))

    expect(page.get_by_role("heading", level=1)).to_have_text(kut.title_fa)
    # 10–16 October 2025 is 18–24 Mehr 1404.
    expect(page.get_by_role("definition").first).to_contain_text("۱۸ مهر ۱۴۰۴")
    expect(page.get_by_role("definition").first).to_contain_text("۲۴ مهر ۱۴۰۴")


# CSV


def test_artisan_downloads_have_the_filtered_rows_of_every_page(page):
    kilim = CraftCategoryFactory(name_en="Kilim")
    ArtisanCraftFactory(artisan__name="پروین سهرابی", craft=kilim)
    ArtisanCraftFactory.create_batch(29, craft=kilim)
    ArtisanFactory(name="علی کیانی")
    page.goto(f"/artisans/?craft={kilim.pk}")
    listed = listed_rows(page)
    next_page(page)
    expect(listed_artisans(page)).to_have_count(5)
    listed += listed_rows(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()

    content = Path(download.value.path()).read_bytes()
    assert content.startswith(codecs.BOM_UTF8)
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    assert header == [
        "Registry number",
        "Name",
        "Name in Latin script",
        "Crafts",
        "Home place",
        "Participations",
        "Sample data",
    ]
    assert sorted((row[0], row[1]) for row in rows) == sorted(listed)
    assert "پروین سهرابی" in {name for _number, name in listed}
    assert {row[3] for row in rows} == {"Kilim"}
    csv_header = header

    with page.expect_download() as workbook:
        page.get_by_role("link", name="Excel (XLSX)").click()

    assert workbook.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    header, *cells = sheet.iter_rows(values_only=True)
    assert list(header) == csv_header
    assert sorted((row[0], row[1]) for row in cells) == sorted(listed)


# Narrow screens


@pytest.mark.parametrize(
    ("width", "path"),
    [
        (390, "/exhibitions/"),
        (390, f"/exhibitions/{KUT_2025}/"),
        (390, f"/fa/exhibitions/{KUT_2025}/"),
        (390, f"/ar/exhibitions/{KUT_2025}/"),
        (320, "/"),  # the smallest phones still in use
        (768, "/participations/"),  # a tablet held upright
    ],
)
def test_page_on_a_narrow_screen_needs_no_sideways_scrolling(page, width, path):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": width, "height": 844})

    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page_width, window_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page_width <= window_width + 1


# Filters that cannot be understood


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/exhibitions/?year=abc", "year: Enter a year as four digits"),
        (
            "/participations/?date_from=2025-13-45",
            "on or after: 2025-13-45 is not a day of the Gregorian calendar: check the month (1 to 12) and the day.",
        ),
        ("/fa/participations/?date_to=1404/13/01", "1404/13/01 روزی از تقویم هجری شمسی نیست"),
        ("/artisans/?craft=999999", "Craft: Select a valid choice."),
    ],
)
def test_invalid_filter_is_explained_on_the_page(page, path, error):
    ExhibitionFactory()

    response = page.goto(path)

    assert response.status == 200
    expect(page.get_by_role("alert")).to_contain_text(error)
    expect(page.get_by_role("table")).to_have_count(0)
