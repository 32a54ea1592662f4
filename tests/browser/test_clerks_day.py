"""A clerk's day in a real browser, in Persian and in Arabic: logging in, choosing the admin's language
with the switch in its header, recording an exhibition typed on an Arabic keyboard with Solar Hijri
dates in Persian digits and three participants found through the artisan autocomplete, reading it
back in the page's calendar, and being told in the page's language of a date that does not exist.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from common import roles
from exhibitions.models import Exhibition, Participation
from tests.factories import ArtisanFactory, CityFactory, CountryFactory, ProvinceFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-5b7e"
LATIN_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Clerk:
    """What the clerk of each language sees and types."""

    language: str
    switch: str  # the name of the language switch's button
    add_heading: str
    save_button: str
    title_typed: str
    title_stored: str
    place_typed: str
    place_name: str

    @property
    def title_field(self) -> str:
        return f"#id_title_{self.language}"


CLERKS = {
    # A Persian title typed on an Arabic keyboard (ي and ك): stored with ی and ک.
    "fa": Clerk(
        "fa",
        switch="فارسی",
        add_heading="اضافه کردن نمایشگاه",
        save_button="ذخیره",
        title_typed="نمايشگاه صنايع دستي ايلام در كوت",
        title_stored="نمایشگاه صنایع دستی ایلام در کوت",
        place_typed="كوت",
        place_name="کوت",
    ),
    # An Arabic title typed on a Persian keyboard (ی and ک): stored with ي and ك.
    "ar": Clerk(
        "ar",
        switch="العربيّة",
        add_heading="إضافة المعرض",
        save_button="احفظ",
        title_typed="معرض الصناعات اليدویة لإیلام في الکوت",
        title_stored="معرض الصناعات اليدوية لإيلام في الكوت",
        place_typed="الکوت",
        place_name="الكوت",
    ),
}
# The participants as the registry holds them, and as a clerk types them on an Arabic keyboard.
ARTISANS = {
    "مریم زرگوشی": "مريم زرگوشي",
    "فاطمه ارکوازی": "فاطمه اركوازي",
    "کبری کریمی": "كبري كريمي",
}
# 1404/07/18 and 1404/07/24 in the Solar Hijri calendar.
START = datetime.date(2025, 10, 10)
END = datetime.date(2025, 10, 16)


@pytest.fixture(params=sorted(CLERKS))
def clerk(request):
    return CLERKS[request.param]


@pytest.fixture(autouse=True)
def _english_office(settings):
    # The office's default is the one the clerk switches away from.
    settings.ADMIN_LANGUAGE = "en"


@pytest.fixture
def editor():
    """A member of staff in the "registry editor" group, made as the data migration makes it (an earlier
    transactional test's flush emptied the table)."""
    group, created = Group.objects.get_or_create(name=roles.EDITOR)
    if created:
        group.permissions.set(roles.permissions(Permission.objects.all(), ("add", "change", "view")))
    user = get_user_model().objects.create_user("clerk", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def kut():
    iraq = CountryFactory(name_en="Iraq", name_fa="عراق", name_ar="العراق", slug="iraq", code="IQ")
    wasit = ProvinceFactory(parent=iraq, name_en="Wasit", name_fa="واسط", name_ar="واسط")
    return CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", name_ar="الكوت", slug="kut")


@pytest.fixture
def artisans():
    latin = ["Maryam Zargoushi", "Fatemeh Arkavazi", "Kobra Karimi"]
    return [ArtisanFactory(name=name, name_latin=latin) for name, latin in zip(ARTISANS, latin, strict=True)]


def log_in_and_choose_language(page, clerk) -> None:
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.get_by_role("button", name=clerk.switch).click()
    expect(page.locator("html")).to_have_attribute("lang", clerk.language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def choose(page, field, typed: str, shown: str) -> None:
    """Pick in a select2 autocomplete (`field` holds it) the result that shows `shown`, searching for `typed`."""
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=shown).click()
    expect(field.locator(".select2-selection__rendered")).to_contain_text(shown)


def fill_exhibition(page, clerk, *, start: str) -> None:
    page.locator(clerk.title_field).press_sequentially(clerk.title_typed)
    choose(page, page.locator(".field-place"), clerk.place_typed, clerk.place_name)
    page.locator("#id_start_date").fill(start)
    page.locator("#id_end_date").fill("1404/07/24")


def save(page) -> None:
    with page.expect_navigation():
        page.locator("input[name=_save]").click()


def settle(page) -> None:
    """Violation reports of the last page arrive asynchronously: let its requests finish first."""
    page.wait_for_load_state("networkidle")


def test_a_clerk_records_an_exhibition_in_their_language(page, violations, clerk, editor, kut, artisans):
    log_in_and_choose_language(page, clerk)
    page.goto(reverse("admin:exhibitions_exhibition_add"))
    expect(page.locator("html")).to_have_attribute("lang", clerk.language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(clerk.add_heading)
    expect(page.locator("input[name=_save]")).to_have_value(clerk.save_button)

    fill_exhibition(page, clerk, start="۱۴۰۴/۰۷/۱۸")
    rows = page.locator("#participations-group tbody tr.form-row:not(.empty-form)")
    for n, (name, typed) in enumerate(ARTISANS.items()):
        page.locator("#participations-group .add-row a").click()
        expect(rows).to_have_count(n + 1)
        choose(page, rows.nth(n).locator(".field-artisan"), typed, name)
    expect(page.locator("#id_slug")).to_have_value("")
    save(page)

    expect(page.locator(".messagelist .success")).to_be_visible()
    exhibition = Exhibition.objects.get()
    assert getattr(exhibition, f"title_{clerk.language}") == clerk.title_stored
    assert (exhibition.start_date, exhibition.end_date) == (START, END)
    assert exhibition.place == kut
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", exhibition.slug), exhibition.slug
    assert sorted(Participation.objects.filter(exhibition=exhibition).values_list("artisan__name", flat=True)) == (
        sorted(ARTISANS)
    )

    page.goto(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]))
    # The page's calendar in the field, the other beside it: Solar Hijri first on Persian pages.
    in_page, other = ("1404/07/18", "2025-10-10") if clerk.language == "fa" else ("2025-10-10", "1404/07/18")
    expect(page.locator("#id_start_date")).to_have_value(in_page)
    expect(page.locator(".field-start_date .other-calendar")).to_have_text(other)
    in_page, other = ("1404/07/24", "2025-10-16") if clerk.language == "fa" else ("2025-10-16", "1404/07/24")
    expect(page.locator("#id_end_date")).to_have_value(in_page)
    expect(page.locator(".field-end_date .other-calendar")).to_have_text(other)
    expect(page.locator(clerk.title_field)).to_have_value(clerk.title_stored)
    participants = page.locator("#participations-group tbody tr.form-row:not(.empty-form) .field-artisan")
    expect(participants).to_have_count(3)
    for name in ARTISANS:
        expect(participants.filter(has_text=name)).to_have_count(1)
    settle(page)

    assert violations == []


def test_a_date_that_does_not_exist_is_refused_in_the_clerks_language(page, violations, clerk, editor, kut):
    log_in_and_choose_language(page, clerk)
    page.goto(reverse("admin:exhibitions_exhibition_add"))
    errors = page.locator(".field-start_date .errorlist")

    fill_exhibition(page, clerk, start="1404/13/01")
    save(page)
    expect(errors).to_contain_text("1404/13/01")
    shown = [page.locator(".errornote").inner_text(), errors.inner_text()]
    saved = Exhibition.objects.count()
    # 1403 is a leap year, 1404 is not: 1404 has no 30 Esfand.
    page.locator("#id_start_date").fill("1404/12/30")
    save(page)
    expect(errors).to_contain_text("1404/12/30")
    shown += [page.locator(".errornote").inner_text(), errors.inner_text()]
    saved += Exhibition.objects.count()
    page.locator("#id_start_date").fill("1403/12/30")
    save(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    settle(page)

    # The date itself is written in digits; the words are the page's.
    assert [text for text in shown if not text.strip() or LATIN_LETTERS.search(text)] == []
    assert saved == 0
    assert Exhibition.objects.get().start_date == datetime.date(2025, 3, 20)
    assert violations == []


def test_a_date_that_does_not_exist_gets_only_its_own_message(page, editor, kut):
    clerk = CLERKS["fa"]
    log_in_and_choose_language(page, clerk)
    page.goto(reverse("admin:exhibitions_exhibition_add"))

    fill_exhibition(page, clerk, start="1404/13/01")
    save(page)

    expect(page.locator(".field-start_date .errorlist li")).to_have_text(
        ["1404/13/01 روزی از تقویم هجری شمسی نیست: ماه (۱ تا ۱۲) و روز را بررسی کنید."], timeout=2000
    )
