"""The admin's add forms refuse NUL bytes and over-long text with a message, and save nothing.

SQLite would store both (it enforces no length), PostgreSQL would fail on them: the forms stop
them first, so both databases behave the same. Every text field of each form is tried, inline
rows' fields through their own models' forms.
"""

import pytest
from django import forms

from exhibitions.models import Exhibition, Participation
from registry.models import PublicationStatus
from tests.admin_helpers import inline_management_data, url
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Null characters are not allowed."


def artisan():
    return {
        "name": "مریم کریمی",
        "name_latin": "Maryam Karimi",
        "slug": "maryam-karimi",
        "home_place": CityFactory().pk,
        "status": PublicationStatus.DRAFT,
    }


def exhibition():
    return {
        "title_en": "Ilam crafts in Kut",
        "slug": "ilam-crafts-in-kut",
        "status": PublicationStatus.DRAFT,
        "place": CityFactory().pk,
        "start_date": "2025-10-10",
        "date_precision": Exhibition.DatePrecision.EXACT,
    }


def participation():
    return {
        "artisan": ArtisanFactory().pk,
        "exhibition": ExhibitionFactory().pk,
        "role": Participation.Role.EXHIBITOR,
    }


# A valid add form for each model: the tests spoil one field at a time.
VALID = {
    "registry_artisan": artisan,
    "exhibitions_exhibition": exhibition,
    "exhibitions_participation": participation,
    "crafts_craftcategory": lambda: {"name_en": "Kilim", "slug": "kilim", "parent": CraftCategoryFactory().pk},
    "registry_place": lambda: {"kind": "province", "parent": CountryFactory().pk, "name_en": "Ilam", "slug": "ilam"},
    "registry_organisation": lambda: {
        "name_en": "Cultural Heritage Office",
        "slug": "cultural-heritage-office",
        "kind": "government_office",
        "place": CityFactory().pk,
        "parent": OrganisationFactory().pk,
    },
    "registry_source": lambda: {
        "title": "Ilam artisans in Kut",
        "url": "https://news.example.org/1",
        "language": "en",
    },
}


def add_page(admin_client, model):
    """The model, the form's free-text fields (URL, slug and e-mail fields are text too; choices
    are not) and the management data of the inlines, as the add page shows them."""
    response = admin_client.get(url(model, "add"))
    fields = response.context["adminform"].form.fields
    text = {name: field for name, field in fields.items() if isinstance(field, forms.CharField)}
    return response.context["opts"].model, text, inline_management_data(response)


def spoilt(field: forms.CharField, how: str) -> str:
    if how == "nul":
        return {forms.URLField: "https://example.org/\x00", forms.EmailField: "a\x00b@example.org"}.get(
            type(field), "a\x00b"
        )
    return {forms.URLField: "https://example.org/", forms.EmailField: "a@example.org"}.get(type(field), "") + (
        "a" * (field.max_length + 1)
    )


@pytest.mark.parametrize("model", VALID)
def test_valid_add_form_saves(admin_client, model):
    # The tests below spoil these forms: first, that they are valid as they stand.
    data = VALID[model]()
    model_class, _fields, inlines = add_page(admin_client, model)
    rows_before = model_class.objects.count()

    response = admin_client.post(url(model, "add"), {**data, **inlines})

    assert response.status_code == 302
    assert model_class.objects.count() == rows_before + 1


@pytest.mark.parametrize("model", VALID)
def test_nul_byte_in_any_text_field_is_refused(admin_client, model):
    data = VALID[model]()
    model_class, fields, inlines = add_page(admin_client, model)
    rows_before = model_class.objects.count()

    for name, field in fields.items():
        response = admin_client.post(url(model, "add"), {**data, **inlines, name: spoilt(field, "nul")})

        assert response.status_code == 200, name
        assert NUL_MESSAGE in response.context["adminform"].form.errors.get(name, []), name
        assert "Please correct the error" in response.content.decode()
    assert model_class.objects.count() == rows_before


@pytest.mark.parametrize("model", VALID)
def test_over_long_text_is_refused(admin_client, model):
    data = VALID[model]()
    model_class, fields, inlines = add_page(admin_client, model)
    rows_before = model_class.objects.count()
    limited = {name: field for name, field in fields.items() if field.max_length}

    for name, field in limited.items():
        value = spoilt(field, "long")
        response = admin_client.post(url(model, "add"), {**data, **inlines, name: value})

        message = f"Ensure this value has at most {field.max_length} characters (it has {len(value)})."
        assert response.status_code == 200, name
        assert message in response.context["adminform"].form.errors.get(name, []), name
    assert limited
    assert model_class.objects.count() == rows_before


@pytest.mark.parametrize("model", ["registry_artisan", "exhibitions_exhibition", "crafts_craftcategory"])
def test_nul_byte_in_a_changelist_filter_is_an_invalid_filter(admin_client, model):
    # PostgreSQL cannot compare text with a NUL: refused before any query, as Django refuses any
    # filter it cannot use, by sending the changelist's "?e=1" page instead.
    response = admin_client.get(url(model, "changelist"), {"status__exact": "\x00", "q": "a"})

    assert (response.status_code, response["Location"]) == (302, f"{url(model, 'changelist')}?e=1")


def test_nul_byte_in_an_autocomplete_search_finds_nothing(admin_client):
    ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi")
    query = {"app_label": "exhibitions", "model_name": "participation", "field_name": "artisan"}

    found = admin_client.get("/admin/autocomplete/", {**query, "term": "Maryam"}).json()["results"]
    response = admin_client.get("/admin/autocomplete/", {**query, "term": "Mar\x00yam"})

    assert [result["text"] for result in found] == ["مریم کریمی (Maryam Karimi)"]
    assert (response.status_code, response.json()["results"]) == (200, [])
