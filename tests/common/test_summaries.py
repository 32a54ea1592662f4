"""Remembered totals: the database changes its version token on every write, and a cached total
never outlives the data it was computed from.

These tests commit (``transaction=True``), as real writers do: on PostgreSQL the token changes
when a transaction commits, so a test inside a rolled-back transaction would not see it.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import summaries, totals
from common.models import DataVersion
from common.pagination import RegistryPaginator
from common.summaries import data_version, one_version_read, remembered, watched_tables
from common.triggers import named
from exhibitions.models import Participation
from registry.models import Artisan, ArtisanCraft, Place, PublicationStatus
from tests.exhibitions.test_craft_views import tree_counts
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ParticipationFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db(transaction=True)

HOME = reverse("exhibitions:home")
CRAFTS = reverse("crafts:list")
REPORT = reverse("exhibitions:participation-list")


@pytest.fixture(autouse=True)
def real_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sums"}}
    cache.clear()
    yield
    cache.clear()


def stat(content: str, label: str) -> int:
    return int(re.search(rf"<strong>(\d+)</strong> <a [^>]*>{label}", content).group(1))


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_watched_table_has_its_trigger():
    assert set(watched_tables()) <= trigger_names()
    assert "exhibitions_participation_crafts_shown" in watched_tables()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda a: ArtisanFactory(), id="insert"),
        pytest.param(lambda a: Artisan.objects.filter(pk=a.pk).update(status=PublicationStatus.DRAFT), id="update"),
        pytest.param(
            lambda a: Artisan.objects.bulk_create([Artisan(name="x", slug="x", registry_number="ILM-1")]), id="bulk"
        ),
        pytest.param(lambda a: ParticipationFactory(artisan=a).delete(), id="delete"),
        pytest.param(lambda a: ParticipationFactory(artisan=a).crafts_shown.add(CraftCategoryFactory()), id="m2m"),
        pytest.param(
            lambda a: connection.cursor().execute("UPDATE registry_artisan SET name = 'y' WHERE id = %s", [a.pk]),
            id="raw-sql",
        ),
    ],
)
def test_every_kind_of_write_changes_the_version(write):
    artisan = ArtisanFactory()
    before = data_version()

    with transaction.atomic():
        write(artisan)

    assert data_version() not in {before, None}


def test_a_rolled_back_write_leaves_the_version_as_it_was():
    artisan = ArtisanFactory()
    before = data_version()

    try:
        with transaction.atomic():
            Artisan.objects.filter(pk=artisan.pk).update(name="rolled back")
            raise RuntimeError("undo")
    except RuntimeError:
        pass

    assert data_version() == before


def test_one_transaction_changes_the_version_once_however_many_rows_it_writes():
    artisans = ArtisanFactory.create_batch(3)
    before = data_version()

    with transaction.atomic():
        Artisan.objects.filter(pk__in=[a.pk for a in artisans]).update(name="renamed")
        middle = data_version() if connection.vendor == "postgresql" else None

    assert data_version() != before
    if connection.vendor == "postgresql":
        assert middle == before  # set at commit, not by each row


def test_a_load_without_the_version_triggers_retires_every_version_once_at_the_end():
    artisans = ArtisanFactory.create_batch(2)
    before = dict(DataVersion.objects.exclude(name=None).values_list("name", "token"))

    with transaction.atomic(), summaries.untracked():
        assert not named(connection, summaries.TRIGGER)
        Artisan.objects.filter(pk__in=[a.pk for a in artisans]).update(name="loaded")

    assert named(connection, summaries.TRIGGER)
    after = dict(DataVersion.objects.exclude(name=None).values_list("name", "token"))
    assert all(after[name] != token for name, token in before.items())
    # The triggers are back: the next write changes its table's version again.
    Artisan.objects.filter(pk=artisans[0].pk).update(name="written")
    assert DataVersion.objects.get(name="registry_artisan").token != after["registry_artisan"]


def test_home_counts_follow_a_bulk_update_that_sends_no_signals(client):
    artisans = ArtisanFactory.create_batch(3)
    assert stat(client.get(HOME).content.decode(), "published artisans") == 3
    assert stat(client.get(HOME).content.decode(), "published artisans") == 3  # remembered

    Artisan.objects.filter(pk=artisans[0].pk).update(status=PublicationStatus.DRAFT)

    assert stat(client.get(HOME).content.decode(), "published artisan") == 2


def test_a_remembered_total_costs_one_query(client, django_assert_num_queries):
    ArtisanFactory.create_batch(2)
    client.get(HOME)

    # The home page's totals are found in the cache: the request's one read of the data versions,
    # and no count but the artisans', summed from the totals the database keeps.
    reads = ["the latest exhibitions", "the next ones", "the artisans, from the totals"]
    with django_assert_num_queries(queries(reads=reads, version_read=True)):
        client.get(HOME)


def test_craft_counts_follow_a_change_of_craft(client):
    kilim = CraftCategoryFactory(name_en="Kilim")
    pottery = CraftCategoryFactory(name_en="Pottery")
    link = ArtisanCraftFactory(craft=kilim)
    assert dict(tree_counts(client.get(CRAFTS).content.decode())) == {"Kilim": "1 artisan", "Pottery": "0 artisans"}

    ArtisanCraft.objects.filter(pk=link.pk).update(craft=pottery)

    assert dict(tree_counts(client.get(CRAFTS).content.decode())) == {"Kilim": "0 artisans", "Pottery": "1 artisan"}


def test_report_totals_are_remembered_per_filter(client):
    early = ParticipationFactory(exhibition__start_date="2023-05-01", exhibition__end_date="2023-05-03")
    ParticipationFactory.create_batch(2)  # 2025

    for _round in range(2):  # computed, then remembered: the same answers
        assert client.get(REPORT, {"year": 2023}).context["paginator"].count == 1
        assert client.get(REPORT, {"year": 2025}).context["paginator"].count == 2
        assert client.get(REPORT).context["by_year"] == [{"year": 2023, "count": 1}, {"year": 2025, "count": 2}]

    Participation.objects.filter(pk=early.pk).delete()

    assert client.get(REPORT, {"year": 2023}).context["paginator"].count == 0
    assert client.get(REPORT).context["by_year"] == [{"year": 2025, "count": 2}]


def test_report_craft_names_are_remembered_per_language(client):
    kilim = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم")
    ParticipationFactory().crafts_shown.add(kilim)

    assert client.get(REPORT).context["by_craft"][0]["name"] == "Kilim"
    assert client.get("/fa" + REPORT).context["by_craft"][0]["name"] == "گلیم"
    assert client.get(REPORT).context["by_craft"][0]["name"] == "Kilim"


def options(content: str, name: str) -> list[str]:
    """The labels a filter offers: a select's options, or the suggestions of a typed choice."""
    select = re.search(rf'<select name="{name}".*?</select>', content, re.S)
    if select:
        return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(0))
    box = re.search(rf'<input [^>]*name="{name}".*?</datalist>', content, re.S).group(0)
    return [html.unescape(label) for label in re.findall(r'<option value="([^"]*)">', box)]


