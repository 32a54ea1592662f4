"""The rows of the large tables (common.row_counts): right after every kind of write, and what an admin
list of every row reads instead of counting, on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import row_counts, totals
from common.models import TableRows
from common.pagination import RegistryPaginator
from exhibitions.models import Exhibition, Participation
from registry.models import Artisan, PublicationStatus
from tests.admin_helpers import url
from tests.factories import ArtisanFactory, ExhibitionFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def stored() -> dict[str, int]:
    return dict(TableRows.objects.values_list("table_name", "count"))


def counted() -> dict[str, int]:
    return {model._meta.db_table: model.objects.count() for model in (Artisan, Exhibition, Participation)}


def copied_to_every_artisan() -> str:
    """SQL: one statement that gives each artisan without a participation a copy of the first one."""
    columns = [
        field.column for field in Participation._meta.concrete_fields if field.column not in ("id", "artisan_id")
    ]
    listed = ", ".join(columns)
    return (
        f"INSERT INTO exhibitions_participation (artisan_id, {listed}) "
        f"SELECT a.id, {', '.join(f'p.{column}' for column in columns)} FROM registry_artisan a "
        f"CROSS JOIN (SELECT * FROM exhibitions_participation ORDER BY id LIMIT 1) AS p "
        f"WHERE NOT EXISTS (SELECT 1 FROM exhibitions_participation q WHERE q.artisan_id = a.id)"
    )


@pytest.fixture
def participations():
    exhibition = ExhibitionFactory()
    return [ParticipationFactory(exhibition=exhibition) for _ in range(3)]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: ArtisanFactory(), id="created"),
        pytest.param(
            lambda: Artisan.objects.bulk_create(
                [Artisan(name=f"نام {i}", slug=f"bulk-{i}", registry_number=f"B-{i}") for i in range(5)]
            ),
            id="bulk created",
        ),
        pytest.param(lambda: Participation.objects.order_by("pk").first().delete(), id="deleted"),
        pytest.param(lambda: Participation.objects.all().delete(), id="deleted all at once"),
        pytest.param(lambda: Artisan.objects.update(status=PublicationStatus.DRAFT), id="updated"),
        pytest.param(
            lambda: connection.cursor().execute(
                "DELETE FROM exhibitions_participation WHERE id IN (SELECT id FROM exhibitions_participation LIMIT 2)"
            ),
            id="raw SQL delete of two rows",
        ),
        pytest.param(lambda: connection.cursor().execute(copied_to_every_artisan()), id="raw SQL insert of many rows"),
    ],
)
def test_every_kind_of_write_keeps_the_rows_right(participations, write):
    ArtisanFactory.create_batch(2)
    write()
    assert stored() == counted()
    assert totals.differences(row_counts.TABLE_ROWS) == []


def test_an_admin_list_of_every_row_reads_its_count_from_the_table(admin_client, participations):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url("exhibitions_participation", "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_filtered_list_still_counts_its_rows(admin_client, participations):
    participations[0].artisan.name = "یگانه"
    participations[0].artisan.save()
    response = admin_client.get(url("exhibitions_participation", "changelist") + "?q=یگانه")
    assert response.context["cl"].result_count == 1


def test_only_a_queryset_of_every_row_of_a_counted_table_is_read_from_it(participations):
    assert row_counts.rows_of(Participation.objects.select_related("artisan").order_by("-pk")) == 3
    assert row_counts.rows_of(Participation.objects.filter(role="exhibitor")) is None
    assert row_counts.rows_of(Participation.objects.values("artisan").distinct()) is None
    assert row_counts.rows_of(Artisan.objects.published()) is None
    assert row_counts.rows_of(Participation.objects.all()[:2]) is None
    assert RegistryPaginator(Participation.objects.all(), 2).count == 3
