"""The two roles, "registry editor" and "registry viewer", tried in the real admin."""

import re
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from common import roles
from exhibitions.exports import participation_columns
from registry.models import Artisan, Place, PublicationStatus
from tests.admin_helpers import form_data, url
from tests.factories import ArtisanFactory, ExhibitionFactory, ParticipationFactory, ProvinceFactory
from tests.test_admin_pages import ROWS

pytestmark = pytest.mark.django_db


MODELS = {
    "crafts": ["craftcategory"],
    "registry": [
        "place",
        "organisation",
        "person",
        "source",
        "claim",
        "artisan",
        "artisancraft",
        "verification",
        "sanction",
    ],
    "exhibitions": [
        "exhibitionseries",
        "exhibition",
        "exhibitionorganiser",
        "exhibitionofficial",
        "outcome",
        "participation",
        "call",
        "quota",
        "criterion",
        "application",
        "stall",
        "invitation",
    ],
}
# What each participant sold is the editor's alone; the viewer never reads it.
EDITOR_ONLY = {"participationresult", "sale"}


def model_permissions(*actions: str) -> set[str]:
    return {f"{app}.{action}_{model}" for app, models in MODELS.items() for model in models for action in actions}


EDITOR_PERMISSIONS = (
    model_permissions("add", "change", "view")
    | {f"exhibitions.{action}_{model}" for model in EDITOR_ONLY for action in ("add", "change", "view")}
    | {"registry.view_private_data"}
)
VIEWER_PERMISSIONS = model_permissions("view")
# A juror reads the calls and their applications, and scores: nothing of the registry itself.
JUROR_PERMISSIONS = {
    "exhibitions.view_call",
    "exhibitions.view_criterion",
    "exhibitions.view_quota",
    "exhibitions.view_application",
    "exhibitions.add_score",
    "exhibitions.change_score",
    "exhibitions.view_score",
}
PRIVATE = {"phone": "0841 555 0142", "email": "maryam@example.org", "national_id": "4420000042"}
PUBLIC_HEADER = ",".join(str(column.header) for column in participation_columns())
OUR_APPS = set(MODELS)


def permissions_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def member_of(django_user_model, group_name: str, username: str):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(member_of(django_user_model, roles.EDITOR, "editor"))
    return client


@pytest.fixture
def viewer_client(client, django_user_model):
    client.force_login(member_of(django_user_model, roles.VIEWER, "viewer"))
    return client


@pytest.fixture
def maryam():
    return ArtisanFactory(
        name="مریم کریمی", name_latin="Maryam Karimi", internal_notes="Met at the Kut fair", **PRIVATE
    )


def history_version_url(obj, record) -> str:
    return reverse("admin:registry_artisan_simple_history", args=[obj.pk, record.history_id])


def test_roles_have_exactly_their_permissions():
    assert permissions_of(roles.EDITOR) == EDITOR_PERMISSIONS
    assert permissions_of(roles.VIEWER) == VIEWER_PERMISSIONS
    assert permissions_of(roles.JUROR) == JUROR_PERMISSIONS


def test_roles_migration_run_again_resets_the_groups_and_adds_none():
    Group.objects.get(name=roles.VIEWER).permissions.add(
        *Group.objects.get(name=roles.EDITOR).permissions.filter(codename="change_artisan")
    )
    state = MigrationLoader(connection).project_state().apps

    roles.create_roles(state, SimpleNamespace(connection=connection))
    roles.create_roles(state, SimpleNamespace(connection=connection))

    assert Group.objects.filter(name__in=roles.ROLES).count() == 3
    assert permissions_of(roles.EDITOR) == EDITOR_PERMISSIONS
    assert permissions_of(roles.VIEWER) == VIEWER_PERMISSIONS
    assert permissions_of(roles.JUROR) == JUROR_PERMISSIONS


# The editor


