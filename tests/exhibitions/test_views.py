import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from crafts.models import CraftCategory
from exhibitions.models import Exhibition, ExhibitionOfficial, ExhibitionSeries
from registry.models import Place, PublicationStatus
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    ClaimFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
    PersonFactory,
    ProvinceFactory,
    SourceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

# What an exhibition's page reads, whatever its number of participants.
EXHIBITION_PAGE_READS = [
    "the exhibition",
    "its organisers",
    "its officials",
    "its outcomes",
    "its sources",
    "its disputed claims",
    "its undisputed claims",
    "its crafts",
    "the participants",
    "their crafts",
]


KUT_2025 = "ilam-handicrafts-kut-2025-10"
INVALID_FILTER = "Some filters could not be understood"


@pytest.fixture
def places():
    """Kut in Wasit in Iraq, Ilam city in Ilam province in Iran, and Sulaymaniyah known only as a province."""
    iran = CountryFactory()
    iraq = CountryFactory(slug="iraq", name_en="Iraq", name_fa="عراق", name_ar="العراق", code="IQ")
    wasit = ProvinceFactory(parent=iraq, name_en="Wasit", slug="iq-wa-wasit", code="IQ-WA")
    ilam = ProvinceFactory(parent=iran, name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam", code="IR-16")
    return {
        "iran": iran,
        "iraq": iraq,
        "wasit": wasit,
        "kut": CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", slug="kut"),
        "ilam": ilam,
        "ilam-city": CityFactory(parent=ilam, name_en="Ilam city", slug="ilam-city"),
        "lorestan": ProvinceFactory(parent=iran, name_en="Lorestan", slug="ir-15-lorestan", code="IR-15"),
        "sulaymaniyah": ProvinceFactory(parent=iraq, name_en="Sulaymaniyah", slug="iq-su", code="IQ-SU"),
    }


def page(client, name: str, **query) -> str:
    response = client.get(reverse(f"exhibitions:{name}"), query)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [exhibition.title_en for exhibition in response.context["object_list"]]


def by_slug(query: dict) -> dict:
    """The query with places, crafts and series named by slug replaced by their ids."""
    models = {"country": Place, "city": Place, "province": Place, "craft": CraftCategory, "series": ExhibitionSeries}
    return {
        name: models[name].objects.get(slug=value).pk if name in models else value for name, value in query.items()
    }


def latin_names(response) -> list[str]:
    return sorted(participation.artisan.name_latin for participation in response.context["object_list"])


# The home page


def test_home_counts_only_what_the_public_may_see(client, places):
    kut = ExhibitionFactory(place=places["kut"])
    ExhibitionFactory(place=places["sulaymaniyah"])
    ExhibitionFactory(place=places["kut"], status=PublicationStatus.DRAFT)
    ParticipationFactory(exhibition=kut)
    ParticipationFactory(exhibition=kut, artisan__consent_to_publish=False)
    ParticipationFactory(exhibition=kut, artisan__status=PublicationStatus.DRAFT)
    CraftCategoryFactory()

    response = page(client, "home")

    assert response.context["stats"] == {
        "artisans": 1,
        "crafts": 1,
        "exhibitions": 2,
        "participations": 1,
        "countries": 1,
        "cities": 1,
    }
    assert "published artisan</a>" in response.text
    assert "host country</li>" in response.text


def test_home_stat_labels_agree_with_their_numbers(client):
    ExhibitionFactory.create_batch(2)

    response = page(client, "home")

    assert "exhibitions</a>" in response.text
    assert "published artisans</a>" in response.text


def test_home_lists_recent_exhibitions_latest_first_and_upcoming_ones_soonest_first(client):
    today = timezone.localdate()
    for days in (-400, -30, -20, -10, -5, 0):
        ExhibitionFactory(
            title_en=f"Held {-days} days ago", start_date=today + datetime.timedelta(days), end_date=None
        )
    ExhibitionFactory(title_en="In a year", start_date=today + datetime.timedelta(365), end_date=None)
    ExhibitionFactory(title_en="Next week", start_date=today + datetime.timedelta(7), end_date=None)
    ExhibitionFactory(
        title_en="Draft next week", start_date=today + datetime.timedelta(7), end_date=None, status="draft"
    )

    response = page(client, "home")

    assert [e.title_en for e in response.context["recent"]] == [
        "Held 0 days ago",
        "Held 5 days ago",
        "Held 10 days ago",
        "Held 20 days ago",
        "Held 30 days ago",
    ]
    assert [e.title_en for e in response.context["upcoming"]] == ["Next week", "In a year"]
    assert "Upcoming exhibitions" in response.text


def test_home_charts_public_participations_by_the_year_the_exhibition_started(client):
    in_2023 = ExhibitionFactory(start_date=datetime.date(2023, 5, 1), end_date=None)
    in_2025 = ExhibitionFactory()
    undated = ExhibitionFactory(start_date=None, end_date=None, date_precision="unknown")
    ParticipationFactory.create_batch(2, exhibition=in_2023)
    ParticipationFactory(exhibition=in_2025)
    ParticipationFactory(exhibition=in_2025, artisan__consent_to_publish=False)
    ParticipationFactory(exhibition=undated)

    response = page(client, "home")

    assert response.context["per_year"] == [(2023, 2), (2025, 1)]
    assert response.context["undated"] == 1
    assert [(bar.label, bar.value) for bar in response.context["chart"].bars] == [
        ("2023", 2),
        ("2024", 0),
        ("2025", 1),
    ]
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in response.text
    assert '<title id="chart-title">Participations per year</title>' in response.text
    assert '<desc id="chart-desc">2023: 2; 2024: 0; 2025: 1</desc>' in response.text
    assert '<th scope="row">2023</th><td class="number">2</td>' in response.text


@pytest.mark.parametrize("rows", [1, 5])
def test_home_runs_the_same_queries_for_any_number_of_rows(client, django_assert_num_queries, places, rows):
    for _row in range(rows):
        ParticipationFactory(exhibition__place=places["kut"], exhibition__series=ExhibitionSeriesFactory())

    with django_assert_num_queries(
        queries(
            reads=[
                "recent exhibitions",
                "upcoming exhibitions (none)",
                "the recent ones' participations, from the totals",
                "published artisans, from the totals",
            ],
            remembered={
                "crafts, exhibitions with their countries and cities": 2,
                "participations per start span, from the totals": 1,
            },
        )
    ):
        response = page(client, "home")

    assert response.context["stats"]["participations"] == rows


# The exhibition list


def test_exhibition_list_shows_each_published_exhibition_with_its_dates_place_and_participants(client, places):
    series = ExhibitionSeriesFactory(name_en="Wasit handicrafts exhibition")
    kut = ExhibitionFactory(
        title_en="Ilam Handicrafts Exhibition in Kut", place=places["kut"], series=series, participants_reported=15
    )
    ParticipationFactory.create_batch(2, exhibition=kut)
    ParticipationFactory(exhibition=kut, artisan__consent_to_publish=False)
    ExhibitionFactory(title_en="Undated", place=places["sulaymaniyah"], start_date=None, end_date=None,
                      date_precision="unknown")  # fmt: skip
    ExhibitionFactory(title_en="Secret draft", status=PublicationStatus.DRAFT)

    response = page(client, "list")

    assert titles(response) == ["Ilam Handicrafts Exhibition in Kut", "Undated"]
    assert "10 October 2025 – 16 October 2025" in response.text
    assert "Kut, Wasit, Iraq" in response.text
    assert "Wasit handicrafts exhibition" in response.text
    assert '<td class="number" data-label="participants recorded">2</td>' in response.text
    assert '<td class="number" data-label="participants reported">15</td>' in response.text
    assert "date unknown" in response.text
    assert "Secret draft" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "2024"}, ["In 2024"]),
        ({"date_from": "2025-10-12", "date_to": "2025-10-12"}, ["October 2025 in Kut"]),
        # Known only to the month, so it may have been on on any day of January.
        ({"date_from": "2026-01-20"}, ["January 2026"]),
        ({"date_to": "2024-12-31"}, ["In 2024"]),
        ({"country": "iran"}, ["In 2024"]),
        ({"country": "iraq"}, ["January 2026", "October 2025 in Kut", "Sulaymaniyah, undated"]),
        ({"city": "kut"}, ["January 2026", "October 2025 in Kut"]),
        ({"series": "wasit"}, ["January 2026"]),
        ({"craft": "textiles"}, ["October 2025 in Kut", "In 2024"]),
        ({"craft": "embossed-kilim"}, ["In 2024"]),
        ({"ordering": "title"}, ["In 2024", "January 2026", "October 2025 in Kut", "Sulaymaniyah, undated"]),
    ],
)
def test_exhibition_list_filters(client, places, query, expected):
    textiles = CraftCategoryFactory(slug="textiles", name_en="Textiles")
    kilim = CraftCategoryFactory(slug="kilim", name_en="Kilim", parent=textiles)
    embossed = CraftCategoryFactory(slug="embossed-kilim", name_en="Embossed kilim", parent=kilim)
    pottery = CraftCategoryFactory(slug="pottery", name_en="Pottery")
    series = ExhibitionSeriesFactory(slug="wasit", host_place=places["kut"])
    ExhibitionFactory(title_en="October 2025 in Kut", place=places["kut"]).crafts_shown.add(kilim, pottery)
    ExhibitionFactory(title_en="January 2026", place=places["kut"], series=series, date_precision="month",
                      start_date=datetime.date(2026, 1, 1), end_date=None).crafts_shown.add(pottery)  # fmt: skip
    ExhibitionFactory(title_en="In 2024", place=places["ilam-city"], start_date=datetime.date(2024, 3, 1),
                      end_date=datetime.date(2024, 3, 5)).crafts_shown.add(embossed)  # fmt: skip
    ExhibitionFactory(title_en="Sulaymaniyah, undated", place=places["sulaymaniyah"], start_date=None,
                      end_date=None, date_precision="unknown")  # fmt: skip

    response = page(client, "list", **by_slug(query))

    assert titles(response) == expected


