"""The stretches of the artisan list (registry.stretches): a deep page starts where OFFSET would have
taken it, after every kind of write, on both databases."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import pagination, totals
from registry import stretches
from registry.models import Artisan, ArtisanStretch, PublicationStatus
from tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

ARTISANS = reverse("registry:artisan-list")
# Names that sort apart in the two scripts, and namesakes whose order is their ids'.
NAMES = [
    ("علی کیانی", "Ali Kiani"),
    ("علي كياني", "Ali Kiani"),
    ("زهرا احمدی", "Zahra Ahmadi"),
    ("آرش", "Arash"),
    ("مریم", "Maryam"),
    ("بهرام", "Bahram"),
    ("ژاله", "Zhaleh"),
    ("یوسف", "Yousef"),
    ("پروین", "Parvin"),
    ("چنگیز", "Changiz"),
]


def orders():
    return [(column, Artisan.objects.published().order_by(column, "pk")) for column in stretches.ORDERINGS]


def assert_every_row_found():
    """Each published artisan is where seeking its position finds it, in every order with stretches."""
    for column, ordered in orders():
        expected = list(ordered.values_list("pk", flat=True))
        seek = stretches.seek(column)
        for position, pk in enumerate(expected):
            condition, before = seek(position)
            assert before <= position
            found = ordered.filter(condition).values_list("pk", flat=True)[position - before]
            assert found == pk, (column, position)


def assert_counts_right():
    assert totals.differences(stretches.ARTISAN_STRETCHES) == []


@pytest.fixture
def short_stretches(monkeypatch):
    """Thirty artisans (a few unpublished) in stretches of four."""
    monkeypatch.setattr(stretches, "STRETCH", 4)
    for index in range(3):
        for name, latin in NAMES:
            ArtisanFactory(name=name, name_latin=f"{latin} {index}" if index else latin)
    Artisan.objects.filter(pk__in=Artisan.objects.order_by("pk").values("pk")[:3]).update(consent_to_publish=False)
    totals.rebuild(summaries=[stretches.ARTISAN_STRETCHES])


def test_a_rebuild_cuts_every_order_into_even_stretches(short_stretches):
    published = Artisan.objects.published().count()
    for column in stretches.ORDERINGS:
        counts = list(
            ArtisanStretch.objects.filter(ordering=column)
            .order_by("start_key", "start_id")
            .values_list("count", flat=True)
        )
        assert sum(counts) == published
        assert counts[:-1] == [4] * (len(counts) - 1)
        first = ArtisanStretch.objects.filter(ordering=column).order_by("start_key", "start_id").first()
        assert (first.start_key, first.start_id) == ("", 0)
    assert_counts_right()
    assert_every_row_found()


def test_an_empty_registry_has_one_empty_stretch_per_order():
    totals.rebuild(summaries=[stretches.ARTISAN_STRETCHES])
    assert sorted(ArtisanStretch.objects.values_list("ordering", "start_key", "start_id", "count")) == sorted(
        (column, "", 0, 0) for column in stretches.ORDERINGS
    )
    ArtisanFactory(name="آرش", name_latin="Arash")
    assert sorted(ArtisanStretch.objects.values_list("ordering", "count")) == sorted(
        (column, 1) for column in stretches.ORDERINGS
    )
    assert_counts_right()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: ArtisanFactory(name="ئاسو", name_latin="Aaso"), id="created first"),
        pytest.param(lambda: ArtisanFactory(name="یگانه", name_latin="Zzz"), id="created last"),
        pytest.param(lambda: ArtisanFactory(name="مریم", name_latin="Maryam"), id="created beside a namesake"),
        pytest.param(
            lambda: Artisan.objects.bulk_create(
                [
                    Artisan(name=f"نام {i}", name_latin=f"Name {i}", slug=f"bulk-{i}", registry_number=f"B-{i}")
                    for i in range(7)
                ]
            ),
            id="bulk created",
        ),
        pytest.param(lambda: Artisan.objects.order_by("pk")[5].delete(), id="deleted"),
        pytest.param(
            lambda: Artisan.objects.filter(name="مریم").update(status=PublicationStatus.DRAFT), id="unpublished"
        ),
        pytest.param(
            lambda: Artisan.objects.filter(consent_to_publish=False).update(consent_to_publish=True),
            id="consent given",
        ),
        pytest.param(lambda: rename(Artisan.objects.order_by("pk")[7], "Aaron", "آرون"), id="renamed to the front"),
        pytest.param(lambda: rename(Artisan.objects.order_by("pk")[0], "Zoe", "یاس"), id="renamed to the back"),
        pytest.param(
            lambda: connection.cursor().execute(
                "UPDATE registry_artisan SET latin_order = 'zzz', name_order = 'zzz', registry_number = 'Z-1' "
                "WHERE id = (SELECT MIN(id) FROM registry_artisan)"
            ),
            id="raw SQL",
        ),
        pytest.param(
            lambda: connection.cursor().execute("DELETE FROM registry_artisan WHERE id % 3 = 0"), id="raw SQL delete"
        ),
    ],
)
def test_every_kind_of_write_keeps_the_counts_and_the_positions(short_stretches, write):
    write()
    assert_counts_right()
    assert_every_row_found()


def rename(artisan, latin, name):
    artisan.name_latin, artisan.name = latin, name
    artisan.save()


def test_check_totals_finds_a_wrong_stretch_and_the_repair_cuts_them_again(short_stretches):
    for _ in range(9):
        ArtisanFactory(name="آ", name_latin="A")  # all into the first stretch
    ArtisanStretch.objects.filter(ordering="latin_order", start_id=0).update(count=0)
    with pytest.raises(CommandError):
        call_command("check_totals")
    call_command("check_totals", "--repair")
    assert_counts_right()
    first = ArtisanStretch.objects.get(ordering="latin_order", start_id=0)
    assert first.count == 4  # cut evenly again
    assert_every_row_found()


def test_a_lost_first_stretch_is_found_by_the_check(short_stretches):
    ArtisanStretch.objects.filter(start_id=0).delete()
    found = totals.differences(stretches.ARTISAN_STRETCHES)
    assert {(key[0], key[1], key[2], stored) for key, stored, fresh in found} == {
        (column, "", 0, 0) for column in stretches.ORDERINGS
    }


def page_names(client, query: str) -> list[str]:
    response = client.get(ARTISANS + query)
    assert response.status_code == 200
    return [artisan.name for artisan in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("query", "ordering"),
    [
        ("", ("latin_order", "pk")),
        ("?ordering=name", ("name_order", "pk")),
        ("?ordering=registry_number", ("registry_number", "pk")),
        ("?ordering=-name", ("-name_order", "pk")),
    ],
)
def test_deep_pages_of_the_list_are_the_pages_offset_reads(client, monkeypatch, query, ordering):
    monkeypatch.setattr(stretches, "STRETCH", 7)
    monkeypatch.setattr(pagination, "DEEP", 20)
    for index in range(12):
        for name, latin in NAMES:
            ArtisanFactory(name=f"{name} {index}", name_latin=f"{latin} {index}")
    totals.rebuild(summaries=[stretches.ARTISAN_STRETCHES])
    ArtisanFactory(name="آ", name_latin="A")  # a stretch longer than the rest
    names = list(Artisan.objects.published().order_by(*ordering).values_list("name", flat=True))
    separator = "&" if query else "?"
    for number in (1, 2, 3, 4, 5):
        assert page_names(client, f"{query}{separator}page={number}") == names[(number - 1) * 25 : number * 25]


def test_a_deep_page_seeks_once_and_steps_over_no_more_than_a_stretch(client, monkeypatch):
    monkeypatch.setattr(stretches, "STRETCH", 5)
    monkeypatch.setattr(pagination, "DEEP", 20)
    for index in range(8):
        for name, latin in NAMES:
            ArtisanFactory(name=f"{name} {index}", name_latin=f"{latin} {index}")
    totals.rebuild(summaries=[stretches.ARTISAN_STRETCHES])
    with CaptureQueriesContext(connection) as queries:
        page_names(client, "?page=2")
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum("registry_artisanstretch" in statement for statement in sql) == 1
    # The ids are read from the stretch's start: fewer rows stepped over than a stretch holds.
    offsets = [int(offset) for statement in sql for offset in re.findall(r"OFFSET (\d+)", statement)]
    assert max(offsets, default=0) < 5
    assert any(re.search(r'"latin_order" >= .*LIMIT 25', statement) for statement in sql)
