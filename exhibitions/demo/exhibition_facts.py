"""The exhibitions the seed articles report, and the weekly fair one of them belongs to.

Sources are the keys of ``facts.SOURCES``; places, organisations and people are slugs or ISO codes.
"""

import datetime

# The crafts the articles list for each exhibition (001 and 002 for October 2025, 000 for January 2026).
CRAFTS_SHOWN_KUT_2025 = (
    "kilim",
    "jajim",
    "chit",
    "knitwear",
    "woven-fabric",
    "mat-weaving",
    "leather-bags",
    "leather-mosaic",
    "pottery",
    "traditional-jewellery",
    "copperware",
    "woodwork",
    "traditional-dolls",
)
CRAFTS_SHOWN_KUT_2026 = ("kilim", "leatherwork", "pottery", "traditional-jewellery")

SERIES = {
    "wasit-handicrafts-exhibition": {
        "name_en": "Wasit handicrafts exhibition",
        "name_fa": "نمایشگاه صنایع دستی واسط",
        "name_ar": "معرض واسط للصناعات اليدوية",
        "frequency": "weekly",
        "host_place": "kut",
        "organisers": ("wasit-governorate",),
        "description": (
            "Held weekly in Kut. It attracts visitors and artisans from Iran and Iraq and is a platform for "
            "marketing, exchanging experience and expanding cooperation; Ilam artisans take part regularly."
        ),
        "sources": ("000",),
    },
}