def test_exhibition_list_offers_only_places_that_host_published_exhibitions(client, places):
    ExhibitionFactory(place=places["kut"])
    ExhibitionFactory(place=places["sulaymaniyah"], status=PublicationStatus.DRAFT)

    response = page(client, "list")

    form = response.context["filter"].form
    assert [place.name_en for place in form.fields["city"].queryset] == ["Kut"]
    assert form.fields["city"].suggestion_labels() == ["Kut"]
    assert [place.name_en for place in form.fields["country"].queryset] == ["Iraq"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999999999999999999999"},
        {"date_from": "2025-13-45"},
        {"date_to": "yesterday"},
        {"series": "99999"},
        {"city": "abc"},
        {"craft": "99999"},
        {"ordering": "secret_field"},
    ],
)
def test_exhibition_list_explains_filters_it_cannot_understand(client, query):
    ExhibitionFactory(title_en="Listed when the filters are valid")

    response = page(client, "list", **query)

    assert INVALID_FILTER in response.text
    assert titles(response) == []


def test_exhibition_list_says_when_nothing_matches(client):
    ExhibitionFactory()

    response = page(client, "list", year="1999")

    assert "No exhibitions match these filters." in response.text


@pytest.mark.parametrize(("number", "shown"), [("0", 1), ("-1", 1), ("abc", 1), ("2", 2), ("99999", 2)])
def test_exhibition_list_pages_forgive_odd_numbers(client, monkeypatch, number, shown):
    from exhibitions.views import ExhibitionListView

    monkeypatch.setattr(ExhibitionListView, "paginate_by", 2)
    ExhibitionFactory.create_batch(3)

    response = page(client, "list", page=number)

    assert response.context["page_obj"].number == shown
    assert f"Page {shown} of 2" in response.text


