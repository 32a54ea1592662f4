import pytest

from exhibitions.models import Participation
from tests.admin_helpers import form_data, url
from tests.factories import ExhibitionFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

ROW_CONFLICT = "This row was changed by someone else since you opened this page"


def errors_of_rows(response, prefix: str) -> list[list[str]]:
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    return [[error.split(",")[0].split(";")[0] for error in form.non_field_errors()] for form in formset.forms]


def test_exhibition_saved_by_two_people_keeps_the_first_save_and_tells_the_second(admin_client, other_admin_client):
    exhibition = ExhibitionFactory(venue_en="Old hall")
    change = url("exhibitions_exhibition", "change", exhibition.pk)
    form_a = form_data(admin_client.get(change))
    form_b = form_data(other_admin_client.get(change))

    admin_client.post(change, {**form_a, "venue_en": "Hall A"})
    response = other_admin_client.post(change, {**form_b, "venue_en": "Hall B"})

    exhibition.refresh_from_db()
    assert response.status_code == 200
    assert exhibition.venue == "Hall A"
    assert [error[:64] for error in response.context["adminform"].form.non_field_errors()] == [
        "This exhibition was changed by someone else since you opened thi"
    ]
    assert 'name="venue_en" value="Hall B"' in response.content.decode()


def test_exhibition_participant_rows_of_a_refused_save_are_not_saved(admin_client, other_admin_client):
    participation = ParticipationFactory(stand="1")
    change = url("exhibitions_exhibition", "change", participation.exhibition.pk)
    form_a = form_data(admin_client.get(change))
    form_b = form_data(other_admin_client.get(change))

    admin_client.post(change, {**form_a, "participations-0-stand": "A"})
    other_admin_client.post(change, {**form_b, "participations-0-stand": "B", "participations-0-award_en": "Prize"})

    participation.refresh_from_db()
    assert (participation.stand, participation.award) == ("A", "")


def test_participation_changed_on_the_artisan_form_is_not_overwritten_from_the_exhibition_form(
    admin_client, other_admin_client
):
    participation = ParticipationFactory(stand="1")
    artisan_change = url("registry_artisan", "change", participation.artisan.pk)
    exhibition_change = url("exhibitions_exhibition", "change", participation.exhibition.pk)
    exhibition_form = form_data(other_admin_client.get(exhibition_change))
    artisan_form = form_data(admin_client.get(artisan_change))

    saved = admin_client.post(artisan_change, {**artisan_form, "participations-0-stand": "A"})
    refused = other_admin_client.post(exhibition_change, {**exhibition_form, "participations-0-stand": "B"})

    participation.refresh_from_db()
    assert (saved.status_code, refused.status_code) == (302, 200)
    assert participation.stand == "A"
    assert errors_of_rows(refused, "participations") == [[ROW_CONFLICT]]
    assert 'name="participations-0-stand" value="B"' in refused.content.decode()


def test_only_the_participation_rows_changed_elsewhere_are_refused(admin_client, other_admin_client):
    exhibition = ExhibitionFactory()
    changed_elsewhere = ParticipationFactory(exhibition=exhibition, stand="1", artisan__name_latin="A")
    edited_here = ParticipationFactory(exhibition=exhibition, stand="2", artisan__name_latin="B")
    exhibition_change = url("exhibitions_exhibition", "change", exhibition.pk)
    exhibition_form = form_data(other_admin_client.get(exhibition_change))
    participation_change = url("exhibitions_participation", "change", changed_elsewhere.pk)
    admin_client.post(participation_change, {**form_data(admin_client.get(participation_change)), "stand": "9"})

    # Row 0 shows the old stand "1", sent back unchanged: an edit there would be refused.
    response = other_admin_client.post(
        exhibition_change, {**exhibition_form, "participations-0-stand": "1", "participations-1-stand": "7"}
    )

    assert response.status_code == 200
    assert errors_of_rows(response, "participations") == [[ROW_CONFLICT], []]
    changed_elsewhere.refresh_from_db()
    edited_here.refresh_from_db()
    assert (changed_elsewhere.stand, edited_here.stand) == ("9", "2")


def test_participation_changed_elsewhere_is_not_deleted_from_a_stale_form(admin_client, other_admin_client):
    participation = ParticipationFactory(stand="1")
    exhibition_change = url("exhibitions_exhibition", "change", participation.exhibition.pk)
    artisan_change = url("registry_artisan", "change", participation.artisan.pk)
    exhibition_form = form_data(other_admin_client.get(exhibition_change))
    artisan_form = form_data(admin_client.get(artisan_change))
    admin_client.post(artisan_change, {**artisan_form, "participations-0-stand": "A"})

    response = other_admin_client.post(exhibition_change, {**exhibition_form, "participations-0-DELETE": "on"})

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [error.split(" was changed")[0] for error in formset.non_form_errors()] == [str(participation)]
    assert Participation.objects.get(pk=participation.pk).stand == "A"


def test_participation_form_opened_before_an_exhibition_form_save_is_refused(admin_client, other_admin_client):
    participation = ParticipationFactory(award_en="")
    participation_change = url("exhibitions_participation", "change", participation.pk)
    exhibition_change = url("exhibitions_exhibition", "change", participation.exhibition.pk)
    participation_form = form_data(other_admin_client.get(participation_change))
    admin_client.post(
        exhibition_change, {**form_data(admin_client.get(exhibition_change)), "participations-0-award_en": "Gold"}
    )

    response = other_admin_client.post(participation_change, {**participation_form, "stand": "B"})

    participation.refresh_from_db()
    assert response.status_code == 200
    assert (participation.award, participation.stand) == ("Gold", "")


def test_exhibition_form_does_not_send_back_a_participation_changed_elsewhere_since(admin_client, other_admin_client):
    participation = ParticipationFactory(stand="1")
    exhibition_change = url("exhibitions_exhibition", "change", participation.exhibition.pk)
    participation_change = url("exhibitions_participation", "change", participation.pk)
    exhibition_form = form_data(other_admin_client.get(exhibition_change))
    admin_client.post(participation_change, {**form_data(admin_client.get(participation_change)), "stand": "A"})

    # The row is sent back as it was shown, stand "1": saving it would undo the other save.
    response = other_admin_client.post(exhibition_change, {**exhibition_form, "venue_en": "New hall"})

    participation.refresh_from_db()
    assert response.status_code == 200
    assert errors_of_rows(response, "participations") == [[ROW_CONFLICT]]
    assert (participation.stand, participation.exhibition.venue) == ("A", "")
