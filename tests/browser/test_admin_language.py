"""A Persian clerk's admin in a real browser: Persian and right to left from the login page on,
switched to English and back with the buttons in the header, within the Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-3e8a"


@pytest.fixture(autouse=True)
def _persian_office(settings):
    settings.ADMIN_LANGUAGE = "fa"


def test_a_clerk_works_in_persian_and_switches_language(page, violations):
    get_user_model().objects.create_superuser("clerk", password=PASSWORD)

    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    page.get_by_label("نام کاربری").fill("clerk")
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("#site-name")).to_have_text("سامانه ثبت هنرمندان و نمایشگاه‌ها")

    page.goto("/admin/registry/artisan/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url("/admin/registry/artisan/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Select artisan to change")
    page.get_by_role("button", name="العربيّة").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("نام کاربری").fill("clerk")
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    assert violations == []
