"""Change history in the admin: who changed what and when, the History page's diff, and revert."""

import pytest
from django.urls import reverse

from registry.models import Artisan, Place, PublicationStatus
from tests.admin_helpers import form_data, url
from tests.factories import ArtisanCraftFactory, ArtisanFactory, CraftCategoryFactory, ProvinceFactory
from tests.test_admin_pages import ROWS

pytestmark = pytest.mark.django_db


def change_artisan(client, artisan: Artisan, **changes) -> None:
    page = client.get(url("registry_artisan", "change", artisan.pk))
    response = client.post(url("registry_artisan", "change", artisan.pk), form_data(page) | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors


def version_url(obj, record) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.history_id])


def test_artisan_change_in_the_admin_records_who_changed_what(admin_client, admin_user):
    artisan = ArtisanFactory(name_latin="Maryam Karimi")

    change_artisan(admin_client, artisan, name_latin="Maryam Karimi-Rad")

    latest = artisan.history.latest()
    assert (latest.history_type, latest.history_user, latest.name_latin) == ("~", admin_user, "Maryam Karimi-Rad")
    assert artisan.history.count() == 2


def test_artisan_history_page_shows_the_old_and_new_values(admin_client, admin_user):
    artisan = ArtisanFactory(name_latin="Maryam Karimi", workshop_name="")
    change_artisan(admin_client, artisan, name_latin="Maryam Karimi-Rad", workshop_name="Karimi Kilims")

    response = admin_client.get(url("registry_artisan", "history", artisan.pk))

    assert response.status_code == 200
    latest = response.context["page_obj"][0]
    assert latest.history_delta_changes == [
        {"field": "Name in Latin script", "old": "Maryam Karimi", "new": "Maryam Karimi-Rad"},
        {"field": "Workshop name", "old": "", "new": "Karimi Kilims"},
    ]
    content = response.content.decode()
    assert "<strong>Name in Latin script:</strong>" in content
    assert "Maryam Karimi\n" in content
    assert "Maryam Karimi-Rad" in content
    assert f'<a href="/admin/auth/user/{admin_user.pk}/change/">admin</a>' in content


def test_artisan_revert_from_the_history_page_restores_the_old_version(admin_client, admin_user):
    artisan = ArtisanFactory(name_latin="Maryam Karimi", phone="0841 000 0042")
    first = artisan.history.get()
    change_artisan(admin_client, artisan, name_latin="Wrong Name", phone="")
    version_page = admin_client.get(version_url(artisan, first))

    response = admin_client.post(version_url(artisan, first), form_data(version_page))

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.name_latin, artisan.phone) == ("Maryam Karimi", "0841 000 0042")
    latest = artisan.history.latest()
    assert latest.history_user == admin_user
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    assert artisan.history.count() == 3


def test_revert_is_refused_if_the_artisan_changed_after_the_version_page_was_opened(admin_client):
    artisan = ArtisanFactory(name_latin="Maryam Karimi")
    first = artisan.history.get()
    change_artisan(admin_client, artisan, name_latin="Wrong Name")
    version_page = admin_client.get(version_url(artisan, first))
    Artisan.objects.get(pk=artisan.pk).save()  # someone else saves meanwhile

    response = admin_client.post(version_url(artisan, first), form_data(version_page))

    assert response.status_code == 200
    assert "was changed by someone else" in str(response.context["adminform"].form.non_field_errors())
    artisan.refresh_from_db()
    assert artisan.name_latin == "Wrong Name"


def test_artisan_version_page_offers_revert(admin_client):
    artisan = ArtisanFactory(name_latin="Maryam Karimi")

    response = admin_client.get(version_url(artisan, artisan.history.get()))

    assert response.context["title"] == f"Revert {artisan}"
    assert '<input type="submit" value="Revert" class="default" name="_save" />' in response.content.decode()


def test_craft_inline_rows_are_recorded_with_the_artisan_save(admin_client, admin_user):
    link = ArtisanCraftFactory(since_year=1990)
    page = admin_client.get(url("registry_artisan", "change", link.artisan.pk))

    admin_client.post(
        url("registry_artisan", "change", link.artisan.pk), form_data(page) | {"craft_links-0-since_year": "1995"}
    )

    latest = link.history.latest()
    assert (latest.since_year, latest.history_user, link.history.count()) == (1995, admin_user, 2)
    history = admin_client.get(url("registry_artisan", "history", link.artisan.pk))
    crafts_practised = history.context["part_histories"][0]
    assert crafts_practised["title"] == "crafts practised"
    assert crafts_practised["records"][0].history_delta_changes == [
        {"field": "Practising since", "old": "1990", "new": "1995"}
    ]


def test_place_change_with_its_neighbours_is_one_history_row(admin_client, admin_user):
    ilam = ProvinceFactory(name_en="Ilam")
    wasit = ProvinceFactory(name_en="Wasit")
    page = admin_client.get(url("registry_place", "change", ilam.pk))

    admin_client.post(
        url("registry_place", "change", ilam.pk),
        form_data(page) | {"description_en": "Border", "neighbours": [wasit.pk]},
    )

    assert ilam.history.count() == 2
    history = admin_client.get(url("registry_place", "history", ilam.pk))
    assert history.context["page_obj"][0].history_delta_changes == [
        {"field": "Description (English)", "old": "", "new": "Border"},
        {"field": "Borders", "old": "[]", "new": f"[{wasit}]"},
    ]


