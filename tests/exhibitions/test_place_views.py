import re

import pytest
from django.core.management import call_command

from registry.models import Claim, Place
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    ClaimFactory,
    CountryFactory,
    ExhibitionFactory,
    ProvinceFactory,
    SourceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_ilam_page_shows_both_border_lengths_side_by_side_with_their_sources(client, demo):
    ilam = Place.objects.get(code="IR-16")

    response = client.get(ilam.get_absolute_url())

    content = response.content.decode()
    dispute = content.split('<div class="dispute">')[1].split("</div>")[0]
    assert re.findall(r'<bdi class="claim-value">([^<]+)</bdi>', dispute) == ["425 km", "430 km"]
    assert "Ilam province shares about 425 kilometres of border with Iraq." in dispute
    assert "Ilam shares about 430 kilometres of border with Iraq, touching Wasit, Maysan and Diyala" in dispute
    assert "source: Tehran Times, 19 January 2026" in text_of(dispute)
    assert "source: IRNA (Islamic Republic News Agency)" in text_of(dispute)
    assert "ilam-iraq-border-length" not in content


def test_every_claim_of_the_sources_is_on_a_public_page(client, demo):
    for claim in Claim.objects.select_related("place").prefetch_related("exhibitions"):
        pages = [
            claim.place.get_absolute_url(),
            *(exhibition.get_absolute_url() for exhibition in claim.exhibitions.all()),
        ]

        shown_on = [url for url in pages if claim.statement_en in client.get(url).content.decode()]

        assert shown_on, f"{claim.topic} ({claim.value}) is on no public page"


def test_place_page_in_persian_shows_the_claims_in_persian_digits(client, demo):
    ilam = Place.objects.get(code="IR-16")

    content = client.get("/fa" + ilam.get_absolute_url()).content.decode()

    assert "<h1>ایلام</h1>" in content
    assert re.findall(r'<bdi class="claim-value">([^<]+)</bdi>', content) == ["۴۲۵ km", "۴۳۰ km"]
    assert '<a href="/fa/places/iran/">ایران</a>' in content


def test_place_page_counts_the_artisans_and_lists_the_exhibitions_within_it(client):
    province = ProvinceFactory(name_en="Wasit", slug="wasit")
    kut = CityFactory(name_en="Kut", parent=province)
    ArtisanFactory.create_batch(2, home_place=kut)
    ArtisanFactory(home_place=province, consent_to_publish=False)
    ExhibitionFactory(title_en="Kut fair", place=kut)
    ExhibitionFactory(title_en="Draft fair", place=kut, status="draft")
    ExhibitionFactory(title_en="Elsewhere")

    content = client.get(province.get_absolute_url()).content.decode()

    facts = text_of(content.split('<dl class="facts">')[1].split("</dl>")[0])
    assert facts == "kind province or governorate part of Iran Artisans 2 artisans Exhibitions 1 exhibition"
    assert f'<a href="/artisans/?province={province.pk}">2 artisans</a>' in content
    assert "Kut fair" in content
    assert "Draft fair" not in content
    assert "Elsewhere" not in content
    # A country and a city are counted; a province is read from the totals: all agree.
    assert "2 artisans" in client.get(kut.get_absolute_url()).content.decode()
    assert "2 artisans" in client.get(province.parent.get_absolute_url()).content.decode()


def test_place_page_links_its_neighbours(client):
    ilam = ProvinceFactory(name_en="Ilam", slug="ilam")
    iraq = CountryFactory(name_en="Iraq", slug="iraq", code="IQ")
    wasit = ProvinceFactory(name_en="Wasit", slug="wasit", parent=iraq)
    ilam.neighbours.add(wasit)

    content = client.get(ilam.get_absolute_url()).content.decode()

    neighbours = content.split("<dt>borders</dt>")[1].split("</dd>")[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', neighbours) == [("/places/wasit/", "Wasit")]


def test_place_page_of_an_unknown_place_is_not_found(client):
    assert client.get("/places/atlantis/").status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_place_page_queries_do_not_grow_with_rows(django_assert_num_queries, client, count):
    province = ProvinceFactory()
    province.neighbours.add(*ProvinceFactory.create_batch(count))
    for _ in range(count):
        ClaimFactory(place=province, source=SourceFactory())
        ExhibitionFactory(place=CityFactory(parent=province))
        ArtisanFactory(home_place=province)

    reads = ["place and lineage", "neighbours", "disputed claims", "other claims", "exhibitions"]
    remembered = {"count of exhibitions": 1}
    with django_assert_num_queries(queries(reads=[*reads, "artisans, from the totals"], remembered=remembered)):
        response = client.get(province.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["exhibitions"]) == count
