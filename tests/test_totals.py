"""The totals the database keeps (common.totals): right after every kind of write, on both databases.

Each test writes as one kind of writer does (the admin's form, its bulk actions, the ORM's bulk
methods, SQL typed by hand, a move in the place or craft tree) and then compares every summary
table with a fresh count (what ``manage.py check_totals`` does), and the pages' totals with counts
made from the participations themselves.
"""

import datetime
import io
import re
import threading
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from common import imports, totals
from crafts.models import CraftCategory
from exhibitions import merges
from exhibitions.filters import ArtisanFilter, ParticipationFilterSet
from exhibitions.models import (
    CraftSpanProvinceTotal,
    Exhibition,
    Participation,
    ParticipationTotal,
    SpanProvinceCraftsTotal,
)
from exhibitions.querysets import with_artisan_participation_counts, year_of
from exhibitions.totals import PARTICIPATION_TOTALS
from registry.imports import ArtisanImport
from registry.models import Artisan, ArtisanCraft, ArtisanTotal, Place, PublicationStatus
from registry.querysets import lineage_of_kind, within
from tests.admin_helpers import form_data, url
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    ParticipationFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("exhibitions:home")
CRAFTS = reverse("crafts:list")
REPORT = reverse("exhibitions:participation-list")
ARTISANS = reverse("registry:artisan-list")


@pytest.fixture
def registry():
    """A small registry with what makes counting hard: crafts under crafts, a participation showing
    two crafts of one family, artisans without a province, drafts, withdrawn consent, two calendars."""
    iran, iraq = CountryFactory(code="IR", name_en="Iran"), CountryFactory(code="IQ", name_en="Iraq")
    ilam, wasit = ProvinceFactory(parent=iran, name_en="Ilam"), ProvinceFactory(parent=iraq, name_en="Wasit")
    mehran, kut = CityFactory(parent=ilam, name_en="Mehran"), CityFactory(parent=wasit, name_en="Kut")
    textiles = CraftCategoryFactory(name_en="Textiles")
    kilim = CraftCategoryFactory(name_en="Kilim", parent=textiles)
    gabbeh = CraftCategoryFactory(name_en="Gabbeh", parent=textiles)
    pottery = CraftCategoryFactory(name_en="Pottery")
    series = ExhibitionSeriesFactory(host_place=kut)
    fair = ExhibitionFactory(place=kut, series=series, start_date=datetime.date(2025, 3, 25))
    autumn = ExhibitionFactory(place=mehran, start_date=datetime.date(2024, 10, 1), end_date=None)
    undated = ExhibitionFactory(place=iraq, start_date=None, end_date=None, date_precision="unknown")
    draft_show = ExhibitionFactory(place=kut, status=PublicationStatus.DRAFT)
    weaver = ArtisanFactory(home_place=mehran, name_latin="Weaver")
    potter = ArtisanFactory(home_place=kut, name_latin="Potter")
    nowhere = ArtisanFactory(home_place=None, name_latin="Nowhere")
    withdrawn = ArtisanFactory(home_place=ilam, consent_to_publish=False)
    draft = ArtisanFactory(home_place=ilam, status=PublicationStatus.DRAFT)
    for artisan, crafts in [
        (weaver, [kilim, gabbeh]),
        (potter, [pottery]),
        (nowhere, [textiles, pottery]),
        (withdrawn, [kilim]),
        (draft, [pottery]),
    ]:
        for craft in crafts:
            ArtisanCraftFactory(artisan=artisan, craft=craft)
    shows = {
        (weaver, fair): [kilim, gabbeh],
        (weaver, autumn): [kilim],
        (potter, fair): [pottery],
        (potter, undated): [],
        (nowhere, fair): [textiles, pottery],
        (withdrawn, fair): [kilim],
        (draft, autumn): [pottery],
        (weaver, draft_show): [gabbeh],
    }
    for (artisan, exhibition), crafts in shows.items():
        ParticipationFactory(artisan=artisan, exhibition=exhibition).crafts_shown.set(crafts)
    return {name: value for name, value in locals().items() if name not in ("shows", "artisan", "crafts", "craft")}


def assert_totals_right():
    for summary in totals.summary_tables():
        assert totals.differences(summary) == [], summary.db_table
    out = StringIO()
    call_command("check_totals", stdout=out)
    assert "wrong" not in out.getvalue()


