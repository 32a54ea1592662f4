import datetime
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from exhibitions.filters import ArtisanFilter
from registry.models import Artisan, Place, PublicationStatus
from tests.factories import (
    SAMPLE_BADGE,
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
    ProvinceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

ARTISANS = reverse("registry:artisan-list")
PRIVATE = {
    "phone": "+98-PHONE-73319",
    "email": "hidden-73319@example.org",
    "national_id": "NATID-73319",
    "internal_notes": "INTERNAL-NOTE-73319",
}


def listed(response) -> list[str]:
    """The Latin names of the artisans in the page's table, in order."""
    body = response.content.decode().partition("<tbody>")[2].partition("</tbody>")[0]
    return re.findall(r'<span class="muted" lang="en" dir="ltr">([^<]+)</span>', body)


def get(client, url: str, **params):
    return client.get(url, params)


def detail_url(artisan, language: str = "en") -> str:
    with translation.override(language):
        return artisan.get_absolute_url()


@pytest.fixture
def places():
    iran = CountryFactory()
    ilam = ProvinceFactory(parent=iran, name_en="Ilam", name_fa="ایلام", slug="ilam")
    ilam_city = CityFactory(parent=ilam, name_en="Ilam city", name_fa="شهر ایلام", slug="ilam-city")
    iraq = CountryFactory(name_en="Iraq", name_fa="عراق", name_ar="العراق", slug="iraq", code="IQ")
    wasit = ProvinceFactory(parent=iraq, name_en="Wasit", slug="wasit")
    kut = CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", slug="kut")
    erbil = CityFactory(parent=ProvinceFactory(parent=iraq, name_en="Erbil province"), name_en="Erbil")
    return {
        "iran": iran,
        "ilam": ilam,
        "ilam_city": ilam_city,
        "iraq": iraq,
        "wasit": wasit,
        "kut": kut,
        "erbil": erbil,
    }


@pytest.fixture
def kilim():
    textiles = CraftCategoryFactory(name_en="Textiles", slug="textiles")
    return CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", name_ar="الكليم", slug="kilim", parent=textiles)


# The list page


def test_artisan_list_shows_each_artisans_names_number_craft_place_and_participations(places, kilim, client):
    artisan = ArtisanFactory(
        name="مریم کریمی", name_latin="Maryam Karimi", registry_number="ILM-2025-00042", home_place=places["ilam_city"]
    )
    ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True)
    ParticipationFactory.create_batch(2, artisan=artisan)

    response = get(client, ARTISANS)

    content = response.content.decode()
    assert listed(response) == ["Maryam Karimi"]
    assert f'<a href="/artisans/{artisan.slug}/"><bdi>مریم کریمی</bdi></a>' in content
    assert "ILM-2025-00042" in content
    assert '<a href="/crafts/kilim/">Kilim</a>' in content
    assert "Ilam city, Ilam" in content
    assert '<td class="number">2</td>' in content
    assert "1 artisan" in content


def test_artisan_list_marks_sample_artisans(client):
    ArtisanFactory(name_latin="Invented Person", is_sample=True)
    ArtisanFactory(name_latin="Real Person", is_sample=False)

    response = get(client, ARTISANS)

    rows = response.content.decode().partition("<tbody>")[2].split("<tr>")[1:]
    sample_row, real_row = rows
    assert "Invented Person" in sample_row
    assert SAMPLE_BADGE in sample_row
    assert "badge-sample" not in real_row


def test_artisan_list_shows_only_published_artisans_who_consented(client):
    ArtisanFactory(name_latin="Public Artisan")
    ArtisanFactory(name_latin="Draft Artisan", status=PublicationStatus.DRAFT)
    ArtisanFactory(name_latin="Unconsenting Artisan", consent_to_publish=False)

    response = get(client, ARTISANS)

    assert listed(response) == ["Public Artisan"]
    assert "Draft Artisan" not in response.content.decode()
    assert "Unconsenting Artisan" not in response.content.decode()


