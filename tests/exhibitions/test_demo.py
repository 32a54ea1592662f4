import datetime
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from common import totals
from common.models import DataVersion
from crafts.models import CraftCategory
from exhibitions.demo.fair import SAMPLE_FAIR
from exhibitions.models import Call, Exhibition, ExhibitionOfficial, Outcome, Participation
from registry.models import Artisan, Claim, Organisation, Person, Place, Source

pytestmark = pytest.mark.django_db

KUT_2025 = "ilam-handicrafts-kut-2025-10"
KUT_2026 = "wasit-handicrafts-kut-2026-01"


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def dump() -> dict[str, list]:
    """Every row of the project's apps, many-to-many links included, auto timestamps too.

    Not the data version, whose token any write changes, the change history, which a delete adds
    to (see test_history.py), nor the totals the database keeps: none is a record of the registry.
    """
    derived = {DataVersion, *(summary.model for summary in totals.summary_tables())}
    models = [
        model
        for label in ("crafts", "registry", "exhibitions")
        for model in apps.get_app_config(label).get_models()
        if model not in derived and not model.__name__.startswith("Historical")
    ]
    return {
        model._meta.label: json.loads(serializers.serialize("json", model.objects.order_by("pk"))) for model in models
    }


def official_rows(exhibition_slug: str) -> list[tuple]:
    return list(
        ExhibitionOfficial.objects.filter(exhibition__slug=exhibition_slug)
        .order_by("person__name_en", "title_en")
        .values_list("person__name_en", "title_en", "side", "organisation__slug", "source__title")
    )


@pytest.fixture
def demo():
    run("load_demo")


def test_load_demo_records_the_kut_exhibition_of_october_2025(demo):
    exhibition = Exhibition.objects.get(slug=KUT_2025)

    assert exhibition.title_en == "Ilam Handicrafts Exhibition in Kut"
    assert (exhibition.place.name_en, exhibition.place.parent.code) == ("Kut", "IQ-WA")
    assert (exhibition.start_date, exhibition.end_date) == (datetime.date(2025, 10, 10), datetime.date(2025, 10, 16))
    assert exhibition.date_precision == Exhibition.DatePrecision.EXACT
    assert exhibition.occasion_en == "Iraq’s National Day"
    assert exhibition.participants_reported == 15
    assert exhibition.status == "published"
    assert exhibition.series is None
    assert sorted(exhibition.sources.values_list("reported_by__slug", flat=True)) == ["irib", "irna"]


def test_load_demo_records_the_organisers_with_their_roles(demo):
    exhibition = Exhibition.objects.get(slug=KUT_2025)

    links = exhibition.organiser_links.order_by("role").values_list(
        "organisation__slug", "role", "source__reported_by__slug"
    )

    assert list(links) == [
        ("ilam-cultural-heritage", "co_organiser", "irna"),
        ("wasit-governorate", "host_authority", "irna"),
        ("ilam-governorate", "organiser", "irna"),
    ]


def test_load_demo_records_each_officials_title_with_its_source(demo):
    irna = "Ilam Province brings handicrafts to Iraq’s Kut in push for regional ties"
    irib = "Ilam Handicrafts Exhibition begins in Iraq’s Wasit province"
    miras_arya = "Ilam handicrafts displayed at exhibition in Iraq’s Kut"

    assert official_rows(KUT_2025) == [
        ("Abbas Mirzad", "Deputy governor general of Ilam province", "delegation", "ilam-governorate", irib),
        ("Abbas Mirzad", "Ilam’s deputy coordinator for economic affairs", "delegation", "ilam-governorate", irna),
        (
            "Farzad Sharifi",
            "Head of Ilam Cultural Heritage Department",
            "delegation",
            "ilam-cultural-heritage",
            irna,
        ),
        ("Jafar Malekshahi", "Governor general of Badreh", "host", "badreh-district-administration", irna),
        (
            "Qazi Zahedi",
            "Head of the Foreign Ministry’s office in Ilam",
            "delegation",
            "foreign-ministry-office-ilam",
            irna,
        ),
    ]
    assert official_rows(KUT_2026) == [
        (
            "Farzad Sharifi",
            "Director general of cultural heritage, tourism and handicrafts of Ilam province",
            "delegation",
            "ilam-cultural-heritage",
            miras_arya,
        ),
    ]
    assert Person.objects.count() == 4


def test_load_demo_records_the_outcomes(demo):
    outcomes = Outcome.objects.filter(exhibition__slug=KUT_2025).order_by("kind", "source__title")

    rows = [(outcome.kind, outcome.source.reported_by.slug, outcome.description_en) for outcome in outcomes]

    assert [(kind, reporter) for kind, reporter, _text in rows] == [
        ("agreement_proposed", "irib"),
        ("agreement_proposed", "irna"),
        ("invitation", "irna"),
        ("talks", "irib"),
        ("talks", "irna"),
    ]
    assert "reviewed during the governors’ upcoming visit" in rows[0][2]
    assert "familiarisation tour" in rows[2][2]
    assert "governor general of Badreh" in rows[4][2]


