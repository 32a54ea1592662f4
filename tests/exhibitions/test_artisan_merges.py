"""Two records of one artisan made one: the fields chosen, every kind of related row moved, the two
participations of one fair joined, the absorbed number and page leading to the survivor, both
histories, the revert and what refuses it, and who may do each in the admin."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from common import imports, roles
from common.imports import kind_named
from exhibitions.merges import MergeRefused, merge, revert
from exhibitions.models import Participation
from registry.models import Artisan, ArtisanCraft, DistinctArtisans, next_registry_number
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
    ProvinceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """One weaver typed twice: with different fields, crafts, fairs, and one fair both records attended."""
    ilam = ProvinceFactory(name_en="Ilam", slug="ir-16-ilam")
    city = CityFactory(parent=ilam, name_en="Ilam", slug="ilam-city")
    kilim, leather, pottery = (
        CraftCategoryFactory(name_en=name, slug=name.lower()) for name in ("Kilim", "Leather", "Pottery")
    )
    kept = ArtisanFactory(
        name="علی کیانی", name_latin="", slug="ali-kiani", registry_number="ILM-2025-00007", home_place=city,
        birth_year=None, phone="0918 111", internal_notes="Met at the Kut fair.",
    )  # fmt: skip
    other = ArtisanFactory(
        name="علي كياني", name_latin="Ali Kiani", slug="ali-kiani-2", registry_number="ILM-2025-00012",
        home_place=city, birth_year=1980, phone="0918 222", internal_notes="Typed from the 1403 list.",
    )  # fmt: skip
    ArtisanCraftFactory(artisan=kept, craft=kilim, is_primary=True, since_year=2001)
    ArtisanCraftFactory(artisan=other, craft=kilim, is_primary=True, since_year=1998)
    ArtisanCraftFactory(artisan=other, craft=leather, since_year=2010)
    kut = ExhibitionFactory(title_en="Kut 2025", slug="kut-2025")
    suli = ExhibitionFactory(
        title_en="Sulaymaniyah 2024",
        slug="suli-2024",
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 5, 5),
    )
    at_kut = ParticipationFactory(artisan=kept, exhibition=kut, stand="A4", note="")
    at_kut.crafts_shown.set([kilim])
    theirs_at_kut = ParticipationFactory(
        artisan=other, exhibition=kut, stand="B9", award_en="First prize", note="Sold six kilims."
    )
    theirs_at_kut.crafts_shown.set([pottery])
    theirs_at_kut.sources.set([SourceFactory(title="IRNA report")])
    at_suli = ParticipationFactory(artisan=other, exhibition=suli)
    namesake = ArtisanFactory(name="علی کیانی", slug="ali-kiani-3", home_place=city)
    DistinctArtisans.objects.create(first=other, second=namesake)
    return {
        "kept": kept, "other": other, "kut": kut, "at_kut": at_kut, "theirs_at_kut": theirs_at_kut,
        "at_suli": at_suli, "kilim": kilim, "leather": leather, "pottery": pottery, "namesake": namesake,
    }  # fmt: skip


def test_a_merge_keeps_the_chosen_fields_and_moves_every_related_row(pair):
    kept, other = pair["kept"], pair["other"]

    merge(kept, other, take={"name_latin", "birth_year"})

    kept.refresh_from_db()
    assert not Artisan.objects.filter(pk=other.pk).exists()
    assert (kept.name, kept.name_latin, kept.birth_year, kept.phone) == ("علی کیانی", "Ali Kiani", 1980, "0918 111")
    assert kept.internal_notes == "Met at the Kut fair.\n\nTyped from the 1403 list."
    links = {link.craft.slug: (link.is_primary, link.since_year) for link in kept.craft_links.select_related("craft")}
    assert links == {"kilim": (True, 1998), "leather": (False, 2010)}
    assert set(Participation.objects.filter(artisan=kept).values_list("exhibition__slug", flat=True)) == {
        "kut-2025",
        "suli-2024",
    }
    assert not DistinctArtisans.objects.exists()


def test_two_participations_at_one_fair_become_one_with_nothing_lost(pair):
    merge(pair["kept"], pair["other"])

    (joined,) = Participation.objects.filter(exhibition=pair["kut"])
    assert joined.pk == pair["at_kut"].pk
    assert joined.stand == "A4"
    assert joined.award_en == "First prize"
    assert "stand in ILM-2025-00012's record: B9" in joined.note
    assert "Sold six kilims." in joined.note
    assert {craft.slug for craft in joined.crafts_shown.all()} == {"kilim", "pottery"}
    assert [source.title for source in joined.sources.all()] == ["IRNA report"]


def test_both_histories_show_the_merge(pair):
    done = merge(pair["kept"], pair["other"], take={"birth_year"})

    assert pair["kept"].history.first().history_change_reason == done.change_reason
    gone = Artisan.history.filter(id=pair["other"].pk).first()
    assert (gone.history_type, gone.history_change_reason) == ("-", done.change_reason)
    moved = Participation.history.filter(id=pair["at_suli"].pk).first()
    assert (moved.artisan_id, moved.history_change_reason) == (pair["kept"].pk, done.change_reason)


def test_the_absorbed_page_and_number_lead_to_the_survivor(client, pair):
    merge(pair["kept"], pair["other"])

    response = client.get("/artisans/ali-kiani-2/?format=csv")

    assert response.status_code == 301
    assert response["Location"] == "/artisans/ali-kiani/?format=csv"
    assert client.get("/artisans/no-such-artisan/").status_code == 404


def test_the_absorbed_page_of_a_private_survivor_is_not_found(client, pair):
    Artisan.objects.filter(pk=pair["kept"].pk).update(consent_to_publish=False)
    merge(pair["kept"], pair["other"])

    assert client.get("/artisans/ali-kiani-2/").status_code == 404


def test_a_registry_number_is_never_given_twice(pair, settings):
    settings.REGISTRY_NUMBER_PREFIX = "ILM"
    Artisan.objects.filter(pk=pair["namesake"].pk).update(registry_number="ILM-2024-00001")
    merge(pair["kept"], pair["other"])

    assert next_registry_number(2025) == "ILM-2025-00013"


def test_a_revert_puts_everything_back(pair):
    kept, other = pair["kept"], pair["other"]
    before = {
        "kept": Artisan.objects.filter(pk=kept.pk).values().get(),
        "other": Artisan.objects.filter(pk=other.pk).values().get(),
        "links": set(ArtisanCraft.objects.values_list("pk", "artisan", "craft", "is_primary", "since_year")),
        "participations": set(Participation.objects.values_list("pk", "artisan", "exhibition", "stand", "note")),
        "crafts_shown": set(Participation.crafts_shown.through.objects.values_list("participation", "craftcategory")),
        "sources": set(Participation.sources.through.objects.values_list("participation", "source")),
    }
    done = merge(kept, other, take={"name_latin", "birth_year", "phone"})

    back = revert(done)

    assert back.pk == other.pk
    for name in ("kept", "other"):
        now = Artisan.objects.filter(pk=before[name]["id"]).values().get()
        assert {key: value for key, value in now.items() if key != "updated_at"} == {
            key: value for key, value in before[name].items() if key != "updated_at"
        }
    assert (
        set(ArtisanCraft.objects.values_list("pk", "artisan", "craft", "is_primary", "since_year")) == before["links"]
    )
    assert (
        set(Participation.objects.values_list("pk", "artisan", "exhibition", "stand", "note"))
        == before["participations"]
    )
    shown = Participation.crafts_shown.through.objects.values_list("participation", "craftcategory")
    assert set(shown) == before["crafts_shown"]
    assert set(Participation.sources.through.objects.values_list("participation", "source")) == before["sources"]
    assert DistinctArtisans.objects.filter(first=other, second=pair["namesake"]).exists()
    done.refresh_from_db()
    assert done.reverted_at is not None
    assert Artisan.history.filter(id=other.pk).first().history_change_reason == done.revert_reason


def test_a_revert_after_a_later_edit_is_refused_naming_the_record(pair):
    done = merge(pair["kept"], pair["other"])
    kept = Artisan.objects.get(pk=pair["kept"].pk)
    kept.workshop_name = "edited since"
    kept.save()

    with pytest.raises(MergeRefused, match="ILM-2025-00007 was edited since"):
        revert(done)
    assert not Artisan.objects.filter(pk=pair["other"].pk).exists()


def test_a_record_merged_twice_leads_to_the_last_and_reverts_in_order(pair):
    first = merge(pair["kept"], pair["other"])
    Artisan.objects.filter(pk=pair["namesake"].pk).update(registry_number="ILM-2025-00020")
    second = merge(pair["namesake"], Artisan.objects.get(pk=pair["kept"].pk))

    first.refresh_from_db()
    assert first.survivor_id == pair["namesake"].pk
    with pytest.raises(MergeRefused, match="revert that merge"):
        revert(first)
    revert(second)
    revert(first)
    assert Artisan.objects.filter(pk__in=[pair["kept"].pk, pair["other"].pk, pair["namesake"].pk]).count() == 3


def test_an_artisan_cannot_be_merged_with_itself(pair):
    with pytest.raises(MergeRefused):
        merge(pair["kept"], pair["kept"])


def test_an_import_row_with_an_absorbed_number_updates_the_survivor(pair):
    merge(pair["kept"], pair["other"])
    data = io.BytesIO(b"registry number,workshop name\r\nILM-2025-00012,Kiani kilims\r\n")
    data.name = "list.csv"

    result = imports.run(kind_named("artisans"), data, file_name="list.csv", write=True)

    assert result.counts["updated"] == 1
    assert Artisan.objects.get(pk=pair["kept"].pk).workshop_name == "Kiani kilims"


# The admin


def member(django_user_model, role: str, username: str):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def merge_url(pair):
    return reverse("admin:registry_artisan_merge", args=[pair["kept"].pk, pair["other"].pk])


def test_the_merge_page_compares_the_differing_fields_and_merges_as_chosen(client, django_user_model, pair):
    client.force_login(member(django_user_model, roles.EDITOR, "editor"))

    page = client.get(merge_url(pair))

    assert page.status_code == 200
    assert "Ali Kiani" in page.text
    assert "0918 222" in page.text
    assert page.context["form"]["birth_year"].initial == "second"  # what the kept record lacks
    assert page.context["form"]["phone"].initial == "first"
    chosen = {"survivor": "second", "name": "second", "birth_year": "second", "name_latin": "second", "phone": "first"}
    done = client.post(merge_url(pair), chosen, follow=True)

    assert "ILM-2025-00007 was merged into ILM-2025-00012" in done.text
    survivor = Artisan.objects.get(pk=pair["other"].pk)
    assert (survivor.phone, survivor.name) == ("0918 111", "علي كياني")
    assert not Artisan.objects.filter(pk=pair["kept"].pk).exists()


def test_the_list_action_opens_the_merge_of_two(admin_client, pair):
    changelist = reverse("admin:registry_artisan_changelist")
    ids = [pair["kept"].pk, pair["other"].pk]

    response = admin_client.post(changelist, {"action": "merge_two", "_selected_action": ids})

    assert response.status_code == 302
    assert response["Location"] == merge_url(pair)
    one = admin_client.post(changelist, {"action": "merge_two", "_selected_action": ids[:1]}, follow=True)
    assert "Select exactly two artisans to merge." in one.text


def test_a_viewer_cannot_merge_or_revert(client, django_user_model, pair):
    done = merge(pair["kept"], pair["other"])
    client.force_login(member(django_user_model, roles.VIEWER, "viewer"))

    another = reverse("admin:registry_artisan_merge", args=[pair["kept"].pk, pair["namesake"].pk])
    assert client.get(another).status_code == 403
    revert_page = reverse("admin:registry_artisan_merge_revert", args=[done.pk])
    assert "Revert the merge" not in client.get(revert_page).text
    assert client.post(revert_page).status_code == 403
    assert not Artisan.objects.filter(pk=pair["other"].pk).exists()


def test_the_list_of_merges_names_them_and_never_what_a_merge_keeps_for_its_revert(admin_client, pair):
    merge(pair["kept"], pair["other"])

    listing = admin_client.get(reverse("admin:registry_artisan_merges"))

    assert "ILM-2025-00012" in listing.text
    assert "0918 222" not in listing.text


def test_reverting_from_the_admin_brings_the_record_back(admin_client, pair):
    done = merge(pair["kept"], pair["other"])
    page = reverse("admin:registry_artisan_merge_revert", args=[done.pk])
    assert "Revert the merge" in admin_client.get(page).text

    back = admin_client.post(page, follow=True)

    assert "ILM-2025-00012 is a record of its own again" in back.text
    assert Artisan.objects.filter(pk=pair["other"].pk).exists()


def test_the_absorbed_records_change_page_and_number_lead_to_the_survivor(admin_client, pair):
    merge(pair["kept"], pair["other"])

    page = admin_client.get(reverse("admin:registry_artisan_change", args=[pair["other"].pk]), follow=True)
    found = admin_client.get(reverse("admin:registry_artisan_changelist"), {"q": "ILM-2025-00012"})

    assert "ILM-2025-00012 was merged into ILM-2025-00007" in page.text
    assert page.redirect_chain[-1][0] == reverse("admin:registry_artisan_change", args=[pair["kept"].pk])
    assert list(found.context["cl"].result_list) == [Artisan.objects.get(pk=pair["kept"].pk)]


def test_a_revert_is_refused_when_the_absorbed_records_home_place_is_gone(pair):
    home = ProvinceFactory(name_en="Wasit", slug="iq-wa-wasit")
    Artisan.objects.filter(pk=pair["other"].pk).update(home_place=home)
    done = merge(pair["kept"], Artisan.objects.get(pk=pair["other"].pk))
    home.delete()

    with pytest.raises(MergeRefused, match="home place was deleted since"):
        revert(done)


def test_a_photo_taken_from_the_absorbed_record_comes_with_its_thumbnail(pair):
    Artisan.objects.filter(pk=pair["other"].pk).update(
        photo="artisans/2025/a.jpg", photo_thumbnail="artisans/2025/thumbnails/a.webp"
    )

    merge(pair["kept"], Artisan.objects.get(pk=pair["other"].pk), take={"photo"})

    kept = Artisan.objects.get(pk=pair["kept"].pk)
    assert (kept.photo.name, kept.photo_thumbnail.name) == ("artisans/2025/a.jpg", "artisans/2025/thumbnails/a.webp")