def test_artisan_list_never_shows_private_fields(client):
    ArtisanFactory(**PRIVATE)

    content = get(client, ARTISANS).content.decode()

    for value in PRIVATE.values():
        assert value not in content


def test_artisan_list_counts_only_published_participations(client):
    artisan = ArtisanFactory()
    ParticipationFactory(artisan=artisan)
    ParticipationFactory(artisan=artisan, exhibition=ExhibitionFactory(status=PublicationStatus.DRAFT))

    response = get(client, ARTISANS)

    assert '<td class="number">1</td>' in response.content.decode()


def test_artisan_list_in_persian_is_rtl_with_persian_names(places, kilim, client):
    artisan = ArtisanFactory(name="مریم کریمی", home_place=places["ilam"])
    ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True)

    content = get(client, "/fa/artisans/").content.decode()

    assert '<html lang="fa" dir="rtl">' in content
    assert f'<a href="/fa/artisans/{artisan.slug}/"><bdi>مریم کریمی</bdi></a>' in content
    assert '<a href="/fa/crafts/kilim/">گلیم</a>' in content
    assert "<td>ایلام</td>" in content


def test_artisan_list_in_arabic_is_rtl_with_arabic_names(kilim, client):
    ArtisanCraftFactory(craft=kilim, is_primary=True)

    content = get(client, "/ar/artisans/").content.decode()

    assert '<html lang="ar" dir="rtl">' in content
    assert '<a href="/ar/crafts/kilim/">الكليم</a>' in content


def test_artisan_list_says_when_nothing_is_published(client):
    content = get(client, ARTISANS).content.decode()

    assert "No artisan has been published yet." in content
    assert "<table" not in content


def test_artisan_list_says_when_no_artisan_matches(client):
    ArtisanFactory(name_latin="Maryam Karimi")

    content = get(client, ARTISANS, q="Nobody").content.decode()

    assert "No published artisan matches these filters." in content
    assert "<table" not in content


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("کریمی", ["Maryam Karimi"]),  # as stored, Persian letters
        ("كريمي", ["Maryam Karimi"]),  # typed with Arabic ك and ي
        ("علی", ["Ali Abbas"]),  # Persian ی finds a name stored with Arabic ي
        ("karimi", ["Maryam Karimi"]),  # transliteration, any case
        ("Karimi Maryam", ["Maryam Karimi"]),  # words in any order
        ("ILM-2025-00123", ["Ali Abbas"]),  # registry number
        ("123", ["Ali Abbas"]),
        ("۱۲۳", ["Ali Abbas"]),  # Persian digits
        ("١٢٣", ["Ali Abbas"]),  # Arabic-Indic digits
    ],
)
def test_artisan_list_name_search_matches_any_spelling(query, expected, client):
    ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi", registry_number="ILM-2025-00042")
    ArtisanFactory(name="علي عباس", name_latin="Ali Abbas", registry_number="ILM-2025-00123")

    response = get(client, ARTISANS, q=query)

    assert listed(response) == expected


@pytest.mark.postgresql
@pytest.mark.parametrize("query", ["Karimi", "كريمي", "ILM-2025"])
def test_name_search_can_use_the_trigram_indexes_on_postgresql(query):
    # With table scans and ordered index walks ruled out, the plan shows whether the indexes
    # match the search's SQL (a tiny table is otherwise best read whole).
    ArtisanFactory.create_batch(3)
    request = RequestFactory().get(ARTISANS, {"q": query})
    filterset = ArtisanFilter(request.GET, queryset=Artisan.objects.published(), request=request)
    sql, params = filterset.qs.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    for column in ("name", "name_latin", "registry_number"):
        assert f"artisan_{column}_trgm_idx" in plan