def test_filter_options_are_remembered_per_language_and_follow_a_rename(client):
    place = CityFactory(name_en="Kut", name_fa="کوت")
    ParticipationFactory(exhibition__place=place)
    artisans = reverse("registry:artisan-list")

    for _round in range(2):  # read, then remembered
        assert "Kut" in options(client.get(artisans).content.decode(), "city")
        assert "کوت" in options(client.get("/fa" + artisans).content.decode(), "city")

    Place.objects.filter(pk=place.pk).update(name_en="Al-Kut")

    assert "Al-Kut" in options(client.get(artisans).content.decode(), "city")
    assert client.get(artisans, {"city": place.pk}).context["filter"].form.is_valid()


def test_remembered_options_still_refuse_a_value_that_is_not_one_of_them(client):
    ParticipationFactory()
    artisans = reverse("registry:artisan-list")
    client.get(artisans)  # the options are remembered
    elsewhere = CityFactory()  # hosts no exhibition

    response = client.get(artisans, {"city": elsewhere.pk})

    assert "city" in response.context["filter"].form.errors


def test_exhibition_participant_counts_follow_a_change_of_consent(client):
    participation = ParticipationFactory()
    ParticipationFactory(exhibition=participation.exhibition)
    exhibitions = reverse("exhibitions:list")
    assert [e.participation_count for e in client.get(exhibitions).context["object_list"]] == [2]
    assert [e.participation_count for e in client.get(HOME).context["recent"]] == [2]

    Artisan.objects.filter(pk=participation.artisan_id).update(consent_to_publish=False)

    assert [e.participation_count for e in client.get(exhibitions).context["object_list"]] == [1]
    assert [e.participation_count for e in client.get(HOME).context["recent"]] == [1]


def test_a_total_computed_while_the_data_changed_is_not_kept():
    calls = []

    def compute():
        calls.append(1)
        ArtisanFactory()  # a write commits while the total is being computed
        return len(calls)

    assert remembered("test", "key", compute) == 1
    assert remembered("test", "key", compute) == 2


