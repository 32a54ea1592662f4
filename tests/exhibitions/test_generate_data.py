import re
import statistics
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from crafts.models import CraftCategory
from exhibitions.models import Exhibition, ExhibitionSeries, Participation
from registry.models import Artisan, ArtisanCraft, Organisation, Place

pytestmark = pytest.mark.django_db

SIZES = ("--artisans", "200", "--exhibitions", "10", "--participations", "1000")


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_data", *SIZES, *args, stdout=out)
    return out.getvalue()


def dump() -> dict[str, list[tuple]]:
    """The generated rows by their natural keys: primary keys and timestamps differ from run to run."""
    crafts_shown = Participation.crafts_shown.through.objects
    return {
        "places": list(
            Place.objects.filter(slug__startswith="gen-")
            .order_by("slug")
            .values_list("slug", "kind", "parent__code", "name_en", "name_fa", "name_ar")
        ),
        "artisans": list(
            Artisan.objects.order_by("slug").values_list(
                "slug",
                "name",
                "name_latin",
                "registry_number",
                "gender",
                "birth_year",
                "home_place__slug",
                "workshop_name",
                "phone",
                "consent_to_publish",
                "status",
            )
        ),
        "crafts practised": list(
            ArtisanCraft.objects.order_by("artisan__slug", "craft__slug").values_list(
                "artisan__slug", "craft__slug", "is_primary", "since_year"
            )
        ),
        "series": list(
            ExhibitionSeries.objects.order_by("slug").values_list("slug", "frequency", "host_place__slug", "name_fa")
        ),
        "exhibitions": list(
            Exhibition.objects.order_by("slug").values_list(
                "slug",
                "title_en",
                "title_fa",
                "title_ar",
                "series__slug",
                "edition",
                "venue_en",
                "place__slug",
                "start_date",
                "end_date",
                "date_precision",
                "occasion_en",
                "participants_reported",
                "status",
            )
        ),
        "participations": list(
            Participation.objects.order_by("exhibition__slug", "artisan__slug").values_list(
                "exhibition__slug", "artisan__slug", "role", "stand", "award_en"
            )
        ),
        "crafts shown": list(
            crafts_shown.order_by(
                "participation__exhibition__slug", "participation__artisan__slug", "craftcategory__slug"
            ).values_list("participation__exhibition__slug", "participation__artisan__slug", "craftcategory__slug")
        ),
    }


def test_generate_data_creates_the_rows_asked_for():
    output = generate("--seed", "1")

    assert (Artisan.objects.count(), Exhibition.objects.count(), Participation.objects.count()) == (200, 10, 1000)
    assert re.fullmatch(
        r"Generated 200 artisans, \d+ crafts practised, 10 exhibitions, \d+ exhibition crafts, 1 series, "
        r"1000 participations, \d+ crafts shown, 200 cities, 16 crafts in [\d.]+ s \(seed 1\)\.\n",
        output,
    )


def test_generate_data_loads_the_craft_tree_and_the_places_it_needs():
    generate("--seed", "1")

    assert CraftCategory.objects.get(slug="embossed-kilim").tree_path == "textiles/kilim/embossed-kilim/"
    assert Place.objects.provinces().filter(parent__code="IR").count() == 31
    cities = Place.objects.filter(slug__startswith="gen-")
    assert set(cities.values_list("kind", "parent__kind").distinct()) == {("city", "province")}
    assert cities.filter(parent__code="IR-16").count() == 4


def test_generate_data_participations_are_unique_pairs_with_a_few_big_exhibitions():
    generate("--seed", "1")

    pairs = Participation.objects.values_list("artisan", "exhibition")
    assert len(set(pairs)) == 1000
    sizes = dict(Exhibition.objects.annotate(n=Count("participations")).values_list("slug", "n"))
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] >= 1.5 * statistics.median(sizes.values())
    assert Exhibition.objects.get(slug=largest).status == "published"


def test_generate_data_gives_each_artisan_exactly_one_primary_craft():
    generate("--seed", "1")

    primaries = ArtisanCraft.objects.filter(is_primary=True).values("artisan").annotate(n=Count("pk"))
    assert sorted(primaries.values_list("n", flat=True)) == [1] * 200
    assert ArtisanCraft.objects.count() > 200
    shown = Participation.crafts_shown.through.objects.values("participation").annotate(n=Count("pk"))
    assert set(shown.values_list("n", flat=True)) == {1, 2}
    assert shown.count() == 1000


def test_generate_data_registry_numbers_and_slugs_are_unique_and_marked():
    generate("--seed", "1")

    numbers = list(Artisan.objects.values_list("registry_number", flat=True))
    assert len(set(numbers)) == 200
    assert all(re.fullmatch(r"GEN-\d{4}-\d{6}", number) for number in numbers)
    assert sorted(number[-6:] for number in numbers) == [f"{n:06d}" for n in range(1, 201)]
    assert Artisan.objects.exclude(slug__startswith="gen-").count() == 0
    assert Exhibition.objects.exclude(slug__startswith="gen-").count() == 0


