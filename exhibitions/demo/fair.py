"""A fair to run in the demonstration: the next October fair of Ilam's artisans in Kut, with its call
for participation open, and the sample artisans' registrations verified (one pending, one that
expires before the fair, one suspended), so that every rule of a call can be tried.

Like the sample artisans, all of it is invented and says so, and ``remove_sample_data`` takes it
away again (``remove_sample_fair``).
"""

import datetime
from collections import Counter

from crafts.models import CraftCategory
from registry.models import Artisan, Place, PublicationStatus, RegistrationStatus, Sanction, Verification, valid_until
from registry.places import add_missing, upsert

from ..models import Application, Call, Criterion, Exhibition, Invitation, Quota, Stall
from .samples import ARTISANS, sample_slug

SAMPLE_FAIR = "sample-ilam-handicrafts-kut-2027-10"
FAIR_START = datetime.date(2027, 10, 10)
# The October 2025 fair in Kut showed fifteen artisans; the call keeps that number, by craft.
PLACES = {
    "kilim": 4,
    "leatherwork": 3,
    "pottery": 2,
    "traditional-jewellery": 2,
    "copperware": 2,
    "traditional-dolls": 2,
}
CRITERIA = (
    ("Quality of the work", "کیفیت کار", "جودة العمل"),
    ("Authenticity to Ilam's tradition", "اصالت و پیوند با سنت ایلام", "الأصالة وارتباطها بتقاليد إيلام"),
    ("Fit for the Iraqi market", "تناسب با بازار عراق", "الملاءمة للسوق العراقية"),
)
VERIFIED_ON = datetime.date(2026, 6, 1)
# Verified long ago: valid until 31 August 2027, before the fair.
EXPIRING = {"Hossein Heydari": datetime.date(2025, 9, 1)}
PENDING = {"Yadollah Mohammadi"}
SUSPENDED = {"Karim Azizi": datetime.date(2027, 12, 31)}


def load_fair(*, places: dict[str, Place], crafts: dict[str, CraftCategory], counts: Counter) -> None:
    _registrations(counts)
    kut_2025 = Exhibition.objects.get(slug="ilam-handicrafts-kut-2025-10")
    exhibition, status = upsert(
        Exhibition,
        {"slug": SAMPLE_FAIR},
        {
            "title_en": "Ilam Handicrafts Exhibition in Kut, October 2027 (sample)",
            "title_fa": "نمایشگاه صنایع دستی ایلام در کوت، مهر ۱۴۰۶ (نمونه)",
            "title_ar": "معرض الصناعات اليدوية لمحافظة إيلام في الكوت، تشرين الأول ٢٠٢٧ (تجريبي)",
            "place": kut_2025.place,
            "start_date": FAIR_START,
            "end_date": FAIR_START + datetime.timedelta(days=6),
            "date_precision": Exhibition.DatePrecision.EXACT,
            "status": PublicationStatus.DRAFT,
            "description_en": (
                "Sample data, invented for the demonstration: a fair to run from its call to its outcomes."
            ),
            "description_fa": "داده‌ی نمونه، ساخته برای نمایش: نمایشگاهی برای اجرای فراخوان تا نتایج.",
            "description_ar": "بيانات تجريبية مختلقة للعرض: معرض يُدار من الدعوة إلى النتائج.",
        },
    )
    counts[f"exhibitions {status}"] += 1
    call, status = upsert(
        Call,
        {"exhibition": exhibition},
        {
            "opens_on": datetime.date(2026, 12, 1),
            "closes_on": datetime.date(2027, 8, 31),
            "places": sum(PLACES.values()),
            "rules_en": (
                "Sample call, invented for the demonstration. Each applicant proposes up to five pieces made by "
                "their own hand; the office visits the workshop of those accepted before the fair."
            ),
            "rules_fa": (
                "فراخوان نمونه، ساخته برای نمایش. هر متقاضی تا پنج اثر دست‌ساز خود را پیشنهاد می‌کند؛ اداره پیش از "
                "نمایشگاه از کارگاه پذیرفته‌شدگان بازدید می‌کند."
            ),
            "rules_ar": (
                "دعوة تجريبية مختلقة للعرض. يقترح كل متقدم حتى خمس قطع من صنع يده؛ ويزور المكتب ورش المقبولين قبل "
                "المعرض."
            ),
        },
    )
    counts[f"calls for participation {status}"] += 1
    add_missing(call.home_provinces, places["IR-16"])
    for slug, number in PLACES.items():
        _quota, status = upsert(Quota, {"call": call, "craft": crafts[slug]}, {"places": number})
        counts[f"places per craft {status}"] += 1
    for position, (en, fa, ar) in enumerate(CRITERIA, 1):
        _criterion, status = upsert(
            Criterion, {"call": call, "position": position}, {"name_en": en, "name_fa": fa, "name_ar": ar}
        )
        counts[f"criteria {status}"] += 1
    for number in range(1, 16):
        _stall, status = upsert(
            Stall, {"exhibition": exhibition, "label": f"A{number}"}, {"zone": "A" if number <= 8 else "B"}
        )
        counts[f"stalls {status}"] += 1


def _registrations(counts: Counter) -> None:
    for latin, *_rest in ARTISANS:
        artisan = Artisan.objects.get(slug=sample_slug(latin))
        if latin in PENDING:
            continue
        verified_on = EXPIRING.get(latin, VERIFIED_ON)
        _verification, status = upsert(
            Verification,
            {"artisan": artisan, "verified_on": verified_on},
            {
                "method": Verification.Method.WORKSHOP_VISIT,
                "valid_until": valid_until(verified_on),
                "note": "Sample verification, invented for the demonstration.",
            },
        )
        counts[f"verifications {status}"] += 1
        _artisan, _status = upsert(
            Artisan,
            {"pk": artisan.pk},
            {"registration_status": RegistrationStatus.VERIFIED, "registration_valid_until": valid_until(verified_on)},
        )
        if latin in SUSPENDED:
            _sanction, status = upsert(
                Sanction,
                {"artisan": artisan, "until": SUSPENDED[latin]},
                {
                    "reason": "Sample sanction, invented for the demonstration.",
                    "starts_on": datetime.date(2026, 11, 1),
                },
            )
            counts[f"sanctions {status}"] += 1


def remove_sample_fair() -> None:
    """The sample fair's call, applications, stalls and invitations, and the fair itself."""
    Application.objects.filter(call__exhibition__slug=SAMPLE_FAIR).delete()
    Call.objects.filter(exhibition__slug=SAMPLE_FAIR).delete()
    Invitation.objects.filter(exhibition__slug=SAMPLE_FAIR).delete()
    Exhibition.objects.filter(slug=SAMPLE_FAIR, participations__isnull=True).delete()