EXHIBITIONS = {
    "ilam-handicrafts-kut-2025-10": {
        "title_en": "Ilam Handicrafts Exhibition in Kut",
        "title_fa": "نمایشگاه صنایع دستی ایلام در کوت",
        "title_ar": "معرض الصناعات اليدوية لمحافظة إيلام في الكوت",
        "place": "kut",
        "start_date": datetime.date(2025, 10, 10),
        "end_date": datetime.date(2025, 10, 16),
        "date_precision": "exact",
        "occasion_en": "Iraq\u2019s National Day",
        "occasion_fa": "روز ملی عراق",
        "occasion_ar": "اليوم الوطني العراقي",
        "participants_reported": 15,
        "crafts_shown": CRAFTS_SHOWN_KUT_2025,
        "description": (
            "A week-long exhibition of handicrafts from Ilam province, opened on Friday 10 October 2025 "
            "(the end date is counted from \u201cweek-long\u201d). Fifteen Iranian artisans and producers "
            "showed kilim, jajim, chit, knitwear, woven fabric, mat weaving, leather bags, leather mosaic "
            "(marquetry), pottery, jewellery, copper utensils, wooden items and traditional dolls. Its aims: "
            "to introduce the artistic and cultural capacities of Ilam and other Iranian provinces, develop "
            "the market for handicrafts, and strengthen trade, tourism and cultural ties between Iran and "
            "Iraq. Ilam's delegation (Sharifi, Mirzad, deputies and Qazi Zahedi) was greeted at the opening "
            "by Wasit dignitaries. Mirzad called the event a \u201cbridge\u201d between markets; Sharifi "
            "called handicrafts a \u201ccommon language\u201d across borders and said the government wants "
            "its border provinces to play an active role in regional trade."
        ),
        "status": "published",
        "sources": ("001", "002"),
        # organisation slug, role, source
        "organisers": (
            ("ilam-governorate", "organiser", "001"),
            ("ilam-cultural-heritage", "co_organiser", "001"),
            ("wasit-governorate", "host_authority", "001"),
        ),
        # person slug, side, organisation slug, source, title en, fa, ar[, note]
        "officials": (
            (
                "farzad-sharifi",
                "delegation",
                "ilam-cultural-heritage",
                "001",
                "Head of Ilam Cultural Heritage Department",
                "مدیر میراث فرهنگی ایلام",
                "رئيس دائرة التراث الثقافي في إيلام",
            ),
            (
                "abbas-mirzad",
                "delegation",
                "ilam-governorate",
                "001",
                "Ilam\u2019s deputy coordinator for economic affairs",
                "معاون هماهنگی امور اقتصادی استانداری ایلام",
                "معاون منسق الشؤون الاقتصادية في محافظة إيلام",
            ),
            (
                "abbas-mirzad",
                "delegation",
                "ilam-governorate",
                "002",
                "Deputy governor general of Ilam province",
                "معاون استاندار ایلام",
                "نائب محافظ إيلام",
            ),
            (
                "qazi-zahedi",
                "delegation",
                "foreign-ministry-office-ilam",
                "001",
                "Head of the Foreign Ministry\u2019s office in Ilam",
                "رئیس دفتر نمایندگی وزارت امور خارجه در ایلام",
                "رئيس مكتب وزارة الخارجية في إيلام",
            ),
            (
                "jafar-malekshahi",
                "host",
                "badreh-district-administration",
                "001",
                "Governor general of Badreh",
                "فرماندار بدره",
                "قائممقام قضاء بدرة",
            ),
        ),
        # kind, source, description
        "outcomes": (
            (
                "talks",
                "001",
                "The Ilam delegation held talks with the governor general of Badreh and local officials on "
                "exports, tourism and university cooperation.",
            ),
            (
                "talks",
                "002",
                "At a meeting with Wasit officials trade, tourism and student issues were discussed, and "
                "decisions were made on exports and imports.",
            ),
            (
                "agreement_proposed",
                "002",
                "A memorandum of understanding between the two sides was proposed, to be reviewed during the "
                "governors\u2019 upcoming visit, as a basis for joint communication and trade development.",
            ),
            (
                "agreement_proposed",
                "001",
                "Both sides stressed the need to finalise a memorandum of understanding soon.",
            ),
            (
                "invitation",
                "001",
                "Wasit officials were invited on a familiarisation tour (fam-tour) of Ilam to visit its "
                "tourist and cultural sites. Also reported by IRIB.",
            ),
        ),
        "claims": ("ilam-exhibitions-in-iraq-count", "iran-handicraft-foreign-markets"),
    },
    "wasit-handicrafts-kut-2026-01": {
        "title_en": "Wasit handicrafts exhibition in Kut, January 2026",
        "title_fa": "نمایشگاه صنایع دستی واسط در کوت، ژانویه ۲۰۲۶",
        "title_ar": "معرض واسط للصناعات اليدوية في الكوت، كانون الثاني 2026",
        "series": "wasit-handicrafts-exhibition",
        "place": "kut",
        "start_date": datetime.date(2026, 1, 1),
        "date_precision": "month",
        "crafts_shown": CRAFTS_SHOWN_KUT_2026,
        "description": (
            "Ilam artisans showed kilim weaving, leatherwork, pottery and traditional jewellery at the weekly "
            "Wasit handicrafts exhibition in Kut. Reported on 19 January 2026; the exact week is not given. "
            "The aim, according to Ilam's director general of cultural heritage, is to introduce local "
            "capabilities and expand exports of handicrafts."
        ),
        "status": "published",
        "sources": ("000",),
        "organisers": (),
        "officials": (
            (
                "farzad-sharifi",
                "delegation",
                "ilam-cultural-heritage",
                "000",
                "Director general of cultural heritage, tourism and handicrafts of Ilam province",
                "مدیرکل میراث فرهنگی، گردشگری و صنایع دستی استان ایلام",
                "المدير العام للتراث الثقافي والسياحة والصناعات اليدوية في محافظة إيلام",
                "Quoted by the source about the exhibition; the source does not say he attended it.",
            ),
        ),
        "outcomes": (),
        "claims": ("ilam-exhibitions-in-iraq-count",),
    },
    "ilam-handicrafts-sulaymaniyah": {
        "title_en": "Ilam handicrafts exhibition in Sulaymaniyah",
        "title_fa": "نمایشگاه صنایع دستی ایلام در سلیمانیه",
        "title_ar": "معرض الصناعات اليدوية لمحافظة إيلام في السليمانية",
        "place": "IQ-SU",
        "date_precision": "unknown",
        "description": (
            "An exhibition Ilam arranged in Sulaymaniyah before October 2025, mentioned when the Kut exhibition "
            "opened. Neither its date nor its city is given."
        ),
        "status": "published",
        "sources": ("001", "002"),
        "organisers": (),
        "officials": (),
        "outcomes": (),
        "claims": ("ilam-exhibitions-in-iraq-count",),
    },
    "ilam-handicrafts-wasit-earlier": {
        "title_en": "Earlier Ilam handicrafts exhibition in Wasit",
        "title_fa": "نمایشگاه پیشین صنایع دستی ایلام در واسط",
        "title_ar": "معرض سابق للصناعات اليدوية لمحافظة إيلام في واسط",
        "place": "IQ-WA",
        "date_precision": "unknown",
        "description": (
            "An exhibition Ilam arranged in Wasit province before October 2025, mentioned when the Kut "
            "exhibition opened. Neither its date nor its city is given."
        ),
        "status": "published",
        "sources": ("001", "002"),
        "organisers": (),
        "officials": (),
        "outcomes": (),
        "claims": ("ilam-exhibitions-in-iraq-count",),
    },
}