def test_artisan_list_craft_filter_includes_sub_categories(kilim, client):
    embossed = CraftCategoryFactory(name_en="Embossed kilim", slug="embossed-kilim", parent=kilim)
    ArtisanCraftFactory(artisan=ArtisanFactory(name_latin="Kilim Weaver"), craft=kilim)
    ArtisanCraftFactory(artisan=ArtisanFactory(name_latin="Embossed Weaver"), craft=embossed)
    ArtisanCraftFactory(artisan=ArtisanFactory(name_latin="Potter"), craft=CraftCategoryFactory(name_en="Pottery"))

    on_textiles = get(client, ARTISANS, craft=kilim.parent.pk)
    on_embossed = get(client, ARTISANS, craft=embossed.pk)

    assert listed(on_textiles) == ["Embossed Weaver", "Kilim Weaver"]
    assert listed(on_embossed) == ["Embossed Weaver"]


def test_artisan_list_craft_filter_lists_an_artisan_once_for_two_sub_categories(kilim, client):
    artisan = ArtisanFactory(name_latin="Weaver")
    ArtisanCraftFactory(artisan=artisan, craft=kilim)
    ArtisanCraftFactory(artisan=artisan, craft=CraftCategoryFactory(parent=kilim.parent))

    response = get(client, ARTISANS, craft=kilim.parent.pk)

    assert listed(response) == ["Weaver"]


def test_artisan_list_province_filter_includes_places_inside_the_province(places, client):
    village = Place.objects.create(
        kind=Place.Kind.VILLAGE,
        parent=Place.objects.create(kind=Place.Kind.DISTRICT, parent=places["ilam"], name_en="Chardavol", slug="c"),
        name_en="Village",
        slug="village",
    )
    ArtisanFactory(name_latin="In Province", home_place=places["ilam"])
    ArtisanFactory(name_latin="In City", home_place=places["ilam_city"])
    ArtisanFactory(name_latin="In Village", home_place=village)
    ArtisanFactory(name_latin="In Wasit", home_place=places["kut"])

    response = get(client, ARTISANS, province=places["ilam"].pk)

    assert listed(response) == ["In City", "In Province", "In Village"]


def test_artisan_list_province_filter_offers_only_provinces(places, client):
    content = get(client, ARTISANS).content.decode()

    province_select = content.partition('name="province"')[2].partition("</select>")[0]
    assert ">Ilam</option>" in province_select
    assert ">Wasit</option>" in province_select
    assert ">Kut</option>" not in province_select
    assert ">Iran</option>" not in province_select


@pytest.fixture
def exhibited(places):
    in_kut = ExhibitionFactory(place=places["kut"], start_date=datetime.date(2025, 10, 10))
    in_erbil = ExhibitionFactory(place=places["erbil"], start_date=datetime.date(2024, 5, 1), end_date=None)
    in_ilam = ExhibitionFactory(place=places["ilam_city"], start_date=datetime.date(2024, 3, 1), end_date=None)
    draft = ExhibitionFactory(place=places["kut"], start_date=datetime.date(2023, 1, 1), status="draft")
    ParticipationFactory(artisan=ArtisanFactory(name_latin="Kut 2025"), exhibition=in_kut)
    ParticipationFactory(artisan=ArtisanFactory(name_latin="Erbil 2024"), exhibition=in_erbil)
    ParticipationFactory(artisan=ArtisanFactory(name_latin="Ilam 2024"), exhibition=in_ilam)
    ParticipationFactory(artisan=ArtisanFactory(name_latin="Draft 2023"), exhibition=draft)
    return places


@pytest.mark.parametrize(
    ("place", "year", "expected"),
    [
        ("iraq", "", ["Erbil 2024", "Kut 2025"]),
        ("iran", "", ["Ilam 2024"]),
        ("", "2024", ["Erbil 2024", "Ilam 2024"]),
        ("iraq", "2024", ["Erbil 2024"]),
    ],
)
def test_artisan_list_exhibited_country_and_year_filters(exhibited, place, year, expected, client):
    params = {"year": year, "country": exhibited[place].pk if place else ""}

    response = get(client, ARTISANS, **params)

    assert listed(response) == expected


def test_artisan_list_exhibited_city_filter(exhibited, client):
    response = get(client, ARTISANS, city=exhibited["kut"].pk)

    assert listed(response) == ["Kut 2025"]


