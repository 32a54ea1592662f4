"""Private fields stay private on every road of the admin, for every role without the permission.

A viewer may list artisans but not read their phone, email, national ID or internal notes. Each
road by which a value could leave is tried: query-string lookups on the model and through every
relation (a prefix at a time would recover the value), sorting, search, list filters,
autocomplete, `_to_field`, history and exports.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory
from django.urls import reverse

from common.privacy import check_admins_keep_private_fields, privacy_of, reaches_hidden_field
from exhibitions.models import Exhibition, Participation
from registry.models import Artisan, Place
from tests.admin_helpers import url
from tests.factories import (
    ArtisanFactory,
    ExhibitionFactory,
    ParticipationFactory,
    ProvinceFactory,
    SanctionFactory,
    VerificationFactory,
)

pytestmark = pytest.mark.django_db

MARYAM = {"phone": "0841 555 0142", "email": "maryam@example.org", "national_id": "4420000042"}
NOTES = "Met at the Kut fair"
VIEWER, EDITOR = "registry viewer", "registry editor"


def member_of(django_user_model, group: str):
    user = django_user_model.objects.create_user(group.replace(" ", "-"), password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def viewer(django_user_model):
    return member_of(django_user_model, VIEWER)


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, EDITOR)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def maryam():
    province = ProvinceFactory(name_en="Ilam")
    artisan = ArtisanFactory(
        name="مریم کریمی", name_latin="Maryam Karimi", home_place=province, internal_notes=NOTES, **MARYAM
    )
    ParticipationFactory(artisan=artisan, exhibition=ExhibitionFactory(place=province))
    VerificationFactory(artisan=artisan, note="Visited the workshop in Ilam")
    SanctionFactory(artisan=artisan, reason="Sold pieces not made in the workshop")
    return artisan


def secret_of(maryam, field) -> str:
    """The value of a private field on Maryam's record or on a row of hers (a verification's note)."""
    if field.model is Artisan:
        return getattr(maryam, field.name)
    row = field.model.objects.filter(artisan=maryam).first()
    return str(getattr(row, field.name)) if row else "not recorded"


def private_paths(model, depth: int = 4, prefix: str = "", seen=()):
    """Every lookup path from `model` to a private field, through at most `depth` relations."""
    privacy = privacy_of(model)
    for name in privacy.fields if privacy else ():
        yield f"{prefix}{name}", model._meta.get_field(name)
    if depth == 0:
        return
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None and field.related_model not in seen:
            yield from private_paths(
                field.related_model, depth - 1, f"{prefix}{field.name}__", (*seen, model, field.related_model)
            )


def matching_value(lookup: str, value: str) -> str:
    """A value for which `lookup` on `value` is true: what an attacker would send to confirm a guess."""
    return {
        "in": value,
        "range": f"{value[:1]},{value}",
        "isnull": "False",
        "regex": f"^{value[:2]}",
        "iregex": f"^{value[:2]}",
        "gt": value[:1],
        "gte": value[:1],
        "lt": value + "~",
        "lte": value,
        "contains": value[1:4],
        "icontains": value[1:4].upper(),
        "startswith": value[:2],
        "istartswith": value[:2].upper(),
        "endswith": value[-2:],
        "iendswith": value[-2:].upper(),
        "iexact": value.upper(),
    }.get(lookup, value)


def lookups_of(field) -> list[str]:
    return sorted(field.get_lookups())


def registered_admins(apps=None):
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if apps is None or model._meta.app_label in apps
    ]


def admin_ids(admins) -> list[str]:
    return [f"{model._meta.app_label}_{model._meta.model_name}" for model, _admin in admins]


ALL_ADMINS = registered_admins()
# Those with a private field at most two relations away, for the requests through the admin.
NEAR_ADMINS = [(model, model_admin) for model, model_admin in ALL_ADMINS if any(private_paths(model, depth=2))]


def test_every_path_to_a_private_field_is_found():
    # The walks below are only as good as this: the direct fields, and the ways through relations.
    assert {path for path, _field in private_paths(Artisan)} >= {"phone", "email", "national_id", "internal_notes"}
    assert "artisans__national_id" in {path for path, _field in private_paths(Place)}
    assert "participations__artisan__phone" in {path for path, _field in private_paths(Exhibition)}
    assert "artisan__internal_notes" in {path for path, _field in private_paths(Participation)}


@pytest.mark.parametrize(("model", "model_admin"), ALL_ADMINS, ids=admin_ids(ALL_ADMINS))
def test_no_lookup_reaches_a_private_field_for_a_viewer(model, model_admin, viewer, editor):
    request = RequestFactory().get("/")
    request.user = viewer
    checked = 0
    for path, field in private_paths(model):
        assert not model_admin.lookup_allowed(path, "4", request), path
        for lookup in lookups_of(field):
            assert not model_admin.lookup_allowed(f"{path}__{lookup}", "4", request), (path, lookup)
            checked += 1
        # The editor's permission lifts the rule (Django's own rule on relations still applies).
        assert not reaches_hidden_field(model, path, editor)
    assert checked or model._meta.app_label in {"auth", "axes"}


@pytest.mark.parametrize(("model", "model_admin"), NEAR_ADMINS, ids=admin_ids(NEAR_ADMINS))
def test_viewer_changelists_answer_the_same_400_whatever_the_private_value(model, model_admin, viewer_client, maryam):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    tried = 0
    for path, field in private_paths(model, depth=2):
        secret = secret_of(maryam, field)
        for lookup in ("exact", "startswith", "regex", "isnull"):
            right = viewer_client.get(changelist, {f"{path}__{lookup}": matching_value(lookup, secret)})
            wrong = viewer_client.get(changelist, {f"{path}__{lookup}": "zzz"})
            assert (right.status_code, wrong.status_code) == (400, 400), (path, lookup)
            assert right.content == wrong.content
            tried += 1
        assert viewer_client.get(changelist, {path: secret}).status_code == 400, path
    assert tried


def test_an_editor_filters_by_private_fields_so_the_values_above_would_have_told(client, editor, maryam):
    # The control for the test above: with the permission, the same lookups answer yes or no.
    client.force_login(editor)
    changelist = url("registry_artisan", "changelist")
    for name, secret in MARYAM.items():
        for lookup in ("exact", "startswith", "contains", "regex", "gt", "isnull", "in"):
            right = client.get(changelist, {f"{name}__{lookup}": matching_value(lookup, secret)})
            wrong = client.get(changelist, {f"{name}__{lookup}": "zzz" if lookup != "isnull" else "True"})
            assert (right.status_code, wrong.status_code) == (200, 200)
            assert "Maryam Karimi" in right.content.decode(), (name, lookup)
            assert "Maryam Karimi" not in wrong.content.decode(), (name, lookup)


def test_a_refused_lookup_is_djangos_disallowed_lookup(viewer, maryam):
    request = RequestFactory().get("/", {"national_id__startswith": "4"})
    request.user = viewer
    model_admin = admin.site._registry[Artisan]

    with pytest.raises(DisallowedModelAdminLookup):
        model_admin.get_changelist_instance(request)


def test_viewer_cannot_pick_a_private_field_as_the_to_field(viewer_client, maryam):
    for name in MARYAM:
        response = viewer_client.get(url("registry_artisan", "changelist"), {"_to_field": name})
        assert response.status_code == 400


@pytest.mark.urls("tests.private_fields_urls")
class TestAnAdminThatOffersPrivateFieldsEverywhere:
    """The rule holds for admins written later: this one lists, sorts, searches and filters by them."""

    changelist = "/careless-admin/registry/artisan/"
    participations = "/careless-admin/exhibitions/participation/"

    def rows(self, response) -> str:
        return response.content.decode()

    def test_the_viewer_sees_no_private_column_and_cannot_sort_by_one(self, viewer_client, maryam):
        response = viewer_client.get(self.changelist)
        columns = list(response.context["cl"].list_display)

        assert response.status_code == 200
        assert not {"phone", "email", "national_id"} & set(columns)
        assert not [value for value in [*MARYAM.values(), NOTES] if value in self.rows(response)]
        for index in range(len(columns) + 3):
            sorted_page = viewer_client.get(self.changelist, {"o": str(index)})
            assert sorted_page.status_code == 200
            assert not [value for value in MARYAM.values() if value in self.rows(sorted_page)]
        assert "national_id" not in str(response.context["cl"].queryset.query).split("ORDER BY")[-1]

    def test_the_viewer_cannot_search_by_a_private_field(self, viewer_client, maryam):
        for term in [MARYAM["national_id"], MARYAM["phone"], "Kut fair"]:
            found = viewer_client.get(self.changelist, {"q": term})
            assert "Maryam Karimi" not in self.rows(found), term
            found = viewer_client.get(self.participations, {"q": term})
            assert "Maryam Karimi" not in self.rows(found), term
        assert "Maryam Karimi" in self.rows(viewer_client.get(self.changelist, {"q": "Karimi"}))

    def test_the_viewer_has_no_filter_on_a_private_field(self, viewer_client, maryam):
        response = viewer_client.get(self.changelist)
        participations = viewer_client.get(self.participations)

        titles = {str(spec.title) for spec in response.context["cl"].filter_specs}
        assert not {"email", "national ID number"} & titles
        assert "national ID number" not in {str(spec.title) for spec in participations.context["cl"].filter_specs}
        assert viewer_client.get(self.changelist, {"national_id__isempty": "0"}).status_code == 400
        assert viewer_client.get(self.changelist, {"email": MARYAM["email"]}).status_code == 400
        assert (
            viewer_client.get(self.participations, {"artisan__national_id": MARYAM["national_id"]}).status_code == 400
        )

    def test_the_viewer_finds_nothing_by_a_private_field_through_autocomplete(self, viewer_client, maryam):
        params = {"app_label": "exhibitions", "model_name": "participation", "field_name": "artisan"}
        by_number = viewer_client.get("/careless-admin/autocomplete/", {**params, "term": MARYAM["national_id"]})
        by_name = viewer_client.get("/careless-admin/autocomplete/", {**params, "term": "Karimi"})

        assert by_number.json()["results"] == []
        assert [result["text"] for result in by_name.json()["results"]] == ["مریم کریمی (Maryam Karimi)"]

    def test_the_editor_has_them_all(self, client, editor, maryam):
        client.force_login(editor)

        response = client.get(self.changelist)
        found = client.get(self.changelist, {"q": MARYAM["national_id"]})
        filtered = client.get(self.participations, {"artisan__national_id": MARYAM["national_id"]})
        params = {"app_label": "exhibitions", "model_name": "participation", "field_name": "artisan"}
        completed = client.get("/careless-admin/autocomplete/", {**params, "term": MARYAM["national_id"]})

        assert {"phone", "email", "national_id"} <= set(response.context["cl"].list_display)
        assert MARYAM["phone"] in self.rows(response)
        assert "Maryam Karimi" in self.rows(found)
        assert (filtered.status_code, "Maryam Karimi" in self.rows(filtered)) == (200, True)
        assert len(completed.json()["results"]) == 1

    def test_the_viewers_history_page_has_no_private_column(self, viewer_client, maryam):
        response = viewer_client.get(f"{self.changelist}{maryam.pk}/history/")

        assert response.status_code == 200
        assert response.context["history_list_display"] == []
        assert MARYAM["phone"] not in self.rows(response)


def test_the_check_finds_an_admin_that_forgets_the_rule():
    class ForgetfulAdmin(admin.ModelAdmin):
        pass

    careful = admin.site._registry[Artisan]
    admin.site._registry[Artisan] = ForgetfulAdmin(Artisan, admin.site)
    try:
        errors = check_admins_keep_private_fields()
        with pytest.raises(SystemCheckError, match=r"common\.E001"):
            call_command("check")
    finally:
        # The very instance: the admin's URLs were made from it.
        admin.site._registry[Artisan] = careful

    assert [error.id for error in errors] == ["common.E001"]
    assert "ForgetfulAdmin shows registry.Artisan" in errors[0].msg


def test_every_registered_admin_and_inline_keeps_the_rule():
    assert check_admins_keep_private_fields() == []


def test_privacy_applies_to_the_history_table_too():
    assert privacy_of(Artisan.history.model) == Artisan.privacy
    assert Artisan.privacy.fields == ("phone", "email", "national_id", "internal_notes", "registration_revoked_reason")