def test_load_demo_records_the_three_sources(demo):
    sources = Source.objects.order_by("title").values_list(
        "title", "publisher__name_en", "reported_by__slug", "published_on", "url"
    )

    assert list(sources) == [
        (
            "Ilam Handicrafts Exhibition begins in Iraq’s Wasit province",
            "Tehran Times",
            "irib",
            datetime.date(2025, 10, 11),
            "",
        ),
        ("Ilam Province brings handicrafts to Iraq’s Kut in push for regional ties", None, "irna", None, ""),
        (
            "Ilam handicrafts displayed at exhibition in Iraq’s Kut",
            "Tehran Times",
            "miras-arya",
            datetime.date(2026, 1, 19),
            "",
        ),
    ]
    assert "neither its publisher nor its publication date" in Source.objects.get(published_on=None).note


def test_load_demo_records_the_organisations(demo):
    kinds = dict(Organisation.objects.values_list("slug", "kind"))

    assert kinds == {
        "ilam-governorate": "governorate",
        "ilam-cultural-heritage": "government_office",
        "iran-foreign-ministry": "ministry",
        "foreign-ministry-office-ilam": "government_office",
        "wasit-governorate": "governorate",
        "badreh-district-administration": "government_office",
        "tehran-times": "newspaper",
        "irna": "news_agency",
        "irib": "broadcaster",
        "miras-arya": "news_agency",
    }
    assert Organisation.objects.get(slug="badreh-district-administration").parent.slug == "wasit-governorate"


def test_load_demo_builds_the_craft_tree(demo):
    paths = list(CraftCategory.objects.tree_order().values_list("tree_path", flat=True))
    embossed = CraftCategory.objects.get(slug="embossed-kilim")

    assert paths == [
        "copperware/",
        "leatherwork/",
        "leatherwork/leather-bags/",
        "leatherwork/leather-mosaic/",
        "pottery/",
        "textiles/",
        "textiles/chit/",
        "textiles/jajim/",
        "textiles/kilim/",
        "textiles/kilim/embossed-kilim/",
        "textiles/knitwear/",
        "textiles/mat-weaving/",
        "textiles/woven-fabric/",
        "traditional-dolls/",
        "traditional-jewellery/",
        "woodwork/",
    ]
    assert (embossed.name_en, embossed.name_fa) == ("Embossed kilim", "گلیم برجسته")
    assert embossed.official_status.startswith("Registered nationally as a souvenir and brand of Ilam province")
    assert "employs thousands of weavers" in embossed.description


def test_load_demo_records_ilam_its_neighbours_and_the_cities(demo):
    ilam = Place.objects.get(code="IR-16")

    neighbours = sorted(ilam.neighbours.values_list("code", flat=True))
    cities = dict(Place.objects.filter(code="").values_list("slug", "parent__code"))

    assert neighbours == ["IQ-DI", "IQ-MA", "IQ-WA", "IR-05", "IR-06", "IR-15"]
    assert ilam in Place.objects.get(code="IQ-WA").neighbours.all()
    assert cities == {"ilam-city": "IR-16", "kut": "IQ-WA", "badreh": "IQ-WA", "sulaymaniyah-city": "IQ-SU"}
    for fact in ("Elam", "2700 BC to 539 BC", "around 5000 BC", "Southern Kurdish", "Feyli"):
        assert fact in ilam.description


def test_load_demo_records_the_weekly_fair_of_january_2026(demo):
    exhibition = Exhibition.objects.get(slug=KUT_2026)

    assert (exhibition.series.frequency, exhibition.series.host_place.slug) == ("weekly", "kut")
    assert list(exhibition.series.organisers.values_list("slug", flat=True)) == ["wasit-governorate"]
    assert (exhibition.start_date, exhibition.end_date, exhibition.date_precision) == (
        datetime.date(2026, 1, 1),
        None,
        "month",
    )
    assert list(exhibition.sources.values_list("reported_by__slug", flat=True)) == ["miras-arya"]
    for craft in ("kilim weaving", "leatherwork", "pottery", "traditional jewellery"):
        assert craft in exhibition.description


def test_load_demo_records_the_earlier_exhibitions_without_dates(demo):
    earlier = Exhibition.objects.filter(slug__in=["ilam-handicrafts-sulaymaniyah", "ilam-handicrafts-wasit-earlier"])

    rows = sorted(earlier.values_list("place__code", "date_precision", "start_date", "end_date"))

    assert rows == [("IQ-SU", "unknown", None, None), ("IQ-WA", "unknown", None, None)]


