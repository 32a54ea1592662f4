"""The host place and series filters are typed: a name in any language, a slug or an id, with the
busiest few suggested, however many places have hosted an exhibition."""

import html
import re

import pytest
from django.urls import reverse

from common.named_choices import NamedChoiceField
from registry.models import Place, PublicationStatus
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
    ProvinceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

EXHIBITIONS = reverse("exhibitions:list")
LISTS = {
    "exhibitions": EXHIBITIONS,
    "report": reverse("exhibitions:participation-list"),
    "artisans": reverse("registry:artisan-list"),
}


@pytest.fixture
def kut():
    """Kut, which hosted one fair with one participant, named in English, Persian and Arabic."""
    wasit = ProvinceFactory(parent=CountryFactory(name_en="Iraq", slug="iraq"), name_en="Wasit", name_fa="واسط")
    place = CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", name_ar="الكوت", slug="iq-kut")
    fair = ExhibitionFactory(title_en="Fair in Kut", place=place)
    ParticipationFactory(exhibition=fair, artisan=ArtisanFactory(name_latin="Maryam"))
    ParticipationFactory(exhibition=ExhibitionFactory(title_en="Fair elsewhere"), artisan__name_latin="Reza")
    return place


def listed(response) -> list[str]:
    """The exhibitions' titles, or the (participating) artisans' Latin names, that the page lists."""
    names = []
    for row in response.context["object_list"]:
        artisan = getattr(row, "artisan", row)
        names.append(row.title_en if hasattr(row, "title_en") else artisan.name_latin)
    return sorted(names)


def box(response, name: str = "city") -> str:
    """The filter's search box and its suggestions, as written."""
    return re.search(rf'<input [^>]*name="{name}".*?</datalist>', response.content.decode(), re.S).group(0)


def suggestions(response, name: str = "city") -> list[str]:
    return [html.unescape(label) for label in re.findall(r'<option value="([^"]*)">', box(response, name))]


def shown_value(response, name: str = "city") -> str | None:
    found = re.search(r'<input [^>]* value="([^"]*)"', box(response, name))
    return html.unescape(found.group(1)) if found else None


def errors(response, name: str = "city") -> list[str]:
    return response.context["filter"].form.errors.get(name, [])


# Typing a place


@pytest.mark.parametrize(
    "typed",
    [
        "Kut",
        "  kUT ",  # any case, spaces around
        "کوت",  # Persian
        "كوت",  # Persian on an Arabic keyboard: Arabic kaf
        "الكوت",  # Arabic
        "الکوت",  # Arabic on a Persian keyboard: Persian kaf
        "iq-kut",  # the slug
    ],
)
@pytest.mark.parametrize("url", ["exhibitions", "report", "artisans"])
def test_a_place_is_found_by_any_of_its_names_or_its_slug(client, kut, url, typed):
    response = client.get(LISTS[url], {"city": typed})

    assert errors(response) == []
    assert response.context["filter"].form.cleaned_data["city"] == kut
    assert listed(response) == ["Fair in Kut" if url == "exhibitions" else "Maryam"]


@pytest.mark.parametrize("language", ["", "/fa", "/ar"])
def test_an_address_with_the_places_id_still_works(client, kut, language):
    response = client.get(language + EXHIBITIONS, {"city": kut.pk})

    assert listed(response) == ["Fair in Kut"]


@pytest.mark.parametrize(("language", "name"), [("", "Kut"), ("/fa", "کوت"), ("/ar", "الكوت")])
@pytest.mark.parametrize("chosen", ["pk", "slug"])
def test_the_box_shows_the_chosen_places_name_in_the_pages_language(client, kut, language, name, chosen):
    response = client.get(language + EXHIBITIONS, {"city": getattr(kut, chosen)})

    assert shown_value(response) == name


def test_the_box_shows_what_was_typed_when_it_names_nothing(client, kut):
    response = client.get(EXHIBITIONS, {"city": "Xyz"})

    assert shown_value(response) == "Xyz"


def test_an_unknown_place_is_a_form_error_naming_what_was_typed(client, kut):
    response = client.get(EXHIBITIONS, {"city": "Xyz"})

    assert errors(response) == ["No published exhibition was held in a place called “Xyz”."]
    assert "Some filters could not be understood" in response.text
    assert listed(response) == []


