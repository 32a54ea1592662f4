"""Whatever a visitor puts in the query string, a public page answers without a server error.

Hypothesis generates query strings for every public page, in three languages, as HTML and as
CSV: page numbers out of range or not numbers, filters that do not exist, ids of rows that do
not exist, LIKE wildcards, NUL bytes, right-to-left overrides, very long values, 1,200 fields.
"""

import string
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import ArtisanCraftFactory, ArtisanFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

# The fields the public filters and exports read, and a few they do not.
FIELDS = [
    "page", "q", "craft", "province", "country", "city", "year", "series", "date_from", "date_to",
    "ordering", "format", "bom", "o", "lang", "id", "craft__in", "page_size",
]  # fmt: skip
NASTY = [
    "0", "-1", "abc", "last", str(10**20), str(-(10**20)), "1e30", "2025.5", "NaN", "", " ", "%", "_", "%%", "\\",
    "'", "' OR '1'='1", "\x00", "a\x00b", "\u202e", "\u202eliam", "\u200f\u200e", "<script>alert(1)</script>",
    "\ufeff", "ي ك", "۲۰۲۵", "٢٠٢٥", "9999-99-99", "2025-02-30", "0000-01-01", "-name", "?", "&", "=",
    "x" * 10_000, "9" * 10_000, "%" * 10_000,
]  # fmt: skip
TOO_MANY_FIELDS = [("f", "1")] * 1_200  # past DATA_UPLOAD_MAX_NUMBER_FIELDS: 400, not 500

values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=40),
)
names = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12))
queries = st.one_of(
    st.lists(st.tuples(names, values), max_size=6).map(urlencode),
    # Left unencoded, as a hand-typed address may be: stray '%' escapes, repeated '&' and '='.
    st.text(alphabet=string.ascii_letters + string.digits + "%&=+;_-.~,", max_size=60),
    st.just(urlencode(TOO_MANY_FIELDS)),
)
exports = st.sampled_from(["", "format=csv", "format=csv&bom=0"])
languages = st.sampled_from(["", "/fa", "/ar"])

LISTS = ["/", "/artisans/", "/crafts/", "/exhibitions/", "/participations/"]


@pytest.fixture
def detail_paths():
    link = ArtisanCraftFactory(artisan__name="مریم کریمی", artisan__name_latin="Maryam Karimi")
    participation = ParticipationFactory(artisan=link.artisan)
    participation.crafts_shown.add(link.craft)
    ArtisanFactory(name_latin="Ali Kiani")
    return {
        "artisan": link.artisan.get_absolute_url(),
        "craft": link.craft.get_absolute_url(),
        "exhibition": participation.exhibition.get_absolute_url(),
    }


def get(path: str):
    # An exception in a view becomes the 500 a visitor would see, instead of failing the test.
    response = Client(raise_request_exception=False).get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


# Hypothesis runs many examples in one test function: the fixture's rows serve them all, and
# the requests only read them.
hostile = hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("path", [*LISTS, "artisan", "craft", "exhibition"])
@hostile
@given(language=languages, query=queries, export=exports)
def test_public_page_answers_any_query_without_a_server_error(detail_paths, path, language, query, export):
    path = detail_paths.get(path, path)

    response = get(f"{language}{path}?{'&'.join(part for part in (query, export) if part)}")

    assert response.status_code < 500


@pytest.mark.parametrize("path", LISTS)  # the overview too, though it reads no query
def test_too_many_fields_is_a_bad_request(path):
    response = get(f"{path}?{urlencode(TOO_MANY_FIELDS)}")

    assert response.status_code == 400


def test_page_number_past_any_page_shows_the_last():
    ArtisanFactory.create_batch(26)  # two pages of 25

    response = get(f"/artisans/?page={10**20}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def artisans_found(search: str) -> list[str]:
    response = get(f"/artisans/?{urlencode({'q': search})}")
    assert response.status_code == 200
    return [artisan.name_latin for artisan in response.context["object_list"]]


@pytest.mark.parametrize(("search", "found"), [("%", ["100% wool"]), ("_", ["Under_score"]), ("%_", [])])
def test_artisan_search_takes_wildcards_literally(search, found):
    for name in ["100% wool", "Under_score", "Maryam Karimi", "Ali Kiani"]:
        ArtisanFactory(name_latin=name)

    assert artisans_found(search) == found


def test_artisan_search_with_a_nul_byte_or_overrides_finds_nothing_and_fails_nothing():
    ArtisanFactory(name_latin="Maryam Karimi")

    assert artisans_found("Maryam\x00") == []
    assert artisans_found("\u202eMaryam") == []
    assert artisans_found("Maryam") == ["Maryam Karimi"]