def test_artisan_list_exhibited_filters_describe_one_participation(places, client):
    artisan = ArtisanFactory(name_latin="Traveller")
    ParticipationFactory(artisan=artisan, exhibition=ExhibitionFactory(place=places["kut"]))
    ParticipationFactory(
        artisan=artisan,
        exhibition=ExhibitionFactory(place=places["ilam_city"], start_date=datetime.date(2024, 1, 1), end_date=None),
    )

    in_iraq_2024 = get(client, ARTISANS, country=places["iraq"].pk, year=2024)
    in_iran_2024 = get(client, ARTISANS, country=places["iran"].pk, year=2024)

    assert listed(in_iraq_2024) == []
    assert listed(in_iran_2024) == ["Traveller"]


def test_artisan_list_exhibition_filters_offer_only_published_hosts_and_years(exhibited, client):
    content = get(client, ARTISANS).content.decode()

    city_suggestions = content.partition('name="city"')[2].partition("</datalist>")[0]
    year_select = content.partition('name="year"')[2].partition("</select>")[0]
    country_select = content.partition('name="country"')[2].partition("</select>")[0]
    # Each held one published exhibition (Kut's draft does not count): in the order of their names.
    assert re.findall(r'<option value="([^"]+)">', city_suggestions) == ["Erbil", "Ilam city", "Kut"]
    assert re.findall(r">([^<]+)</option>", year_select)[1:] == ["2025", "2024"]
    assert re.findall(r">([^<]+)</option>", country_select)[1:] == ["Iran", "Iraq"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["Amir", "Bahar", "Cyrus"]),
        ("-name_latin", ["Cyrus", "Bahar", "Amir"]),
        ("name", ["Bahar", "Cyrus", "Amir"]),
        ("registry_number", ["Cyrus", "Amir", "Bahar"]),
        ("-participations", ["Bahar", "Amir", "Cyrus"]),
    ],
)
def test_artisan_list_ordering(ordering, expected, client):
    amir = ArtisanFactory(name_latin="Amir", name="ج", registry_number="ILM-2025-00002")
    bahar = ArtisanFactory(name_latin="Bahar", name="آ", registry_number="ILM-2025-00003")
    ArtisanFactory(name_latin="Cyrus", name="ب", registry_number="ILM-2025-00001")
    ParticipationFactory.create_batch(2, artisan=bahar)
    ParticipationFactory(artisan=amir)

    response = get(client, ARTISANS, ordering=ordering)

    assert listed(response) == expected


@pytest.fixture
def thirty_artisans():
    return [ArtisanFactory(name_latin=f"Artisan {n:02d}") for n in range(30)]


def test_artisan_list_second_page_shows_the_rest(thirty_artisans, client):
    response = get(client, ARTISANS, page=2)

    assert listed(response) == [f"Artisan {n:02d}" for n in range(25, 30)]
    assert "Page 2 of 2" in response.content.decode()
    assert '<a href="?page=1" rel="prev">Previous</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("0", 1), ("-1", 1), ("99999999999999999999", 2), ("1e400", 1)]
)
def test_artisan_list_odd_page_numbers_show_a_page(thirty_artisans, page, shown, client):
    response = get(client, ARTISANS, page=page)

    assert response.status_code == 200
    assert f"Page {shown} of 2" in response.content.decode()


def test_artisan_list_pagination_keeps_the_filters(thirty_artisans, client):
    response = get(client, ARTISANS, q="Artisan", ordering="-name_latin")

    assert '<a href="?q=Artisan&amp;ordering=-name_latin&amp;page=2" rel="next">Next</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "Exhibited in year: Select a valid choice. abc is not one of the available choices."),
        ({"craft": "999999"}, "Craft: Select a valid choice."),
        ({"province": "abc"}, "Home province: Select a valid choice."),
        ({"country": "1.5"}, "Exhibited in country: Select a valid choice."),
        ({"ordering": "phone"}, "Sort by: Select a valid choice."),
    ],
)
def test_artisan_list_invalid_filter_shows_a_message_and_no_rows(params, message, client):
    ArtisanFactory(name_latin="Maryam Karimi")

    response = get(client, ARTISANS, **params)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be understood, so nothing is listed." in content
    assert message in content
    assert "Maryam Karimi" not in content


