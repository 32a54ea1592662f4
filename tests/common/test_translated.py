"""Texts in English, Persian and Arabic: none required in English, stored in their own letters,
shown in the reader's language or marked as another."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from common.translated_admin import clerk_language_first
from exhibitions.models import Exhibition, Participation
from registry.models import Artisan, PublicationStatus
from tests.admin_helpers import inline_management_data, url
from tests.factories import ArtisanFactory, CityFactory, ExhibitionFactory

pytestmark = pytest.mark.django_db

TYPED_ON_AN_ARABIC_KEYBOARD = "نمايشگاه صنايع دستي كوت ١٤٠٤"
IN_PERSIAN_LETTERS = "نمایشگاه صنایع دستی کوت ۱۴۰۴"


def test_persian_columns_store_persian_letters_and_arabic_columns_arabic_ones():
    exhibition = ExhibitionFactory(
        title_fa=TYPED_ON_AN_ARABIC_KEYBOARD, title_ar="معرض الصناعات اليدوية في الکوت ۱۴۰۴", title_en="Kut كوت"
    )

    exhibition.refresh_from_db()
    assert exhibition.title_fa == IN_PERSIAN_LETTERS
    assert exhibition.title_ar == "معرض الصناعات اليدوية في الكوت ١٤٠٤"
    assert exhibition.title_en == "Kut كوت"  # English is left as typed


def test_bulk_created_rows_are_stored_in_their_letters_too():
    city = CityFactory()
    Exhibition.objects.bulk_create(
        [Exhibition(title_fa=TYPED_ON_AN_ARABIC_KEYBOARD, slug="bulk", place=city, date_precision="unknown")]
    )

    assert Exhibition.objects.get(slug="bulk").title_fa == IN_PERSIAN_LETTERS


def test_a_title_in_any_one_language_is_enough():
    exhibition = ExhibitionFactory(title_en="", title_fa="نمایشگاه کوت")

    exhibition.full_clean()
    assert exhibition.title == "نمایشگاه کوت"


def test_a_record_without_a_title_in_any_language_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitionFactory(title_en="", title_fa="", title_ar="")


def test_the_reader_gets_their_language_and_else_the_nearest_marked_as_such(client):
    exhibition = ExhibitionFactory(title_en="", title_fa="نمایشگاه کوت", description_en="Held in Kut.")

    english = client.get(exhibition.get_absolute_url()).content.decode()
    with translation.override("fa"):
        persian = client.get(exhibition.get_absolute_url()).content.decode()

    assert '<h1 lang="fa" dir="rtl">نمایشگاه کوت</h1>' in english
    assert "<h1>نمایشگاه کوت</h1>" in persian
    assert '<p class="description" lang="en" dir="ltr">Held in Kut.</p>' in persian
    assert '<p class="description">Held in Kut.</p>' in english


def test_the_clerks_language_comes_first_among_a_texts_columns():
    fields = ["slug", "title_en", "title_fa", "title_ar", "place"]

    assert clerk_language_first(fields, "fa") == ["slug", "title_fa", "title_en", "title_ar", "place"]
    assert clerk_language_first(fields, "ar") == ["slug", "title_ar", "title_en", "title_fa", "place"]
    assert clerk_language_first(fields, "en") == fields


def choose_admin_language(client, language: str) -> None:
    client.post(reverse("admin-language"), {"language": language, "next": reverse("admin:index")})


def test_a_persian_clerk_records_an_exhibition_without_a_word_of_english(admin_client):
    choose_admin_language(admin_client, "fa")
    add_page = admin_client.get(url("exhibitions_exhibition", "add"))
    content = add_page.content.decode()
    assert content.index('name="title_fa"') < content.index('name="title_en"')
    kut = CityFactory(name_en="Kut", name_fa="کوت")
    artisan = ArtisanFactory(name="مریم زرگوشی", name_latin="")

    response = admin_client.post(
        url("exhibitions_exhibition", "add"),
        {
            "title_fa": TYPED_ON_AN_ARABIC_KEYBOARD,
            "slug": "",
            "status": PublicationStatus.DRAFT,
            "place": kut.pk,
            "start_date": "1404/07/18",
            "date_precision": Exhibition.DatePrecision.EXACT,
            "venue_fa": "سالن نمايشگاه",
            **inline_management_data(add_page, participations=1),
            "participations-0-artisan": artisan.pk,
            "participations-0-role": Participation.Role.EXHIBITOR,
            "participations-0-award_fa": "جايزه اول",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    exhibition = Exhibition.objects.get()
    assert (exhibition.title_en, exhibition.title_fa, exhibition.venue_fa) == ("", IN_PERSIAN_LETTERS, "سالن نمایشگاه")
    assert exhibition.slug == "nmaishgah-snai-dsti-kut-1404"
    assert exhibition.participations.get().award_fa == "جایزه اول"


def test_without_any_title_the_clerk_is_told_by_the_title_in_their_language(admin_client):
    choose_admin_language(admin_client, "fa")
    add_page = admin_client.get(url("exhibitions_exhibition", "add"))

    response = admin_client.post(
        url("exhibitions_exhibition", "add"),
        {
            "slug": "",
            "status": PublicationStatus.DRAFT,
            "place": CityFactory().pk,
            "date_precision": Exhibition.DatePrecision.UNKNOWN,
            **inline_management_data(add_page),
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["title_fa"]
    assert Exhibition.objects.count() == 0


def test_an_artisan_recorded_in_persian_only_gets_an_address(admin_client):
    add_page = admin_client.get(url("registry_artisan", "add"))
    data = {
        "name": "خديجه زرگوشي",
        "name_latin": "",
        "slug": "",
        "status": PublicationStatus.DRAFT,
        # Two artisans of one name: the clerk says the second is someone else (registry.duplicates).
        "different_person": "on",
        **inline_management_data(add_page),
    }
    for _attempt in range(2):
        response = admin_client.post(url("registry_artisan", "add"), data)
        assert response.status_code == 302

    assert sorted(Artisan.objects.values_list("slug", flat=True)) == ["khdijeh-zrgushi", "khdijeh-zrgushi-2"]


def test_the_migration_moves_texts_written_in_persian_to_the_persian_column():
    from django.apps import apps

    from common.language_migrations import persian_script_to_persian

    persian = ExhibitionFactory(description_en="نمایشگاه در کوت")
    english = ExhibitionFactory(description_en="Held in Kut (کوت).")
    move = persian_script_to_persian("exhibitions", "exhibition", "description")

    move.code(apps, None)

    persian.refresh_from_db()
    english.refresh_from_db()
    assert (persian.description_en, persian.description_fa) == ("", "نمایشگاه در کوت")
    assert (english.description_en, english.description_fa) == ("Held in Kut (کوت).", "")


def test_the_migration_writes_existing_texts_in_their_languages_letters():
    from django.apps import apps

    from common.language_migrations import letters_of_their_language

    exhibition = ExhibitionFactory(title_en="Kut")
    Exhibition.objects.filter(pk=exhibition.pk).update(  # as saved before the rule, past pre_save
        title_fa=TYPED_ON_AN_ARABIC_KEYBOARD, title_ar="الکوت"
    )

    letters_of_their_language("exhibitions", {"exhibition": ("title",)}).code(apps, None)

    exhibition.refresh_from_db()
    assert (exhibition.title_fa, exhibition.title_ar) == (IN_PERSIAN_LETTERS, "الكوت")


@pytest.mark.parametrize("title", ["   ", "\u200c", "\u200f\u200c "])
def test_a_title_of_invisible_characters_is_no_title(title):
    exhibition = ExhibitionFactory.build(title_en="", title_fa=title, place=CityFactory())

    with pytest.raises(ValidationError) as refused:
        exhibition.full_clean(exclude=["slug"])

    assert "title_en" in refused.value.message_dict