@pytest.mark.parametrize("rows", [1, 5])
def test_exhibition_list_runs_the_same_queries_for_any_number_of_rows(client, django_assert_num_queries, places, rows):
    for _row in range(rows):
        exhibition = ExhibitionFactory(place=places["kut"], series=ExhibitionSeriesFactory())
        ParticipationFactory(exhibition=exhibition)
        exhibition.crafts_shown.add(CraftCategoryFactory())

    with django_assert_num_queries(
        queries(
            reads=["rows, with their place's lineage and series joined", "their participations, from the totals"],
            remembered={
                "count": 1,
                "country options": 1,
                "city options": 1,
                "series options": 1,
                "craft options": 1,
            },
        )
    ):
        response = page(client, "list")

    assert len(response.context["object_list"]) == rows


# The exhibition page


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_exhibition_page_shows_what_the_sources_say_about_the_kut_exhibition(client, demo):
    response = client.get(reverse("exhibitions:detail", kwargs={"slug": KUT_2025}))

    text = response.text
    assert "<h1>Ilam Handicrafts Exhibition in Kut</h1>" in text
    assert "10 October 2025 – 16 October 2025" in text
    assert re.sub(r"<[^>]+>", "", text.split("<dt>place</dt>")[1].split("</dd>")[0]).strip() == "Kut, Wasit, Iraq"
    assert '<a href="/places/iraq/">Iraq</a>' in text
    assert "Iraq’s National Day" in text
    # Abbas Mirzad's title differs between the two articles: both stay, each with its source.
    mirzad = text.split("<strong>Abbas Mirzad</strong>")[1].split("</ul>")[0]
    assert "Ilam’s deputy coordinator for economic affairs" in mirzad
    assert "Deputy governor general of Ilam province" in mirzad
    assert "source: IRNA (Islamic Republic News Agency)</span>" in mirzad
    assert "source: Tehran Times, 11 October 2025</span>" in mirzad
    # The count of exhibitions in Iraq: 20 says one article, 3 say the other two.
    assert "Sources disagree" in text
    dispute = response.context["disputes"][0]
    assert sorted(claim.value for claim in dispute["claims"]) == ["20", "3", "3"]
    assert '<bdi class="claim-value">20</bdi>' in text
    assert '<bdi class="claim-value">3</bdi>' in text
    assert "ilam-exhibitions-in-iraq-count" not in text
    assert "Tehran Times, 19 January 2026" in text
    assert "15 reported by the sources · 13 recorded here" in " ".join(text.split())
    # The sample draft and the artisan without consent are not among the participants.
    assert "Sakineh Veisi" not in text
    assert "Leila Karami" not in text
    assert text.count('<span class="badge badge-sample"') == 13


