"""Countries and their ISO 3166-2 subdivisions, named in English, Persian and Arabic.

pycountry knows every code but names subdivisions only in a romanisation with diacritics
("Īlām", "Wāsiţ") and has no Persian or Arabic names for them, so the countries the registry
works in carry a curated table of the names people actually use.
"""

import gettext
from collections import Counter
from collections.abc import Callable

import pycountry
from django.db import models
from django.utils.text import slugify

from .models import Place

DEFAULT_COUNTRIES = ("IR", "IQ")

# code: (English, Persian, Arabic)
COUNTRY_NAMES = {
    "IR": ("Iran", "ایران", "إيران"),
    "IQ": ("Iraq", "عراق", "العراق"),
}

SUBDIVISION_NAMES = {
    # Iran: the 31 provinces (ostan).
    "IR-00": ("Markazi", "مرکزی", "مركزي"),
    "IR-01": ("Gilan", "گیلان", "جيلان"),
    "IR-02": ("Mazandaran", "مازندران", "مازندران"),
    "IR-03": ("East Azerbaijan", "آذربایجان شرقی", "أذربيجان الشرقية"),
    "IR-04": ("West Azerbaijan", "آذربایجان غربی", "أذربيجان الغربية"),
    "IR-05": ("Kermanshah", "کرمانشاه", "كرمانشاه"),
    "IR-06": ("Khuzestan", "خوزستان", "خوزستان"),
    "IR-07": ("Fars", "فارس", "فارس"),
    "IR-08": ("Kerman", "کرمان", "كرمان"),
    "IR-09": ("Razavi Khorasan", "خراسان رضوی", "خراسان رضوي"),
    "IR-10": ("Isfahan", "اصفهان", "أصفهان"),
    "IR-11": ("Sistan and Baluchestan", "سیستان و بلوچستان", "سيستان وبلوشستان"),
    "IR-12": ("Kurdistan", "کردستان", "كردستان"),
    "IR-13": ("Hamadan", "همدان", "همدان"),
    "IR-14": ("Chaharmahal and Bakhtiari", "چهارمحال و بختیاری", "جهارمحال وبختياري"),
    "IR-15": ("Lorestan", "لرستان", "لرستان"),
    "IR-16": ("Ilam", "ایلام", "إيلام"),
    "IR-17": ("Kohgiluyeh and Boyer-Ahmad", "کهگیلویه و بویراحمد", "كهكيلويه وبوير أحمد"),
    "IR-18": ("Bushehr", "بوشهر", "بوشهر"),
    "IR-19": ("Zanjan", "زنجان", "زنجان"),
    "IR-20": ("Semnan", "سمنان", "سمنان"),
    "IR-21": ("Yazd", "یزد", "يزد"),
    "IR-22": ("Hormozgan", "هرمزگان", "هرمزغان"),
    "IR-23": ("Tehran", "تهران", "طهران"),
    "IR-24": ("Ardabil", "اردبیل", "أردبيل"),
    "IR-25": ("Qom", "قم", "قم"),
    "IR-26": ("Qazvin", "قزوین", "قزوين"),
    "IR-27": ("Golestan", "گلستان", "كلستان"),
    "IR-28": ("North Khorasan", "خراسان شمالی", "خراسان الشمالية"),
    "IR-29": ("South Khorasan", "خراسان جنوبی", "خراسان الجنوبية"),
    "IR-30": ("Alborz", "البرز", "البرز"),
    # Iraq: the 18 governorates (muhafazat) and the Kurdistan Region, which ISO lists too.
    "IQ-AN": ("Anbar", "الانبار", "الأنبار"),
    "IQ-AR": ("Erbil", "اربیل", "أربيل"),
    "IQ-BA": ("Basra", "بصره", "البصرة"),
    "IQ-BB": ("Babil", "بابل", "بابل"),
    "IQ-BG": ("Baghdad", "بغداد", "بغداد"),
    "IQ-DA": ("Duhok", "دهوک", "دهوك"),
    "IQ-DI": ("Diyala", "دیاله", "ديالى"),
    "IQ-DQ": ("Dhi Qar", "ذی‌قار", "ذي قار"),
    "IQ-KA": ("Karbala", "کربلا", "كربلاء"),
    "IQ-KI": ("Kirkuk", "کرکوک", "كركوك"),
    "IQ-KR": ("Kurdistan Region", "اقلیم کردستان", "إقليم كردستان"),
    "IQ-MA": ("Maysan", "میسان", "ميسان"),
    "IQ-MU": ("Muthanna", "مثنی", "المثنى"),
    "IQ-NA": ("Najaf", "نجف", "النجف"),
    "IQ-NI": ("Nineveh", "نینوا", "نينوى"),
    "IQ-QA": ("Qadisiyyah", "قادسیه", "القادسية"),
    "IQ-SD": ("Saladin", "صلاح‌الدین", "صلاح الدين"),
    "IQ-SU": ("Sulaymaniyah", "سلیمانیه", "السليمانية"),
    "IQ-WA": ("Wasit", "واسط", "واسط"),
}


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, str]:
    """Create or update one row, saving only when a value differs.

    Returns the row and "created", "updated" or "unchanged". Unlike ``update_or_create`` it does
    not save an unchanged row, so running a loader again leaves ``auto_now`` timestamps alone.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, "created"
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, "updated"


def add_missing(relation, *objs: models.Model) -> None:
    """``relation.add(*objs)`` for the objects not related yet.

    Django signals an add even when every object was there already, and each signal writes a
    history row: a loader run again must record nothing.
    """
    present = set(relation.values_list("pk", flat=True))
    missing = [obj for obj in objs if obj.pk not in present]
    if missing:
        relation.add(*missing)


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        # Compare ids: reading the related object would cost a query per row.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _catalogue_name(domain: str, language: str, *msgids: str | None) -> str:
    """The first of ``msgids`` that the pycountry catalogue translates, or ''."""
    try:
        catalogue = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return ""
    for msgid in msgids:
        if msgid and (translated := catalogue.gettext(msgid)) != msgid:
            return translated
    return ""


def country_names(country) -> tuple[str, str, str]:
    if country.alpha_2 in COUNTRY_NAMES:
        return COUNTRY_NAMES[country.alpha_2]
    common = getattr(country, "common_name", None)
    return (
        common or country.name,
        _catalogue_name("iso3166-1", "fa", common, country.name),
        _catalogue_name("iso3166-1", "ar", common, country.name),
    )


def subdivision_names(subdivision) -> tuple[str, str, str]:
    if subdivision.code in SUBDIVISION_NAMES:
        return SUBDIVISION_NAMES[subdivision.code]
    return (
        subdivision.name,
        _catalogue_name("iso3166-2", "fa", subdivision.name),
        _catalogue_name("iso3166-2", "ar", subdivision.name),
    )


def country_slug(name_en: str, code: str) -> str:
    return slugify(name_en) or code.lower()


def subdivision_slug(name_en: str, code: str) -> str:
    # The code keeps the slug unique where two countries (or one) reuse a name: "ir-16-ilam".
    return "-".join(part for part in (slugify(code), slugify(name_en)) if part)


def lookup_country(code: str):
    """The pycountry record for an ISO 3166-1 alpha-2 code, or None."""
    return pycountry.countries.get(alpha_2=code.strip().upper())


def load_country(country, *, log: Callable[[str], None] | None = None) -> Counter:
    """Load one pycountry country and all its subdivisions; count what was created or updated."""
    counts = Counter()
    name_en, name_fa, name_ar = country_names(country)
    country_place, status = upsert(
        Place,
        {"code": country.alpha_2},
        {
            "kind": Place.Kind.COUNTRY,
            "parent": None,
            "name_en": name_en,
            "name_fa": name_fa,
            "name_ar": name_ar,
            "slug": country_slug(name_en, country.alpha_2),
        },
    )
    counts[status] += 1
    subdivisions = sorted(pycountry.subdivisions.get(country_code=country.alpha_2) or [], key=lambda s: s.code)
    for subdivision in subdivisions:
        name_en, name_fa, name_ar = subdivision_names(subdivision)
        _place, status = upsert(
            Place,
            {"code": subdivision.code},
            {
                "kind": Place.Kind.PROVINCE,
                "parent": country_place,
                "name_en": name_en,
                "name_fa": name_fa,
                "name_ar": name_ar,
                "slug": subdivision_slug(name_en, subdivision.code),
            },
        )
        counts[status] += 1
    if log:
        log(
            f"{country_place.name_en} ({country.alpha_2}) and its {len(subdivisions)} subdivisions: "
            f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
        )
    return counts
