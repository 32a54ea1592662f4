"""What three news articles say about Ilam artisans exhibiting in Iraq, as data.

The articles, kept in the project's seed folder:

* "000": Tehran Times, 19 January 2026, quoting Miras Arya (CHTN);
* "001": an English report of October 2025 quoting IRNA, with neither publisher nor date in the text;
* "002": Tehran Times, 11 October 2025, quoting IRIB.

Rows refer to each other by slug, ISO code or source key. Where the articles disagree both
statements are kept as claims with their sources; nothing here settles which one is right.
"""

import datetime

# Keyed by ISO 3166-2 code. Loaded by registry.places before these are added.
ILAM = "IR-16"
ILAM_NEIGHBOURS = ("IR-05", "IR-15", "IR-06", "IQ-WA", "IQ-MA", "IQ-DI")

PLACE_DESCRIPTIONS = {
    ILAM: {
        "en": (
            "Province in western Iran on the border with Iraq. Its name comes from Elam, the pre-historic "
            "civilisation that ruled the area of modern south-west Iran from 2700 BC to 539 BC; archaeological "
            "findings date human settlement of the area to around 5000 BC. Cultural, linguistic and religious "
            "ties connect the border communities: many residents on the Iraqi side trace their ancestry to Ilam "
            "and speak Southern Kurdish, known in Iraq as Feyli. Its best-known craft is the embossed kilim. "
            "(Tehran Times, 19 January 2026; IRNA, October 2025.)"
        ),
        "fa": (
            "استانی در غرب ایران، در مرز با عراق. نام آن برگرفته از عیلام است، تمدنی پیش از تاریخ که از 2700 تا 539 "
            "پیش از میلاد بر منطقه‌ای فرمان می‌راند که امروز جنوب غربی ایران است؛ یافته‌های باستان‌شناسی قدمت سکونت انسان "
            "در این منطقه را به حدود 5000 سال پیش از میلاد می‌رسانند. جوامع مرزی با پیوندهای فرهنگی، زبانی و مذهبی به "
            "هم پیوسته‌اند: بسیاری از ساکنان سوی عراقی مرز تبار خود را به ایلام می‌رسانند و به کردی جنوبی سخن می‌گویند "
            "که در عراق فیلی نامیده می‌شود. شناخته‌شده‌ترین رشته صنایع‌دستی آن گلیم برجسته است. (تهران تایمز، 19 ژانویه "
            "2026؛ ایرنا، اکتبر 2025.)"
        ),
        "ar": (
            "محافظة في غرب إيران على الحدود مع العراق. يعود اسمها إلى عيلام، حضارة ما قبل التاريخ التي حكمت المنطقة "
            "الواقعة اليوم في جنوب غرب إيران من عام 2700 إلى عام 539 قبل الميلاد؛ وتعيد المكتشفات الأثرية الاستيطان "
            "البشري في المنطقة إلى نحو عام 5000 قبل الميلاد. وتربط المجتمعات الحدودية أواصر ثقافية ولغوية ودينية: إذ "
            "يعود كثير من سكان الجانب العراقي بأصولهم إلى إيلام ويتحدثون الكردية الجنوبية، المعروفة في العراق "
            "بالفيلية. وأشهر حرفها اليدوية الكليم البارز. (طهران تايمز، 19 كانون الثاني 2026؛ إرنا، تشرين الأول 2025.)"
        ),
    },
}

# slug: kind, parent (ISO code or slug), en, fa, ar, description
PLACES = {
    "ilam-city": (
        "city",
        "IR-16",
        "Ilam",
        "ایلام",
        "إيلام",
        {
            "en": "Capital of Ilam province.",
            "fa": "مرکز استان ایلام.",
            "ar": "مركز محافظة إيلام.",
        },
    ),
    "kut": (
        "city",
        "IQ-WA",
        "Kut",
        "کوت",
        "الكوت",
        {
            "en": "Capital of Wasit province (governorate); host of the weekly Wasit handicrafts exhibition.",
            "fa": "مرکز استان (محافظه) واسط؛ میزبان نمایشگاه هفتگی صنایع‌دستی واسط.",
            "ar": "مركز محافظة واسط؛ ومقر معرض واسط الأسبوعي للصناعات اليدوية.",
        },
    ),
    "badreh": (
        "district",
        "IQ-WA",
        "Badreh",
        "بدره",
        "بدرة",
        {
            "en": (
                "Badra (Badreh in Persian reports), a district of Wasit governorate and its chief town. Not to be "
                "confused with Badreh county in Iran's Ilam province."
            ),
            "fa": (
                "بدرة (در گزارش‌های فارسی: بدره)، قضایی در استان (محافظه) واسط و شهر مرکزی آن. نباید آن را با شهرستان "
                "بدره در استان ایلام ایران اشتباه گرفت."
            ),
            "ar": (
                "بدرة (بدره في التقارير الفارسية)، قضاء في محافظة واسط ومركزه. ولا ينبغي الخلط بينه وبين قضاء بدرة في "
                "محافظة إيلام الإيرانية."
            ),
        },
    ),
    "sulaymaniyah-city": (
        "city",
        "IQ-SU",
        "Sulaymaniyah",
        "سلیمانیه",
        "السليمانية",
        {
            "en": "City in the Kurdistan Region of Iraq, capital of Sulaymaniyah governorate.",
            "fa": "شهری در اقلیم کردستان عراق، مرکز استان سلیمانیه.",
            "ar": "مدينة في إقليم كردستان العراق، مركز محافظة السليمانية.",
        },
    ),
}

