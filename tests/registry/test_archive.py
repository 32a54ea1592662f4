"""Archive instead of delete: archived records leave the public pages, records in use are not deleted."""

import pytest
from django.urls import reverse

from exhibitions.models import Exhibition
from registry.models import Artisan, Place, PublicationStatus
from tests.admin_helpers import url
from tests.factories import ArtisanFactory, ExhibitionFactory, ParticipationFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

ARCHIVE_HINT = (
    "Records that other records refer to cannot be deleted, so that no history is lost. Archive it instead: an "
    "archived record leaves the public pages but stays in the admin, with its history."
)
PLAIN_HINT = (
    "Records that other records refer to cannot be deleted, so that no history is lost. Change or remove those "
    "references first, or keep the record."
)


def test_archive_action_archives_the_selected_artisans_with_history(admin_client, admin_user):
    chosen, other = ArtisanFactory(), ArtisanFactory()

    response = admin_client.post(
        url("registry_artisan", "changelist"), {"action": "archive", "_selected_action": [chosen.pk]}, follow=True
    )

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (PublicationStatus.ARCHIVED, PublicationStatus.PUBLISHED)
    assert [str(message) for message in response.context["messages"]] == [
        "1 record was archived: it has left the public pages and stays here."
    ]
    latest = chosen.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        PublicationStatus.ARCHIVED,
        admin_user,
        "Archived from the list",
    )


def test_archive_action_archives_exhibitions(admin_client):
    exhibitions = ExhibitionFactory.create_batch(2)

    response = admin_client.post(
        url("exhibitions_exhibition", "changelist"),
        {"action": "archive", "_selected_action": [e.pk for e in exhibitions]},
        follow=True,
    )

    assert set(Exhibition.objects.values_list("status", flat=True)) == {PublicationStatus.ARCHIVED}
    assert [str(message) for message in response.context["messages"]] == [
        "2 records were archived: they have left the public pages and stay here."
    ]


def test_archived_artisan_leaves_the_public_pages(client):
    ArtisanFactory(name_latin="Public Artisan")
    archived = ArtisanFactory(name_latin="Archived Artisan", status=PublicationStatus.ARCHIVED)

    listing = client.get(reverse("registry:artisan-list"))
    detail = client.get(archived.get_absolute_url())

    assert [artisan.name_latin for artisan in listing.context["object_list"]] == ["Public Artisan"]
    assert detail.status_code == 404


def test_archived_exhibition_and_its_participations_leave_the_public_pages(client):
    archived = ExhibitionFactory(title_en="Archived fair", status=PublicationStatus.ARCHIVED)
    ParticipationFactory(exhibition=archived)
    ParticipationFactory(exhibition=ExhibitionFactory(title_en="Public fair"))

    listing = client.get(reverse("exhibitions:list"))
    detail = client.get(archived.get_absolute_url())
    participations = client.get(reverse("exhibitions:participation-list"))

    assert [exhibition.title_en for exhibition in listing.context["object_list"]] == ["Public fair"]
    assert detail.status_code == 404
    assert [p.exhibition.title_en for p in participations.context["object_list"]] == ["Public fair"]


def test_archived_artisans_stay_in_the_admin(admin_client):
    ArtisanFactory(name_latin="Archived Artisan", status=PublicationStatus.ARCHIVED)
    ArtisanFactory(name_latin="Public Artisan")

    response = admin_client.get(url("registry_artisan", "changelist"), {"status__exact": "archived"})

    assert [artisan.name_latin for artisan in response.context["cl"].result_list] == ["Archived Artisan"]


def test_deleting_an_artisan_with_participations_is_refused_with_the_reason(admin_client):
    participation = ParticipationFactory(artisan__name_latin="Maryam Karimi")
    artisan = participation.artisan

    page = admin_client.get(url("registry_artisan", "delete", artisan.pk))
    response = admin_client.post(url("registry_artisan", "delete", artisan.pk), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    assert Artisan.objects.filter(pk=artisan.pk).exists()
    content = response.content.decode()
    assert response.context["title"] == "Cannot delete artisan"
    assert f'<p class="errornote">{ARCHIVE_HINT}</p>' in content
    change = url("exhibitions_participation", "change", participation.pk)
    assert f'<li>Participation: <a href="{change}">{participation}</a></li>' in content


def test_bulk_deleting_artisans_in_use_is_refused_with_the_reason(admin_client):
    used = ParticipationFactory().artisan
    unused = ArtisanFactory()

    response = admin_client.post(
        url("registry_artisan", "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [used.pk, unused.pk]},
    )

    assert response.status_code == 200
    assert Artisan.objects.count() == 2
    assert response.context["title"] == "Cannot delete artisans"
    assert f'<p class="errornote">{ARCHIVE_HINT}</p>' in response.content.decode()


def test_deleting_a_place_in_use_explains_what_to_do_instead(admin_client):
    province = ProvinceFactory()
    ArtisanFactory(home_place=province)

    response = admin_client.post(url("registry_place", "delete", province.pk), {"post": "yes"})

    assert response.status_code == 200
    assert Place.objects.filter(pk=province.pk).exists()
    assert f'<p class="errornote">{PLAIN_HINT}</p>' in response.content.decode()


def test_deleting_a_record_nothing_uses_still_works(admin_client):
    artisan = ArtisanFactory()

    response = admin_client.post(url("registry_artisan", "delete", artisan.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Artisan.objects.filter(pk=artisan.pk).exists()
