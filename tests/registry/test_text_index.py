"""The artisans' name searches on SQLite read a trigram index (common.text_index) that follows every
write, and find exactly what the same search over the table finds."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import text_index
from common.filters import containing_every_word
from registry.models import Artisan
from registry.search import ARTISAN_TEXT
from tests.factories import ArtisanFactory

# PostgreSQL searches with pg_trgm indexes instead.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

FIELDS = ("name", "name_latin", "registry_number")


def found(text: str, index=ARTISAN_TEXT) -> list[str]:
    rows = containing_every_word(Artisan.objects.all(), text, FIELDS, "search_key", index)
    return sorted(rows.values_list("name", flat=True))


def read_the_index(text: str) -> bool:
    with CaptureQueriesContext(connection) as captured:
        found(text)
    return any(f"{ARTISAN_TEXT.table} MATCH" in query["sql"] for query in captured)


@pytest.fixture
def artisans():
    ArtisanFactory(name="مریم زرگوشی", name_latin="Maryam Zargoushi", registry_number="IL-1403-0007")
    ArtisanFactory(name="فاطمه ارکوازی", name_latin="Fatemeh Arkavazi")
    ArtisanFactory(name="خدیجه زرگوشی", name_latin="")
    ArtisanFactory(name="علی کیانی", name_latin="Ali Kiani", workshop_name="Kiani kilims")
    ArtisanFactory(name='Rug "Star" maker', name_latin="Hassan Al-Asadi")


SEARCHES = [
    "Zargushi",
    "zarg",
    "Mariam Zargushi",
    "Arkawazi",
    "زرگوشي",  # typed on an Arabic keyboard
    "كياني",
    "کیانی",
    "KIANI",
    "IL-1403",
    "il-۱۴۰۳",  # Persian digits
    "Al-Asadee",
    '"Star"',
    # What FTS5 would read as its own syntax is searched for as written.
    "AND",
    "Kiani OR",
    "NEAR(Kiani",
    "{name}:Kiani",
    "Kia*",
    "-Kiani",
    "Nobody",
    # Too short for a trigram: searched over the table.
    "Al",
    "ز",
]


@pytest.mark.parametrize("text", SEARCHES)
def test_the_index_finds_what_the_table_finds(artisans, text):
    assert found(text) == found(text, index=None)


def test_a_word_of_three_letters_or_more_reads_the_index_and_a_shorter_one_the_table(artisans):
    assert read_the_index("Kiani")
    assert read_the_index("زرگوشی")
    assert not read_the_index("Al")


def test_the_index_follows_every_kind_of_write(artisans):
    kiani = Artisan.objects.get(name_latin="Ali Kiani")
    kiani.name, kiani.name_latin = "علی رستمی", "Ali Rostami"
    kiani.save()
    assert found("Rostami") == ["علی رستمی"]
    assert found("Kiani") == []

    Artisan.objects.filter(pk=kiani.pk).update(registry_number="IL-9999")
    assert found("IL-9999") == ["علی رستمی"]

    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_artisan SET name = 'Written by hand' WHERE id = %s", [kiani.pk])
    assert found("hand") == ["Written by hand"]

    Artisan.objects.bulk_create([Artisan(name="یوسف بختیاری", name_latin="", slug="yusuf", registry_number="T-1")])
    assert found("بختیاری") == ["یوسف بختیاری"]

    Artisan.objects.filter(slug="yusuf").delete()
    kiani.delete()
    assert found("بختیاری") == []
    assert found("hand") == []
    assert found("Zargushi") == found("Zargushi", index=None) != []


def test_a_lost_index_is_made_again_from_the_rows_after_migrate(artisans):
    text_index.drop()
    # Written while there was no index: found once it is made again.
    ArtisanFactory(name="نرگس ملکشاهی", name_latin="Narges Malekshahi")
    call_command("migrate", verbosity=0)
    assert found("Malekshahi") == ["نرگس ملکشاهی"]
    text_index.install(rebuild=True)
    assert found("Malekshahi") == ["نرگس ملکشاهی"]
    assert found("Zargushi") == found("Zargushi", index=None)


def test_the_public_list_and_the_admin_search_read_the_index(client, admin_client, artisans):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/artisans/", {"q": "Zargoushi"})
    assert sorted(row.name for row in response.context["object_list"]) == ["خدیجه زرگوشی", "مریم زرگوشی"]
    assert any(f"{ARTISAN_TEXT.table} MATCH" in query["sql"] for query in captured)

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(reverse("admin:registry_artisan_changelist"), {"q": "kilims"})
    assert [row.name for row in response.context["cl"].result_list] == ["علی کیانی"]
    assert any(f"{ARTISAN_TEXT.table} MATCH" in query["sql"] for query in captured)


def test_the_count_of_a_search_does_not_read_every_artisan(artisans):
    rows = containing_every_word(Artisan.objects.all(), "Zargushi", FIELDS, "search_key", ARTISAN_TEXT)
    sql, params = rows.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ({sql})", params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan
    assert "SCAN registry_artisan " not in plan + " ", plan
