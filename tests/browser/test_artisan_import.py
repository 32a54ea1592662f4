"""A Persian clerk's import of artisans in a real browser: a CSV typed on an Arabic keyboard with
Persian digits, its preview (the counts, an error named by row and column, a possible duplicate of
an artisan already in the registry), the clerk's decision on the duplicate, the confirm, and the
undo of the batch, all in the admin language the clerk chose."""

import openpyxl
import pytest

from common.models import ImportBatch
from registry.models import Artisan, PublicationStatus
from tests.browser.persian_clerk import log_in_in_persian
from tests.factories import ArtisanFactory, CityFactory, CraftCategoryFactory, ProvinceFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

FILE_NAME = "هنرمندان ايلام.csv"
# Headers in Persian; names with the Arabic ي and ك; years and phones in Persian digits.
ROWS = (
    "نام,سال تولد,محل سكونت,رشته‌ها,تلفن\r\n"
    "زهرا احمدي,۱۳۶۴,ايلام,گليم,۰۹۱۸ ۲۲۲\r\n"
    "علي كياني,,ايلام,,\r\n"
    "مينا,۱۳۸۰۰,,,\r\n"
)


@pytest.fixture(autouse=True)
def _english_office(settings):
    # The office's default is English: Persian comes from the clerk's own choice.
    settings.ADMIN_LANGUAGE = "en"


@pytest.fixture
def kiani():
    ilam = ProvinceFactory(name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam")
    city = CityFactory(parent=ilam, name_en="Ilam", name_fa="ایلام", slug="ilam-city")
    CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    return ArtisanFactory(name="علی کیانی", name_latin="Ali Kiani", home_place=city, registry_number="ILM-2025-00007")


def test_a_persian_clerk_imports_artisans_decides_a_duplicate_and_undoes_it(page, kiani):
    log_in_in_persian(page)
    page.goto("/admin/registry/artisan/")
    with page.expect_navigation():
        page.get_by_role("link", name="ورود از پرونده", exact=True).click()
    page.set_input_files(
        "#id_file", files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": ("\ufeff" + ROWS).encode()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="بررسی پرونده").click()

    # The preview: nothing written yet.
    expect(page.locator(".import-summary")).to_have_text("1 تازه، 0 به‌روزشده، 0 بدون تغییر، 1 احتمالاً تکراری، 1 خطا")
    new = page.locator("tr.import-new")
    expect(new.locator("td").first).to_have_text("2")
    expect(new).to_contain_text("سال تولد: 1985")  # ۱۳۶۴ in the Solar Hijri calendar
    expect(new).to_contain_text("محل سکونت: ایلام")
    expect(new).to_contain_text("رشته‌ها: گلیم")
    error = page.locator("tr.import-error")
    expect(error.locator("td").first).to_have_text("4")
    expect(error.locator(".errornote")).to_have_text("سال تولد: ۱۳۸۰۰ سال نیست")
    duplicate = page.locator("tr.import-duplicate")
    expect(duplicate.locator("td").first).to_have_text("3")
    decision = duplicate.get_by_label("همان شخص؟")
    expect(decision.locator("option")).to_have_text(
        [
            "این ردیف را کنار بگذار",
            "شخصی دیگر: به صورت تازه بیفزا",
            "همان ILM-2025-00007 علی کیانی (Ali Kiani): آن را به‌روز کن",
        ]
    )
    expect(decision).to_have_value("")  # undecided unless the clerk decides
    assert Artisan.objects.count() == 1
    assert not ImportBatch.objects.exists()

    # The rows with errors, to mend: each with its row and column in words.
    with page.expect_download() as download:
        page.get_by_role("link", name="دریافت ردیف‌های دارای خطا، برای درست کردن و ورود دوباره").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as data:
        rows = list(openpyxl.load_workbook(data).active.iter_rows(values_only=True))
    assert rows[1:] == [("مينا", "۱۳۸۰۰", None, None, None, "ردیف 4، سال تولد: ۱۳۸۰۰ سال نیست")]

    decision.select_option(label="شخصی دیگر: به صورت تازه بیفزا")
    with page.expect_navigation():
        page.get_by_role("button", name="ورود ردیف‌های بی‌خطا").click()

    batch = ImportBatch.objects.get()
    success = page.locator(".messagelist .success")
    expect(success).to_have_text(f"ورود {batch.pk}: 2 تازه، 0 به‌روزشده، 0 بدون تغییر، 0 احتمالاً تکراری، 1 خطا.")
    assert (batch.new, batch.updated, batch.duplicates, batch.errors) == (2, 0, 0, 1)
    assert (batch.file_name, batch.user.username, batch.state) == (FILE_NAME, "clerk", ImportBatch.State.IMPORTED)
    zahra = Artisan.objects.get(name="زهرا احمدي")
    assert (zahra.birth_year, zahra.home_place, zahra.status) == (1985, kiani.home_place, PublicationStatus.DRAFT)
    assert [link.craft.slug for link in zahra.craft_links.all()] == ["kilim"]
    assert Artisan.objects.filter(name="علي كياني").exclude(pk=kiani.pk).count() == 1
    assert Artisan.objects.count() == 3

    imported = page.locator("tr", has=page.locator("td", has_text=FILE_NAME))
    expect(imported).to_contain_text("واردشده")
    with page.expect_navigation():
        imported.get_by_role("button", name="بازگرداندن").click()

    expect(page.locator(".messagelist .success")).to_have_text(f"ورود {batch.pk} بازگردانده شد: 2 رکورد.")
    assert list(Artisan.objects.values_list("pk", flat=True)) == [kiani.pk]
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.UNDONE
    expect(imported).to_contain_text("بازگردانده‌شده")
    expect(imported.get_by_role("button", name="بازگرداندن")).to_have_count(0)