def counted_report(client, params: dict, prefix: str = "") -> dict | None:
    context = client.get(prefix + REPORT, params).context
    if context["filter"].is_bound and not context["filter"].form.is_valid():
        return None  # a choice no longer offered (a province nobody public lives in any more)
    return {
        "count": context["paginator"].count,
        "by_year": {row["year"]: row["count"] for row in context["by_year"]},
        "by_province": {row["place"]: row["count"] for row in context["by_province"]}
        | ({None: context["other_provinces"]} if context["other_provinces"] else {}),
        "by_craft": {row["name"]: row["count"] for row in context["by_craft"]},
    }


def fresh_report(params: dict, *, solar_hijri: bool = False) -> dict | None:
    """The report's totals counted from the participations the report's filters select (in the
    active language, whose calendar reads and groups the years)."""
    filterset = ParticipationFilterSet(params or None, queryset=Participation.objects.published())
    if filterset.is_bound and not filterset.is_valid():
        return None
    rows = filterset.qs
    rows = list(
        rows.select_related("artisan__home_place__parent__parent", "exhibition").prefetch_related("crafts_shown")
    )
    by_craft = Counter()
    for row in rows:
        for craft in row.crafts_shown.all() or [None]:
            by_craft[craft.name if craft else ""] += 1
    return {
        "count": len(rows),
        "by_year": Counter(year_of(row.exhibition.start_date, solar_hijri=solar_hijri) for row in rows),
        "by_province": Counter(lineage_of_kind(row.artisan.home_place, (Place.Kind.PROVINCE,)) for row in rows),
        "by_craft": by_craft,
    }


def filter_choices(registry) -> list[dict]:
    return [
        {},
        {"craft": registry["textiles"].pk},
        {"craft": registry["kilim"].pk},
        {"craft": registry["pottery"].pk, "province": registry["wasit"].pk},
        {"province": registry["ilam"].pk},
        {"country": registry["iraq"].pk},
        {"city": registry["kut"].pk, "year": 2025},
        {"series": registry["series"].pk},
        {"year": 2024},
        {"date_from": "2025-01-01"},
        {"date_to": "2025-01-01"},
    ]


def assert_pages_right(client, registry):
    for params in filter_choices(registry):
        counted, fresh = counted_report(client, params), fresh_report(params)
        if fresh is None:
            assert counted is None, params
            continue
        assert counted == {key: value if key == "count" else dict(value) for key, value in fresh.items()}, params
    # The Persian report reads and groups Solar Hijri years, which begin on 20 or 21 March.
    for params in (
        {},
        {"year": 1403},
        {"year": 1404, "craft": registry["textiles"].pk},
        {"year": 1403, "city": registry["kut"].pk},
    ):
        with translation.override("fa"):
            counted, fresh = counted_report(client, params, prefix="/fa"), fresh_report(params, solar_hijri=True)
        if fresh is None:
            assert counted is None, params
            continue
        assert counted == {key: value if key == "count" else dict(value) for key, value in fresh.items()}, params
    for params in (
        {},
        {"craft": registry["textiles"].pk},
        {"province": registry["ilam"].pk},
        {"craft": registry["pottery"].pk, "province": registry["wasit"].pk},
        {"year": 2025},
        {"country": registry["iraq"].pk, "ordering": "-participations"},
        {"city": registry["mehran"].pk, "year": 2024},
    ):
        artisans = with_artisan_participation_counts(Artisan.objects.published(), Participation.objects.published())
        filterset = ArtisanFilter(params or None, queryset=artisans)
        if filterset.is_bound and not filterset.is_valid():
            continue  # a place or year no longer offered
        listed = client.get(ARTISANS, params).context["paginator"].count
        assert listed == filterset.qs.count(), params
    for province in Place.objects.provinces():
        shown = client.get(province.get_absolute_url()).context
        assert shown["artisan_total"] == Artisan.objects.published().filter(within("home_place", province)).count()
        assert shown["exhibition_total"] == Exhibition.objects.published().filter(within("place", province)).count()
    home = client.get(HOME).context
    assert home["stats"]["artisans"] == Artisan.objects.published().count()
    assert home["stats"]["participations"] == Participation.objects.published().count()
    crafts = {category.name: category.artisan_count for category in client.get(CRAFTS).context["categories"]}
    for category in CraftCategory.objects.all():
        practising = Artisan.objects.published().filter(craft_links__craft__tree_path__startswith=category.tree_path)
        assert crafts[category.name] == practising.distinct().count(), category.name


