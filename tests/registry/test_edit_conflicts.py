import pytest
from django.utils.html import escape

from registry.models import Artisan, PublicationStatus
from tests.admin_helpers import form_data, url
from tests.factories import ArtisanCraftFactory, ArtisanFactory

pytestmark = pytest.mark.django_db

CONFLICT = "This artisan was changed by someone else since you opened this page"


def test_artisan_saved_by_two_people_keeps_the_first_save_and_tells_the_second(admin_client, other_admin_client):
    artisan = ArtisanFactory(workshop_name="Old workshop")
    change = url("registry_artisan", "change", artisan.pk)
    form_a = form_data(admin_client.get(change))
    form_b = form_data(other_admin_client.get(change))

    saved = admin_client.post(change, {**form_a, "workshop_name": "A's workshop"})
    refused = other_admin_client.post(change, {**form_b, "workshop_name": "B's workshop"})

    artisan.refresh_from_db()
    assert (saved.status_code, refused.status_code) == (302, 200)
    assert artisan.workshop_name == "A's workshop"
    errors = refused.context["adminform"].form.non_field_errors()
    assert [error.startswith(CONFLICT) for error in errors] == [True]
    content = refused.content.decode()
    assert f'<a href="{change}">Reload the page to see the current version' in content
    # B's input is still in the form, to be copied into the reloaded page.
    assert 'name="workshop_name" value="B&#x27;s workshop"' in content


def test_artisan_saved_again_after_reloading_is_saved(admin_client, other_admin_client):
    artisan = ArtisanFactory()
    change = url("registry_artisan", "change", artisan.pk)
    form_b = form_data(other_admin_client.get(change))
    admin_client.post(change, {**form_data(admin_client.get(change)), "workshop_name": "A's workshop"})
    other_admin_client.post(change, {**form_b, "workshop_name": "B's workshop"})

    reloaded = form_data(other_admin_client.get(change))
    response = other_admin_client.post(change, {**reloaded, "biography_en": "Added by B"})

    artisan.refresh_from_db()
    assert response.status_code == 302
    assert (artisan.workshop_name, artisan.biography) == ("A's workshop", "Added by B")


def test_artisan_form_opened_before_publishing_does_not_set_it_back_to_draft(admin_client, other_admin_client):
    artisan = ArtisanFactory(status=PublicationStatus.DRAFT)
    change = url("registry_artisan", "change", artisan.pk)
    form_b = form_data(other_admin_client.get(change))
    admin_client.post(url("registry_artisan", "changelist"), {"action": "publish", "_selected_action": [artisan.pk]})

    response = other_admin_client.post(change, {**form_b, "biography_en": "Edited"})

    artisan.refresh_from_db()
    assert response.status_code == 200
    assert (artisan.status, artisan.biography) == (PublicationStatus.PUBLISHED, "")


def test_artisan_craft_rows_of_a_refused_save_are_not_saved(admin_client, other_admin_client):
    link = ArtisanCraftFactory(since_year=1990)
    change = url("registry_artisan", "change", link.artisan.pk)
    form_a = form_data(admin_client.get(change))
    form_b = form_data(other_admin_client.get(change))

    admin_client.post(change, {**form_a, "craft_links-0-since_year": "1995"})
    response = other_admin_client.post(change, {**form_b, "craft_links-0-since_year": "2001"})

    link.refresh_from_db()
    assert response.status_code == 200
    assert link.since_year == 1995


def test_artisan_form_without_its_version_is_refused(admin_client):
    artisan = ArtisanFactory(workshop_name="Kept")
    change = url("registry_artisan", "change", artisan.pk)
    data = form_data(admin_client.get(change))
    del data["edit_version"]

    response = admin_client.post(change, {**data, "workshop_name": "Lost"})

    assert response.status_code == 200
    assert Artisan.objects.get(pk=artisan.pk).workshop_name == "Kept"


def test_artisan_change_form_carries_the_version_in_a_hidden_input(admin_client):
    artisan = ArtisanFactory()

    response = admin_client.get(url("registry_artisan", "change", artisan.pk))

    version = escape(artisan.updated_at.isoformat())
    assert f'<input type="hidden" name="edit_version" value="{version}" id="id_edit_version">' in (
        response.content.decode()
    )


def test_artisan_saved_unchanged_twice_by_the_same_person_is_saved_both_times(admin_client):
    artisan = ArtisanFactory()
    change = url("registry_artisan", "change", artisan.pk)

    versions = [artisan.updated_at]
    responses = []
    for _save in range(2):
        responses.append(admin_client.post(change, form_data(admin_client.get(change))).status_code)
        artisan.refresh_from_db()
        versions.append(artisan.updated_at)

    assert responses == [302, 302]  # saved, not sent back with a conflict
    assert versions == sorted(set(versions))  # each save wrote a new version