@pytest.mark.parametrize("status", [None, PublicationStatus.DRAFT])
def test_a_place_that_hosted_no_published_exhibition_cannot_be_chosen(client, kut, status):
    elsewhere = CityFactory(name_en="Mehran", slug="mehran")
    if status:
        ExhibitionFactory(place=elsewhere, status=status)

    for typed in ["Mehran", "mehran", str(elsewhere.pk)]:
        response = client.get(EXHIBITIONS, {"city": typed})

        assert errors(response) == [f"No published exhibition was held in a place called “{typed}”."]


@pytest.fixture
def two_ilams():
    """Ilam province and Ilam city in it, each of which hosted a fair."""
    province = ProvinceFactory(
        parent=CountryFactory(name_en="Iran", name_fa="ایران"),
        name_en="Ilam", name_fa="ایلام", name_ar="إيلام", slug="ir-16-ilam",
    )  # fmt: skip
    city = CityFactory(parent=province, name_en="Ilam", name_fa="ایلام", name_ar="إيلام", slug="ilam-city")
    ExhibitionFactory(title_en="Fair in the province", place=province)
    ExhibitionFactory(title_en="Fair in the city", place=city)
    return {"province": province, "city": city}


def test_a_name_two_places_share_asks_to_choose_one_of_the_suggestions(client, two_ilams):
    response = client.get(EXHIBITIONS, {"city": "ilam"})

    assert errors(response) == [
        "Published exhibitions were held in more than one place called “ilam”: please choose one of the suggestions."
    ]
    assert sorted(suggestions(response)) == ["Ilam (city, Ilam province)", "Ilam (province, Iran)"]
    assert listed(response) == []


def test_a_slug_is_matched_as_an_address_writes_it_and_a_typed_name_is_still_a_name(client, two_ilams):
    Place.objects.filter(pk=two_ilams["city"].pk).update(slug="ilam")

    assert listed(client.get(EXHIBITIONS, {"city": "ilam"})) == ["Fair in the city"]
    assert len(errors(client.get(EXHIBITIONS, {"city": "Ilam"}))) == 1


def test_places_of_one_name_are_told_apart_in_the_suggestions_and_found_by_them(client, two_ilams):
    kut = CityFactory(name_en="Kut")
    ExhibitionFactory.create_batch(2, place=kut)

    labels = suggestions(client.get(EXHIBITIONS))

    assert labels[0] == "Kut"
    assert sorted(labels[1:]) == ["Ilam (city, Ilam province)", "Ilam (province, Iran)"]
    assert listed(client.get(EXHIBITIONS, {"city": "Ilam (city, Ilam province)"})) == ["Fair in the city"]
    assert listed(client.get(EXHIBITIONS, {"city": "Ilam (province, Iran)"})) == ["Fair in the province"]


def test_a_chosen_place_that_shares_its_name_is_shown_told_apart(client, two_ilams):
    response = client.get("/fa" + EXHIBITIONS, {"city": two_ilams["city"].pk})

    assert shown_value(response) == "ایلام (شهر، استان ایلام)"
    assert listed(client.get("/fa" + EXHIBITIONS, {"city": shown_value(response)})) == ["Fair in the city"]


# The suggestions


def test_the_suggestions_are_the_thirty_busiest_host_places(client):
    quiet = [CityFactory(name_en=f"Quiet {n:02d}") for n in range(35)]
    busy = [CityFactory(name_en=f"Busy {n}") for n in range(5)]
    for place in quiet:
        ExhibitionFactory(place=place)
    for times, place in enumerate(busy, start=2):
        ExhibitionFactory.create_batch(times, place=place)

    labels = suggestions(client.get(EXHIBITIONS))

    assert len(labels) == NamedChoiceField.SUGGESTIONS == 30
    assert labels[:5] == ["Busy 4", "Busy 3", "Busy 2", "Busy 1", "Busy 0"]
    assert labels[5:] == [f"Quiet {n:02d}" for n in range(25)]
    # A place left out of the suggestions is still found by its name.
    assert listed(client.get(EXHIBITIONS, {"city": "Quiet 34"})) == [quiet[34].exhibitions.get().title_en]


