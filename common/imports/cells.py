"""What a clerk typed in a cell, read as the registry's values: letter variants, digit scripts and
ZWNJ folded, names of places and crafts in any script, yes and no in three languages.

Each reader takes the cell's text and returns the value, or raises ``CellError`` with what is wrong
in plain words; the importer adds the row and the column.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..i18n import LANGUAGE_CODES, LATIN_DIGITS, PERSIAN_FORMS

# Between the items of a list in one cell: semicolons (our exports), Arabic and Latin commas.
LIST_SEPARATORS = re.compile(r"\s*[;؛،,]\s*")
ZWNJ = "\u200c"
# Excel's own marker of text typed with an apostrophe; our CSV puts it before a formula-like text.
FORMULA_PREFIXES = ("=", "+", "-", "@")
# The Solar Hijri years a birth year may be typed in (1900-2100 in the Gregorian calendar).
SOLAR_HIJRI_BIRTH_YEARS = range(1279, 1480)


class CellError(ValueError):
    """What is wrong with a cell, in the reader's language."""


def folded(text: str) -> str:
    """``text`` as it compares: Persian letters for their Arabic forms, Latin digits, no ZWNJ,
    one space between words, no case. Two cells that differ only so are the same value."""
    text = unicodedata.normalize("NFC", str(text)).translate(LATIN_DIGITS)
    text = text.translate(str.maketrans(PERSIAN_FORMS)).replace(ZWNJ, "")
    return " ".join(text.split()).casefold()


def clean_text(text: str, *, max_length: int | None = None) -> str:
    """A text cell as stored: trimmed, an apostrophe our CSV put before a formula-like text taken
    away; too long is an error, not a cut."""
    text = str(text).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    if max_length is not None and len(text) > max_length:
        raise CellError(
            _("%(length)s characters, at most %(most)s") % {"length": f"{len(text):,}", "most": max_length}
        )
    return text


def read_integer(text: str) -> int:
    digits = str(text).strip().translate(LATIN_DIGITS).replace("\u066c", "").replace(",", "")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not re.fullmatch(r"-?\d+", digits):
        raise CellError(_("%(value)s is not a whole number") % {"value": text})
    return int(digits)


def read_birth_year(text: str) -> int:
    """A Gregorian year from 1900 to 2100, or a Solar Hijri one from 1279 to 1479, which becomes
    the Gregorian year it mostly falls in (a birth year is rarely known closer than that)."""
    try:
        year = read_integer(text)
    except CellError:
        raise CellError(_("%(value)s is not a year") % {"value": text}) from None
    if year in SOLAR_HIJRI_BIRTH_YEARS:
        return year + 621
    if not 1900 <= year <= 2100:
        raise CellError(_("%(value)s is not a year") % {"value": text})
    return year


YES = {"1", "yes", "true", "y", "x", "✓", "بله", "آری", "نعم"}
NO = {"0", "no", "false", "n", "خیر", "نه", "لا", ""}


def read_yes_no(text: str) -> bool:
    value = folded(text)
    if value in YES or value in {folded(_("yes"))}:
        return True
    if value in NO or value in {folded(_("no"))}:
        return False
    raise CellError(_("%(value)s is neither yes nor no") % {"value": text})


def read_email(text: str) -> str:
    email = clean_text(text, max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CellError(_("%(value)s is not an email address") % {"value": text}) from None
    return email


def labels_in_every_language(choices) -> dict[str, str]:
    """{folded value or label in any language: value} of a model field's choices."""
    names = {}
    for value, label in choices:
        names[folded(value)] = value
        for code in LANGUAGE_CODES:
            with override(code):
                names[folded(str(label))] = value
    return names


def read_choice(text: str, names: dict[str, str]) -> str:
    value = names.get(folded(text))
    if value is None:
        raise CellError(
            _("%(value)s is not one of: %(choices)s")
            % {"value": text, "choices": ", ".join(sorted({str(v) for v in names.values()}))}
        )
    return value


def split_list(text: str) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(str(text).strip()) if item]


class NamedRows:
    """Rows (places, crafts) found by their slug or their name in any script and spelling of
    letters and digits: ``find("كوت")`` finds Kut. A name that two rows share is ambiguous unless
    the slug is given."""

    def __init__(self, rows: Iterable, name_fields: tuple[str, ...], what: str, parent: str = ""):
        self.what = what
        rows = list(rows)
        # With ``parent``, a name that a row and one above it share means the row below: "Ilam",
        # a city in the province of Ilam, is the city.
        self.parents = {row.pk: getattr(row, parent) for row in rows} if parent else {}
        self.by_name: dict[str, list] = {}
        for row in rows:
            keys = {folded(row.slug)} | {folded(getattr(row, field)) for field in name_fields if getattr(row, field)}
            for key in keys:
                self.by_name.setdefault(key, []).append(row)

    def find_all(self, text: str) -> list:
        """The rows a list in one cell names ("Kilim; Jajim"), each once, in the order given."""
        found = []
        for name in split_list(text):
            row = self.find(name)
            if row not in found:
                found.append(row)
        return found

    def rows(self) -> list:
        return list({row.pk: row for found in self.by_name.values() for row in found}.values())

    def find(self, text: str):
        found = self.by_name.get(folded(text), [])
        if not found:
            raise CellError(_("no %(what)s is named %(value)s") % {"what": self.what, "value": text})
        found = list({row.pk: row for row in found}.values())
        if len(found) > 1 and self.parents:
            deepest = [row for row in found if all(other is row or self.above(other, row) for other in found)]
            found = deepest or found
        if len(found) > 1:
            raise CellError(
                _("%(value)s could be any of %(count)s: give the slug instead (%(slugs)s)")
                % {"count": len(found), "value": text, "slugs": ", ".join(sorted(row.slug for row in found))}
            )
        return found[0]

    def above(self, upper, row) -> bool:
        """Whether ``upper`` is a row above ``row`` (its parent, or its parent's, and so on)."""
        seen = set()
        parent = self.parents.get(row.pk)
        while parent is not None and parent not in seen:
            if parent == upper.pk:
                return True
            seen.add(parent)
            parent = self.parents.get(parent)
        return False
