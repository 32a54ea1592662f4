"""The words generated rows are made of: names, places and titles in their own script, with the Latin.

Names are (own script, Latin) pairs, spelt as the demo's sample artisans are ("Roghayeh", "Gh" for
ق and غ in Persian names); Arabic names follow the usual Iraqi English spellings ("Hussein", "Al-Kaabi").
"""

# Tables, one row of the table per line.
# fmt: off
PERSIAN_NAMES = {
    "female": (
        ("مریم", "Maryam"), ("فاطمه", "Fatemeh"), ("زهرا", "Zahra"), ("معصومه", "Masoumeh"),
        ("سکینه", "Sakineh"), ("رقیه", "Roghayeh"), ("خدیجه", "Khadijeh"), ("لیلا", "Leila"),
        ("نسرین", "Nasrin"), ("پروین", "Parvin"), ("سهیلا", "Soheila"), ("زینب", "Zeinab"),
        ("طاهره", "Tahereh"), ("منیژه", "Manijeh"), ("شهلا", "Shahla"), ("ژیلا", "Zhila"),
        ("کبری", "Kobra"), ("صغری", "Soghra"), ("اعظم", "Azam"), ("فریبا", "Fariba"),
        ("مهناز", "Mahnaz"), ("نرگس", "Narges"), ("سمیرا", "Samira"), ("الهام", "Elham"),
        ("شیرین", "Shirin"), ("گلاله", "Golaleh"), ("ناهید", "Nahid"), ("آمنه", "Ameneh"),
        ("سارا", "Sara"), ("هاجر", "Hajar"), ("بهاره", "Bahareh"), ("ثریا", "Soraya"),
    ),
    "male": (
        ("علی", "Ali"), ("حسین", "Hossein"), ("محمد", "Mohammad"), ("رضا", "Reza"),
        ("مهدی", "Mehdi"), ("حمید", "Hamid"), ("کریم", "Karim"), ("مراد", "Morad"),
        ("یدالله", "Yadollah"), ("عباس", "Abbas"), ("جعفر", "Jafar"), ("قاسم", "Ghasem"),
        ("مجید", "Majid"), ("سعید", "Saeed"), ("فرهاد", "Farhad"), ("بهرام", "Bahram"),
        ("کامران", "Kamran"), ("امید", "Omid"), ("جمشید", "Jamshid"), ("خسرو", "Khosrow"),
        ("نادر", "Nader"), ("اکبر", "Akbar"), ("ابراهیم", "Ebrahim"), ("اسماعیل", "Esmaeil"),
        ("یوسف", "Yousef"), ("هادی", "Hadi"), ("مرتضی", "Morteza"), ("مصطفی", "Mostafa"),
        ("شهرام", "Shahram"), ("ایرج", "Iraj"),
    ),
    # Ilam's Kurdish and Lur family names first, then names common all over Iran.
    "family": (
        ("زرگوشی", "Zargoushi"), ("ارکوازی", "Arkavazi"), ("مروتی", "Morovati"), ("جلیلیان", "Jalilian"),
        ("ویسی", "Veisi"), ("سهرابی", "Sohrabi"), ("کیانی", "Kiani"), ("حیدری", "Heydari"),
        ("کرمی", "Karami"), ("علیمرادی", "Alimoradi"), ("خدادادی", "Khodadadi"), ("شیرخانی", "Shirkhani"),
        ("عزیزی", "Azizi"), ("رستمی", "Rostami"), ("مرادی", "Moradi"), ("امیری", "Amiri"),
        ("ملکشاهی", "Malekshahi"), ("فیلی", "Feyli"), ("کلهر", "Kalhor"), ("سنجابی", "Sanjabi"),
        ("گراوند", "Geravand"), ("زینیوند", "Zeinivand"), ("قیطاسی", "Gheitasi"), ("شوهانی", "Shouhani"),
        ("ترکاشوند", "Torkashvand"), ("کاکایی", "Kakaei"), ("کولیوند", "Koulivand"), ("سپهوند", "Sepahvand"),
        ("حسنوند", "Hasanvand"), ("بیرانوند", "Beiranvand"), ("خضری", "Khezri"), ("بدری", "Badri"),
        ("درویشی", "Darvishi"), ("صیدی", "Seydi"), ("الوندی", "Alvandi"), ("آزادبخت", "Azadbakht"),
        ("یاری", "Yari"), ("ساکی", "Saki"), ("امیدی", "Omidi"), ("غلامی", "Gholami"),
        ("شاهمرادی", "Shahmoradi"), ("میرزایی", "Mirzaei"), ("بیگی", "Beigi"), ("خزایی", "Khazaei"),
        ("نظری", "Nazari"), ("محمدی", "Mohammadi"), ("کاظمی", "Kazemi"), ("رحیمی", "Rahimi"),
        ("نوری", "Nouri"), ("سلیمانی", "Soleimani"), ("بختیاری", "Bakhtiari"), ("فتحی", "Fathi"),
        ("کریمی", "Karimi"), ("احمدی", "Ahmadi"), ("حسینی", "Hosseini"), ("رضایی", "Rezaei"),
        ("موسوی", "Mousavi"), ("جعفری", "Jafari"), ("قاسمی", "Ghasemi"), ("صادقی", "Sadeghi"),
        ("عباسی", "Abbasi"), ("ابراهیمی", "Ebrahimi"), ("نجفی", "Najafi"), ("اکبری", "Akbari"),
        ("یوسفی", "Yousefi"), ("خسروی", "Khosravi"), ("فرجی", "Faraji"), ("یزدانی", "Yazdani"),
        ("نصیری", "Nasiri"), ("قربانی", "Ghorbani"), ("باقری", "Bagheri"), ("زمانی", "Zamani"),
        ("طالبی", "Talebi"), ("اسدی", "Asadi"), ("پرویزی", "Parvizi"), ("فرهادی", "Farhadi"),
        ("شهبازی", "Shahbazi"), ("صالحی", "Salehi"), ("نوروزی", "Nowruzi"), ("جمشیدی", "Jamshidi"),
    ),
}

