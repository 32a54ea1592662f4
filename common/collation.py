"""Names in the order of the Persian alphabet, on SQLite and PostgreSQL alike.

Both databases compare text by code point or by a collation that knows no Persian, which puts
پ چ ژ ک گ after every Arabic letter and ه before و: «پروین» after «مریم». ``sort_key`` spells a
name in two-letter codes, lowercase Latin letters that every collation orders alike, following
the Persian alphabet (Arabic letters take the place of their Persian forms); an index on the key
serves a list sorted by name.
"""

import unicodedata

from .i18n import ARABIC_DIGIT_SIGNS, LATIN_DIGITS, PERSIAN_DIGIT_SIGNS, PERSIAN_FORMS

# Spaces and the like first, so that «علی اکبر» comes before «علیرضا»; then digits, the Persian
# alphabet, and Latin letters.
ORDER = [" ", *"0123456789", *"آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", *"abcdefghijklmnopqrstuvwxyz"]
SAME_PLACE = PERSIAN_FORMS | {
    "أ": "ا", "إ": "ا", "ٱ": "ا", "ئ": "ی", "ؤ": "و", "ة": "ه", "\u200c": " ", "-": " ", "_": " ",
}  # fmt: skip
IGNORED = {"ء", "\u0640"}  # hamza alone and the tatweel


def _code(index: int) -> str:
    return chr(ord("a") + index // 26) + chr(ord("a") + index % 26)


CODES = {char: _code(index) for index, char in enumerate(ORDER)}
CODES |= {char: CODES[same] for char, same in SAME_PLACE.items()}
CODES |= {sign: CODES[sign.translate(LATIN_DIGITS)] for sign in PERSIAN_DIGIT_SIGNS + ARABIC_DIGIT_SIGNS}


def sort_key(text: str) -> str:
    """``text`` as a key that sorts in the order of the Persian alphabet; other signs and the
    short-vowel marks are left out."""
    key = []
    for char in unicodedata.normalize("NFKC", text.casefold()):
        if char.isspace():
            char = " "
        if char in CODES and not (char == " " and (not key or key[-1] == CODES[" "])):
            key.append(CODES[char])
        elif char not in IGNORED and unicodedata.category(char)[0] == "L":
            key.append("zz")  # a letter of another script: after every known one
    return "".join(key).removesuffix(CODES[" "])


def latin_sort_key(name_latin: str, name: str) -> str:
    """The key of an English list: the Latin name, or the spelling of the name in Latin letters
    where none was written, so that a name recorded in Persian alone takes its place among them."""
    from .transliteration import romanize

    return unicodedata.normalize("NFKD", (name_latin or romanize(name)).casefold()).strip()