def test_exhibition_page_says_date_unknown_when_it_is(client, demo):
    response = client.get(reverse("exhibitions:detail", kwargs={"slug": "ilam-handicrafts-sulaymaniyah"}))

    assert "<dd>date unknown</dd>" in response.text
    assert '<a href="/places/iq-su-sulaymaniyah/">Sulaymaniyah</a>, <a href="/places/iraq/">Iraq</a>' in response.text


def test_exhibition_page_shows_only_public_participants_with_links_to_them(client, places):
    exhibition = ExhibitionFactory(place=places["kut"])
    kilim = CraftCategoryFactory(name_en="Kilim")
    public = ParticipationFactory(
        exhibition=exhibition,
        artisan__name="مریم کریمی",
        artisan__name_latin="Maryam Karimi",
        artisan__home_place=places["ilam-city"],
        stand="A12",
        award_en="First prize",
        is_sample=True,
    )
    public.crafts_shown.add(kilim)
    ParticipationFactory(
        exhibition=exhibition, artisan__name_latin="Not Consenting", artisan__consent_to_publish=False
    )
    ParticipationFactory(exhibition=exhibition, artisan__name_latin="Still Draft", artisan__status="draft")

    response = client.get(exhibition.get_absolute_url())

    assert [p.artisan.name_latin for p in response.context["participants"]] == ["Maryam Karimi"]
    assert f'<a href="{public.artisan.get_absolute_url()}">مریم کریمی</a>' in response.text
    assert "Ilam city" in response.text
    assert "(Ilam province)" in response.text
    assert "A12" in response.text
    assert "First prize" in response.text
    assert '<span class="badge badge-sample"' in response.text
    assert "Not Consenting" not in response.text
    assert "Still Draft" not in response.text