def test_generate_data_makes_some_drafts_and_some_artisans_without_consent():
    generate("--seed", "1")

    assert 0 < Artisan.objects.filter(status="draft").count() < 30
    assert 0 < Artisan.objects.filter(consent_to_publish=False).count() < 30
    assert 0 < Artisan.objects.published().count() < 200


def test_generate_data_writes_names_in_their_own_script_with_a_transliteration():
    generate("--seed", "1")

    for name, latin in Artisan.objects.values_list("name", "name_latin"):
        assert re.fullmatch(r"[\u0600-\u06ff ]+", name)
        assert re.fullmatch(r"[A-Z][a-z]+ (Al-)?[A-Z][a-z]+", latin)
    for titles in Exhibition.objects.values_list("title_en", "title_fa", "title_ar"):
        assert all(titles)


def test_generate_data_is_reproducible_with_the_same_seed():
    generate("--seed", "7")
    first = dump()

    generate("--seed", "7", "--replace")
    again = dump()
    generate("--seed", "8", "--replace")
    other = dump()

    assert again == first
    assert other["artisans"] != first["artisans"]


def test_generate_data_refuses_a_database_with_other_data_unless_forced():
    call_command("load_demo", verbosity=0)
    demo_artisans = set(Artisan.objects.values_list("slug", flat=True))

    with pytest.raises(CommandError, match="18 artisans and 5 exhibitions that generate_data did not make"):
        generate("--seed", "1")
    assert Artisan.objects.filter(slug__startswith="gen-").count() == 0

    generate("--seed", "1", "--force")
    assert Artisan.objects.filter(slug__startswith="gen-").count() == 200
    assert set(Artisan.objects.exclude(slug__startswith="gen-").values_list("slug", flat=True)) == demo_artisans


def test_generate_data_refuses_a_database_with_generated_data_unless_forced():
    generate("--seed", "1")

    with pytest.raises(CommandError, match=re.escape("already holds generated data (200 artisans, 10 exhibitions)")):
        generate("--seed", "2")

    generate("--seed", "2", "--force")
    assert (Artisan.objects.count(), Exhibition.objects.count(), Participation.objects.count()) == (400, 20, 2000)
    assert Artisan.objects.values("registry_number").distinct().count() == 400


def test_generate_data_replace_deletes_the_generated_rows_first():
    call_command("load_demo", verbosity=0)
    generate("--seed", "1", "--force")

    out = StringIO()
    call_command(
        "generate_data",
        *("--artisans", "30", "--exhibitions", "3", "--participations", "40", "--seed", "2"),
        *("--replace", "--force"),
        stdout=out,
    )

    generated = Artisan.objects.filter(slug__startswith="gen-")
    assert (generated.count(), Exhibition.objects.filter(slug__startswith="gen-").count()) == (30, 3)
    assert Participation.objects.filter(artisan__in=generated).count() == 40
    assert Participation.objects.filter(is_sample=True).count() > 0
    assert ExhibitionSeries.objects.filter(slug__startswith="gen-").count() == 1
    assert Place.objects.filter(slug__startswith="gen-").count() == 200
    assert "Deleted the generated data: " in out.getvalue()


def test_generate_data_replace_refuses_to_delete_a_city_that_other_rows_use():
    generate("--seed", "1")
    city = Place.objects.filter(slug__startswith="gen-").first()
    Organisation.objects.create(slug="weavers", kind="association", name_en="Weavers", place=city)

    with pytest.raises(CommandError, match=r"Rows that were not generated refer to generated ones \(Weavers\)"):
        generate("--seed", "2", "--replace")

    assert Artisan.objects.count() == 200


def test_generate_data_replace_without_force_still_refuses_other_data():
    call_command("load_demo", verbosity=0)

    with pytest.raises(CommandError, match="did not make"):
        generate("--seed", "1", "--replace")


def test_generate_data_dry_run_writes_nothing():
    output = generate("--seed", "1", "--dry-run")

    assert output.startswith("Dry run, rolled back: would have generated 200 artisans,")
    assert (Place.objects.count(), CraftCategory.objects.count(), Artisan.objects.count()) == (0, 0, 0)
    assert (Exhibition.objects.count(), Participation.objects.count()) == (0, 0)


def test_generate_data_refuses_more_participations_than_pairs():
    with pytest.raises(CommandError, match="only 250 pairs"):
        call_command(
            "generate_data", "--artisans", "50", "--exhibitions", "5", "--participations", "300", stdout=StringIO()
        )

    assert Artisan.objects.count() == 0
