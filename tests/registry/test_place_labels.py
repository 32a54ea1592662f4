"""Places in the admin's autocomplete fields say what they are and where: two Ilams, a city and a province."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from common.models import StaffPreferences
from registry.models import Place
from tests.admin_helpers import url
from tests.factories import ArtisanFactory, CityFactory, CountryFactory, ProvinceFactory
from tests.query_counts import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_ilams():
    iran = CountryFactory()
    province = ProvinceFactory(parent=iran, name_en="Ilam", name_fa="ایلام", name_ar="إيلام", code="IR-16")
    city = CityFactory(parent=province, name_en="Ilam", name_fa="ایلام", name_ar="إيلام")
    return city, province


def search_places(client, term: str, **extra):
    """The admin's autocomplete search for an artisan's home place."""
    query = {"app_label": "registry", "model_name": "artisan", "field_name": "home_place", "term": term, **extra}
    return client.get(reverse("admin:autocomplete"), query)


@pytest.mark.parametrize(
    ("language", "city", "province"),
    [
        ("en", "Ilam (city, Ilam province)", "Ilam (province, Iran)"),
        ("fa", "ایلام (شهر، استان ایلام)", "ایلام (استان، ایران)"),
        ("ar", "إيلام (مدينة، محافظة إيلام)", "إيلام (محافظة، إيران)"),
    ],
)
def test_the_two_ilams_are_told_apart_in_the_admins_language(
    admin_client, admin_user, two_ilams, language, city, province
):
    StaffPreferences.objects.create(user=admin_user, admin_language=language)
    admin_client.force_login(admin_user)  # the choice is read when logging in

    response = search_places(admin_client, "ilam")

    labels = {result["id"]: result["text"] for result in response.json()["results"]}
    assert labels == {str(two_ilams[0].pk): city, str(two_ilams[1].pk): province}


def test_a_country_says_what_it_is():
    iran = CountryFactory()

    with translation.override("fa"):
        assert iran.described() == "ایران (کشور)"


def test_a_city_in_a_district_names_its_province():
    province = ProvinceFactory(name_en="Wasit")
    district = CityFactory(parent=province, kind=Place.Kind.DISTRICT, name_en="Badreh")
    village = CityFactory(parent=district, kind=Place.Kind.VILLAGE, name_en="Zurbatiyah")

    assert village.described() == "Zurbatiyah (village, Wasit province)"


def test_the_change_form_labels_the_chosen_place_from_the_artisans_own_query(admin_client, two_ilams):
    artisan = ArtisanFactory(home_place=two_ilams[0])

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(url("registry_artisan", "change", artisan.pk))

    assert (
        f'<option value="{two_ilams[0].pk}" selected>Ilam (city, Ilam province)</option>' in response.content.decode()
    )
    assert [query["sql"] for query in captured if ' FROM "registry_place"' in query["sql"]] == []


@pytest.mark.parametrize("cities", [1, 20])
def test_the_autocomplete_runs_the_same_queries_for_a_page_of_places(admin_client, django_assert_num_queries, cities):
    for _city in range(cities):
        CityFactory(name_en="Mehran", parent=ProvinceFactory(name_en="Ilam"))

    with django_assert_num_queries(
        queries(login=True, reads=("the page of places with the places above them",), remembered={"count": 1})
    ):
        response = search_places(admin_client, "mehran")

    assert [result["text"] for result in response.json()["results"]] == ["Mehran (city, Ilam province)"] * cities
