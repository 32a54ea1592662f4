import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import translation

from exhibitions.models import Exhibition, Participation
from exhibitions.querysets import with_artisan_participation_counts
from registry.models import Artisan, PublicationStatus
from tests.factories import (
    ArtisanFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db
UNKNOWN = Exhibition.DatePrecision.UNKNOWN


def test_exhibition_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ExhibitionFactory(start_date=datetime.date(2025, 10, 10), end_date=datetime.date(2025, 10, 9))


def test_exhibition_end_before_start_gets_a_form_message():
    exhibition = ExhibitionFactory.build(start_date=datetime.date(2025, 10, 10), end_date=datetime.date(2025, 10, 9))

    with pytest.raises(ValidationError) as error:
        exhibition.clean()

    assert error.value.message_dict["end_date"] == ["The end date cannot be before the start date."]


def test_exhibition_with_unknown_date_has_no_dates():
    exhibition = ExhibitionFactory(date_precision=UNKNOWN, start_date=None, end_date=None)

    assert exhibition.date_display() == "date unknown"
    with pytest.raises(IntegrityError):
        ExhibitionFactory(date_precision=UNKNOWN, start_date=datetime.date(2025, 1, 1), end_date=None)


def test_exhibition_with_a_known_precision_needs_a_start_date():
    with pytest.raises(IntegrityError):
        ExhibitionFactory(start_date=None, end_date=None)


def test_exhibition_dates_are_shown_with_their_precision():
    exact = ExhibitionFactory.build(start_date=datetime.date(2025, 10, 10), end_date=datetime.date(2025, 10, 16))
    month = ExhibitionFactory.build(
        date_precision=Exhibition.DatePrecision.MONTH, start_date=datetime.date(2026, 1, 1), end_date=None
    )
    year = ExhibitionFactory.build(
        date_precision=Exhibition.DatePrecision.YEAR, start_date=datetime.date(2024, 1, 1), end_date=None
    )

    with translation.override("en"):
        shown = [exact.date_display(), month.date_display(), year.date_display()]
    with translation.override("fa"):
        persian = exact.date_display()

    assert shown == ["10 October 2025 – 16 October 2025", "January 2026", "2024"]
    assert persian == "۱۸ مهر ۱۴۰۴ (۱۰ اکتبر ۲۰۲۵) – ۲۴ مهر ۱۴۰۴ (۱۶ اکتبر ۲۰۲۵)"


def test_exhibition_edition_is_unique_within_its_series():
    series = ExhibitionSeriesFactory()
    ExhibitionFactory(series=series, edition=20)
    ExhibitionFactory(series=None, edition=20)

    with pytest.raises(IntegrityError):
        ExhibitionFactory(series=series, edition=20)


def test_participation_once_per_artisan_and_exhibition():
    participation = ParticipationFactory()

    with pytest.raises(IntegrityError):
        Participation.objects.create(artisan=participation.artisan, exhibition=participation.exhibition)


def test_exhibition_with_participations_cannot_be_deleted():
    participation = ParticipationFactory()

    with pytest.raises(ProtectedError):
        participation.exhibition.delete()


def test_participations_published_only_for_public_artisans_at_published_exhibitions():
    visible = ParticipationFactory()
    ParticipationFactory(exhibition=ExhibitionFactory(status=PublicationStatus.DRAFT))
    ParticipationFactory(artisan=ArtisanFactory(consent_to_publish=False))
    ParticipationFactory(artisan=ArtisanFactory(status=PublicationStatus.DRAFT))

    assert list(Participation.objects.published()) == [visible]


def test_exhibition_participation_counts_are_annotated():
    exhibition = ExhibitionFactory(participants_reported=15)
    ParticipationFactory.create_batch(4, exhibition=exhibition)

    annotated = Exhibition.objects.with_participation_counts().get(pk=exhibition.pk)

    assert (annotated.participants_reported, annotated.participation_count) == (15, 4)


def test_artisan_participation_counts_are_annotated():
    artisan = ArtisanFactory()
    ParticipationFactory.create_batch(3, artisan=artisan)
    ArtisanFactory()

    counts = dict(with_artisan_participation_counts(Artisan.objects.all()).values_list("pk", "participation_count"))

    assert sorted(counts.values()) == [0, 3]
    assert counts[artisan.pk] == 3