def test_editor_adds_an_artisan_with_contact_data(editor_client):
    add_page = editor_client.get(url("registry_artisan", "add"))

    response = editor_client.post(
        url("registry_artisan", "add"),
        form_data(add_page) | {"name": "مریم کریمی", "name_latin": "Maryam Karimi", "slug": "maryam"} | PRIVATE,
    )

    assert response.status_code == 302
    artisan = Artisan.objects.get(slug="maryam")
    assert (artisan.phone, artisan.email, artisan.national_id) == tuple(PRIVATE.values())
    assert artisan.history.get().history_user.username == "editor"


def test_editor_changes_a_place(editor_client):
    place = ProvinceFactory(name_en="Ilam")
    page = editor_client.get(url("registry_place", "change", place.pk))

    response = editor_client.post(url("registry_place", "change", place.pk), form_data(page) | {"name_fa": "ایلام"})

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name_fa == "ایلام"


def test_editor_sees_the_private_fields(editor_client, maryam):
    response = editor_client.get(url("registry_artisan", "change", maryam.pk))

    content = response.content.decode()
    assert all(f'value="{value}"' in content for value in PRIVATE.values())
    assert "Met at the Kut fair" in content


def test_editor_publishes_archives_and_merges_from_the_list(editor_client, maryam):
    response = editor_client.get(url("registry_artisan", "changelist"))

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert sorted(name for name in choices if name) == ["archive", "merge_two", "publish", "unpublish"]