ARABIC_NAMES = {
    "female": (
        ("فاطمة", "Fatima"), ("زينب", "Zainab"), ("مريم", "Maryam"), ("نور", "Noor"), ("زهراء", "Zahraa"),
        ("سارة", "Sara"), ("هدى", "Huda"), ("رقية", "Ruqaya"), ("سكينة", "Sakina"), ("آمنة", "Amina"),
        ("شيماء", "Shaimaa"), ("إيمان", "Iman"), ("رنا", "Rana"), ("ليلى", "Layla"),
    ),
    "male": (
        ("علي", "Ali"), ("حسين", "Hussein"), ("حسن", "Hassan"), ("محمد", "Mohammed"), ("أحمد", "Ahmed"),
        ("عباس", "Abbas"), ("كريم", "Karim"), ("جاسم", "Jassim"), ("كاظم", "Kadhim"), ("حيدر", "Haider"),
        ("مصطفى", "Mustafa"), ("عمر", "Omar"), ("سعد", "Saad"), ("ياسر", "Yasser"), ("قاسم", "Qasim"),
        ("مهدي", "Mahdi"),
    ),
    "family": (
        ("الكعبي", "Al-Kaabi"), ("الموسوي", "Al-Musawi"), ("الحسيني", "Al-Husseini"), ("الجبوري", "Al-Jubouri"),
        ("العبيدي", "Al-Obaidi"), ("التميمي", "Al-Tamimi"), ("الساعدي", "Al-Saadi"), ("الزبيدي", "Al-Zubaidi"),
        ("الدليمي", "Al-Dulaimi"), ("الخفاجي", "Al-Khafaji"), ("الربيعي", "Al-Rubaie"), ("الشمري", "Al-Shammari"),
        ("البدري", "Al-Badri"), ("الفيلي", "Al-Feyli"), ("اللامي", "Al-Lami"), ("الكناني", "Al-Kinani"),
        ("العزاوي", "Al-Azzawi"), ("الياسري", "Al-Yasiri"), ("الأسدي", "Al-Asadi"),
    ),
}

# Village and town names as they are made in western Iran: "Cheshmeh Sefid", "Hosseinabad".
_IRAN_PARTS = (
    ("چشمه", "Cheshmeh"), ("قلعه", "Ghaleh"), ("ده", "Deh"), ("کانی", "Kani"),
    ("سرآب", "Sarab"), ("تنگ", "Tang"), ("باغ", "Bagh"), ("چم", "Cham"),
)
_IRAN_QUALITIES = (
    ("سفید", "Sefid"), ("سبز", "Sabz"), ("نو", "Now"), ("کهنه", "Kohneh"), ("بالا", "Bala"),
    ("پایین", "Paein"), ("شیرین", "Shirin"), ("گلزار", "Golzar"), ("سرخ", "Sorkh"), ("انار", "Anar"),
)
_IRAN_FOUNDERS = (
    ("حسین", "Hossein"), ("علی", "Ali"), ("محمود", "Mahmoud"), ("کریم", "Karim"), ("رحیم", "Rahim"),
    ("جعفر", "Jafar"), ("نصرت", "Nosrat"), ("دولت", "Dowlat"), ("شاه", "Shah"), ("امیر", "Amir"),
    ("سلطان", "Soltan"), ("ملک", "Malek"), ("بهرام", "Bahram"), ("فتح", "Fath"), ("اسلام", "Eslam"),
    ("خرم", "Khorram"), ("مهر", "Mehr"), ("زین", "Zein"),
)
IRAN_PLACE_NAMES = [
    (f"{part} {quality}", f"{part_en} {quality_en}")
    for part, part_en in _IRAN_PARTS
    for quality, quality_en in _IRAN_QUALITIES
] + [(f"{founder}\u200cآباد", f"{founder_en}abad") for founder, founder_en in _IRAN_FOUNDERS]