def test_artisan_add_in_the_admin_is_one_created_row(admin_client, admin_user):
    add_page = admin_client.get(url("registry_artisan", "add"))
    kilim = CraftCategoryFactory()

    admin_client.post(
        url("registry_artisan", "add"),
        form_data(add_page)
        | {
            "name": "مریم کریمی",
            "name_latin": "Maryam Karimi",
            "slug": "maryam-karimi",
            "craft_links-TOTAL_FORMS": "1",
            "craft_links-0-craft": kilim.pk,
        },
    )

    artisan = Artisan.objects.get(slug="maryam-karimi")
    assert [(row.history_type, row.history_user) for row in artisan.history.all()] == [("+", admin_user)]
    assert artisan.craft_links.get().history.get().history_user == admin_user


def test_publish_action_records_a_history_row_per_artisan(admin_client, admin_user):
    drafts = ArtisanFactory.create_batch(2, status=PublicationStatus.DRAFT)
    published = ArtisanFactory(status=PublicationStatus.PUBLISHED)

    admin_client.post(
        url("registry_artisan", "changelist"),
        {"action": "publish", "_selected_action": [artisan.pk for artisan in [*drafts, published]]},
    )

    for artisan in drafts:
        latest = artisan.history.latest()
        assert (latest.status, latest.history_user, latest.history_change_reason) == (
            PublicationStatus.PUBLISHED,
            admin_user,
            "Published from the list",
        )
        assert artisan.history.count() == 2
    # Nothing changed for the one already published, so nothing is recorded.
    assert published.history.count() == 1


def test_publish_action_history_shows_the_status_change(admin_client):
    artisan = ArtisanFactory(status=PublicationStatus.DRAFT, name_latin="Maryam Karimi")
    admin_client.post(url("registry_artisan", "changelist"), {"action": "publish", "_selected_action": [artisan.pk]})

    response = admin_client.get(url("registry_artisan", "history", artisan.pk))

    assert response.context["page_obj"][0].history_delta_changes == [
        {"field": "Status", "old": "draft", "new": "published"}
    ]
    assert "Published from the list" in response.content.decode()


def test_delete_in_the_admin_records_the_deleted_row(admin_client, admin_user):
    place = ProvinceFactory(name_en="Nowhere")

    admin_client.post(url("registry_place", "delete", place.pk), {"post": "yes"})

    assert not Place.objects.filter(pk=place.pk).exists()
    deleted = Place.history.filter(id=place.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.name_en) == ("-", admin_user, "Nowhere")


def test_changes_outside_the_admin_are_recorded_without_a_user():
    artisan = ArtisanFactory(name_latin="Maryam Karimi")

    artisan.name_latin = "Maryam K."
    artisan.save()

    assert [(row.history_type, row.history_user) for row in artisan.history.all()] == [("~", None), ("+", None)]


@pytest.mark.parametrize("model", ROWS)
def test_every_record_has_a_history_page_with_its_changes(admin_client, admin_user, model):
    obj = ROWS[model].make()
    page = admin_client.get(url(model, "change", obj.pk))
    unchanged = form_data(page)
    text_field = next(
        name
        for name in ("name_en", "title_en", "title", "topic", "name", "stand", "note", "pieces", "reason", "rules_en")
        if name in unchanged
    )

    admin_client.post(url(model, "change", obj.pk), unchanged)
    # Opened again: the form of before that save is out of date (see test_edit_conflicts.py).
    reopened = form_data(admin_client.get(url(model, "change", obj.pk)))
    admin_client.post(url(model, "change", obj.pk), reopened | {text_field: "changed-in-the-admin"})
    response = admin_client.get(url(model, "history", obj.pk))

    assert response.context["title"] == f"Change history: {obj._meta.model.objects.get(pk=obj.pk)}"
    latest, *older = response.context["page_obj"]
    assert latest.history_user == admin_user
    assert [change["new"] for change in latest.history_delta_changes] == ["changed-in-the-admin"]
    # The save that changed nothing recorded nothing.
    assert [record.history_user for record in older] == [None] * len(older)


@pytest.mark.django_db(transaction=True)
def test_revert_works_outside_a_test_transaction(client, django_user_model):
    # As on a real server, with no transaction around the request: the form's row lock needs the
    # view's own (PostgreSQL answered 500 without it).
    client.force_login(django_user_model.objects.create_superuser("editor", password="not-used"))
    artisan = ArtisanFactory(name_latin="Maryam Karimi")
    first = artisan.history.get()
    artisan.name_latin = "Wrong"
    artisan.save()
    version_page = client.get(version_url(artisan, first))

    response = client.post(version_url(artisan, first), form_data(version_page))

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert artisan.name_latin == "Maryam Karimi"