# slug: parent slug, en, fa, ar, description, official status
CRAFTS = {
    "textiles": (None, "Textiles", "بافته‌ها", "المنسوجات", "", ""),
    "kilim": (
        "textiles",
        "Kilim",
        "گلیم",
        "الكليم",
        {
            "en": "Flat-woven rugs.",
            "fa": "زیراندازهای تخت‌باف.",
            "ar": "سجاد مسطح النسج.",
        },
        "",
    ),
    "embossed-kilim": (
        "kilim",
        "Embossed kilim",
        "گلیم برجسته",
        "الكليم البارز",
        {
            "en": (
                "Combines simple kilim weaving with carpet knotting. It originated in Ilam province, employs "
                "thousands of weavers and is a key product promoted at regional exhibitions."
            ),
            "fa": (
                "بافت ساده گلیم را با گره‌زنی فرش درهم می‌آمیزد. خاستگاه آن استان ایلام است، هزاران بافنده در آن مشغول "
                "به کارند و محصولی کلیدی است که در نمایشگاه‌های منطقه‌ای ترویج می‌شود."
            ),
            "ar": (
                "يجمع بين النسج البسيط للكليم وعقد السجاد. نشأ في محافظة إيلام، ويعمل فيه آلاف النساجين، وهو منتج "
                "رئيس يروج له في المعارض الإقليمية."
            ),
        },
        {
            "en": "Registered nationally as a souvenir and brand of Ilam province (Tehran Times, 19 January 2026).",
            "fa": "به‌عنوان سوغات و برند استان ایلام ثبت ملی شده است (تهران تایمز، 19 ژانویه 2026).",
            "ar": (
                "مسجل على المستوى الوطني بوصفه هدية تذكارية وعلامة مميزة لمحافظة إيلام (طهران تايمز، 19 كانون الثاني "
                "2026)."
            ),
        },
    ),
    "jajim": (
        "textiles",
        "Jajim",
        "جاجیم",
        "الجاجيم",
        {
            "en": "Narrow woven strips sewn into covers and blankets.",
            "fa": "نوارهای باریک بافته‌شده که به هم دوخته می‌شوند و از آن‌ها روانداز و پتو ساخته می‌شود.",
            "ar": "أشرطة منسوجة ضيقة تخاط معاً لتصنع منها أغطية وبطانيات.",
        },
        "",
    ),
    "chit": (
        "textiles",
        "Chit",
        "چیت",
        "الجيت (قماش مطبوع)",
        {
            "en": "Listed as \u201cchit\u201d among the crafts shown in Kut in 2025.",
            "fa": "در فهرست صنایع‌دستی عرضه‌شده در کوت در سال 2025 با عنوان «chit» آمده است.",
            "ar": "ورد بعنوان «chit» ضمن الحرف المعروضة في الكوت عام 2025.",
        },
        "",
    ),
    "knitwear": ("textiles", "Knitwear", "بافتنی", "المحبوكات", "", ""),
    "woven-fabric": ("textiles", "Woven fabric", "پارچه‌بافی", "الأقمشة المنسوجة", "", ""),
    "mat-weaving": ("textiles", "Mat weaving", "حصیربافی", "نسج الحصير", "", ""),
    "leatherwork": (None, "Leatherwork", "چرم‌دوزی", "المصنوعات الجلدية", "", ""),
    "leather-bags": ("leatherwork", "Leather bags", "کیف چرمی", "الحقائب الجلدية", "", ""),
    "leather-mosaic": (
        "leatherwork",
        "Leather mosaic",
        "معرق چرم",
        "فسيفساء الجلد",
        {
            "en": "Leather marquetry: pieces of coloured leather set into a pattern.",
            "fa": "معرق‌کاری با چرم: قطعه‌های چرم رنگی که در طرحی کنار هم نشانده می‌شوند.",
            "ar": "تطعيم بالجلد: قطع من الجلد الملون ترصف متجاورة لتؤلف نقشاً.",
        },
        "",
    ),
    "pottery": (None, "Pottery", "سفالگری", "الفخار", "", ""),
    "traditional-jewellery": (None, "Traditional jewellery", "زیورآلات سنتی", "الحلي التقليدية", "", ""),
    "copperware": (
        None,
        "Copperware",
        "ظروف مسی",
        "الأواني النحاسية",
        {
            "en": "Copper utensils.",
            "fa": "ظروف و وسایل مسی.",
            "ar": "أوان وأدوات نحاسية.",
        },
        "",
    ),
    "woodwork": (
        None,
        "Woodwork",
        "صنایع چوبی",
        "المصنوعات الخشبية",
        {
            "en": "Wooden items.",
            "fa": "اشیای چوبی.",
            "ar": "قطع خشبية.",
        },
        "",
    ),
    "traditional-dolls": (
        None,
        "Traditional dolls",
        "عروسک‌های سنتی",
        "الدمى التقليدية",
        {
            "en": "Local dolls.",
            "fa": "عروسک‌های محلی.",
            "ar": "دمى محلية.",
        },
        "",
    ),
}

