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
    ILAM: (
        "Province in western Iran on the border with Iraq. Its name comes from Elam, the pre-historic "
        "civilisation that ruled the area of modern south-west Iran from 2700 BC to 539 BC; archaeological "
        "findings date human settlement of the area to around 5000 BC. Cultural, linguistic and religious "
        "ties connect the border communities: many residents on the Iraqi side trace their ancestry to Ilam "
        "and speak Southern Kurdish, known in Iraq as Feyli. Its best-known craft is the embossed kilim. "
        "(Tehran Times, 19 January 2026; IRNA, October 2025.)"
    ),
}

# slug: kind, parent (ISO code or slug), en, fa, ar, description
PLACES = {
    "ilam-city": (
        "city",
        "IR-16",
        "Ilam",
        "ایلام",
        "إيلام",
        "Capital of Ilam province.",
    ),
    "kut": (
        "city",
        "IQ-WA",
        "Kut",
        "کوت",
        "الكوت",
        "Capital of Wasit province (governorate); host of the weekly Wasit handicrafts exhibition.",
    ),
    "badreh": (
        "district",
        "IQ-WA",
        "Badreh",
        "بدره",
        "بدرة",
        "Badra (Badreh in Persian reports), a district of Wasit governorate and its chief town. Not to be "
        "confused with Badreh county in Iran's Ilam province.",
    ),
    "sulaymaniyah-city": (
        "city",
        "IQ-SU",
        "Sulaymaniyah",
        "سلیمانیه",
        "السليمانية",
        "City in the Kurdistan Region of Iraq, capital of Sulaymaniyah governorate.",
    ),
}

# slug: parent slug, en, fa, ar, description, official status
CRAFTS = {
    "textiles": (None, "Textiles", "بافته‌ها", "المنسوجات", "", ""),
    "kilim": ("textiles", "Kilim", "گلیم", "الكليم", "Flat-woven rugs.", ""),
    "embossed-kilim": (
        "kilim",
        "Embossed kilim",
        "گلیم برجسته",
        "الكليم البارز",
        "Combines simple kilim weaving with carpet knotting. It originated in Ilam province, employs "
        "thousands of weavers and is a key product promoted at regional exhibitions.",
        "Registered nationally as a souvenir and brand of Ilam province (Tehran Times, 19 January 2026).",
    ),
    "jajim": ("textiles", "Jajim", "جاجیم", "الجاجيم", "Narrow woven strips sewn into covers and blankets.", ""),
    "chit": ("textiles", "Chit", "چیت", "", "Listed as \u201cchit\u201d among the crafts shown in Kut in 2025.", ""),
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
        "Leather marquetry: pieces of coloured leather set into a pattern.",
        "",
    ),
    "pottery": (None, "Pottery", "سفالگری", "الفخار", "", ""),
    "traditional-jewellery": (None, "Traditional jewellery", "زیورآلات سنتی", "الحلي التقليدية", "", ""),
    "copperware": (None, "Copperware", "ظروف مسی", "الأواني النحاسية", "Copper utensils.", ""),
    "woodwork": (None, "Woodwork", "صنایع چوبی", "المصنوعات الخشبية", "Wooden items.", ""),
    "traditional-dolls": (None, "Traditional dolls", "عروسک‌های سنتی", "الدمى التقليدية", "Local dolls.", ""),
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
    "farzad-sharifi": ("Farzad Sharifi", "فرزاد شریفی", ""),
    "abbas-mirzad": ("Abbas Mirzad", "عباس میرزاد", ""),
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
        "The January 2026 exhibition was the 20th time Ilam artisans took part in the Wasit handicrafts exhibition.",
    ),
    (
        "ilam-exhibitions-in-iraq-count",
        "001",
        "3",
        "IQ",
        "The October 2025 exhibition in Kut was the third time Ilam had arranged such trade-cultural "
        "exhibitions in Iraq: once in Sulaymaniyah and twice in Wasit.",
    ),
    (
        "ilam-exhibitions-in-iraq-count",
        "002",
        "3",
        "IQ",
        "Three exhibitions have so far been held in Iraq: one in Sulaymaniyah and two in Wasit province.",
    ),
    (
        "ilam-iraq-border-length",
        "000",
        "425 km",
        ILAM,
        "Ilam province shares about 425 kilometres of border with Iraq.",
    ),
    (
        "ilam-iraq-border-length",
        "001",
        "430 km",
        ILAM,
        "Ilam shares about 430 kilometres of border with Iraq, touching Wasit, Maysan and Diyala provinces.",
    ),
    (
        "iran-handicraft-foreign-markets",
        "002",
        "14th Government",
        "IR",
        "During Iran\u2019s 14th Government special attention has been paid to promoting foreign markets "
        "for handicrafts.",
    ),
)
