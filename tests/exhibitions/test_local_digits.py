"""Persian pages write their numbers in Persian digits, Arabic pages in Arabic-Indic digits.

Counts, years, dates, page numbers, chart labels and edition numbers alike. What keeps Latin digits
is marked: registry numbers (class "registry-number"), codes (class "latin-digits") and text in
English (lang="en", dir="ltr", such as a name in transliteration or an untranslated fallback).
Attributes (addresses, form values) are not text and are not checked.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from exhibitions.models import Exhibition
from registry.models import Artisan, Place
from tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

LATIN_DIGIT = re.compile("[0-9]")
OWN_DIGITS = {"fa": re.compile("[۰-۹]"), "ar": re.compile("[٠-٩]")}
LATIN_CLASSES = {"registry-number", "latin-digits"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The page's text nodes, each with whether an element around it allows Latin digits."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.texts: list[tuple[str, bool, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        attrs = dict(attrs)
        latin = (
            tag in {"script", "style"}
            or (attrs.get("lang") or "").startswith("en")
            or attrs.get("dir") == "ltr"
            or bool(LATIN_CLASSES & set((attrs.get("class") or "").split()))
        )
        self.open.append((tag, latin))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if data.strip():
            path = " > ".join(tag for tag, _latin in self.open[-3:])
            self.texts.append((data.strip(), any(latin for _tag, latin in self.open), path))


def texts_of(html: str) -> list[tuple[str, bool, str]]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


@pytest.fixture
def registry():
    call_command("load_demo", verbosity=0)
    # Enough artisans for a second page of the list, so that its page numbers are shown.
    ilam = Place.objects.get(code="IR-16")
    for name in ("آرش", "بهرام", "پروانه", "تینا", "جواد", "چکامه", "حسن", "خسرو", "داریوش", "رویا", "زهره", "سارا"):
        ArtisanFactory(name=f"{name} ایلامی", home_place=ilam)


def public_pages() -> list[str]:
    profiled = Artisan.objects.published().filter(participations__isnull=False, birth_year__isnull=False)
    artisan = profiled.order_by("pk").first()
    return [
        "/",
        "/artisans/",
        "/artisans/?page=2",
        artisan.get_absolute_url(),
        "/crafts/",
        "/crafts/textiles/",
        "/crafts/kilim/",
        "/crafts/chit/",
        "/crafts/embossed-kilim/",
        "/exhibitions/",
        *(exhibition.get_absolute_url() for exhibition in Exhibition.objects.published().order_by("pk")),
        "/participations/",
        Place.objects.get(code="IR-16").get_absolute_url(),
        Place.objects.get(code="IQ").get_absolute_url(),
    ]


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_public_pages_write_no_latin_digit_outside_codes_and_english_text(client, registry, language):
    latin, without_own_digits = [], []
    for path in public_pages():
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        texts = texts_of(response.content.decode())

        latin += [(path, where, text) for text, allowed, where in texts if LATIN_DIGIT.search(text) and not allowed]
        if not any(OWN_DIGITS[language].search(text) for text, _allowed, _where in texts):
            without_own_digits.append(path)

    assert latin == []
    assert without_own_digits == []


def test_persian_page_keeps_registry_numbers_and_addresses_in_latin_digits(client, registry):
    artisan = Artisan.objects.published().order_by("pk").first()

    content = client.get("/fa/artisans/").content.decode()

    assert f'<span dir="ltr" class="registry-number">{artisan.registry_number}</span>' in content
    assert '<a href="?page=2" rel="next">' in content
    assert "<p>صفحه ۱ از ۲</p>" in content


def test_persian_lists_use_the_persian_comma(client, registry):
    content = client.get("/fa/exhibitions/ilam-handicrafts-kut-2025-10/").content.decode()

    assert "کوت، واسط، عراق" in re.sub(r"<[^>]+>", "", content)
    assert "تهران تایمز، " in content
