import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import override_settings
from django.utils import timezone

from registry.models import Artisan, ArtisanCraft, Claim, Place, PublicationStatus
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProvinceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@override_settings(REGISTRY_NUMBER_PREFIX="ILM")
def test_artisan_gets_the_next_registry_number_on_creation():
    year = timezone.localdate().year

    first = ArtisanFactory()
    second = ArtisanFactory()

    assert first.registry_number == f"ILM-{year}-00001"
    assert second.registry_number == f"ILM-{year}-00002"


def test_artisan_registry_number_does_not_change_when_saved_again():
    artisan = ArtisanFactory()
    number = artisan.registry_number

    artisan.name_latin = "Renamed"
    artisan.save()

    artisan.refresh_from_db()
    assert artisan.registry_number == number


def test_artisan_registry_number_skips_a_number_taken_meanwhile():
    year = timezone.localdate().year
    ArtisanFactory()
    # A number allocated by another writer out of order must not be handed out twice.
    Artisan.objects.filter(pk=ArtisanFactory().pk).update(registry_number=f"ILM-{year}-00007")

    artisan = ArtisanFactory()

    assert artisan.registry_number == f"ILM-{year}-00008"


def test_artisan_slug_is_unique():
    ArtisanFactory(slug="maryam-karimi")

    with pytest.raises(IntegrityError):
        ArtisanFactory(slug="maryam-karimi")


def test_artisan_published_needs_both_status_and_consent():
    public = ArtisanFactory(status=PublicationStatus.PUBLISHED, consent_to_publish=True)
    ArtisanFactory(status=PublicationStatus.DRAFT, consent_to_publish=True)
    ArtisanFactory(status=PublicationStatus.PUBLISHED, consent_to_publish=False)

    assert list(Artisan.objects.published()) == [public]
    assert public.is_public


def test_artisan_birth_year_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ArtisanFactory(birth_year=1200)


def test_artisan_birth_year_out_of_range_gets_a_form_message():
    artisan = ArtisanFactory.build(birth_year=3000, home_place=None)

    with pytest.raises(ValidationError) as error:
        artisan.full_clean(exclude=["registry_number"])

    assert "birth_year" in error.value.message_dict


def test_artisan_has_at_most_one_primary_craft():
    artisan = ArtisanFactory()
    ArtisanCraft.objects.create(artisan=artisan, craft=CraftCategoryFactory(), is_primary=True)
    ArtisanCraft.objects.create(artisan=artisan, craft=CraftCategoryFactory(), is_primary=False)

    with pytest.raises(IntegrityError):
        ArtisanCraft.objects.create(artisan=artisan, craft=CraftCategoryFactory(), is_primary=True)


def test_artisan_practises_a_craft_once():
    artisan, craft = ArtisanFactory(), CraftCategoryFactory()
    ArtisanCraft.objects.create(artisan=artisan, craft=craft)

    with pytest.raises(IntegrityError):
        ArtisanCraft.objects.create(artisan=artisan, craft=craft)


def test_artisan_with_participations_cannot_be_deleted():
    participation = ParticipationFactory()

    with pytest.raises(ProtectedError):
        participation.artisan.delete()


def test_artisan_str_shows_both_scripts():
    artisan = ArtisanFactory.build(name="مریم کریمی", name_latin="Maryam Karimi")

    assert str(artisan) == "مریم کریمی (Maryam Karimi)"


def test_place_country_has_no_parent_and_others_have_one():
    iran = CountryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(kind=Place.Kind.PROVINCE, name_en="Orphan", slug="orphan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(kind=Place.Kind.COUNTRY, name_en="Nested", slug="nested", parent=iran)


def test_place_iso_code_is_unique_but_may_be_blank():
    ProvinceFactory(code="IR-16")
    CityFactory(code="")
    CityFactory(code="")

    with pytest.raises(IntegrityError):
        ProvinceFactory(code="IR-16")


def test_place_lineage_runs_from_the_country_down():
    city = CityFactory()

    assert city.lineage() == [city.parent.parent, city.parent, city]


def test_place_with_artisans_cannot_be_deleted():
    artisan = ArtisanFactory()

    with pytest.raises(ProtectedError):
        artisan.home_place.delete()


def test_claims_that_disagree_are_both_kept_and_found_as_conflicting():
    first, second = SourceFactory(), SourceFactory()
    a = Claim.objects.create(topic="border-length", statement_en="About 425 km", value="425 km", source=first)
    b = Claim.objects.create(topic="border-length", statement_en="About 430 km", value="430 km", source=second)
    Claim.objects.create(topic="capital", statement_en="Ilam", value="Ilam", source=first)
    Claim.objects.create(topic="capital", statement_en="Ilam", value="Ilam", source=second)

    conflicting = Claim.objects.conflicting()

    assert set(conflicting) == {a, b}


def test_source_behind_a_claim_cannot_be_deleted():
    source = SourceFactory()
    Claim.objects.create(topic="t", statement_en="s", value="v", source=source)

    with pytest.raises(ProtectedError):
        source.delete()


def test_claim_label_names_its_source_so_disagreeing_claims_can_be_told_apart():
    outlet = OrganisationFactory(name_en="Tehran Times")
    source = SourceFactory(publisher=outlet, published_on=datetime.date(2026, 1, 19))
    claim = Claim.objects.create(topic="border-length", statement_en="About 425 km", value="425 km", source=source)

    assert str(claim) == "border-length: 425 km (Tehran Times, 2026-01-19)"
