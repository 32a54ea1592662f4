"""Invented artisans for the demonstration: the articles name none.

Every row here is marked ``is_sample`` and says so in its text, so that ``remove_sample_data``
can take it away again without touching a fact from the sources.
"""

from collections import Counter

from django.db.models import ProtectedError

from crafts.models import CraftCategory
from registry.models import Artisan, ArtisanCraft, Place, PublicationStatus
from registry.places import add_missing, upsert

from ..models import Exhibition, Participation
from .exhibition_facts import CRAFTS_SHOWN_KUT_2025, CRAFTS_SHOWN_KUT_2026

KUT_2025 = "ilam-handicrafts-kut-2025-10"
KUT_2026 = "wasit-handicrafts-kut-2026-01"

# Common given names and Ilam (Kurdish and Lur) family names, in Persian script with the usual
# Latin spelling. Home place: an ISO code or a place slug. Crafts: the primary one first.
# latin name, Persian name, gender, birth year, home place, crafts, practising since, exhibitions
ARTISANS = (
    ("Maryam Zargoushi", "مریم زرگوشی", "female", 1978, "ilam-city", ("embossed-kilim", "kilim"), 1994, (KUT_2025,)),
    ("Fatemeh Arkavazi", "فاطمه ارکوازی", "female", 1969, "IR-16", ("kilim", "jajim"), 1985, (KUT_2025,)),
    ("Zahra Morovati", "زهرا مروتی", "female", 1985, "IR-16", ("jajim", "woven-fabric"), 2003, (KUT_2025,)),
    ("Roghayeh Jalilian", "رقیه جلیلیان", "female", 1972, "IR-16", ("chit", "mat-weaving"), 1990, (KUT_2025,)),
    ("Sakineh Veisi", "سکینه ویسی", "female", 1964, "IR-16", ("knitwear",), 1980, (KUT_2025,)),
    ("Parvin Sohrabi", "پروین سهرابی", "female", 1980, "ilam-city", ("woven-fabric", "knitwear"), 2000, (KUT_2025,)),
    (
        "Ali Kiani",
        "علی کیانی",
        "male",
        1975,
        "ilam-city",
        ("leather-mosaic", "leather-bags"),
        1998,
        (KUT_2025, KUT_2026),
    ),
    ("Hossein Heydari", "حسین حیدری", "male", 1983, "IR-16", ("leather-bags",), 2006, (KUT_2025,)),
    ("Leila Karami", "لیلا کرمی", "female", 1990, "IR-16", ("mat-weaving",), 2010, (KUT_2025,)),
    ("Reza Alimoradi", "رضا علیمرادی", "male", 1968, "IR-16", ("pottery",), 1988, (KUT_2025, KUT_2026)),
    ("Morad Khodadadi", "مراد خدادادی", "male", 1961, "IR-05", ("copperware",), 1979, (KUT_2025,)),
    ("Nasrin Shirkhani", "نسرین شیرخانی", "female", 1987, "ilam-city", ("traditional-jewellery",), 2008, (KUT_2025,)),
    ("Karim Azizi", "کریم عزیزی", "male", 1970, "IR-16", ("woodwork",), 1992, (KUT_2025,)),
    (
        "Masoumeh Rostami",
        "معصومه رستمی",
        "female",
        1976,
        "IR-15",
        ("traditional-dolls", "knitwear"),
        1996,
        (KUT_2025,),
    ),
    ("Hamid Moradi", "حمید مرادی", "male", 1979, "IR-16", ("pottery", "copperware"), 2001, (KUT_2025,)),
    ("Soheila Amiri", "سهیلا امیری", "female", 1982, "IR-16", ("embossed-kilim",), 2002, (KUT_2026,)),
    ("Yadollah Mohammadi", "یدالله محمدی", "male", 1958, "IR-16", ("kilim", "embossed-kilim"), 1975, ()),
    (
        "Khadijeh Nazari",
        "خدیجه نظری",
        "female",
        1974,
        "IR-06",
        ("traditional-jewellery", "traditional-dolls"),
        1995,
        (KUT_2026,),
    ),
)

# To exercise the privacy rules: one record still a draft, one artisan who has not consented.
DRAFTS = {"Sakineh Veisi"}
WITHOUT_CONSENT = {"Leila Karami"}