def test_artisan_list_links_to_the_export_with_its_filters(client):
    ArtisanFactory()

    content = get(client, ARTISANS, q="Artisan", page=1).content.decode()

    assert '<a href="?q=Artisan&amp;format=csv" download>' in content


def make_artisans(count: int, kilim) -> None:
    for _ in range(count):
        artisan = ArtisanFactory(home_place=CityFactory())
        ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True)
        ArtisanCraftFactory(artisan=artisan)
        exhibition = ExhibitionFactory()
        exhibition.crafts_shown.set([kilim])
        ParticipationFactory(artisan=artisan, exhibition=exhibition).crafts_shown.set([kilim])


# The list's count and the options of its selects, each a query remembered per version of the data.
LIST_OPTIONS = {
    "craft options": 1,
    "province options": 1,
    "country options": 1,
    "city options": 1,
    "exhibition years": 1,
}
# A name search's rows are counted (and the count remembered); the list's whole, a craft's or a
# province's are summed from the totals the database keeps.
LIST_REMEMBERS = {"count": 1, **LIST_OPTIONS}
TOTALS_COUNT = "the count, from the totals"


@pytest.mark.parametrize("count", [1, 8])
def test_artisan_list_queries_do_not_grow_with_rows(django_assert_num_queries, kilim, count, client):
    make_artisans(count, kilim)

    with django_assert_num_queries(queries(reads=[TOTALS_COUNT, "rows", "their crafts"], remembered=LIST_OPTIONS)):
        response = client.get(ARTISANS)

    assert len(listed(response)) == count


@pytest.mark.parametrize("count", [1, 8])
def test_artisan_list_filtered_queries_do_not_grow_with_rows(django_assert_num_queries, kilim, count, client):
    make_artisans(count, kilim)
    params = {"q": "Artisan", "craft": kilim.pk, "year": 2025, "ordering": "-participations"}

    # The chosen year is checked against the remembered years, read once per form; the chosen
    # craft, against the database.
    with django_assert_num_queries(
        queries(reads=["the chosen craft", "rows", "their crafts"], remembered=LIST_REMEMBERS)
    ):
        response = client.get(ARTISANS, params)

    assert len(listed(response)) == count


# The artisan's page


@pytest.fixture
def profiled(places, kilim):
    artisan = ArtisanFactory(
        name="مریم کریمی",
        name_latin="Maryam Karimi",
        registry_number="ILM-2025-00042",
        home_place=places["ilam_city"],
        workshop_name="Karimi Kilims",
        biography_en="Weaves kilims in the Ilam tradition.",
        gender="female",
        birth_year=1975,
        **PRIVATE,
    )
    ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True, since_year=1990)
    ArtisanCraftFactory(artisan=artisan, craft=CraftCategoryFactory(name_en="Jajim", slug="jajim"))
    kut = ExhibitionFactory(
        title_en="Ilam Handicrafts Exhibition in Kut",
        title_fa="نمایشگاه صنایع دستی ایلام در کوت",
        slug="kut-2025",
        place=places["kut"],
        start_date=datetime.date(2025, 10, 10),
        end_date=datetime.date(2025, 10, 16),
    )
    earlier = ExhibitionFactory(
        title_en="Earlier fair", slug="earlier", place=places["ilam_city"], start_date=datetime.date(2024, 3, 1)
    )
    earlier.date_precision = "month"
    earlier.end_date = None
    earlier.save()
    shown = ParticipationFactory(artisan=artisan, exhibition=kut, role="demonstrator")
    shown.crafts_shown.set([kilim])
    ParticipationFactory(artisan=artisan, exhibition=earlier)
    ParticipationFactory(
        artisan=artisan, exhibition=ExhibitionFactory(title_en="Secret draft fair", status=PublicationStatus.DRAFT)
    )
    return artisan