def test_exhibition_page_of_a_draft_is_not_found(client):
    draft = ExhibitionFactory(status=PublicationStatus.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_exhibition_page_in_persian_is_right_to_left_with_solar_hijri_dates(client, places):
    exhibition = ExhibitionFactory(title_fa="نمایشگاه صنایع دستی ایلام در کوت", place=places["kut"])

    response = client.get("/fa" + exhibition.get_absolute_url())

    assert '<html lang="fa" dir="rtl">' in response.text
    assert "<h1>نمایشگاه صنایع دستی ایلام در کوت</h1>" in response.text
    assert "۱۸ مهر ۱۴۰۴" in response.text
    assert "کوت" in response.text


def test_exhibition_page_in_arabic_is_right_to_left(client):
    exhibition = ExhibitionFactory(title_ar="معرض الصناعات اليدوية")

    response = client.get("/ar" + exhibition.get_absolute_url())

    assert '<html lang="ar" dir="rtl">' in response.text
    assert "<h1>معرض الصناعات اليدوية</h1>" in response.text


@pytest.mark.parametrize("rows", [1, 5])
def test_exhibition_page_runs_the_same_queries_for_any_number_of_rows(client, django_assert_num_queries, rows):
    exhibition = ExhibitionFactory(series=ExhibitionSeriesFactory())
    source = SourceFactory()
    for _row in range(rows):
        ParticipationFactory(exhibition=exhibition).crafts_shown.add(CraftCategoryFactory())
        exhibition.crafts_shown.add(CraftCategoryFactory())
        exhibition.sources.add(SourceFactory())
        exhibition.claims.add(ClaimFactory(topic="disputed"), ClaimFactory(topic=f"agreed-{_row}"))
        ExhibitionOfficial.objects.create(
            exhibition=exhibition, person=PersonFactory(), title_en=f"Title {_row}", source=source
        )

    with django_assert_num_queries(
        queries(
            reads=EXHIBITION_PAGE_READS,
            remembered={"number of participants, for the pages": 1},
        )
    ):
        response = client.get(exhibition.get_absolute_url())

    assert len(response.context["participants"]) == rows


# The participation report


@pytest.fixture
def history(places):
    textiles = CraftCategoryFactory(slug="textiles", name_en="Textiles")
    kilim = CraftCategoryFactory(slug="kilim", name_en="Kilim", parent=textiles)
    pottery = CraftCategoryFactory(slug="pottery", name_en="Pottery")
    series = ExhibitionSeriesFactory(slug="wasit", host_place=places["kut"])
    kut_2025 = ExhibitionFactory(title_en="Kut 2025", place=places["kut"])
    kut_2026 = ExhibitionFactory(title_en="Kut 2026", place=places["kut"], series=series, date_precision="month",
                                 start_date=datetime.date(2026, 1, 1), end_date=None)  # fmt: skip
    ilam_2024 = ExhibitionFactory(title_en="Ilam 2024", place=places["ilam-city"],
                                  start_date=datetime.date(2024, 3, 1), end_date=None)  # fmt: skip
    rows = [
        ("Maryam", places["ilam-city"], kut_2025, [kilim]),
        ("Fatemeh", places["ilam"], kut_2025, [pottery]),
        ("Reza", places["lorestan"], kut_2026, [pottery]),
        ("Zahra", places["ilam"], ilam_2024, [textiles]),
    ]
    for name, home, exhibition, crafts in rows:
        ParticipationFactory(
            artisan__name_latin=name, artisan__home_place=home, exhibition=exhibition
        ).crafts_shown.add(*crafts)
    ParticipationFactory(artisan__name_latin="Hidden", artisan__consent_to_publish=False, exhibition=kut_2025)
    ParticipationFactory(artisan__name_latin="Draft show", exhibition__status=PublicationStatus.DRAFT)
    return {"series": series, "kilim": kilim, "textiles": textiles, "pottery": pottery, **places}


def test_participation_report_shows_one_row_per_public_participation(client, history):
    response = page(client, "participation-list")

    assert latin_names(response) == ["Fatemeh", "Maryam", "Reza", "Zahra"]
    assert "4 participations" in response.text
    assert '<td data-label="home province">Ilam</td>' in response.text
    assert '<td data-label="host city">Kut</td>' in response.text
    assert '<td data-label="country">Iraq</td>' in response.text
    assert "Hidden" not in response.text
    assert "Draft show" not in response.text


def test_participation_report_counts_rows_by_year_province_and_craft(client, history):
    response = page(client, "participation-list")

    assert response.context["by_year"] == [
        {"year": 2024, "count": 1},
        {"year": 2025, "count": 2},
        {"year": 2026, "count": 1},
    ]
    assert [(row["place"].name_en, row["count"]) for row in response.context["by_province"]] == [
        ("Ilam", 3),
        ("Lorestan", 1),
    ]
    assert sorted((row["name"], row["count"]) for row in response.context["by_craft"]) == [
        ("Kilim", 1),
        ("Pottery", 2),
        ("Textiles", 1),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"province": "ir-16-ilam"}, ["Fatemeh", "Maryam", "Zahra"]),
        ({"craft": "textiles"}, ["Maryam", "Zahra"]),
        ({"craft": "pottery"}, ["Fatemeh", "Reza"]),
        ({"country": "iraq"}, ["Fatemeh", "Maryam", "Reza"]),
        ({"country": "iran"}, ["Zahra"]),
        ({"city": "ilam-city"}, ["Zahra"]),
        ({"province": "ir-15-lorestan"}, ["Reza"]),
        ({"series": "wasit"}, ["Reza"]),
        ({"year": "2025"}, ["Fatemeh", "Maryam"]),
        ({"date_from": "2026-01-31"}, ["Reza"]),
        ({"date_from": "2024-01-01", "date_to": "2025-10-09"}, ["Zahra"]),
    ],
)
def test_participation_report_filters(client, history, query, expected):
    response = page(client, "participation-list", **by_slug(query))

    assert latin_names(response) == expected


