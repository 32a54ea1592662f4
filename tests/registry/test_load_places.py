from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from registry.models import Place

pytestmark = pytest.mark.django_db


def load_places(*args) -> str:
    out = StringIO()
    call_command("load_places", *args, stdout=out)
    return out.getvalue()


def test_load_places_loads_all_iranian_provinces_and_iraqi_governorates():
    load_places()

    assert Place.objects.provinces().filter(parent__code="IR").count() == 31
    assert Place.objects.provinces().filter(parent__code="IQ").count() == 19
    assert not Place.objects.provinces().filter(Q(name_fa="") | Q(name_ar="")).exists()


@pytest.mark.parametrize(
    ("code", "names", "slug"),
    [
        ("IR", ("Iran", "ایران", "إيران"), "iran"),
        ("IQ", ("Iraq", "عراق", "العراق"), "iraq"),
        ("IR-16", ("Ilam", "ایلام", "إيلام"), "ir-16-ilam"),
        ("IR-05", ("Kermanshah", "کرمانشاه", "كرمانشاه"), "ir-05-kermanshah"),
        ("IR-15", ("Lorestan", "لرستان", "لرستان"), "ir-15-lorestan"),
        ("IR-06", ("Khuzestan", "خوزستان", "خوزستان"), "ir-06-khuzestan"),
        ("IQ-WA", ("Wasit", "واسط", "واسط"), "iq-wa-wasit"),
        ("IQ-SU", ("Sulaymaniyah", "سلیمانیه", "السليمانية"), "iq-su-sulaymaniyah"),
        ("IQ-MA", ("Maysan", "میسان", "ميسان"), "iq-ma-maysan"),
        ("IQ-DI", ("Diyala", "دیاله", "ديالى"), "iq-di-diyala"),
    ],
)
def test_load_places_uses_the_curated_names(code, names, slug):
    load_places()

    place = Place.objects.get(code=code)
    assert (place.name_en, place.name_fa, place.name_ar) == names
    assert place.slug == slug


def test_load_places_makes_provinces_part_of_their_country():
    load_places()

    ilam = Place.objects.get(code="IR-16")
    assert (ilam.kind, ilam.parent.code, ilam.parent.kind) == ("province", "IR", "country")


def test_load_places_is_idempotent():
    first_output = load_places()
    first = list(Place.objects.order_by("pk").values())

    second_output = load_places()

    assert list(Place.objects.order_by("pk").values()) == first
    assert first_output.splitlines()[-1] == "Places: 52 created, 0 updated, 0 unchanged."
    assert second_output.splitlines()[-1] == "Places: 0 created, 0 updated, 52 unchanged."


def test_load_places_restores_a_changed_name():
    load_places()
    Place.objects.filter(code="IQ-WA").update(name_en="Wāsiţ")

    output = load_places("IQ")

    assert Place.objects.get(code="IQ-WA").name_en == "Wasit"
    assert output.splitlines()[-1] == "Places: 0 created, 1 updated, 19 unchanged."


def test_load_places_loads_another_country_with_pycountry_names():
    load_places("TR", "de")

    turkey = Place.objects.get(code="TR")
    istanbul = Place.objects.get(code="TR-34")
    germany = Place.objects.get(code="DE")
    assert (turkey.name_en, turkey.slug) == ("Türkiye", "turkiye")
    assert (istanbul.name_en, istanbul.slug, istanbul.parent) == ("İstanbul", "tr-34-istanbul", turkey)
    assert Place.objects.provinces().filter(parent=turkey).count() == 81
    assert (germany.name_en, germany.name_fa, germany.name_ar) == ("Germany", "آلمان", "ألمانيا")
    assert not Place.objects.filter(code="IR").exists()


def test_load_places_rejects_an_unknown_country_code():
    with pytest.raises(CommandError, match="Unknown country code 'XX'"):
        load_places("IR", "XX")

    assert Place.objects.count() == 0


def test_load_places_dry_run_writes_nothing():
    output = load_places("--dry-run")

    assert Place.objects.count() == 0
    assert output.splitlines()[-1] == "Dry run, nothing saved: would have 52 created, 0 updated, 0 unchanged."