def test_artisan_page_shows_the_profile(profiled, client):
    response = get(client, detail_url(profiled))

    content = response.content.decode()
    assert "<h1><bdi>مریم کریمی</bdi></h1>" in content
    assert '<p class="lead"><span lang="en" dir="ltr">Maryam Karimi</span></p>' in content
    assert "ILM-2025-00042" in content
    assert '<a href="/crafts/kilim/">Kilim</a> <strong class="primary-mark">(primary craft)</strong>' in content
    assert '<a href="/crafts/jajim/">Jajim</a></li>' in content
    assert (
        '<dd><a href="/places/ilam-city/">Ilam city</a>, <a href="/places/ilam/">Ilam</a>, '
        '<a href="/places/iran/">Iran</a></dd>' in content
    )
    assert '<dd dir="auto">Karimi Kilims</dd>' in content
    assert "<p>Weaves kilims in the Ilam tradition.</p>" in content
    assert "<dd>female</dd>" in content
    assert "<dd>1975</dd>" in content
    assert "badge-sample" not in content


def test_artisan_page_leaves_out_unset_gender_birth_year_and_workshop(client):
    artisan = ArtisanFactory(gender="", birth_year=None, workshop_name="")

    content = get(client, detail_url(artisan)).content.decode()

    assert "Gender" not in content
    assert "Born" not in content
    assert "Workshop" not in content


def test_artisan_page_shows_the_photo_and_sample_badge(client):
    artisan = ArtisanFactory(
        is_sample=True, photo="artisans/2025/maryam.jpg", photo_thumbnail="artisans/2025/thumbnails/maryam.webp"
    )

    content = get(client, detail_url(artisan)).content.decode()

    assert (
        '<a class="photo-link" href="/media/artisans/2025/maryam.jpg">'
        '<img class="photo" src="/media/artisans/2025/thumbnails/maryam.webp" width="160" height="160"'
    ) in content
    assert SAMPLE_BADGE in content


def test_artisan_page_shows_the_published_participations_as_a_timeline(profiled, client):
    response = get(client, detail_url(profiled))

    content = response.content.decode()
    timeline = content.partition('<ol class="timeline">')[2].partition("</ol>")[0]
    entries = timeline.split("<li>")[1:]
    assert len(entries) == 2
    assert '<a href="/exhibitions/earlier/">Earlier fair</a>' in entries[0]
    assert "March 2024" in entries[0]
    assert '<a href="/exhibitions/kut-2025/">Ilam Handicrafts Exhibition in Kut</a>' in entries[1]
    assert "10 October 2025 – 16 October 2025" in entries[1]
    assert "Kut, Wasit" in entries[1]
    assert "demonstrator" in entries[1]
    assert '<a href="/crafts/kilim/">Kilim</a>' in entries[1]
    assert "<strong>2</strong> exhibitions" in content
    assert '<strong class="stat-date">March 2024</strong>' in content
    assert '<strong class="stat-date">10 October 2025</strong>' in content
    assert "Secret draft fair" not in content


def test_artisan_page_in_persian_shows_persian_titles_and_solar_hijri_dates(profiled, client):
    content = get(client, detail_url(profiled, "fa")).content.decode()

    assert '<html lang="fa" dir="rtl">' in content
    assert '<a href="/fa/exhibitions/kut-2025/">نمایشگاه صنایع دستی ایلام در کوت</a>' in content
    assert "۱۸ مهر ۱۴۰۴" in content
    assert '<a href="/fa/crafts/kilim/">گلیم</a>' in content
    home = content.split("<dt>محل سکونت</dt>")[1].split("</dd>")[0]
    assert re.sub(r"<[^>]+>", "", home).strip() == "شهر ایلام، ایلام، ایران"
    assert '<a href="/fa/places/iran/">ایران</a>' in home


def test_artisan_page_in_arabic_is_rtl(profiled, client):
    content = get(client, detail_url(profiled, "ar")).content.decode()

    assert '<html lang="ar" dir="rtl">' in content
    assert '<a href="/ar/crafts/kilim/">الكليم</a>' in content


