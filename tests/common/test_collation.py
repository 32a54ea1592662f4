"""Names listed in the order their readers expect: the Persian alphabet on Persian and Arabic pages,
the Latin names on English ones, a name recorded in Persian alone among them."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.collation import latin_sort_key, sort_key
from registry.models import Artisan
from tests.admin_helpers import url
from tests.factories import ArtisanFactory

# In the order of the Persian alphabet: پ after ب, چ after ج, ژ after ز, ک گ after ق, و before ه.
IN_PERSIAN_ORDER = [
    "آرش",
    "ابراهیم",
    "بهرام",
    "پروین",
    "جمیله",
    "چنگیز",
    "زهرا",
    "ژاله",
    "قاسم",
    "کبری",
    "گلاره",
    "وحید",
    "هانیه",
    "یوسف",
]


def test_the_key_follows_the_persian_alphabet():
    assert sorted(IN_PERSIAN_ORDER, key=sort_key) == IN_PERSIAN_ORDER
    assert sorted(IN_PERSIAN_ORDER) != IN_PERSIAN_ORDER  # as the databases compare code points


def test_arabic_letters_take_the_place_of_their_persian_forms_and_words_come_before_longer_ones():
    assert sort_key("كبري") == sort_key("کبری")
    assert sorted(["علیرضا", "علی اکبر", "علی"], key=sort_key) == ["علی", "علی اکبر", "علیرضا"]
    assert sort_key("علی‌رضا") == sort_key("علی رضا")  # with a zero-width non-joiner


def test_a_name_without_a_latin_one_is_sorted_by_its_latin_spelling():
    assert latin_sort_key("", "زرگوشی") == "zrgushi"
    assert latin_sort_key("Maryam Zargoushi", "مریم زرگوشی") == "maryam zargoushi"


@pytest.mark.django_db
def test_each_language_lists_artisans_in_its_readers_order(client):
    for name in reversed(IN_PERSIAN_ORDER):
        ArtisanFactory(name=name, name_latin="")
    ArtisanFactory(name="علی کیانی", name_latin="Ali Kiani")

    with translation.override("fa"):
        persian = [a.name for a in client.get(reverse("registry:artisan-list")).context["object_list"]]
    english = [a.name for a in client.get(reverse("registry:artisan-list")).context["object_list"]]

    assert persian == sorted([*IN_PERSIAN_ORDER, "علی کیانی"], key=sort_key)
    assert english.index("علی کیانی") == sorted(
        [latin_sort_key("", name) for name in IN_PERSIAN_ORDER] + ["ali kiani"]
    ).index("ali kiani")


@pytest.mark.django_db
def test_the_admin_sorts_the_name_column_in_the_persian_alphabets_order(admin_client):
    for name in reversed(IN_PERSIAN_ORDER):
        ArtisanFactory(name=name)

    response = admin_client.get(url("registry_artisan", "changelist"), {"o": "1"})

    assert [artisan.name for artisan in response.context["cl"].result_list] == IN_PERSIAN_ORDER[:25]
    assert Artisan.objects.count() == len(IN_PERSIAN_ORDER)
