"""The admin's import of artisans: the button, the preview, the decisions on possible duplicates,
the confirm, the error rows to mend, the templates, the undo, and who may do each."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from common import roles
from common.models import ImportBatch
from registry.models import Artisan, DistinctArtisans
from tests.admin_helpers import form_data, inline_management_data
from tests.factories import ArtisanFactory, CityFactory, CraftCategoryFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:registry_artisan_import")
CONFIRM = reverse("admin:registry_artisan_import_confirm")


@pytest.fixture
def office():
    ilam = ProvinceFactory(name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam")
    city = CityFactory(parent=ilam, name_en="Ilam", name_fa="ایلام", slug="ilam-city")
    CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    kiani = ArtisanFactory(
        name="علی کیانی", name_latin="Ali Kiani", home_place=city, registry_number="ILM-2025-00007", phone="0918 111"
    )
    return {"city": city, "kiani": kiani}


def member(django_user_model, role: str, username: str):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def upload(client, text: str, name: str = "list.csv"):
    data = io.BytesIO(("\ufeff" + text).encode())
    data.name = name
    return client.post(IMPORT, {"file": data})


ROWS = (
    "name,birth year,home place,crafts,phone\r\n"
    "زهرا احمدی,1985,Ilam,Kilim,0918 222\r\n"
    "علي كياني,,ilam-city,,\r\n"
    "مینا,13800,,,\r\n"
)


def test_the_list_offers_import_to_those_who_may_add_and_change(admin_client, client, django_user_model):
    assert IMPORT in admin_client.get(reverse("admin:registry_artisan_changelist")).text
    client.force_login(member(django_user_model, roles.VIEWER, "viewer"))

    assert IMPORT not in client.get(reverse("admin:registry_artisan_changelist")).text
    assert client.get(IMPORT).status_code == 403
    assert upload(client, ROWS).status_code == 403


def test_the_preview_writes_nothing_and_says_what_each_row_would_do(admin_client, office):
    response = upload(admin_client, ROWS)

    assert response.status_code == 200
    page = response.text
    assert "1 new, 0 updated, 0 unchanged, 1 possible duplicates, 1 errors" in page
    assert "13800 is not a year" in page
    assert "ILM-2025-00007" in page  # the possible duplicate's candidate
    assert Artisan.objects.count() == 1
    assert not ImportBatch.objects.exists()


def test_confirming_writes_the_good_rows_and_the_decisions(admin_client, office):
    preview = upload(admin_client, ROWS)
    token = preview.context["token"]

    response = admin_client.post(CONFIRM, {"token": token, "file_name": "list.csv", "decision-3": office["kiani"].pk})

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.new, batch.updated, batch.errors, batch.user.username) == (1, 1, 1, "admin")
    assert batch.file_name == "list.csv"
    assert Artisan.objects.filter(name="زهرا احمدی").exists()
    # The possible duplicate was decided to be the same person: it updated the record.
    assert Artisan.objects.count() == 2
    # The stored upload is gone: confirming twice is not possible.
    assert admin_client.post(CONFIRM, {"token": token}).status_code == 404


def test_a_possible_duplicate_left_undecided_is_not_written(admin_client, office):
    token = upload(admin_client, ROWS).context["token"]

    admin_client.post(CONFIRM, {"token": token})

    assert Artisan.objects.filter(name="علي كياني").count() == 0
    assert ImportBatch.objects.get().duplicates == 1


def test_a_possible_duplicate_decided_new_is_added(admin_client, office):
    token = upload(admin_client, ROWS).context["token"]

    admin_client.post(CONFIRM, {"token": token, "decision-3": "new"})

    assert Artisan.objects.filter(name="علي كياني").count() == 1


def test_the_error_rows_download_as_a_spreadsheet_to_mend(admin_client, office):
    preview = upload(admin_client, ROWS)

    response = admin_client.get(preview.context["errors_url"])

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("name", "birth year", "home place", "crafts", "phone", "errors")
    assert rows[1][:2] == ("مینا", "13800")
    assert rows[1][-1] == "row 4, birth year: 13800 is not a year"


def test_another_clerks_upload_cannot_be_confirmed_or_read(admin_client, client, django_user_model, office):
    token = upload(admin_client, ROWS).context["token"]
    client.force_login(member(django_user_model, roles.EDITOR, "editor"))

    assert client.post(CONFIRM, {"token": token}).status_code == 404
    assert client.get(reverse("admin:registry_artisan_import_errors", args=[token])).status_code == 404
    assert client.post(CONFIRM, {"token": "../../registry"}).status_code == 404
    assert not ImportBatch.objects.exists()


def test_a_template_downloads_in_each_language(admin_client, office):
    response = admin_client.get(reverse("admin:registry_artisan_import_template", args=["fa"]))

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.sheet_view.rightToLeft
    assert sheet["B1"].value == "نام"


def test_an_unreadable_file_is_a_message_not_a_500(admin_client, office):
    response = upload(admin_client, "\x00\x01\x02 binary", name="list.csv")

    assert response.status_code == 302
    assert "This is not a spreadsheet" in admin_client.get(response.url).text


def test_a_clerk_without_the_private_permission_cannot_import_private_data(client, django_user_model, office):
    editor = member(django_user_model, roles.EDITOR, "editor")
    editor.groups.get().permissions.remove(*editor.groups.get().permissions.filter(codename="view_private_data"))
    client.force_login(editor)
    rows = "registry number,phone,workshop name\r\nILM-2025-00007,0918 999,Kiani kilims\r\n"

    preview = upload(client, rows)
    client.post(CONFIRM, {"token": preview.context["token"]})

    assert "phone" in preview.context["result"].ignored
    assert "0918 111" not in preview.text
    kiani = Artisan.objects.get(pk=office["kiani"].pk)
    assert (kiani.phone, kiani.workshop_name) == ("0918 111", "Kiani kilims")


def import_as_editor(client, django_user_model) -> ImportBatch:
    client.force_login(member(django_user_model, roles.EDITOR, "editor"))
    client.post(CONFIRM, {"token": upload(client, ROWS).context["token"], "decision-3": "new"})
    return ImportBatch.objects.get()


def test_the_clerk_who_imported_may_undo_it(client, django_user_model, office):
    batch = import_as_editor(client, django_user_model)

    done = client.post(reverse("admin:registry_artisan_import_undo", args=[batch.pk]), follow=True)

    assert f"Import {batch.pk} undone: 2 records" in done.text
    assert Artisan.objects.count() == 1


def test_an_undo_after_a_later_edit_is_refused_naming_the_record(client, django_user_model, office):
    batch = import_as_editor(client, django_user_model)
    zahra = Artisan.objects.get(name="زهرا احمدی")
    zahra.workshop_name = "edited"
    zahra.save()

    refused = client.post(reverse("admin:registry_artisan_import_undo", args=[batch.pk]), follow=True)

    assert f"{zahra.registry_number} was edited since" in refused.text
    assert Artisan.objects.count() == 3


def test_another_clerks_batch_needs_the_delete_permission_to_undo(admin_client, client, django_user_model, office):
    admin_client.post(CONFIRM, {"token": upload(admin_client, ROWS).context["token"]})
    batch = ImportBatch.objects.get()
    client.force_login(member(django_user_model, roles.EDITOR, "editor"))

    response = client.post(reverse("admin:registry_artisan_import_undo", args=[batch.pk]))

    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.IMPORTED


def test_a_file_too_large_for_a_web_request_is_sent_to_the_command_line(admin_client, office, monkeypatch):
    monkeypatch.setattr("common.imports.admin.MOST_BYTES", 10)

    response = upload(admin_client, ROWS)

    assert "import it with manage.py import_records" in admin_client.get(response.url).text
    assert not ImportBatch.objects.exists()


# The add form asks the import's question too


def add_artisan(client, **fields):
    page = client.get(reverse("admin:registry_artisan_add"))
    data = {**form_data(page), **inline_management_data(page), "status": "draft", **fields}
    return client.post(reverse("admin:registry_artisan_add"), data)


def test_adding_a_likely_duplicate_warns_and_saves_once_the_clerk_says_it_is_someone_else(admin_client, office):
    warned = add_artisan(admin_client, name="علي كياني", home_place=office["city"].pk)

    assert warned.status_code == 200
    assert "This may be an artisan already recorded: ILM-2025-00007" in warned.text
    assert Artisan.objects.count() == 1

    saved = add_artisan(admin_client, name="علي كياني", home_place=office["city"].pk, different_person="on")

    assert saved.status_code == 302
    assert Artisan.objects.count() == 2


def test_a_namesake_told_apart_by_birth_year_is_added_without_a_warning(admin_client, office):
    office["kiani"].birth_year = 1960
    office["kiani"].save()

    saved = add_artisan(admin_client, name="Ali Kiani", birth_year=1990)

    assert saved.status_code == 302
    assert Artisan.objects.count() == 2


def test_editing_an_artisan_never_asks(admin_client, office):
    ArtisanFactory(name="علی کیانی", registry_number="ILM-2025-00008")
    page = admin_client.get(reverse("admin:registry_artisan_change", args=[office["kiani"].pk]))

    assert "different_person" not in page.text
    response = admin_client.post(page.request["PATH_INFO"], {**form_data(page), "workshop_name": "Kiani kilims"})
    assert response.status_code == 302


# The registry-wide list of possible duplicates

DUPLICATES = reverse("admin:registry_artisan_duplicates")


def test_the_list_of_possible_duplicates_pairs_one_name_however_typed(admin_client, office):
    Artisan.objects.filter(pk=office["kiani"].pk).update(birth_year=None)
    zwnj = ArtisanFactory(name="علی\u200cکیانی", registry_number="ILM-2025-00008", home_place=office["city"])
    ArtisanFactory(name="Ali Kiani", registry_number="ILM-2025-00009", birth_year=1950, home_place=office["city"])
    ArtisanFactory(name="علی کیانی", registry_number="ILM-2025-00010", birth_year=1990, home_place=None)

    page = admin_client.get(DUPLICATES)

    pairs = {(pair.first.registry_number, pair.second.registry_number) for pair in page.context["pairs"]}
    # 00009 was born in 1950 and 00010 in 1990: told apart from each other, not from the others.
    assert pairs == {
        ("ILM-2025-00007", "ILM-2025-00008"),
        ("ILM-2025-00007", "ILM-2025-00009"),
        ("ILM-2025-00007", "ILM-2025-00010"),
        ("ILM-2025-00008", "ILM-2025-00009"),
        ("ILM-2025-00008", "ILM-2025-00010"),
    }
    assert "the same home place" in page.text
    assert DUPLICATES in admin_client.get(reverse("admin:registry_artisan_changelist")).text
    assert zwnj.name_key == office["kiani"].name_key


def test_two_different_people_leave_the_list_and_the_decision_is_kept(admin_client, office):
    other = ArtisanFactory(name="علي كياني", registry_number="ILM-2025-00008")

    admin_client.post(DUPLICATES, {"first": other.pk, "second": office["kiani"].pk})

    assert admin_client.get(DUPLICATES).context["pairs"] == []
    decision = DistinctArtisans.objects.get()
    assert (decision.first, decision.second, decision.decided_by.username) == (office["kiani"], other, "admin")


def test_a_viewer_sees_the_list_but_cannot_decide(client, django_user_model, office):
    other = ArtisanFactory(name="علي كياني", registry_number="ILM-2025-00008")
    client.force_login(member(django_user_model, roles.VIEWER, "viewer"))

    assert client.get(DUPLICATES).status_code == 200
    assert client.post(DUPLICATES, {"first": other.pk, "second": office["kiani"].pk}).status_code == 403
    assert not DistinctArtisans.objects.exists()


def test_only_two_artisans_of_one_name_can_be_decided_apart(admin_client, office):
    stranger = ArtisanFactory(name="مینا رحیمی")

    assert admin_client.post(DUPLICATES, {"first": stranger.pk, "second": office["kiani"].pk}).status_code == 404
    assert admin_client.post(DUPLICATES, {"first": "x", "second": office["kiani"].pk}).status_code == 404
