"""History of exhibitions and participations: many-to-many fields, inline rows, bulk actions, loaders."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from exhibitions.models import Exhibition, Participation
from registry.models import Artisan, PublicationStatus
from tests.admin_helpers import form_data, inline_management_data, url
from tests.factories import ArtisanFactory, CraftCategoryFactory, ExhibitionFactory, ParticipationFactory
from tests.query_counts import queries

pytestmark = pytest.mark.django_db


def history_rows() -> int:
    """History rows of every kind, many-to-many snapshots included."""
    return sum(
        model._default_manager.count()
        for label in ("crafts", "registry", "exhibitions")
        for model in apps.get_app_config(label).get_models()
        if model.__name__.startswith("Historical")
    )


def crafts_of(record) -> list[str]:
    return sorted(row.craftcategory.name_en for row in record.crafts_shown.all())


def test_exhibition_change_with_its_crafts_is_one_history_row_with_both(admin_client, admin_user):
    kilim, pottery = CraftCategoryFactory(name_en="Kilim"), CraftCategoryFactory(name_en="Pottery")
    exhibition = ExhibitionFactory(title_en="Ilam crafts in Kut")
    exhibition.crafts_shown.add(kilim)
    before = exhibition.history.count()
    page = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))

    admin_client.post(
        url("exhibitions_exhibition", "change", exhibition.pk),
        form_data(page) | {"title_en": "Ilam handicrafts in Kut", "crafts_shown": [pottery.pk]},
    )

    assert exhibition.history.count() == before + 1
    latest = exhibition.history.latest()
    assert (latest.title_en, crafts_of(latest), latest.history_user) == (
        "Ilam handicrafts in Kut",
        ["Pottery"],
        admin_user,
    )
    response = admin_client.get(url("exhibitions_exhibition", "history", exhibition.pk))
    assert response.context["page_obj"][0].history_delta_changes == [
        {"field": "Crafts shown", "old": "[Kilim]", "new": "[Pottery]"},
        {"field": "Title (English)", "old": "Ilam crafts in Kut", "new": "Ilam handicrafts in Kut"},
    ]


def test_exhibition_revert_restores_the_crafts_shown(admin_client):
    kilim, pottery = CraftCategoryFactory(name_en="Kilim"), CraftCategoryFactory(name_en="Pottery")
    exhibition = ExhibitionFactory()
    exhibition.crafts_shown.add(kilim)
    with_kilim = exhibition.history.latest()
    page = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))
    admin_client.post(
        url("exhibitions_exhibition", "change", exhibition.pk), form_data(page) | {"crafts_shown": [pottery.pk]}
    )
    version_url = reverse("admin:exhibitions_exhibition_simple_history", args=[exhibition.pk, with_kilim.history_id])
    version_page = admin_client.get(version_url)

    response = admin_client.post(version_url, form_data(version_page))

    assert response.status_code == 302
    assert list(exhibition.crafts_shown.all()) == [kilim]
    assert crafts_of(exhibition.history.latest()) == ["Kilim"]


def test_participation_added_inline_is_one_created_row_with_its_crafts(admin_client, admin_user):
    exhibition = ExhibitionFactory()
    artisan, kilim = ArtisanFactory(), CraftCategoryFactory(name_en="Kilim")
    page = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))

    admin_client.post(
        url("exhibitions_exhibition", "change", exhibition.pk),
        form_data(page)
        | {
            "participations-TOTAL_FORMS": "1",
            "participations-0-artisan": artisan.pk,
            "participations-0-role": Participation.Role.EXHIBITOR,
            "participations-0-crafts_shown": [kilim.pk],
        },
    )

    participation = exhibition.participations.get()
    record = participation.history.get()
    assert (record.history_type, record.history_user, crafts_of(record)) == ("+", admin_user, ["Kilim"])


def test_participation_add_form_is_one_created_row(admin_client, admin_user):
    add_page = admin_client.get(url("exhibitions_participation", "add"))
    artisan, exhibition, kilim = ArtisanFactory(), ExhibitionFactory(), CraftCategoryFactory(name_en="Kilim")

    admin_client.post(
        url("exhibitions_participation", "add"),
        {
            **inline_management_data(add_page),
            "artisan": artisan.pk,
            "exhibition": exhibition.pk,
            "role": Participation.Role.EXHIBITOR,
            "crafts_shown": [kilim.pk],
        },
    )

    record = Participation.objects.get().history.get()
    assert (record.history_type, record.history_user, crafts_of(record)) == ("+", admin_user, ["Kilim"])


def test_exhibition_publish_action_records_history_with_the_crafts_unchanged(admin_client, admin_user):
    exhibition = ExhibitionFactory(status=PublicationStatus.DRAFT)
    exhibition.crafts_shown.add(CraftCategoryFactory(name_en="Kilim"))

    admin_client.post(
        url("exhibitions_exhibition", "changelist"), {"action": "publish", "_selected_action": [exhibition.pk]}
    )

    latest = exhibition.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason, crafts_of(latest)) == (
        PublicationStatus.PUBLISHED,
        admin_user,
        "Published from the list",
        ["Kilim"],
    )
    response = admin_client.get(url("exhibitions_exhibition", "history", exhibition.pk))
    assert response.context["page_obj"][0].history_delta_changes == [
        {"field": "Status", "old": "draft", "new": "published"}
    ]


def test_exhibition_unpublish_action_records_history(admin_client, admin_user):
    exhibition = ExhibitionFactory(status=PublicationStatus.PUBLISHED)

    admin_client.post(
        url("exhibitions_exhibition", "changelist"), {"action": "unpublish", "_selected_action": [exhibition.pk]}
    )

    latest = exhibition.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        PublicationStatus.DRAFT,
        admin_user,
        "Set back to draft from the list",
    )


def test_exhibition_delete_selected_records_each_deleted_row(admin_client, admin_user):
    exhibitions = ExhibitionFactory.create_batch(2)

    admin_client.post(
        url("exhibitions_exhibition", "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [e.pk for e in exhibitions]},
    )

    assert Exhibition.objects.count() == 0
    deleted = Exhibition.history.filter(history_type="-")
    assert sorted(row.id for row in deleted) == sorted(e.pk for e in exhibitions)
    assert {row.history_user for row in deleted} == {admin_user}


def test_load_demo_run_again_records_no_history():
    call_command("load_demo", verbosity=0)
    before = history_rows()

    call_command("load_demo", verbosity=0)

    assert before > 0
    assert history_rows() == before


def test_remove_sample_data_records_each_deleted_row():
    call_command("load_demo", verbosity=0)
    artisans = Artisan.objects.samples().count()

    call_command("remove_sample_data", stdout=StringIO())

    assert Artisan.history.filter(history_type="-").count() == artisans > 0


def test_generate_data_records_no_history_even_when_replacing():
    sizes = ("--artisans", "30", "--exhibitions", "3", "--participations", "40")
    call_command("generate_data", *sizes, "--seed", "1", stdout=StringIO())
    assert Participation.objects.count() == 40

    call_command("generate_data", *sizes, "--seed", "2", "--replace", stdout=StringIO())

    assert history_rows() == 0


def test_participation_history_page_shows_the_stand_change(admin_client):
    participation = ParticipationFactory(stand="A4")
    page = admin_client.get(url("exhibitions_participation", "change", participation.pk))
    admin_client.post(url("exhibitions_participation", "change", participation.pk), form_data(page) | {"stand": "B7"})

    response = admin_client.get(url("exhibitions_participation", "history", participation.pk))

    assert response.context["page_obj"][0].history_delta_changes == [{"field": "Stand", "old": "A4", "new": "B7"}]


def test_exhibition_history_page_lists_changes_to_its_inline_rows(admin_client, admin_user):
    exhibition = ExhibitionFactory()
    artisan = ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi")
    page = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))
    admin_client.post(
        url("exhibitions_exhibition", "change", exhibition.pk),
        form_data(page)
        | {
            "participations-TOTAL_FORMS": "1",
            "participations-0-artisan": artisan.pk,
            "participations-0-role": Participation.Role.EXHIBITOR,
            "participations-0-stand": "A4",
        },
    )
    page = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))
    admin_client.post(
        url("exhibitions_exhibition", "change", exhibition.pk), form_data(page) | {"participations-0-stand": "B7"}
    )

    response = admin_client.get(url("exhibitions_exhibition", "history", exhibition.pk))

    participations = response.context["part_histories"][0]
    assert participations["title"] == "participations"
    changed, created = participations["records"]
    assert (created.get_history_type_display(), created.label, created.history_user) == (
        "Created",
        f"مریم کریمی (Maryam Karimi) @ {exhibition}",
        admin_user,
    )
    assert changed.history_delta_changes == [{"field": "Stand", "old": "A4", "new": "B7"}]
    participation = exhibition.participations.get()
    content = response.content.decode()
    assert f'<a href="{url("exhibitions_participation", "history", participation.pk)}">' in content
    assert "<li><strong>Stand:</strong> A4 &rarr; B7</li>" in content


@pytest.mark.usefixtures("cold_content_type_cache")
@pytest.mark.parametrize("participations", [1, 10])
def test_exhibition_history_page_runs_the_same_queries_for_any_number_of_inline_rows(
    admin_client, django_assert_num_queries, participations
):
    exhibition = ExhibitionFactory()
    for _row in range(participations):
        participation = ParticipationFactory(exhibition=exhibition, stand="A1")
        participation.stand = "A2"
        participation.save()

    with django_assert_num_queries(
        queries(
            login=True,
            reads=[
                "the exhibition",
                "its history rows",
                "their count",
                "the user model's content type, for the 'changed by' links",
                "participations' history",
                "organisers' history",
                "officials' history",
                "outcomes' history",
                "stalls' history",
                "invitations' history",
            ],
        )
    ):
        response = admin_client.get(url("exhibitions_exhibition", "history", exhibition.pk))

    assert len(response.context["part_histories"][0]["records"]) == 2 * participations


def test_exhibition_history_page_points_to_a_participations_own_history_for_its_crafts(admin_client):
    participation = ParticipationFactory()
    participation.crafts_shown.add(CraftCategoryFactory())

    response = admin_client.get(url("exhibitions_exhibition", "history", participation.exhibition.pk))

    changed, _created = response.context["part_histories"][0]["records"]
    assert changed.history_note == "Other changes (crafts shown, sources) are on its own history page."
