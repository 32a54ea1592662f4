"""Latin spellings of Persian and Arabic names, and a key that finds them however they are spelt.

"Zargushi", "Zargoushi" and "Zargooshi" are one name (زرگوشی) written by three clerks; so are
"Arkawazi" and "Arkavazi" (ارکوازی). ``search_key`` folds a text to the consonants that all such
spellings share, word by word, and the same for the Persian or Arabic script:

- Latin letters lose their accents and case; kh, gh, sh, ch, zh and ph become one sign each, c
  becomes k, q and gh one sign;
- vowels, and the half-vowels w, v and y inside a word, are dropped (ou/u/oo, w/v, ei/ey…); a word
  that begins with a vowel keeps one sign for it;
- a final h after a vowel is dropped (Fatemeh, Fatema), and doubled signs become one (Mohammad,
  Mohamad).

No library does this for Persian names: transliteration libraries (Unidecode and the like) spell
one way, and phonetic keys (Soundex, Metaphone) are made for English names and lose too much.
"""

import functools
import re
import unicodedata

from .i18n import LATIN_DIGITS

# How Persian and Arabic letters are written in Latin; enough for a readable address or key.
ROMAN = {
    "ا": "a", "أ": "a", "إ": "e", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "ك": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "ء": "", "ئ": "", "ؤ": "", "\u200c": "",
}  # fmt: skip
VOWELS = "aeiou"


def romanize(text: str) -> str:
    """A plain Latin spelling, without the short vowels the script does not write: ``زرگوشی`` →
    ``zrgushi``, ``ارکوازی`` → ``arkuazi``. Enough for an address or a search key."""
    out = []
    for word in text.translate(LATIN_DIGITS).split():
        letters = []
        for i, char in enumerate(word):
            previous = word[i - 1] if i else ""
            if char == "و":
                # A consonant at the start of a word or after a vowel letter, else the vowel u.
                letters.append("v" if not previous or previous in "اآو" else "u")
            elif char in "یيى":
                letters.append("y" if not previous else "i")
            elif char == "ع" and not previous:
                letters.append("a")
            elif char in "هة" and i == len(word) - 1 and previous not in "اآوییيى":
                letters.append("eh")  # the silent final heh: فاطمه, Fatemeh
            else:
                letters.append(ROMAN.get(char, char))
        out.append("".join(letters))
    return " ".join(out)


# Signs for the letters Latin writes with two: one character each, so that no spelling of
# one name can cut through another's.
DIGRAPHS = [("kh", "x"), ("gh", "q"), ("sh", "1"), ("ch", "2"), ("zh", "3"), ("ph", "f"), ("c", "k"), ("w", "v")]


FINAL_VOWEL_H = re.compile(f"[{VOWELS}]h$")
INNER_VOWELS = re.compile(f"[{VOWELS}vy]")
DOUBLED = re.compile(r"(.)\1+")
APOSTROPHES = re.compile("['’ʿʾ`]")
LATIN_WORD = re.compile("[a-z]+")


def _fold_word(word: str) -> str:
    for pair, sign in DIGRAPHS:
        word = word.replace(pair, sign)
    first, rest = word[0], word[1:]
    if first in VOWELS:
        first = "a"
    rest = FINAL_VOWEL_H.sub("", rest) if rest else rest
    rest = INNER_VOWELS.sub("", rest)
    return DOUBLED.sub(r"\1", first + rest)


def _folded_words(word: str) -> tuple[str, ...]:
    """The folded Latin words of one word of a text (no whitespace in it)."""
    plain = unicodedata.normalize("NFKD", romanize(APOSTROPHES.sub("", word)).lower())
    letters = "".join(c for c in plain if not unicodedata.combining(c))
    return tuple(_fold_word(latin) for latin in LATIN_WORD.findall(letters))


# Names share their words (first names, family names): an import of 100,000 artisans folds each
# common word once, not once per row. Only words of a name's length are kept.
_folded_name_word = functools.lru_cache(maxsize=50_000)(_folded_words)
NAME_WORD_LENGTH = 40


def search_key(*texts: str) -> str:
    """The folded words of ``texts``, each preceded by a space, so that a search can match the
    start of a word: ``" zrg1 mrym"``."""
    words = []
    for text in texts:
        if not text:
            continue
        for word in text.split():
            for folded in (_folded_name_word if len(word) <= NAME_WORD_LENGTH else _folded_words)(word):
                if folded not in words:
                    words.append(folded)
    return "".join(f" {word}" for word in words)


def query_keys(text: str) -> list[str]:
    """The folded words of a search, each to be found at the start of a word of a ``search_key``.

    Only for words of letters (and the apostrophes and hyphens of names): a search with control
    characters or digits in it means something else, and finds only what it spells.
    """
    if not all(unicodedata.category(char)[0] in "LM" or char in "'’ʿʾ`-" for char in text):
        return []
    return [f" {word}" for word in search_key(text).split()]


# An import asks for each row's key three times, as it checks a chunk of rows and as it saves them.
@functools.lru_cache(maxsize=4_096)
def name_key(name: str) -> str:
    """One person's name however a clerk typed it: the ``search_key`` of its words joined, a ZWNJ
    taken as the space it stands for. "علی کیانی", "علي كياني", "علی‌کیانی" and "Ali Kiani" have
    one key, and so do "Abdolreza" and "Abdol Reza"."""
    return "".join(search_key(name.replace("\u200c", " ")).split())
