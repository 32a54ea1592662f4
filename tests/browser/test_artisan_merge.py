"""A Persian clerk merges one weaver typed twice, in a real browser: from the list of possible
duplicates to the page that compares the two records, a choice of values, the merge, the old page
address leading to the record kept, and the revert."""

import pytest

from exhibitions.models import Participation
from registry.models import Artisan
from tests.browser.persian_clerk import log_in_in_persian
from tests.factories import ArtisanFactory, CityFactory, ExhibitionFactory, ParticipationFactory, ProvinceFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _english_office(settings):
    settings.ADMIN_LANGUAGE = "en"


@pytest.fixture
def twice():
    ilam = ProvinceFactory(name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam")
    city = CityFactory(parent=ilam, name_en="Ilam", name_fa="ایلام", slug="ilam-city")
    kut = ExhibitionFactory(title_en="Kut fair", slug="kut-fair")
    kept = ArtisanFactory(
        name="علی کیانی", name_latin="", slug="ali-kiani", registry_number="ILM-2025-00007", home_place=city
    )
    other = ArtisanFactory(
        name="علي كياني", name_latin="Ali Kiani", slug="ali-kiani-2", registry_number="ILM-2025-00012",
        home_place=city, birth_year=1980,
    )  # fmt: skip
    ParticipationFactory(artisan=kept, exhibition=kut, stand="A4")
    ParticipationFactory(artisan=other, exhibition=kut, stand="B9")
    return kept, other


def test_a_persian_clerk_merges_a_weaver_typed_twice_and_reverts_it(page, twice):
    kept, _other = twice
    log_in_in_persian(page)
    page.goto("/admin/registry/artisan/duplicates/")
    with page.expect_navigation():
        page.get_by_role("link", name="یکی کردن…").click()

    # The two records side by side: the kept one lacks a birth year, so the other's is chosen.
    expect(page.locator("h1")).to_have_text("یکی کردن دو هنرمند")
    expect(page.locator("#id_birth_year_1")).to_be_checked()
    expect(page.locator("#id_name_latin_1")).to_be_checked()
    page.locator("#id_name_0").check()
    with page.expect_navigation():
        page.get_by_role("button", name="یکی کن").click()

    expect(page.locator(".messagelist .success")).to_contain_text("ILM-2025-00012 در ILM-2025-00007 یکی شد")
    survivor = Artisan.objects.get()
    assert (survivor.pk, survivor.name) == (kept.pk, "علی کیانی")
    assert (survivor.birth_year, survivor.name_latin) == (1980, "Ali Kiani")
    (joined,) = Participation.objects.all()
    assert "B9" in joined.note

    # The absorbed record's public page leads to the one kept.
    page.goto("/fa/artisans/ali-kiani-2/")
    assert page.url.endswith("/fa/artisans/ali-kiani/")

    page.goto("/admin/registry/artisan/merges/")
    with page.expect_navigation():
        page.get_by_role("link", name="بازگرداندن…").click()
    with page.expect_navigation():
        page.get_by_role("button", name="بازگرداندن یکی‌کردن").click()
    expect(page.locator(".messagelist .success")).to_contain_text("ILM-2025-00012")
    assert Artisan.objects.count() == 2
    assert Participation.objects.count() == 2