def test_editor_cannot_delete(editor_client, maryam):
    page = editor_client.get(url("registry_artisan", "delete", maryam.pk))
    post = editor_client.post(url("registry_artisan", "delete", maryam.pk), {"post": "yes"})
    action = editor_client.post(
        url("registry_artisan", "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [maryam.pk]},
    )

    assert (page.status_code, post.status_code) == (403, 403)
    assert action.status_code == 302
    assert Artisan.objects.filter(pk=maryam.pk).exists()


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"])
def test_editor_cannot_manage_users_or_groups(editor_client, path):
    assert editor_client.get(path).status_code == 403


def test_editor_reverts_from_the_history_page(editor_client, maryam):
    first = maryam.history.get()
    maryam.name_latin = "Wrong"
    maryam.save()
    version_page = editor_client.get(history_version_url(maryam, first))

    response = editor_client.post(history_version_url(maryam, first), form_data(version_page))

    assert response.status_code == 302
    maryam.refresh_from_db()
    assert maryam.name_latin == "Maryam Karimi"


# The viewer


@pytest.mark.parametrize(
    "model",
    [
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    ],
)
def test_viewer_sees_every_list(viewer_client, model):
    response = viewer_client.get(url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["has_add_permission"] is False


@pytest.mark.parametrize("model", ROWS)
def test_viewer_sees_every_record_its_history_and_its_first_version(viewer_client, model):
    obj = ROWS[model].make()
    first = obj.history.earliest()

    change = viewer_client.get(url(model, "change", obj.pk))
    history = viewer_client.get(url(model, "history", obj.pk))
    version = viewer_client.get(reverse(f"admin:{model}_simple_history", args=[obj.pk, first.history_id]))

    assert change.context["title"] == f"View {obj._meta.verbose_name}"
    assert history.context["title"] == f"View history: {obj}"
    assert version.context["title"] == f"View {obj}"
    assert all(field.disabled for field in version.context["adminform"].form.fields.values())


def test_viewer_sees_an_artisan_read_only_without_private_data(viewer_client, maryam):
    response = viewer_client.get(url("registry_artisan", "change", maryam.pk))

    assert response.status_code == 200
    assert response.context["title"] == "View artisan"
    content = response.content.decode()
    assert '<div class="readonly">Maryam Karimi</div>' in content
    assert 'name="name_latin"' not in content
    assert not [value for value in [*PRIVATE.values(), "Met at the Kut fair"] if value in content]
    assert "Private: never published" not in content


def test_viewer_cannot_add(viewer_client):
    page = viewer_client.get(url("registry_place", "add"))
    post = viewer_client.post(url("registry_place", "add"), {"kind": "country", "name_en": "X", "slug": "x"})

    assert (page.status_code, post.status_code) == (403, 403)
    assert not Place.objects.filter(slug="x").exists()


def test_viewer_cannot_change(viewer_client, maryam):
    response = viewer_client.post(
        url("registry_artisan", "change", maryam.pk), {"name": "x", "name_latin": "x", "slug": "x"}
    )

    assert response.status_code == 403
    maryam.refresh_from_db()
    assert maryam.name_latin == "Maryam Karimi"


def test_viewer_cannot_delete(viewer_client, maryam):
    assert viewer_client.post(url("registry_artisan", "delete", maryam.pk), {"post": "yes"}).status_code == 403
    assert Artisan.objects.filter(pk=maryam.pk).exists()


def test_viewer_cannot_publish_from_the_list(viewer_client):
    draft = ArtisanFactory(status=PublicationStatus.DRAFT)

    response = viewer_client.get(url("registry_artisan", "changelist"))
    viewer_client.post(url("registry_artisan", "changelist"), {"action": "publish", "_selected_action": [draft.pk]})

    assert response.context["action_form"] is None
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_viewer_exports_selected_participants_without_private_columns(viewer_client, maryam):
    participation = ParticipationFactory(artisan=maryam)

    response = viewer_client.post(
        url("exhibitions_participation", "changelist"),
        {"action": "export_participants", "_selected_action": [participation.pk]},
    )

    body = b"".join(response.streaming_content).decode()
    header, row = body.removeprefix("\ufeff").splitlines()
    assert header == PUBLIC_HEADER
    assert "Maryam Karimi" in row
    assert not [value for value in PRIVATE.values() if value in body]


def test_viewer_exports_an_exhibitions_participants_without_private_columns(viewer_client, maryam):
    exhibition = ExhibitionFactory()
    ParticipationFactory(artisan=maryam, exhibition=exhibition)

    response = viewer_client.get(reverse("admin:exhibitions_exhibition_participants_csv", args=[exhibition.pk]))

    body = b"".join(response.streaming_content).decode()
    assert body.removeprefix("\ufeff").splitlines()[0] == PUBLIC_HEADER
    assert not [value for value in PRIVATE.values() if value in body]


def test_viewer_history_leaves_out_changes_to_private_data(viewer_client, admin_client, maryam):
    page = admin_client.get(url("registry_artisan", "change", maryam.pk))
    admin_client.post(
        url("registry_artisan", "change", maryam.pk),
        form_data(page) | {"workshop_name": "Karimi Kilims", "phone": "0841 555 0199"},
    )

    seen_by_viewer = viewer_client.get(url("registry_artisan", "history", maryam.pk))
    seen_by_admin = admin_client.get(url("registry_artisan", "history", maryam.pk))

    assert seen_by_viewer.status_code == 200
    # Who changed it, without a link to the user's page, which a viewer may not open.
    assert re.search(r"<td>\s*admin\s*</td>", seen_by_viewer.content.decode())
    assert "/admin/auth/user/" not in seen_by_viewer.content.decode()
    assert "/admin/auth/user/" in seen_by_admin.content.decode()
    assert seen_by_viewer.context["page_obj"][0].history_delta_changes == [
        {"field": "Workshop name", "old": "", "new": "Karimi Kilims"}
    ]
    assert "0841 555 01" not in seen_by_viewer.content.decode()
    assert {"field": "Phone", "old": "0841 555 0142", "new": "0841 555 0199"} in (
        seen_by_admin.context["page_obj"][0].history_delta_changes
    )


def test_viewer_sees_an_old_version_read_only_and_cannot_revert_it(viewer_client, maryam):
    first = maryam.history.get()
    maryam.name_latin = "Maryam K."
    maryam.save()

    page = viewer_client.get(history_version_url(maryam, first))
    post = viewer_client.post(history_version_url(maryam, first), {"name": "x", "name_latin": "x", "slug": "x"})

    assert page.status_code == 200
    form = page.context["adminform"].form
    assert (form["name_latin"].value(), form.fields["name_latin"].disabled) == ("Maryam Karimi", True)
    assert all(field.disabled for field in form.fields.values())
    content = page.content.decode()
    assert 'value="Revert"' not in content
    assert not [value for value in PRIVATE.values() if value in content]
    assert post.status_code == 403
    maryam.refresh_from_db()
    assert maryam.name_latin == "Maryam K."
