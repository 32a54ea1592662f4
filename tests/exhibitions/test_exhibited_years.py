"""Who exhibited in a year, counted by the database (exhibitions.exhibited_years): each artisan once,
in the year the filter reads, right after every kind of write, on both databases."""

import datetime

import jdatetime
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import totals
from common.calendars import SOLAR_HIJRI_YEARS, year_bounds
from exhibitions import exhibited_years
from exhibitions.models import Exhibition, Participation, YearArtisans
from registry.models import Artisan, PublicationStatus
from tests.factories import ArtisanFactory, ExhibitionFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

ARTISANS = reverse("registry:artisan-list")
# The days around the Solar Hijri new year: 1403 began on 20 March 2024, 1404 on 21 March 2025.
DAYS = [
    datetime.date(2024, 3, 19),
    datetime.date(2024, 3, 20),
    datetime.date(2025, 3, 20),
    datetime.date(2025, 3, 21),
    datetime.date(2025, 10, 1),
]
YEARS = [2024, 2025, 1402, 1403, 1404]


def fresh_count(year: int) -> int:
    """Who exhibited in ``year``, counted from the participations themselves."""
    return (
        Participation.objects.published()
        .filter(exhibition__start_date__range=year_bounds(year))
        .values("artisan")
        .distinct()
        .count()
    )


def stored_count(year: int) -> int:
    return YearArtisans.objects.filter(year=year).values_list("count", flat=True).first() or 0


def assert_right():
    for summary in (exhibited_years.ARTISAN_YEARS, exhibited_years.YEAR_ARTISANS):
        assert totals.differences(summary) == [], summary.db_table
    assert {year: stored_count(year) for year in YEARS} == {year: fresh_count(year) for year in YEARS}


@pytest.fixture
def shows():
    """An exhibition on each of DAYS, one undated and one draft; six artisans, two of them not public."""
    exhibitions = [ExhibitionFactory(start_date=day, end_date=day) for day in DAYS]
    undated = ExhibitionFactory(start_date=None, end_date=None, date_precision="unknown")
    draft = ExhibitionFactory(start_date=DAYS[3], end_date=DAYS[3], status=PublicationStatus.DRAFT)
    artisans = ArtisanFactory.create_batch(4)
    artisans.append(ArtisanFactory(consent_to_publish=False))
    artisans.append(ArtisanFactory(status=PublicationStatus.DRAFT))
    for index, artisan in enumerate(artisans):
        for exhibition in [*exhibitions[index % 3 :], undated, draft]:
            ParticipationFactory(artisan=artisan, exhibition=exhibition)
    return exhibitions


def test_each_artisan_counts_once_in_the_year_the_filter_reads(shows):
    assert_right()
    # 20 March 2025 is the last day of 1403, 21 March its first of 1404; 20 March 2024 the first of 1403.
    assert stored_count(1403) == 4
    assert stored_count(1404) == 4
    assert stored_count(1402) == 2  # only the artisans at 19 March 2024
    assert stored_count(2025) == 4


def move(exhibition: Exhibition, day):
    exhibition.start_date = exhibition.end_date = day
    exhibition.date_precision = Exhibition.DatePrecision.UNKNOWN if day is None else Exhibition.DatePrecision.EXACT
    exhibition.save()


def delete_exhibition_before_its_participations(exhibition: Exhibition):
    # The foreign keys are checked at the end of the transaction, so raw SQL may delete in this order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM exhibitions_exhibition WHERE id = %s", [exhibition.pk])
        cursor.execute(
            "DELETE FROM exhibitions_participation_crafts_shown WHERE participation_id IN "
            "(SELECT id FROM exhibitions_participation WHERE exhibition_id = %s)",
            [exhibition.pk],
        )
        cursor.execute("DELETE FROM exhibitions_participation WHERE exhibition_id = %s", [exhibition.pk])


WRITES = {
    "a participation added": lambda shows: ParticipationFactory(exhibition=shows[4]),
    "a second participation the same year": lambda shows: ParticipationFactory(
        exhibition=ExhibitionFactory(start_date=DAYS[4]),
        artisan=Participation.objects.filter(exhibition=shows[4]).first().artisan,
    ),
    "a participation deleted": lambda shows: Participation.objects.filter(exhibition=shows[3]).first().delete(),
    "every participation deleted": lambda shows: Participation.objects.all().delete(),
    "a participation moved to another exhibition": lambda shows: Participation.objects.filter(
        exhibition=shows[4]
    ).update(exhibition=ExhibitionFactory(start_date=DAYS[0])),
    "an artisan unpublished": lambda shows: Artisan.objects.filter(
        pk=Participation.objects.filter(exhibition=shows[3]).first().artisan_id
    ).update(status=PublicationStatus.DRAFT),
    "consent given": lambda shows: Artisan.objects.update(consent_to_publish=True),
    "an exhibition moved across the new year": lambda shows: move(shows[3], DAYS[2]),
    "an exhibition moved out of any date": lambda shows: move(shows[4], None),
    "an undated exhibition given a date": lambda shows: move(Exhibition.objects.get(start_date=None), DAYS[4]),
    "an exhibition withdrawn": lambda shows: Exhibition.objects.filter(pk=shows[1].pk).update(
        status=PublicationStatus.DRAFT
    ),
    "a draft published": lambda shows: Exhibition.objects.update(status=PublicationStatus.PUBLISHED),
    "an exhibition deleted before its participations": lambda shows: delete_exhibition_before_its_participations(
        shows[3]
    ),
    "raw SQL": lambda shows: connection.cursor().execute(
        "UPDATE exhibitions_exhibition SET start_date = NULL, end_date = NULL, date_precision = 'unknown' "
        "WHERE start_date < %s",
        [DAYS[2]],
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_kind_of_write_keeps_the_years_right(shows, write):
    WRITES[write](shows)
    assert_right()


def test_the_databases_solar_hijri_year_is_jdatetimes_around_every_new_year():
    """Every day from 15 to 25 March, and the first and last of each year, from 1921 to 2122."""
    days = [
        datetime.date(year, month, day)
        for year in range(SOLAR_HIJRI_YEARS.start + 621, SOLAR_HIJRI_YEARS.stop + 623)
        for month, day in [(1, 1), *((3, day) for day in range(15, 26)), (12, 31)]
    ]
    typed = "DATE %s" if connection.vendor == "postgresql" else "%s"
    values = ", ".join(f"({typed})" for _ in days)
    year = exhibited_years.solar_hijri_year(connection.vendor, "d.day")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH d(day) AS (VALUES {values}) SELECT {year} FROM d", [day.isoformat() for day in days])
        found = [row[0] for row in cursor.fetchall()]
    assert found == [jdatetime.date.fromgregorian(date=day).year for day in days]


def test_the_artisan_list_by_year_reads_the_count_the_database_keeps(client, shows):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ARTISANS, {"year": "1404"})
    assert response.status_code == 200
    assert response.context["paginator"].count == fresh_count(1404) == 4
    counts = [query["sql"] for query in queries.captured_queries if query["sql"].upper().startswith("SELECT COUNT(")]
    assert not [sql for sql in counts if "exhibitions_participation" in sql]
    # A year with no exhibitions, and a year written in Persian digits.
    assert client.get(ARTISANS, {"year": "1390"}).context["paginator"].count == 0
    assert client.get(ARTISANS, {"year": "۲۰۲۵"}).context["paginator"].count == fresh_count(2025)
