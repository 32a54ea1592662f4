"""The Persian and Arabic catalogues are complete, compile, and keep every placeholder."""

import fcntl
import gettext
import re
import tempfile
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("fa", "ar")
PLURAL_FORMS = {
    "fa": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}
# %(name)s, %d, %s…; "%%" is a literal percent sign, not a placeholder.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")
# Persian writes ی and ک where Arabic writes ي and ك; گ چ پ ژ are Persian only.
ARABIC_ONLY_LETTERS = re.compile("[يك]")
PERSIAN_ONLY_LETTERS = re.compile("[یکگچپژ]")


def po_path(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(po_path(code)))


def placeholders(entry: polib.POEntry, text: str) -> set[str]:
    found = set()
    if "python-format" in entry.flags or PERCENT_PLACEHOLDER.search(entry.msgid):
        found |= {match for match in PERCENT_PLACEHOLDER.findall(text) if match != "%%"}
    if "python-brace-format" in entry.flags:
        found |= set(BRACE_PLACEHOLDER.findall(text))
    return found


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


@pytest.fixture(scope="module")
def compiled():
    # pytest-xdist workers may run this at the same moment: one compiles, the others then find the
    # .mo files up to date instead of reading them half written.
    with open(Path(tempfile.gettempdir()) / "registry-compile-translations.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call_command("compile_translations", verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_header_names_the_language_charset_and_plural_rule(code):
    metadata = catalogue(code).metadata

    assert metadata["Language"] == code
    assert "charset=UTF-8" in metadata["Content-Type"]
    assert metadata["Plural-Forms"] == PLURAL_FORMS[code]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    po = catalogue(code)
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))

    assert len(po) > 100
    assert [label(entry) for entry in po.untranslated_entries()] == []
    assert [label(entry) for entry in po.fuzzy_entries()] == []
    assert [label(entry) for entry in po if any(not text.strip() for text in translations(entry))] == []
    assert [label(entry) for entry in po if entry.msgid_plural and len(entry.msgstr_plural) != nplurals] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_placeholder_is_kept(code):
    wrong = []
    for entry in catalogue(code):
        needed = placeholders(entry, entry.msgid)
        allowed = needed | placeholders(entry, entry.msgid_plural)
        forms = translations(entry)
        for index, text in enumerate(forms):
            found = placeholders(entry, text)
            # The general plural form (the last) must show what the English plural shows.
            must = allowed if entry.msgid_plural and index == len(forms) - 1 else needed
            if not must <= found or not found <= allowed:
                wrong.append((label(entry), index, text))
    assert wrong == []


def test_persian_is_written_with_persian_letters_and_arabic_with_arabic_ones():
    persian = [label(e) for e in catalogue("fa") for text in translations(e) if ARABIC_ONLY_LETTERS.search(text)]
    arabic = [label(e) for e in catalogue("ar") for text in translations(e) if PERSIAN_ONLY_LETTERS.search(text)]

    assert persian == []
    assert arabic == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "fa",
            {
                "Artisan and exhibition registry": "سامانه ثبت هنرمندان و نمایشگاه‌ها",
                "Artisans": "هنرمندان",
                "Exhibitions": "نمایشگاه‌ها",
                "Registry number": "شماره ثبت",
                "Persian": "فارسی",
                # The registry's terms, the same on every page.
                "exhibition": "نمایشگاه",
                "artisan": "هنرمند صنایع‌دستی",
                "craft": "رشته",
                "participation": "شرکت در نمایشگاه",
                "%(name)s (%(kind)s, %(where)s)": "%(name)s (%(kind)s، %(where)s)",
            },
        ),
        (
            "ar",
            {
                "Artisan and exhibition registry": "سجل الحرفيين والمعارض",
                "Artisans": "الحرفيون",
                "Exhibitions": "المعارض",
                "Registry number": "رقم التسجيل",
                "Arabic": "العربية",
                "exhibition": "المعرض",
                "artisan": "الحرفي",
                "craft": "الحرفة",
                "participation": "المشاركة",
                "%(name)s (%(kind)s, %(where)s)": "%(name)s (%(kind)s، %(where)s)",
            },
        ),
    ],
)
def test_the_compiled_catalogue_translates_the_key_strings(compiled, code, expected):
    catalogue_mo = gettext.translation("django", localedir=settings.LOCALE_PATHS[0], languages=[code])

    assert {msgid: catalogue_mo.gettext(msgid) for msgid in expected} == expected
    assert catalogue_mo.pgettext("status", "published") != "published"


def test_the_compiled_catalogues_choose_the_right_plural_form(compiled):
    persian = gettext.translation("django", localedir=settings.LOCALE_PATHS[0], languages=["fa"])
    arabic = gettext.translation("django", localedir=settings.LOCALE_PATHS[0], languages=["ar"])
    singular, plural = "%(count)d record was published.", "%(count)d records were published."

    assert persian.ngettext(singular, plural, 3) % {"count": 3} == "3 رکورد منتشر شد."
    assert arabic.ngettext(singular, plural, 2) % {"count": 2} == "تم نشر 2 سجلين."
    assert arabic.ngettext(singular, plural, 5) % {"count": 5} == "تم نشر 5 سجلات."
    assert arabic.ngettext(singular, plural, 11) % {"count": 11} == "تم نشر 11 سجلًا."