@pytest.mark.parametrize(("language", "name"), [("", "Kut"), ("/fa", "کوت"), ("/ar", "الكوت")])
@pytest.mark.parametrize("url", ["exhibitions", "report", "artisans"])
def test_the_suggestions_are_in_the_pages_language(client, kut, url, language, name):
    labels = suggestions(client.get(language + LISTS[url]))

    assert name in labels
    assert len(labels) == 2  # Kut and the other fair's city


def test_the_search_box_is_labelled_and_points_at_its_suggestions(client, kut):
    content = client.get(EXHIBITIONS).content.decode()

    assert '<label for="id_city">city or place:</label>' in content
    assert box(client.get(EXHIBITIONS)).startswith(
        '<input type="search" name="city" autocomplete="off" placeholder="Any place" id="id_city"'
        ' list="id_city-suggestions">\n<datalist id="id_city-suggestions">'
    )


def test_a_typed_place_costs_the_one_query_that_checked_a_chosen_option(client, django_assert_num_queries, kut):
    with django_assert_num_queries(
        queries(
            reads=[
                "the place typed",
                "rows, with their place's lineage and series joined",
                "their participations, from the totals",
            ],
            remembered={
                "count": 1,
                "country options": 1,
                "city suggestions": 1,
                "series suggestions": 1,
                "craft options": 1,
            },
        )
    ):
        response = client.get(EXHIBITIONS, {"city": "كوت"})

    assert listed(response) == ["Fair in Kut"]


# Typing a series


@pytest.fixture
def series():
    wasit = ExhibitionSeriesFactory(
        name_en="Wasit handicrafts", name_fa="صنایع دستی واسط", name_ar="الحرف اليدوية في واسط", slug="wasit"
    )
    ExhibitionFactory(title_en="Wasit 2025", series=wasit)
    ExhibitionFactory(title_en="Without a series")
    return wasit


@pytest.mark.parametrize(
    "typed", ["Wasit handicrafts", "WASIT HANDICRAFTS ", "صنايع دستي واسط", "الحرف اليدوية في واسط", "wasit"]
)
@pytest.mark.parametrize("url", ["exhibitions", "report"])
def test_a_series_is_found_by_any_of_its_names_or_its_slug(client, series, url, typed):
    response = client.get(LISTS[url], {"series": typed})

    assert errors(response, "series") == []
    assert response.context["filter"].form.cleaned_data["series"] == series


def test_a_series_chosen_by_id_is_shown_by_name(client, series):
    response = client.get("/fa" + EXHIBITIONS, {"series": series.pk})

    assert listed(response) == ["Wasit 2025"]
    assert shown_value(response, "series") == "صنایع دستی واسط"
    assert "صنایع دستی واسط" in suggestions(response, "series")


def test_an_unknown_series_is_a_form_error_naming_what_was_typed(client, series):
    response = client.get(EXHIBITIONS, {"series": "Basra fair"})

    assert errors(response, "series") == ["There is no exhibition series called “Basra fair”."]


def test_two_series_of_one_name_are_told_apart_by_their_host_places(client, series):
    ExhibitionSeriesFactory(name_en="Wasit handicrafts", host_place=CityFactory(name_en="Kut"))

    response = client.get(EXHIBITIONS, {"series": "Wasit handicrafts"})

    assert errors(response, "series") == [
        "More than one exhibition series is called “Wasit handicrafts”: please choose one of the suggestions."
    ]
    labels = suggestions(response, "series")
    assert len(set(labels)) == 2
    assert "Wasit handicrafts (Kut)" in labels
    assert listed(client.get(EXHIBITIONS, {"series": "Wasit handicrafts (Kut)"})) == []
    assert errors(client.get(EXHIBITIONS, {"series": "Wasit handicrafts (Kut)"}), "series") == []


# Hostile input


@pytest.mark.parametrize("name", ["city", "series"])
@pytest.mark.parametrize(
    "typed", ["Kut\x00", "\x00", "x" * 10_000, "9" * 10_000, "9" * 25, "-1", "%", "_", "(" * 400, "Kut (" * 100]
)
def test_odd_text_is_a_form_error_not_a_server_error(client, kut, name, typed):
    response = client.get(EXHIBITIONS, {name: typed})

    assert response.status_code == 200
    assert len(errors(response, name)) == 1
    assert "\x00" not in response.content.decode()
