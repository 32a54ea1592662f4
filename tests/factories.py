import datetime

import factory
from factory.django import DjangoModelFactory

from crafts.models import CraftCategory
from exhibitions.models import Exhibition, ExhibitionSeries, Participation
from registry.models import (
    Artisan,
    ArtisanCraft,
    Claim,
    Organisation,
    Person,
    Place,
    PublicationStatus,
    Sanction,
    Source,
    Verification,
    valid_until,
)


class CraftCategoryFactory(DjangoModelFactory):
    class Meta:
        model = CraftCategory
        django_get_or_create = ("slug",)

    name_en = factory.Sequence(lambda n: f"Craft {n}")
    name_fa = factory.Sequence(lambda n: f"هنر {n}")
    slug = factory.Sequence(lambda n: f"craft-{n}")


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    kind = Place.Kind.COUNTRY
    name_en = "Iran"
    name_fa = "ایران"
    name_ar = "إيران"
    slug = "iran"
    code = "IR"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    kind = Place.Kind.PROVINCE
    parent = factory.SubFactory(CountryFactory)
    name_en = factory.Sequence(lambda n: f"Province {n}")
    slug = factory.Sequence(lambda n: f"province-{n}")


class CityFactory(DjangoModelFactory):
    class Meta:
        model = Place

    kind = Place.Kind.CITY
    parent = factory.SubFactory(ProvinceFactory)
    name_en = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.GOVERNMENT_OFFICE


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Official {n}")
    slug = factory.Sequence(lambda n: f"official-{n}")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    published_on = datetime.date(2025, 10, 11)
    url = factory.Sequence(lambda n: f"https://news.example.org/article-{n}")


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim

    topic = "ilam-iraq-border-length"
    statement_en = factory.Sequence(lambda n: f"The border is {400 + n} km long.")
    value = factory.Sequence(lambda n: f"{400 + n} km")
    source = factory.SubFactory(SourceFactory, publisher=factory.SubFactory(OrganisationFactory))
    place = factory.SubFactory(ProvinceFactory)


class ArtisanFactory(DjangoModelFactory):
    class Meta:
        model = Artisan

    name = factory.Sequence(lambda n: f"هنرمند {n}")
    name_latin = factory.Sequence(lambda n: f"Artisan {n}")
    slug = factory.Sequence(lambda n: f"artisan-{n}")
    home_place = factory.SubFactory(ProvinceFactory)
    status = PublicationStatus.PUBLISHED
    consent_to_publish = True


class ArtisanCraftFactory(DjangoModelFactory):
    class Meta:
        model = ArtisanCraft

    artisan = factory.SubFactory(ArtisanFactory)
    craft = factory.SubFactory(CraftCategoryFactory)


class VerificationFactory(DjangoModelFactory):
    """A verification row alone; registry.registrations.record_verification also updates the artisan."""

    class Meta:
        model = Verification

    artisan = factory.SubFactory(ArtisanFactory)
    method = Verification.Method.WORKSHOP_VISIT
    verified_on = datetime.date(2025, 10, 1)
    valid_until = factory.LazyAttribute(lambda verification: valid_until(verification.verified_on))


class SanctionFactory(DjangoModelFactory):
    class Meta:
        model = Sanction

    artisan = factory.SubFactory(ArtisanFactory)
    starts_on = datetime.date(2025, 10, 1)
    until = datetime.date(2026, 10, 1)
    reason = "Sold pieces not made in the workshop"


class ExhibitionSeriesFactory(DjangoModelFactory):
    class Meta:
        model = ExhibitionSeries

    name_en = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    host_place = factory.SubFactory(CityFactory)


class ExhibitionFactory(DjangoModelFactory):
    class Meta:
        model = Exhibition

    title_en = factory.Sequence(lambda n: f"Exhibition {n}")
    slug = factory.Sequence(lambda n: f"exhibition-{n}")
    place = factory.SubFactory(CityFactory)
    start_date = datetime.date(2025, 10, 10)
    end_date = datetime.date(2025, 10, 16)
    status = PublicationStatus.PUBLISHED


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    artisan = factory.SubFactory(ArtisanFactory)
    exhibition = factory.SubFactory(ExhibitionFactory)


# How every page marks a sample (invented) record.
SAMPLE_BADGE = (
    '<span class="badge badge-sample" title="Invented for the demonstration: not a real record.">sample data</span>'
)