# slug: kind, place (code or slug), parent slug, en, fa, ar, website
ORGANISATIONS = {
    "ilam-governorate": (
        "governorate",
        "IR-16",
        None,
        "Ilam Governorate",
        "استانداری ایلام",
        "محافظة إيلام",
        "",
    ),
    "ilam-cultural-heritage": (
        "government_office",
        "IR-16",
        None,
        "Ilam General Directorate of Cultural Heritage, Tourism and Handicrafts",
        "اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان ایلام",
        "المديرية العامة للتراث الثقافي والسياحة والصناعات اليدوية في محافظة إيلام",
        "",
    ),
    "iran-foreign-ministry": (
        "ministry",
        "IR",
        None,
        "Ministry of Foreign Affairs of Iran",
        "وزارت امور خارجه",
        "وزارة الخارجية الإيرانية",
        "",
    ),
    "foreign-ministry-office-ilam": (
        "government_office",
        "ilam-city",
        "iran-foreign-ministry",
        "Foreign Ministry office in Ilam",
        "دفتر نمایندگی وزارت امور خارجه در ایلام",
        "مكتب وزارة الخارجية في إيلام",
        "",
    ),
    "wasit-governorate": (
        "governorate",
        "IQ-WA",
        None,
        "Wasit Governorate",
        "استانداری واسط",
        "محافظة واسط",
        "",
    ),
    "badreh-district-administration": (
        "government_office",
        "badreh",
        "wasit-governorate",
        "Badreh District Administration",
        "فرمانداری بدره",
        "قائممقامية قضاء بدرة",
        "",
    ),
    "tehran-times": ("newspaper", "IR-23", None, "Tehran Times", "تهران تایمز", "طهران تايمز", ""),
    "irna": (
        "news_agency",
        "IR-23",
        None,
        "IRNA (Islamic Republic News Agency)",
        "خبرگزاری جمهوری اسلامی (ایرنا)",
        "وكالة الجمهورية الإسلامية للأنباء (إرنا)",
        "",
    ),
    "irib": (
        "broadcaster",
        "IR-23",
        None,
        "IRIB (Islamic Republic of Iran Broadcasting)",
        "صدا و سیمای جمهوری اسلامی ایران",
        "هيئة الإذاعة والتلفزيون في جمهورية إيران الإسلامية",
        "",
    ),
    "miras-arya": (
        "news_agency",
        "IR-23",
        None,
        "Miras Arya (CHTN)",
        "میراث آریا",
        "ميراث آريا",
        "",
    ),
}

# key: title, publisher slug, reported-by slug, published on, note
SOURCES = {
    "000": (
        "Ilam handicrafts displayed at exhibition in Iraq\u2019s Kut",
        "tehran-times",
        "miras-arya",
        datetime.date(2026, 1, 19),
        "",
    ),
    "001": (
        "Ilam Province brings handicrafts to Iraq\u2019s Kut in push for regional ties",
        None,
        "irna",
        None,
        "The text gives neither its publisher nor its publication date; it reports the opening of "
        "10 October 2025 and quotes IRNA.",
    ),
    "002": (
        "Ilam Handicrafts Exhibition begins in Iraq\u2019s Wasit province",
        "tehran-times",
        "irib",
        datetime.date(2025, 10, 11),
        "The stored text has no headline: this title is taken from its first sentence.",
    ),
}