def test_artisan_page_never_shows_private_fields(profiled, client):
    content = get(client, detail_url(profiled)).content.decode()

    for value in PRIVATE.values():
        assert value not in content


@pytest.mark.parametrize("hidden", [{"status": PublicationStatus.DRAFT}, {"consent_to_publish": False}])
def test_artisan_page_of_an_unpublished_artisan_is_not_found(hidden, client):
    artisan = ArtisanFactory(**hidden)

    page = get(client, detail_url(artisan))
    export = get(client, detail_url(artisan), format="csv")

    assert page.status_code == 404
    assert export.status_code == 404


def test_artisan_page_without_participations_says_so(client):
    artisan = ArtisanFactory()

    content = get(client, detail_url(artisan)).content.decode()

    assert "No published exhibition is recorded for this artisan yet." in content
    assert '<ol class="timeline">' not in content


@pytest.mark.parametrize("count", [1, 8])
def test_artisan_page_queries_do_not_grow_with_participations(django_assert_num_queries, kilim, count, client):
    artisan = ArtisanFactory(home_place=CityFactory())
    ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True)
    ArtisanCraftFactory(artisan=artisan)
    for _ in range(count):
        ParticipationFactory(artisan=artisan).crafts_shown.set([kilim])

    with django_assert_num_queries(
        queries(reads=["the artisan", "their crafts", "their participations", "the crafts shown"])
    ):
        response = client.get(detail_url(artisan))

    assert response.content.decode().count('<a href="/exhibitions/exhibition-') == count


@pytest.mark.django_db
def test_artisan_list_sort_options_are_in_the_readers_language(client):
    response = client.get("/fa/artisans/")

    options = re.findall(r'<option value="-registry_number"[^>]*>([^<]+)</option>', response.content.decode())
    assert options == ["شماره ثبت (نزولی)"]


# The order of the list in each language


@pytest.mark.parametrize(
    ("language", "params", "expected"),
    [
        ("en", {}, ["Amir", "Bahar", "Cyrus"]),
        ("fa", {}, ["Bahar", "Cyrus", "Amir"]),
        ("ar", {}, ["Bahar", "Cyrus", "Amir"]),
        ("fa", {"ordering": "name_latin"}, ["Amir", "Bahar", "Cyrus"]),
        ("fa", {"q": "ILM"}, ["Bahar", "Cyrus", "Amir"]),
    ],
)
def test_artisan_list_sorts_by_the_name_in_the_readers_script(client, language, params, expected):
    ArtisanFactory(name_latin="Amir", name="ج", registry_number="ILM-2025-00002")
    ArtisanFactory(name_latin="Bahar", name="آ", registry_number="ILM-2025-00003")
    ArtisanFactory(name_latin="Cyrus", name="ب", registry_number="ILM-2025-00001")

    response = get(client, f"/{language}{ARTISANS}" if language != "en" else ARTISANS, **params)

    assert listed(response) == expected


def test_persian_artisan_list_shows_its_sort_order_chosen(client):
    ArtisanFactory()

    content = get(client, "/fa" + ARTISANS).content.decode()

    assert '<option value="name" selected>' in content
    assert 'href="?page=' not in content


@pytest.mark.parametrize("count", [1, 8])
def test_persian_artisan_list_queries_do_not_grow_with_rows(django_assert_num_queries, kilim, count, client):
    make_artisans(count, kilim)

    with django_assert_num_queries(queries(reads=[TOTALS_COUNT, "rows", "their crafts"], remembered=LIST_OPTIONS)):
        response = client.get("/fa" + ARTISANS)

    assert len(listed(response)) == count


def test_artisan_list_year_options_are_in_the_readers_digits_and_values_in_latin(client, places):
    ParticipationFactory(exhibition=ExhibitionFactory(place=places["kut"], start_date=datetime.date(2025, 10, 10)))

    content = get(client, "/ar" + ARTISANS).content.decode()

    year_select = content.partition('name="year"')[2].partition("</select>")[0]
    assert re.findall(r'<option value="([0-9]+)">([^<]+)</option>', year_select) == [("2025", "٢٠٢٥")]