CRAFTS_SHOWN = {KUT_2025: CRAFTS_SHOWN_KUT_2025, KUT_2026: CRAFTS_SHOWN_KUT_2026}


def sample_slug(latin_name: str) -> str:
    return "sample-" + latin_name.lower().replace(" ", "-")


def _shown(craft: CraftCategory, shown: tuple[str, ...]) -> str | None:
    """The craft as the exhibition listed it: itself, or its nearest listed ancestor."""
    for slug in reversed(craft.tree_path.strip("/").split("/")):
        if slug in shown:
            return slug
    return None


def load_samples(*, places: dict[str, Place], crafts: dict[str, CraftCategory], counts: Counter) -> None:
    exhibitions = {e.slug: e for e in Exhibition.objects.filter(slug__in=CRAFTS_SHOWN)}
    for number, (latin, name, gender, birth_year, home, craft_slugs, since, shown_at) in enumerate(ARTISANS, 1):
        home_place = places[home]
        primary = crafts[craft_slugs[0]]
        artisan, status = upsert(
            Artisan,
            {"slug": sample_slug(latin)},
            {
                "name": name,
                "name_latin": latin,
                "gender": gender,
                "birth_year": birth_year,
                "home_place": home_place,
                "biography_en": (
                    f"Sample data, invented for the demonstration: not a real person. "
                    f"Main craft: {primary.name_en.lower()}; from {home_place.name_en}"
                    f"{' province' if home_place.kind == Place.Kind.PROVINCE else ''}."
                ),
                "biography_fa": (
                    f"داده‌ی نمونه، ساخته برای نمایش: شخص واقعی نیست. "
                    f"رشته‌ی اصلی: {primary.name_fa}؛ از "
                    f"{'استان ' if home_place.kind == Place.Kind.PROVINCE else ''}{home_place.name_fa}."
                ),
                "biography_ar": (
                    f"بيانات تجريبية مختلقة للعرض: ليست شخصاً حقيقياً. "
                    f"الحرفة الرئيسية: {primary.name_ar or primary.name_en}؛ من "
                    f"{'محافظة ' if home_place.kind == Place.Kind.PROVINCE else ''}{home_place.name_ar}."
                ),
                "phone": f"+98 918 000 {number:04d}",
                "consent_to_publish": latin not in WITHOUT_CONSENT,
                "status": PublicationStatus.DRAFT if latin in DRAFTS else PublicationStatus.PUBLISHED,
                "is_sample": True,
            },
        )
        counts[f"artisans {status}"] += 1
        # Secondary crafts first, so that the one-primary rule holds if the primary ever changes.
        for slug in reversed(craft_slugs):
            _link, status = upsert(
                ArtisanCraft,
                {"artisan": artisan, "craft": crafts[slug]},
                {"is_primary": slug == craft_slugs[0], "since_year": since},
            )
            counts[f"crafts practised {status}"] += 1
        for exhibition_slug in shown_at:
            participation, status = upsert(
                Participation,
                {"artisan": artisan, "exhibition": exhibitions[exhibition_slug]},
                {
                    "role": Participation.Role.EXHIBITOR,
                    "note": "Sample participation, invented for the demonstration.",
                    "is_sample": True,
                },
            )
            counts[f"participations {status}"] += 1
            shown = {_shown(crafts[slug], CRAFTS_SHOWN[exhibition_slug]) for slug in craft_slugs} - {None}
            add_missing(participation.crafts_shown, *(crafts[slug] for slug in sorted(shown)))


class SampleDataInUse(Exception):
    pass


def remove_sample_data() -> dict[str, int]:
    """Delete the sample fair, sample participations, then sample artisans; return how many rows of
    each went."""
    from .fair import remove_sample_fair

    remove_sample_fair()
    _total, participations = Participation.objects.samples().delete()
    try:
        _total, artisans = Artisan.objects.samples().delete()
    except ProtectedError as error:
        names = sorted({str(obj.artisan) for obj in error.protected_objects})
        raise SampleDataInUse(
            "Sample artisans have participations that are not sample data: " + ", ".join(names)
        ) from error
    return {
        "participations": participations.get(Participation._meta.label, 0),
        "artisans": artisans.get(Artisan._meta.label, 0),
        "crafts practised": artisans.get(ArtisanCraft._meta.label, 0),
    }