def test_the_totals_of_a_new_registry_are_right(client, registry):
    assert ArtisanTotal.objects.exists()
    assert ParticipationTotal.objects.exists()
    assert_totals_right()
    assert_pages_right(client, registry)
    # Counted once however many crafts of the family it shows: weaver and nowhere under textiles.
    assert counted_report(client, {"craft": registry["textiles"].pk})["count"] == 3
    assert dict(fresh_report({})["by_year"]) == {2025: 3, 2024: 1, None: 1}


def test_the_persian_report_counts_by_solar_hijri_year(client, registry):
    by_year = counted_report(client, {}, prefix="/fa")["by_year"]
    # 2025-03-25 is in 1404; 2024-10-01 in 1403.
    assert by_year == {1404: 3, 1403: 1, None: 1}


def set_crafts(registry):
    participation = Participation.objects.get(artisan=registry["potter"], exhibition=registry["fair"])
    participation.crafts_shown.set([registry["kilim"], registry["gabbeh"], registry["pottery"]])


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def imported(registry, *, undone: bool = False):
    """An import that adds a published kilim weaver in Kut and moves the weaver home and craft."""
    rows = (
        "registry number,name,home place,crafts,consent to publish,status\r\n"
        f",هنرمند تازه,{registry['kut'].slug},{registry['kilim'].slug},yes,published\r\n"
        f"{registry['weaver'].registry_number},,{registry['kut'].slug},{registry['pottery'].slug},,\r\n"
    )
    result = imports.run(ArtisanImport(), io.BytesIO(rows.encode()), write=True)
    assert result.counts["error"] == 0, [row.errors for row in result.error_rows]
    if undone:
        imports.undo(result.batch)


def merged(registry, *, reverted: bool = False):
    """The weaver merged into the potter, taking the weaver's home: both were at the fair."""
    potter, weaver = (Artisan.objects.get(pk=registry[name].pk) for name in ("potter", "weaver"))
    done = merges.merge(potter, weaver, take={"home_place"})
    if reverted:
        merges.revert(done)