def test_load_demo_keeps_both_sides_of_each_disagreement(demo):
    rows = (
        Claim.objects.conflicting()
        .order_by("topic", "source__title")
        .values_list("topic", "value", "source__reported_by__slug")
    )

    assert list(rows) == [
        ("ilam-exhibitions-in-iraq-count", "3", "irib"),
        ("ilam-exhibitions-in-iraq-count", "3", "irna"),
        ("ilam-exhibitions-in-iraq-count", "20", "miras-arya"),
        ("ilam-iraq-border-length", "430 km", "irna"),
        ("ilam-iraq-border-length", "425 km", "miras-arya"),
    ]
    assert set(Claim.objects.filter(topic="ilam-iraq-border-length").values_list("place__code", flat=True)) == {
        "IR-16"
    }
    assert Exhibition.objects.get(slug=KUT_2025).claims.filter(topic="ilam-exhibitions-in-iraq-count").count() == 3
    assert Claim.objects.get(topic="iran-handicraft-foreign-markets").value == "14th Government"


def test_load_demo_adds_marked_sample_artisans(demo):
    samples = Artisan.objects.samples()
    kut = Participation.objects.filter(exhibition__slug=KUT_2025)

    assert samples.count() == Artisan.objects.count() == 18
    assert samples.published().count() == 16
    assert all(artisan.slug.startswith("sample-") for artisan in samples)
    assert all("Sample data" in artisan.biography for artisan in samples)
    assert all(artisan.craft_links.filter(is_primary=True).count() == 1 for artisan in samples)
    assert (kut.count(), kut.samples().count()) == (15, 15)
    assert Participation.objects.filter(exhibition__slug=KUT_2026).count() == 4
    assert Artisan.objects.get(slug="sample-maryam-zargoushi").name == "مریم زرگوشی"


def test_load_demo_shows_only_crafts_the_exhibition_showed(demo):
    shown = set(Participation.objects.filter(exhibition__slug=KUT_2026).values_list("crafts_shown__slug", flat=True))

    assert shown == {"kilim", "leatherwork", "pottery", "traditional-jewellery"}


def test_load_demo_is_idempotent(demo):
    before = dump()

    output = run("load_demo")

    assert dump() == before
    assert output.splitlines()[-1] == "Demo data loaded: 0 rows created, 0 updated, 224 unchanged."


def test_load_demo_without_samples_loads_only_facts():
    run("load_demo", "--no-samples")

    assert Artisan.objects.count() == 0
    assert Exhibition.objects.count() == 4


def test_load_demo_dry_run_writes_nothing():
    output = run("load_demo", "--dry-run")

    assert all(rows == [] for rows in dump().values())
    assert output.splitlines()[-1].startswith("Dry run, rolled back: 223 rows created")


def test_remove_sample_data_removes_samples_and_keeps_the_facts(demo):
    sample_models = {"registry.Artisan", "registry.ArtisanCraft", "exhibitions.Participation"}
    # The sample fair: its exhibition, call, places, criteria and stalls, and the registrations.
    sample_models |= {"exhibitions.Exhibition", "exhibitions.Call", "exhibitions.Quota", "exhibitions.Criterion"}
    sample_models |= {"exhibitions.Stall", "registry.Verification", "registry.Sanction"}
    facts = {label: rows for label, rows in dump().items() if label not in sample_models}
    exhibitions = set(Exhibition.objects.exclude(slug=SAMPLE_FAIR).values_list("slug", flat=True))

    output = run("remove_sample_data")

    assert (Artisan.objects.count(), Participation.objects.count()) == (0, 0)
    assert set(Exhibition.objects.values_list("slug", flat=True)) == exhibitions
    assert not Call.objects.exists()
    assert {label: rows for label, rows in dump().items() if label in facts} == facts
    assert output.strip() == "Deleted 19 participations, 18 artisans, 28 crafts practised."


def test_remove_sample_data_dry_run_deletes_nothing(demo):
    output = run("remove_sample_data", "--dry-run")

    assert (Artisan.objects.samples().count(), Participation.objects.samples().count()) == (18, 19)
    assert (
        output.strip()
        == "Dry run, nothing deleted: would have deleted 19 participations, 18 artisans, 28 crafts practised."
    )


def test_remove_sample_data_refuses_when_a_real_participation_uses_a_sample_artisan(demo):
    artisan = Artisan.objects.get(slug="sample-soheila-amiri")
    Participation.objects.create(artisan=artisan, exhibition=Exhibition.objects.get(slug=KUT_2025))

    with pytest.raises(CommandError, match="Soheila Amiri"):
        run("remove_sample_data")

    assert (Artisan.objects.samples().count(), Participation.objects.count()) == (18, 20)


def test_load_demo_records_the_crafts_each_exhibition_showed(demo):
    shown = {
        exhibition.slug: sorted(exhibition.crafts_shown.values_list("slug", flat=True))
        for exhibition in Exhibition.objects.filter(slug__in=[KUT_2025, KUT_2026])
    }

    assert shown[KUT_2026] == ["kilim", "leatherwork", "pottery", "traditional-jewellery"]
    assert shown[KUT_2025] == sorted(
        [
            "kilim",
            "jajim",
            "chit",
            "knitwear",
            "woven-fabric",
            "mat-weaving",
            "leather-bags",
            "leather-mosaic",
            "pottery",
            "traditional-jewellery",
            "copperware",
            "woodwork",
            "traditional-dolls",
        ]
    )
