"""Every page keeps to the Content-Security-Policy in a real browser: the public pages in three
languages, and the admin's login, lockout, changelists and forms with their scripts at work
(calendar, autocomplete, inline rows, slug prepopulation, the add-another popup).

Chromium reports each violation as a `securitypolicyviolation` event and as a console message
("Refused to apply inline style…"); the `violations` fixture collects both, from every page and
popup of the browser context.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from crafts.models import CraftCategory
from exhibitions.models import Exhibition
from registry.models import Artisan, Place

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-9f2c"


def wait_for_reports(page, violations, count: int) -> None:
    """The reports arrive asynchronously: give them a moment."""
    for _attempt in range(50):
        if len(violations) >= count:
            return
        page.wait_for_timeout(100)


def log_in(page, password=PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_violations_fixture_reports_an_inline_style_and_script(page, violations):
    # Without this, a listener that heard nothing would pass every test below.
    page.goto("/")

    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline</p>');
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
        }"""
    )
    wait_for_reports(page, violations, 4)

    assert page.evaluate("window.ran") is None
    assert any("style-src-attr" in text for text in violations)
    assert any("script-src-elem" in text for text in violations)


def test_public_pages_keep_to_the_policy(page, violations):
    call_command("load_demo", verbosity=0)
    paths = [
        "/",
        "/artisans/",
        Artisan.objects.published().order_by("pk").first().get_absolute_url(),
        "/crafts/",
        CraftCategory.objects.order_by("pk").first().get_absolute_url(),
        "/exhibitions/",
        Exhibition.objects.published().order_by("pk").first().get_absolute_url(),
        "/participations/",
        "/participations/?year=abc",  # a page with a form error
        Place.objects.get(code="IR-16").get_absolute_url(),
    ]

    for prefix in ("", "/fa", "/ar"):
        for path in paths:
            response = page.goto(prefix + path)
            assert response.status == 200, prefix + path
            expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert violations == []


def test_admin_forms_and_their_widgets_keep_to_the_policy(page, violations):
    call_command("load_demo", verbosity=0)
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    exhibition = Exhibition.objects.get(slug="ilam-handicrafts-kut-2025-10")
    log_in(page)
    page.goto(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]))

    # The calendar of a date field.
    page.locator("#calendarlink0").click()
    page.locator("#calendarbox0").get_by_role("link", name="Today").click()
    expect(page.locator("#calendarbox0")).to_be_hidden()
    # An autocomplete field, searching through the admin's autocomplete view.
    page.locator(".field-place .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Kut")
    expect(page.locator(".select2-results__option").first).to_have_text("Kut (city, Wasit province)")
    page.keyboard.press("Escape")
    # A new inline row, and the popup that adds a related place.
    rows = page.locator("#participations-group tbody tr.form-row:not(.empty-form)")
    row_count = rows.count()
    page.locator("#participations-group .add-row a").click()
    expect(rows).to_have_count(row_count + 1)
    with page.expect_popup() as popup_info:
        page.locator("#add_id_place").click()
    popup = popup_info.value
    # Its scripts first: the form is usable before they have run.
    popup.wait_for_load_state()
    popup.get_by_label("Kind").select_option("country")
    popup.get_by_label("Name (English)").fill("Kuwait")
    popup.get_by_role("button", name="Save", exact=True).click()
    closed_after_save(popup)
    expect(page.locator("#id_place option:checked")).to_have_text("Kuwait")
    # A slug filled in from the name as it is typed.
    page.goto(reverse("admin:registry_artisan_add"))
    page.get_by_label("Name in Latin script").press_sequentially("Maryam Karimi")
    expect(page.get_by_label("Slug")).to_have_value("maryam-karimi")

    assert Place.objects.filter(name_en="Kuwait").exists()
    assert violations == []


def closed_after_save(popup) -> None:
    """Wait for an admin popup to close itself after a save, as its answer's script does; if it
    stays open, fail with what it shows (the save's errors, or the page it reached)."""
    try:
        # Twice Playwright's default: the machine may be running the rest of the suite beside it.
        popup.wait_for_event("close", timeout=60_000)
    except pytest.importorskip("playwright.sync_api").TimeoutError:
        pytest.fail(f"The popup stayed open at {popup.url}: {popup.locator('body').inner_text()[:500]}")


def test_admin_lists_login_and_lockout_keep_to_the_policy(page, violations):
    call_command("load_demo", verbosity=0)
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    log_in(page)

    page.goto(reverse("admin:index"))
    for model in ["crafts_craftcategory", "registry_artisan", "exhibitions_participation", "axes_accesslog"]:
        page.goto(reverse(f"admin:{model}_changelist"))
    page.goto(reverse("admin:exhibitions_exhibition_changelist"))
    page.get_by_role("searchbox").fill("Kut")
    page.get_by_role("searchbox").press("Enter")
    page.locator("nav.toplinks a").first.click()  # the date hierarchy
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logged out")
    for _attempt in range(5):
        log_in(page, password="wrong")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed logins")

    assert violations == []
