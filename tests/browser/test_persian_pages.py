"""Persian pages in Chromium: set in Vazirmatn, served by the site itself, and readable on a phone."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-7c1d"
FONT_PATH = "/static/fonts/vazirmatn/"
# Waits for the page's fonts, then says which Vazirmatn faces have loaded and what the body is set in.
FONTS = """async () => {
  await document.fonts.ready;
  return {
    loaded: [...document.fonts].filter((face) => face.family === "Vazirmatn" && face.status === "loaded").length,
    check: document.fonts.check("16px Vazirmatn"),
    body: getComputedStyle(document.body).fontFamily,
  };
}"""


def font_responses(page) -> list:
    found = []
    page.on("response", lambda response: found.append(response) if FONT_PATH in response.url else None)
    return found


def test_persian_public_page_is_set_in_vazirmatn_from_the_site(page, violations):
    fonts = font_responses(page)

    page.goto("/fa/")

    state = page.evaluate(FONTS)
    assert state["loaded"] == 1
    assert state["check"] is True
    assert state["body"].startswith("Vazirmatn")
    assert [(response.status, response.url.split(FONT_PATH)[1]) for response in fonts] == [
        (200, "Vazirmatn-NL-Variable.woff2")
    ]
    assert violations == []


def test_english_public_page_keeps_the_system_fonts(page):
    page.goto("/")

    # Only the names of Persian and Arabic in the language menu are set in Vazirmatn.
    assert page.evaluate(FONTS)["body"].startswith("system-ui")
    assert (
        page.get_by_role("link", name="فارسی")
        .evaluate("link => getComputedStyle(link).fontFamily")
        .startswith("Vazirmatn")
    )


def test_persian_admin_is_set_in_vazirmatn(page, violations, settings):
    settings.ADMIN_LANGUAGE = "fa"
    get_user_model().objects.create_superuser("clerk", password=PASSWORD)
    fonts = font_responses(page)

    page.goto("/admin/login/")
    page.get_by_label("نام کاربری").fill("clerk")
    page.get_by_label("گذرواژه").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ورود").click()

    expect(page.locator("html")).to_have_attribute("lang", "fa")
    state = page.evaluate(FONTS)
    assert state["loaded"] == 1
    assert state["body"].startswith("Vazirmatn")
    assert {response.status for response in fonts} == {200}
    assert violations == []


@pytest.mark.parametrize("path", ["/fa/participations/", "/fa/artisans/"])
def test_first_result_is_on_the_first_screen_of_a_phone(page, violations, path):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(path)

    first_row = page.locator(".table-wrap table tbody tr").first
    expect(first_row).to_be_visible()
    assert first_row.bounding_box()["y"] < 844
    # The filters are folded, one tap away.
    filters = page.locator("details.filter-fold")
    expect(filters).not_to_have_attribute("open", "")
    filters.locator("summary").click()
    expect(page.locator("form.filters")).to_be_visible()
    assert violations == []


def test_filters_are_open_on_a_wide_screen(page):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/fa/participations/")

    expect(page.locator("form.filters")).to_be_visible()
    expect(page.locator(".summaries")).to_be_visible()