WRITES = {
    "artisan unpublished": lambda r: Artisan.objects.filter(pk=r["weaver"].pk).update(status=PublicationStatus.DRAFT),
    "artisan published": lambda r: Artisan.objects.filter(pk=r["draft"].pk).update(status=PublicationStatus.PUBLISHED),
    "consent given": lambda r: Artisan.objects.filter(pk=r["withdrawn"].pk).update(consent_to_publish=True),
    "artisan moved home": lambda r: Artisan.objects.filter(pk=r["weaver"].pk).update(home_place=r["kut"]),
    "artisan saved": lambda r: ArtisanFactory._meta.model.objects.get(pk=r["potter"].pk).save(),
    "new artisan with crafts": lambda r: ArtisanCraftFactory(artisan__home_place=r["kut"], craft=r["kilim"]),
    "craft link changed": lambda r: ArtisanCraft.objects.filter(artisan=r["potter"]).update(craft=r["gabbeh"]),
    "craft link deleted": lambda r: ArtisanCraft.objects.filter(artisan=r["weaver"], craft=r["kilim"]).delete(),
    "crafts shown set": set_crafts,
    "crafts shown cleared": lambda r: Participation.objects.get(
        artisan=r["weaver"], exhibition=r["fair"]
    ).crafts_shown.clear(),
    "participation deleted": lambda r: Participation.objects.filter(artisan=r["nowhere"]).delete(),
    "participation moved": lambda r: Participation.objects.filter(artisan=r["potter"], exhibition=r["fair"]).update(
        exhibition=r["autumn"]
    ),
    "participation bulk created": lambda r: Participation.objects.bulk_create(
        [
            Participation(artisan=r["nowhere"], exhibition=r["autumn"]),
            Participation(artisan=r["draft"], exhibition=r["fair"]),
        ]
    ),
    "exhibition unpublished": lambda r: Exhibition.objects.filter(pk=r["fair"].pk).update(
        status=PublicationStatus.ARCHIVED
    ),
    "exhibition published": lambda r: Exhibition.objects.filter(pk=r["draft_show"].pk).update(
        status=PublicationStatus.PUBLISHED
    ),
    "exhibition moved to the year before": lambda r: Exhibition.objects.filter(pk=r["fair"].pk).update(
        # 20 March 2025 was the last day of 1403; 25 March 2025 is in 1404.
        start_date=datetime.date(2025, 3, 20)
    ),
    "exhibition dated": lambda r: Exhibition.objects.filter(pk=r["undated"].pk).update(
        start_date=datetime.date(2023, 3, 21), date_precision="day"
    ),
    "raw SQL: exhibition's date cleared": lambda r: raw(
        "UPDATE exhibitions_exhibition SET start_date = NULL, end_date = NULL, date_precision = 'unknown' "
        "WHERE id = %s",
        [r["autumn"].pk],
    ),
    "exhibition deleted": lambda r: (
        Participation.objects.filter(exhibition=r["autumn"]).delete(),
        Exhibition.objects.filter(pk=r["autumn"].pk).delete(),
    ),
    "artisan deleted": lambda r: (
        Participation.objects.filter(artisan=r["potter"]).delete(),
        Artisan.objects.filter(pk=r["potter"].pk).delete(),
    ),
    "city moved to another province": lambda r: Place.objects.filter(pk=r["mehran"].pk).update(parent=r["wasit"]),
    "craft moved in the tree": lambda r: (
        setattr(kilim := CraftCategory.objects.get(pk=r["kilim"].pk), "parent", r["pottery"]),
        kilim.save(),
    ),
    "raw SQL: consent withdrawn": lambda r: raw(
        "UPDATE registry_artisan SET consent_to_publish = %s WHERE id = %s", [False, r["weaver"].pk]
    ),
    "raw SQL: crafts shown added": lambda r: raw(
        "INSERT INTO exhibitions_participation_crafts_shown (participation_id, craftcategory_id) "
        "SELECT id, %s FROM exhibitions_participation WHERE artisan_id = %s",
        [r["pottery"].pk, r["weaver"].pk],
    ),
    "raw SQL: craft links deleted": lambda r: raw(
        "DELETE FROM registry_artisancraft WHERE artisan_id = %s", [r["nowhere"].pk]
    ),
    "raw SQL: every artisan archived": lambda r: raw("UPDATE registry_artisan SET status = 'archived'"),
    "spreadsheet imported": imported,
    "spreadsheet imported and undone": lambda r: imported(r, undone=True),
    "artisans merged": merged,
    "artisans merged and the merge reverted": lambda r: merged(r, reverted=True),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_total_is_right_after_any_write(client, registry, write):
    write(registry)

    assert_totals_right()
    assert_pages_right(client, registry)


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.org", None))
    return client


def test_totals_follow_the_admins_change_form(staff_client, registry):
    artisan = registry["weaver"]
    data = form_data(staff_client.get(url("registry_artisan", "change", artisan.pk)))
    data["status"] = PublicationStatus.DRAFT

    response = staff_client.post(url("registry_artisan", "change", artisan.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Artisan.objects.get(pk=artisan.pk).status == PublicationStatus.DRAFT
    assert_totals_right()
    assert_pages_right(staff_client, registry)


@pytest.mark.parametrize("action", ["unpublish", "archive", "publish"])
@pytest.mark.parametrize("model", ["registry_artisan", "exhibitions_exhibition"])
def test_totals_follow_the_admins_bulk_actions(staff_client, registry, action, model):
    rows = [registry["weaver"].pk, registry["draft"].pk] if model == "registry_artisan" else [registry["fair"].pk]

    response = staff_client.post(url(model, "changelist"), {"action": action, "_selected_action": rows})

    assert response.status_code == 302
    statuses = {"unpublish": PublicationStatus.DRAFT, "archive": PublicationStatus.ARCHIVED}
    model_class = Artisan if model == "registry_artisan" else Exhibition
    assert set(model_class.objects.filter(pk__in=rows).values_list("status", flat=True)) == {
        statuses.get(action, PublicationStatus.PUBLISHED)
    }
    assert_totals_right()
    assert_pages_right(staff_client, registry)


def test_the_check_command_finds_and_repairs_a_wrong_total(registry):
    ArtisanTotal.objects.filter(craft_id=0).update(count=99)
    ParticipationTotal.objects.filter(exhibition=registry["fair"]).delete()
    out = StringIO()

    with pytest.raises(CommandError, match="--repair"):
        call_command("check_totals", stdout=out)
    assert "artisan totals: " in out.getvalue()
    assert "stored 99" in out.getvalue()

    call_command("check_totals", "--repair", stdout=StringIO())
    assert_totals_right()


def test_the_check_command_puts_back_a_lost_trigger(registry):
    totals.drop_triggers()
    ParticipationFactory(artisan=registry["potter"], exhibition=registry["autumn"])  # not counted

    with pytest.raises(CommandError):
        call_command("check_totals", stdout=StringIO())
    call_command("check_totals", "--repair", stdout=StringIO())
    ParticipationFactory(artisan=registry["nowhere"], exhibition=registry["autumn"])  # counted again

    assert_totals_right()


def test_recounting_a_summary_recounts_the_summaries_of_it(registry):
    """A craft category's totals are summed from the rollup per span, province and crafts, itself
    summed from the participation totals: recounting those recounts both."""
    CraftSpanProvinceTotal.objects.update(count=99)
    SpanProvinceCraftsTotal.objects.update(count=99)

    totals.rebuild(summaries=[PARTICIPATION_TOTALS])

    assert_totals_right()


def test_a_bulk_load_counts_once_at_the_end(registry):
    from django.db import transaction

    with transaction.atomic(), totals.bulk_load():
        assert totals.existing_triggers(connection) == []
        ParticipationFactory(artisan=registry["nowhere"], exhibition=registry["autumn"])

    assert {name for name, _table in totals.existing_triggers(connection)} >= {
        f"{totals.PREFIX}participation_insert",
        f"{totals.PREFIX}artisan_update",
    }
    assert_totals_right()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_to_one_exhibition_at_once_both_count(registry):
    """Two transactions add participants from one province to the same fair at the same time: the
    second's count waits on the first's row of the same key, then adds to it."""
    import psycopg

    settings_dict = connection.settings_dict
    dsn = psycopg.conninfo.make_conninfo(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )
    fair = registry["fair"]
    newcomers = [ArtisanFactory(home_place=registry["kut"]) for _ in range(2)]
    first = psycopg.connect(dsn)
    insert = (
        "INSERT INTO exhibitions_participation (artisan_id, exhibition_id, role, stand, award_en, award_fa, "
        "award_ar, note, is_sample, created_at, updated_at) "
        "VALUES (%s, %s, 'exhibitor', '', '', '', '', '', false, now(), now())"
    )
    first.execute(insert, [newcomers[0].pk, fair.pk])
    errors = []

    def second_writer():
        try:
            with psycopg.connect(dsn) as second:
                second.execute(insert, [newcomers[1].pk, fair.pk])  # waits for the first to commit
        except Exception as error:
            errors.append(error)

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=1)
    assert thread.is_alive()  # waiting on the first's uncommitted row of the same key
    first.commit()
    first.close()
    thread.join(timeout=10)

    assert errors == []
    assert_totals_right()
    assert (
        ParticipationTotal.objects.filter(exhibition=fair, home_province_id=registry["wasit"].pk, crafts="")
        .get()
        .count
        == 2
    )


@pytest.mark.parametrize(
    ("params", "tables"),
    [
        ({}, {"exhibitions_spantotal", "exhibitions_spanprovincetotal", "exhibitions_spancraftstotal"}),
        ({"year": 2025}, {"exhibitions_spantotal", "exhibitions_spanprovincetotal", "exhibitions_spancraftstotal"}),
        ({"province": "ilam"}, {"exhibitions_spanprovincetotal", "exhibitions_spanprovincecraftstotal"}),
        ({"craft": "kilim"}, {"exhibitions_craftspanprovincetotal", "exhibitions_craftspancraftstotal"}),
        # The totals by craft of one province's participations of one craft: the only rows that
        # have all three are the lists of crafts per province.
        (
            {"craft": "kilim", "province": "ilam"},
            {"exhibitions_craftspanprovincetotal", "exhibitions_spanprovincecraftstotal"},
        ),
        (
            {"series": "series"},
            {"exhibitions_exhibitiontotal", "exhibitions_provincetotal", "exhibitions_craftstotal"},
        ),
    ],
)
def test_the_report_sums_the_smallest_summary_that_answers(client, registry, params, tables):
    """Totals over years, provinces and crafts sum the summaries per start span, whose size does not
    grow with the exhibitions; a filter on what only an exhibition says needs those per exhibition."""
    params = {name: registry[value].pk for name, value in params.items() if name != "year"} | (
        {"year": params["year"]} if "year" in params else {}
    )
    with CaptureQueriesContext(connection) as captured:
        assert client.get(REPORT, params).status_code == 200
    summed = {
        table
        for query in captured
        if "SUM(" in query["sql"]
        for table in re.findall(r'FROM "(exhibitions_\w+total)"', query["sql"])
    }
    assert summed == tables


def test_a_year_left_empty_by_a_moved_exhibition_leaves_the_home_page(client, registry):
    Exhibition.objects.filter(pk=registry["autumn"].pk).update(start_date=datetime.date(2025, 10, 1))

    home = client.get(HOME).context
    assert dict(home["per_year"]) == {2025: 4}
