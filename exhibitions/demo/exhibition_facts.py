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
        "description": {
            "en": (
                "Held weekly in Kut. It attracts visitors and artisans from Iran and Iraq and is a platform for "
                "marketing, exchanging experience and expanding cooperation; Ilam artisans take part regularly."
            ),
            "fa": (
                "هر هفته در کوت برگزار می‌شود. بازدیدکنندگان و هنرمندانی از ایران و عراق را جذب می‌کند و بستری برای "
                "بازاریابی، تبادل تجربه و گسترش همکاری است؛ هنرمندان ایلام به‌طور منظم در آن شرکت می‌کنند."
            ),
            "ar": (
                "يقام أسبوعياً في الكوت. يستقطب زواراً وحرفيين من إيران والعراق، ويمثل منصة للتسويق وتبادل الخبرات "
                "وتوسيع التعاون؛ ويشارك فيه حرفيو إيلام بانتظام."
            ),
        },
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
        "description": {
            "en": (
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
            "fa": (
                "نمایشگاهی یک‌هفته‌ای از صنایع‌دستی استان ایلام که روز جمعه 10 اکتبر 2025 گشایش یافت (تاریخ پایان آن از "
                "«یک‌هفته‌ای» بودنش حساب شده است). پانزده هنرمند و تولیدکننده ایرانی گلیم، جاجیم، چیت، بافتنی، "
                "پارچه‌بافی، حصیربافی، کیف چرمی، معرق چرم، سفال، زیورآلات، ظروف مسی، اشیای چوبی و عروسک‌های سنتی را به "
                "نمایش گذاشتند. اهداف آن: معرفی ظرفیت‌های هنری و فرهنگی ایلام و دیگر استان‌های ایران، توسعه بازار "
                "صنایع‌دستی و تقویت پیوندهای تجاری، گردشگری و فرهنگی میان ایران و عراق. مقامات واسط در مراسم گشایش از "
                "هیئت ایلام (شریفی، میرزاد، معاونان و Qazi Zahedi) استقبال کردند. میرزاد این رویداد را «پلی» میان "
                "بازارها خواند؛ شریفی صنایع‌دستی را «زبان مشترک» فراتر از مرزها دانست و گفت دولت می‌خواهد استان‌های "
                "مرزی‌اش نقشی فعال در تجارت منطقه‌ای ایفا کنند."
            ),
            "ar": (
                "معرض للصناعات اليدوية من محافظة إيلام مدته أسبوع، افتتح يوم الجمعة 10 تشرين الأول 2025 (احتسب تاريخ "
                "اختتامه من وصفه بأنه «لمدة أسبوع»). عرض فيه خمسة عشر حرفياً ومنتجاً إيرانياً الكليم والجاجيم والجيت "
                "والمحبوكات والأقمشة المنسوجة ونسج الحصير والحقائب الجلدية وفسيفساء الجلد (التطعيم) والفخار والحلي "
                "والأواني النحاسية والقطع الخشبية والدمى التقليدية. وأهدافه: التعريف بالقدرات الفنية والثقافية لإيلام "
                "وسائر المحافظات الإيرانية، وتطوير سوق الصناعات اليدوية، وتعزيز الروابط التجارية والسياحية والثقافية "
                "بين إيران والعراق. واستقبل وجهاء واسط وفد إيلام (شريفي وميرزاد والمعاونين و Qazi Zahedi) عند "
                "الافتتاح. ووصف ميرزاد الحدث بأنه «جسر» بين الأسواق؛ ووصف شريفي الصناعات اليدوية بأنها «لغة مشتركة» "
                "عابرة للحدود، وقال إن الحكومة تريد أن تؤدي محافظاتها الحدودية دوراً فاعلاً في التجارة الإقليمية."
            ),
        },
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
                {
                    "en": (
                        "The Ilam delegation held talks with the governor general of Badreh and local officials on "
                        "exports, tourism and university cooperation."
                    ),
                    "fa": (
                        "هیئت ایلام با فرماندار بدره و مقامات محلی درباره صادرات، گردشگری و همکاری‌های دانشگاهی گفت‌وگو "
                        "کرد."
                    ),
                    "ar": (
                        "أجرى وفد إيلام مباحثات مع قائممقام قضاء بدرة والمسؤولين المحليين بشأن الصادرات والسياحة "
                        "والتعاون الجامعي."
                    ),
                },
            ),
            (
                "talks",
                "002",
                {
                    "en": (
                        "At a meeting with Wasit officials trade, tourism and student issues were discussed, and "
                        "decisions were made on exports and imports."
                    ),
                    "fa": (
                        "در نشستی با مقامات واسط درباره مسائل تجاری، گردشگری و دانشجویی گفت‌وگو شد و درباره صادرات و "
                        "واردات تصمیم‌هایی گرفته شد."
                    ),
                    "ar": (
                        "في اجتماع مع مسؤولي واسط نوقشت قضايا التجارة والسياحة والطلبة، واتخذت قرارات بشأن الصادرات "
                        "والواردات."
                    ),
                },
            ),
            (
                "agreement_proposed",
                "002",
                {
                    "en": (
                        "A memorandum of understanding between the two sides was proposed, to be reviewed during the "
                        "governors\u2019 upcoming visit, as a basis for joint communication and trade development."
                    ),
                    "fa": (
                        "یادداشت تفاهمی میان دو طرف پیشنهاد شد تا در سفر آتی استانداران بررسی شود و پایه‌ای برای "
                        "ارتباطات مشترک و توسعه تجارت باشد."
                    ),
                    "ar": (
                        "اقترحت مذكرة تفاهم بين الجانبين، على أن تراجع خلال الزيارة المرتقبة للمحافظين، لتكون أساساً "
                        "للتواصل المشترك وتنمية التجارة."
                    ),
                },
            ),
            (
                "agreement_proposed",
                "001",
                {
                    "en": "Both sides stressed the need to finalise a memorandum of understanding soon.",
                    "fa": "دو طرف بر لزوم نهایی‌شدن هرچه زودتر یک یادداشت تفاهم تأکید کردند.",
                    "ar": "شدد الجانبان على ضرورة إنجاز مذكرة تفاهم قريباً.",
                },
            ),
            (
                "invitation",
                "001",
                {
                    "en": (
                        "Wasit officials were invited on a familiarisation tour (fam-tour) of Ilam to visit its "
                        "tourist and cultural sites. Also reported by IRIB."
                    ),
                    "fa": (
                        "از مقامات واسط دعوت شد در یک تور آشناسازی (فم‌تور) به ایلام سفر کنند و از اماکن گردشگری و "
                        "فرهنگی آن بازدید کنند. صدا و سیمای جمهوری اسلامی ایران نیز این خبر را گزارش کرده است."
                    ),
                    "ar": (
                        "دعي مسؤولو واسط إلى جولة تعريفية (fam-tour) في إيلام لزيارة مواقعها السياحية والثقافية. "
                        "وأوردت الخبر أيضاً هيئة الإذاعة والتلفزيون في جمهورية إيران الإسلامية."
                    ),
                },
            ),
        ),
        "claims": ("ilam-exhibitions-in-iraq-count", "iran-handicraft-foreign-markets"),
    },
    "wasit-handicrafts-kut-2026-01": {
        "title_en": "Wasit handicrafts exhibition in Kut, January 2026",
        "title_fa": "نمایشگاه صنایع دستی واسط در کوت، ژانویه ۲۰۲۶",
        "title_ar": "معرض واسط للصناعات اليدوية في الكوت، كانون الثاني ٢٠٢٦",
        "series": "wasit-handicrafts-exhibition",
        "place": "kut",
        "start_date": datetime.date(2026, 1, 1),
        "date_precision": "month",
        "crafts_shown": CRAFTS_SHOWN_KUT_2026,
        "description": {
            "en": (
                "Ilam artisans showed kilim weaving, leatherwork, pottery and traditional jewellery at the weekly "
                "Wasit handicrafts exhibition in Kut. Reported on 19 January 2026; the exact week is not given. "
                "The aim, according to Ilam's director general of cultural heritage, is to introduce local "
                "capabilities and expand exports of handicrafts."
            ),
            "fa": (
                "هنرمندان ایلام در نمایشگاه هفتگی صنایع‌دستی واسط در کوت، گلیم‌بافی، چرم‌دوزی، سفالگری و زیورآلات سنتی "
                "را به نمایش گذاشتند. گزارش آن در 19 ژانویه 2026 منتشر شد؛ هفته دقیق آن ذکر نشده است. به گفته مدیرکل "
                "میراث فرهنگی ایلام، هدف، معرفی توانمندی‌های محلی و گسترش صادرات صنایع‌دستی است."
            ),
            "ar": (
                "عرض حرفيو إيلام نسج الكليم والمصنوعات الجلدية والفخار والحلي التقليدية في معرض واسط الأسبوعي "
                "للصناعات اليدوية في الكوت. نشر الخبر في 19 كانون الثاني 2026؛ ولم يحدد الأسبوع بالضبط. والهدف، بحسب "
                "المدير العام للتراث الثقافي في إيلام، هو التعريف بالقدرات المحلية وتوسيع صادرات الصناعات اليدوية."
            ),
        },
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
                {
                    "en": "Quoted by the source about the exhibition; the source does not say he attended it.",
                    "fa": (
                        "منبع سخنان او را درباره نمایشگاه نقل کرده است، اما نمی‌گوید که او در نمایشگاه حضور داشته است."
                    ),
                    "ar": "نقل المصدر تصريحاته بشأن المعرض، ولا يذكر أنه حضره.",
                },
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
        "description": {
            "en": (
                "An exhibition Ilam arranged in Sulaymaniyah before October 2025, mentioned when the Kut exhibition "
                "opened. Neither its date nor its city is given."
            ),
            "fa": (
                "نمایشگاهی که ایلام پیش از اکتبر 2025 در سلیمانیه برپا کرده بود و هنگام گشایش نمایشگاه کوت از آن یاد "
                "شد. نه تاریخ آن ذکر شده است و نه شهر آن."
            ),
            "ar": (
                "معرض نظمته إيلام في السليمانية قبل تشرين الأول 2025، وورد ذكره عند افتتاح معرض الكوت. ولم يذكر "
                "تاريخه ولا مدينته."
            ),
        },
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
        "description": {
            "en": (
                "An exhibition Ilam arranged in Wasit province before October 2025, mentioned when the Kut "
                "exhibition opened. Neither its date nor its city is given."
            ),
            "fa": (
                "نمایشگاهی که ایلام پیش از اکتبر 2025 در استان واسط برپا کرده بود و هنگام گشایش نمایشگاه کوت از آن "
                "یاد شد. نه تاریخ آن ذکر شده است و نه شهر آن."
            ),
            "ar": (
                "معرض نظمته إيلام في محافظة واسط قبل تشرين الأول 2025، وورد ذكره عند افتتاح معرض الكوت. ولم يذكر "
                "تاريخه ولا مدينته."
            ),
        },
        "status": "published",
        "sources": ("001", "002"),
        "organisers": (),
        "officials": (),
        "outcomes": (),
        "claims": ("ilam-exhibitions-in-iraq-count",),
    },
}