# slug: en, fa, ar
PEOPLE = {
    "farzad-sharifi": ("Farzad Sharifi", "فرزاد شریفی", "فرزاد شريفي"),
    "abbas-mirzad": ("Abbas Mirzad", "عباس میرزاد", "عباس ميرزاد"),
    # The articles are in English; the Persian spelling of these two names is not known.
    "qazi-zahedi": ("Qazi Zahedi", "", ""),
    "jafar-malekshahi": ("Jafar Malekshahi", "", ""),
}

# topic, source, value, place (code), statement. The articles disagree on two topics; both
# readings stay, each with its own source.
CLAIMS = (
    (
        "ilam-exhibitions-in-iraq-count",
        "000",
        "20",
        "IQ",
        {
            "en": (
                "The January 2026 exhibition was the 20th time Ilam artisans took part in the Wasit handicrafts "
                "exhibition."
            ),
            "fa": "در نمایشگاه ژانویه 2026، هنرمندان ایلام برای بیستمین بار در نمایشگاه صنایع‌دستی واسط شرکت کردند.",
            "ar": (
                "كان معرض كانون الثاني 2026 المرة العشرين التي يشارك فيها حرفيو إيلام في معرض واسط للصناعات اليدوية."
            ),
        },
    ),
    (
        "ilam-exhibitions-in-iraq-count",
        "001",
        "3",
        "IQ",
        {
            "en": (
                "The October 2025 exhibition in Kut was the third time Ilam had arranged such trade-cultural "
                "exhibitions in Iraq: once in Sulaymaniyah and twice in Wasit."
            ),
            "fa": (
                "نمایشگاه اکتبر 2025 در کوت سومین باری بود که ایلام چنین نمایشگاه‌های تجاری و فرهنگی را در عراق برپا "
                "می‌کرد: یک بار در سلیمانیه و دو بار در واسط."
            ),
            "ar": (
                "كان معرض تشرين الأول 2025 في الكوت المرة الثالثة التي تنظم فيها إيلام معارض تجارية ثقافية كهذه في "
                "العراق: مرة في السليمانية ومرتين في واسط."
            ),
        },
    ),
    (
        "ilam-exhibitions-in-iraq-count",
        "002",
        "3",
        "IQ",
        {
            "en": "Three exhibitions have so far been held in Iraq: one in Sulaymaniyah and two in Wasit province.",
            "fa": "تاکنون سه نمایشگاه در عراق برگزار شده است: یکی در سلیمانیه و دو نمایشگاه در استان واسط.",
            "ar": "أقيمت حتى الآن ثلاثة معارض في العراق: واحد في السليمانية واثنان في محافظة واسط.",
        },
    ),
    (
        "ilam-iraq-border-length",
        "000",
        "425 km",
        ILAM,
        {
            "en": "Ilam province shares about 425 kilometres of border with Iraq.",
            "fa": "استان ایلام حدود 425 کیلومتر مرز مشترک با عراق دارد.",
            "ar": "تشترك محافظة إيلام مع العراق بحدود يبلغ طولها نحو 425 كيلومتراً.",
        },
    ),
    (
        "ilam-iraq-border-length",
        "001",
        "430 km",
        ILAM,
        {
            "en": "Ilam shares about 430 kilometres of border with Iraq, touching Wasit, Maysan and Diyala provinces.",
            "fa": "ایلام حدود 430 کیلومتر مرز مشترک با عراق دارد و با استان‌های واسط، میسان و دیاله هم‌مرز است.",
            "ar": "تشترك إيلام مع العراق بحدود يبلغ طولها نحو 430 كيلومتراً، وتتاخم محافظات واسط وميسان وديالى.",
        },
    ),
    (
        "iran-handicraft-foreign-markets",
        "002",
        "14th Government",
        "IR",
        {
            "en": (
                "During Iran\u2019s 14th Government special attention has been paid to promoting foreign markets "
                "for handicrafts."
            ),
            "fa": "در دولت چهاردهم ایران، به توسعه بازارهای خارجی صنایع‌دستی توجه ویژه‌ای شده است.",
            "ar": "خلال الحكومة الرابعة عشرة في إيران، أولي اهتمام خاص بتعزيز الأسواق الخارجية للصناعات اليدوية.",
        },
    ),
)