@pytest.mark.parametrize(
    "query", [{"year": "abc"}, {"date_from": "2025-13-45"}, {"series": "99999"}, {"province": "x"}]
)
def test_participation_report_explains_filters_it_cannot_understand(client, history, query):
    response = page(client, "participation-list", **query)

    assert INVALID_FILTER in response.text
    assert latin_names(response) == []


@pytest.mark.parametrize(("number", "shown"), [("0", 1), ("-1", 1), ("abc", 1), ("2", 2), ("10" * 10, 2)])
def test_participation_report_pages_forgive_odd_numbers(client, monkeypatch, history, number, shown):
    from exhibitions.views import ParticipationListView

    monkeypatch.setattr(ParticipationListView, "paginate_by", 3)

    response = page(client, "participation-list", page=number)

    assert response.context["page_obj"].number == shown


@pytest.mark.parametrize("rows", [1, 5])
def test_participation_report_runs_the_same_queries_for_any_number_of_rows(
    client, django_assert_num_queries, places, rows
):
    for _row in range(rows):
        participation = ParticipationFactory(
            artisan__home_place=CityFactory(parent=places["ilam"]),
            exhibition__place=places["kut"],
            exhibition__series=ExhibitionSeriesFactory(),
        )
        participation.crafts_shown.add(CraftCategoryFactory(), CraftCategoryFactory())

    with django_assert_num_queries(
        queries(
            reads=["rows, with artisans, exhibitions and both places' lineage joined", "their crafts"],
            remembered={
                "totals (and the count of rows): by province and their names, by year, by craft and its names": 5,
                "province options": 1,
                "country options": 1,
                "city options": 1,
                "series options": 1,
                "craft options": 1,
            },
        )
    ):
        response = page(client, "participation-list")

    assert len(response.context["object_list"]) == rows


# Privacy: nothing private or unpublished on any public page or public export

SECRETS = ("+98 918 555 0199", "secret.maker@example.org", "NID-7777-SECRET", "Internal note XYZZY")