_IRAQ_NAMES = (
    ("الجديدة", "Jadida"), ("الحسينية", "Husseiniya"), ("المحمودية", "Mahmudiya"), ("العزيزية", "Aziziya"),
    ("الرشيدية", "Rashidiya"), ("الكرامة", "Karama"), ("السلام", "Salam"), ("النصر", "Nasr"),
    ("الزهراء", "Zahraa"), ("الحرية", "Hurriya"), ("البساتين", "Basatin"), ("النخيل", "Nakhil"),
    ("الفرات", "Furat"), ("الصفاء", "Safaa"), ("الرافدين", "Rafidain"), ("الهدى", "Huda"),
    ("الوحدة", "Wahda"), ("الأمين", "Amin"),
)
IRAQ_PLACE_NAMES = [(name, f"Al-{name_en}") for name, name_en in _IRAQ_NAMES] + [
    (f"{prefix} {name}", f"{prefix_en} al-{name_en}")
    for prefix, prefix_en in (("سوق", "Souq"), ("تل", "Tell"), ("قرية", "Qaryat"))
    for name, name_en in _IRAQ_NAMES
]

# Where artisans live and exhibitions happen: Ilam and its neighbours on both sides of the border.
PROVINCE_WEIGHTS = {
    "IR-16": 30, "IR-05": 8, "IR-15": 6, "IR-06": 5, "IR-23": 6, "IR-10": 5, "IR-12": 4, "IR-07": 3,
    "IQ-WA": 10, "IQ-BG": 8, "IQ-DI": 6, "IQ-MA": 5, "IQ-KA": 4, "IQ-NA": 4, "IQ-SU": 4, "IQ-BA": 3,
}

CRAFT_WEIGHTS = {
    "embossed-kilim": 8, "kilim": 7, "jajim": 4, "knitwear": 4, "woven-fabric": 3, "mat-weaving": 2,
    "leather-bags": 2, "pottery": 3, "traditional-jewellery": 3, "woodwork": 2,
}

# fmt: on

# {place} and {craft} are named in the title's language.
EXHIBITION_TITLES = (
    ("{place} Handicrafts Exhibition", "نمایشگاه صنایع دستی {place}", "معرض {place} للصناعات اليدوية"),
    ("{craft} Exhibition in {place}", "نمایشگاه {craft} در {place}", "معرض {craft} في {place}"),
    ("National Handicrafts Week in {place}", "هفته ملی صنایع دستی در {place}", "أسبوع الحرف اليدوية في {place}"),
    (
        "Iran-Iraq Handicrafts Exhibition in {place}",
        "نمایشگاه صنایع دستی ایران و عراق در {place}",
        "معرض الصناعات اليدوية الإيرانية العراقية في {place}",
    ),
    ("{place} Traditional Arts Bazaar", "بازارچه هنرهای سنتی {place}", "سوق الفنون التقليدية في {place}"),
    ("Women Artisans' Exhibition in {place}", "نمایشگاه بانوان هنرمند {place}", "معرض الحرفيات في {place}"),
)

# frequency, en, fa, ar; {} is the host city.
SERIES_NAMES = (
    ("yearly", "{} Handicrafts Festival", "جشنواره صنایع دستی {}", "مهرجان {} للصناعات اليدوية"),
    ("yearly", "{} Kilim and Carpet Fair", "نمایشگاه گلیم و فرش {}", "معرض {} للكليم والسجاد"),
    ("monthly", "{} Monthly Crafts Market", "بازارچه ماهانه صنایع دستی {}", "السوق الشهري للحرف في {}"),
    ("weekly", "{} Weekly Handicrafts Exhibition", "نمایشگاه هفتگی صنایع دستی {}", "المعرض الأسبوعي للحرف في {}"),
)

# country ("" for both), month, day, en, fa, ar
OCCASIONS = (
    ("", 6, 10, "National Handicrafts Day", "روز ملی صنایع دستی", "اليوم الوطني للصناعات اليدوية"),
    ("", 3, 15, "Nowruz", "نوروز", "عيد النوروز"),
    ("", 9, 27, "World Tourism Day", "روز جهانی گردشگری", "اليوم العالمي للسياحة"),
    ("IQ", 10, 3, "Iraq\u2019s National Day", "روز ملی عراق", "اليوم الوطني العراقي"),
    ("IR", 8, 24, "Government Week", "هفته دولت", "أسبوع الحكومة"),
)

VENUES = (
    "Permanent Exhibition Grounds",
    "Cultural Heritage Directorate",
    "Governorate Hall",
    "City Park",
    "Grand Bazaar",
    "University Sports Hall",
    "Chamber of Commerce",
)

ROLE_WEIGHTS = {"exhibitor": 85, "demonstrator": 5, "seller": 4, "instructor": 3, "delegate": 2, "other": 1}

AWARDS = (
    "First prize",
    "Second prize",
    "Third prize",
    "Jury\u2019s special mention",
    "National Seal of Authenticity",
    "Best stand",
)

_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك", "گ": "ك", "چ": "ج", "پ": "ب", "ژ": "ز", "\u200c": " "})
_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})


def as_arabic(persian: str) -> str:
    """A Persian place name as Arabic writes it (كرمانشاه for کرمانشاه)."""
    return persian.translate(_TO_ARABIC)


def as_persian(arabic: str) -> str:
    return arabic.translate(_TO_PERSIAN)


def persian_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def arabic_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