def version_reads(captured) -> int:
    return sum(DataVersion._meta.db_table in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("url", [HOME, REPORT, reverse("registry:artisan-list")])
def test_a_page_reads_the_data_version_once_whatever_totals_it_shows(client, url):
    ParticipationFactory()
    client.get(url)  # every total computed and remembered

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    assert version_reads(captured) == 1


def test_within_one_read_a_total_computed_after_a_write_is_not_kept_under_the_old_version():
    with one_version_read():
        assert remembered("test", "key", lambda: 1) == 1
        ArtisanFactory()
        # The block answers as of its first read: what was remembered then is still found...
        assert remembered("test", "key", lambda: 2) == 1
        # ...but a total computed after the write is not kept under the version before it.
        assert remembered("test", "other", lambda: 3) == 3
    with CaptureQueriesContext(connection) as captured:
        assert remembered("test", "other", lambda: 4) == 4

    assert version_reads(captured) == 2  # outside the block: before and after computing


def test_a_flushed_database_gets_a_version_back_and_nothing_is_cached_without_one():
    DataVersion.objects.all().delete()
    assert data_version() is None
    assert remembered("test", "key", lambda: 1) == 1
    assert remembered("test", "key", lambda: 2) == 2


# Late pages are read from the end


@pytest.mark.parametrize("total", [0, 1, 24, 25, 26, 99, 100, 101])
@pytest.mark.parametrize("orphans", [0, 3])
@pytest.mark.parametrize("deep", [500, 20], ids=["shallow", "deep pages in two steps"])
def test_every_page_read_from_the_end_holds_the_same_rows_as_from_the_start(total, orphans, deep, monkeypatch):
    monkeypatch.setattr("common.pagination.DEEP", deep)
    ArtisanFactory.create_batch(total, name_latin="Same name")  # ties: the order falls back to the id
    artisans = Artisan.objects.order_by("name_latin", "pk")
    plain, ours = Paginator(artisans, 25, orphans=orphans), RegistryPaginator(artisans, 25, orphans=orphans)

    assert ours.num_pages == plain.num_pages
    for number in plain.page_range:
        assert list(ours.page(number).object_list) == list(plain.page(number).object_list), number


def test_the_last_page_is_read_without_stepping_over_the_rows_before_it(django_assert_num_queries):
    ArtisanFactory.create_batch(30)
    paginator = RegistryPaginator(Artisan.objects.order_by("name_latin", "pk"), 10)
    paginator.count  # noqa: B018

    with django_assert_num_queries(queries(reads=["the last rows, in reverse order"])) as captured:
        rows = list(paginator.page(3).object_list)

    assert rows == list(Artisan.objects.order_by("name_latin", "pk")[20:])
    assert "OFFSET" not in captured.captured_queries[0]["sql"].upper()
    assert " DESC" in captured.captured_queries[0]["sql"].upper()


def test_a_save_that_changes_no_total_leaves_the_totals_remembered(client):
    participation = ParticipationFactory()
    assert client.get(REPORT).context["paginator"].count == 1
    client.get(HOME)

    def totals_summed_again() -> tuple[int, list[str]]:
        """The queries of a view of the report and the home page that sum participation totals,
        but for those made on every view: the home page's listed exhibitions' counts."""
        with CaptureQueriesContext(connection) as captured:
            count = client.get(REPORT).context["paginator"].count
            client.get(HOME)
        summaries = [summary.db_table for summary in totals.summary_tables() if summary.db_table.startswith("exh")]
        sql = [query["sql"] for query in captured.captured_queries]
        return count, [query for query in sql if any(table in query for table in summaries) and " IN (" not in query]

    # A clerk corrects a biography: the artisans' version changes, not the totals'.
    Artisan.objects.filter(pk=participation.artisan_id).update(biography_en="Corrected")
    assert totals_summed_again() == (1, [])

    # Withdrawing consent changes the totals: they are summed again, by year, province and craft.
    Artisan.objects.filter(pk=participation.artisan_id).update(consent_to_publish=False)
    count, summed = totals_summed_again()
    assert count == 0
    assert len(summed) >= 4


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_deep_page_holds_the_same_rows_read_in_two_steps(number, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("common.pagination.DEEP", 10)
    crafts = CraftCategoryFactory.create_batch(2)
    for _n in range(70):
        ArtisanCraftFactory(artisan__name_latin="Same name", craft=crafts[0])
    artisans = Artisan.objects.order_by("name_latin", "pk").prefetch_related("craft_links")
    paginator = RegistryPaginator(artisans, 10)
    paginator.count  # noqa: B018

    # Page 1 in one query (and its crafts); pages 2 and 3, 10 and 20 rows deep, in two, from the start.
    with django_assert_num_queries(
        queries(reads=["the rows", "their crafts", *(["their ids"] if number > 1 else [])])
    ):
        rows = list(paginator.page(number).object_list)
        assert all(len(row.craft_links.all()) == 1 for row in rows)

    assert rows == list(Artisan.objects.order_by("name_latin", "pk")[(number - 1) * 10 : number * 10])