@pytest.fixture
def private_records(places):
    public = ArtisanFactory(
        name_latin="Public Maker",
        phone=SECRETS[0],
        email=SECRETS[1],
        national_id=SECRETS[2],
        internal_notes=SECRETS[3],
    )
    exhibition = ExhibitionFactory(title_en="Public fair", place=places["kut"])
    ParticipationFactory(artisan=public, exhibition=exhibition)
    ParticipationFactory(
        exhibition=exhibition, artisan__name_latin="Unconsented Maker", artisan__consent_to_publish=False
    )
    ParticipationFactory(exhibition=exhibition, artisan__name_latin="Draft Maker", artisan__status="draft")
    draft_fair = ExhibitionFactory(title_en="Draft fair", slug="draft-fair", place=places["sulaymaniyah"])
    draft_fair.status = PublicationStatus.DRAFT
    draft_fair.save()
    ParticipationFactory(exhibition=draft_fair, artisan__name_latin="Maker At Draft Fair")
    return exhibition


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/exhibitions/",
        "/exhibitions/?format=csv",
        "/exhibitions/public/",
        "/exhibitions/public/?format=csv",
        "/participations/",
        "/participations/?format=csv",
        "/fa/participations/?format=csv",
        "/ar/exhibitions/public/",
    ],
)
def test_public_pages_and_exports_never_show_private_or_unpublished_records(client, private_records, path):
    Exhibition.objects.filter(pk=private_records.pk).update(slug="public")

    response = client.get(path)

    body = b"".join(response.streaming_content).decode() if response.streaming else response.text
    assert response.status_code == 200
    for hidden in (*SECRETS, "Unconsented Maker", "Draft Maker", "Draft fair", "Maker At Draft Fair", "draft-fair"):
        assert hidden not in body
    assert "Public" in body


def test_draft_exhibition_page_and_export_are_not_found(client, private_records):
    response = client.get("/exhibitions/draft-fair/?format=csv")

    assert response.status_code == 404


def test_exhibition_page_shows_participants_a_hundred_at_a_time(client):
    exhibition = ExhibitionFactory()
    ParticipationFactory.create_batch(105, exhibition=exhibition)

    first = client.get(exhibition.get_absolute_url())
    second = client.get(exhibition.get_absolute_url(), {"page": "2"})

    assert len(first.context["participants"]) == 100
    assert len(second.context["participants"]) == 5
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("kut", ["Handicrafts fair in Kut"]),
        ("FAIR kut", ["Handicrafts fair in Kut"]),
        ("نمایشگاه", ["Handicrafts fair in Kut"]),
        ("نمايشگاه", ["Handicrafts fair in Kut"]),  # typed on an Arabic keyboard
        ("معرض", ["Handicrafts fair in Kut"]),
        ("۱۴۰۴", ["Handicrafts fair in Kut"]),
        ("sulaymaniyah", []),
    ],
)
def test_exhibition_list_searches_titles_in_every_language_and_script(client, search, found):
    ExhibitionFactory(
        title_en="Handicrafts fair in Kut",
        title_fa="نمایشگاه صنایع دستی ۱۴۰۴ کوت",
        title_ar="معرض الحرف اليدوية في الكوت",
    )
    ExhibitionFactory(title_en="Spring show", title_fa="", title_ar="")

    response = client.get(reverse("exhibitions:list"), {"q": search})

    assert [exhibition.title_en for exhibition in response.context["object_list"]] == found


@pytest.mark.parametrize("url", ["exhibitions:list", "exhibitions:participation-list", "registry:artisan-list"])
@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_public_filters_name_their_empty_choice(client, places, url, language):
    ParticipationFactory(exhibition=ExhibitionFactory(place=places["kut"], series=ExhibitionSeriesFactory()))

    with translation.override(language):
        content = client.get(reverse(url)).content.decode()

    assert "---------" not in content
    assert re.findall(r'<option value="" selected>', content)


def test_exhibition_filters_offer_any_country_place_series_and_craft(client, places):
    ExhibitionFactory(place=places["kut"])

    content = client.get(reverse("exhibitions:list")).content.decode()

    empty = re.findall(r'<option value="" selected>([^<]+)</option>', content)
    assert empty == ["Any country", "Any craft", "newest first"]
    # Places and series are typed: the empty box says what leaving it empty means.
    assert re.findall(r'<input type="search" name="\w+"[^>]* placeholder="([^"]+)"', content) == [
        "Any place",
        "Any series",
    ]
