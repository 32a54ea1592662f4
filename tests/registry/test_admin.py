import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Artisan, Place, PublicationStatus
from tests.admin_helpers import inline_management_data, url
from tests.factories import (
    ArtisanFactory,
    ClaimFactory,
    CountryFactory,
    CraftCategoryFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProvinceFactory,
    SourceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db


def test_place_add_creates_a_province(admin_client):
    iran = CountryFactory()

    response = admin_client.post(
        url("registry_place", "add"),
        {
            "kind": "province",
            "parent": iran.pk,
            "code": "IR-16",
            "name_en": "Ilam",
            "name_fa": "ایلام",
            "slug": "ilam",
        },
    )

    assert response.status_code == 302
    ilam = Place.objects.get(slug="ilam")
    assert (ilam.parent, ilam.code, ilam.name_fa) == (iran, "IR-16", "ایلام")


def test_place_change_form_shows_the_parent_as_an_autocomplete(admin_client):
    ilam = ProvinceFactory(name_en="Ilam")

    response = admin_client.get(url("registry_place", "change", ilam.pk))

    content = response.content.decode()
    assert 'data-model-name="place" data-field-name="parent"' in content
    assert f'<option value="{ilam.parent.pk}" selected>Iran (country)</option>' in content


def test_artisan_add_creates_the_artisan_with_a_registry_number(admin_client):
    add_page = admin_client.get(url("registry_artisan", "add"))
    province = ProvinceFactory()

    response = admin_client.post(
        url("registry_artisan", "add"),
        {
            "name": "مریم کریمی",
            "name_latin": "Maryam Karimi",
            "slug": "maryam-karimi",
            "home_place": province.pk,
            "status": PublicationStatus.DRAFT,
            **inline_management_data(add_page),
        },
    )

    assert response.status_code == 302
    artisan = Artisan.objects.get(slug="maryam-karimi")
    assert (artisan.name, artisan.home_place) == ("مریم کریمی", province)
    assert artisan.registry_number == f"ILM-{timezone.localdate().year}-00001"


def test_artisan_add_saves_a_craft_inline_row(admin_client):
    add_page = admin_client.get(url("registry_artisan", "add"))
    kilim = CraftCategoryFactory(name_en="Kilim")
    data = {
        "name": "مریم کریمی",
        "name_latin": "Maryam Karimi",
        "slug": "maryam-karimi",
        "status": PublicationStatus.DRAFT,
        **inline_management_data(add_page),
        "craft_links-TOTAL_FORMS": "1",
        "craft_links-0-craft": kilim.pk,
        "craft_links-0-is_primary": "on",
        "craft_links-0-since_year": "1995",
    }

    admin_client.post(url("registry_artisan", "add"), data)

    artisan = Artisan.objects.get(slug="maryam-karimi")
    assert [(link.craft, link.is_primary, link.since_year) for link in artisan.craft_links.all()] == [
        (kilim, True, 1995)
    ]


def test_artisan_change_form_shows_the_registry_number_read_only(admin_client):
    artisan = ArtisanFactory()

    response = admin_client.get(url("registry_artisan", "change", artisan.pk))

    content = response.content.decode()
    assert f'<div class="readonly">{artisan.registry_number}</div>' in content
    assert 'name="registry_number"' not in content


def test_artisan_change_form_groups_the_private_fields(admin_client):
    artisan = ArtisanFactory()

    response = admin_client.get(url("registry_artisan", "change", artisan.pk))

    fieldsets = {str(name): options["fields"] for name, options in response.context["adminform"].fieldsets}
    assert fieldsets["Private: never published"] == ["phone", "email", "national_id", "internal_notes"]


@pytest.mark.parametrize(
    "term",
    [
        pytest.param("مریم", id="persian"),
        pytest.param("مريم", id="persian-typed-with-arabic-yeh"),
        pytest.param("karimi", id="latin"),
        pytest.param("ILM-2025-00042", id="registry-number"),
        pytest.param("ILM-۲۰۲۵-۰۰۰۴۲", id="registry-number-in-persian-digits"),
        pytest.param("Karimi Kilims", id="workshop"),
    ],
)
def test_artisan_changelist_search_finds_the_artisan(admin_client, term):
    ArtisanFactory(
        name="مریم کریمی", name_latin="Maryam Karimi", registry_number="ILM-2025-00042", workshop_name="Karimi Kilims"
    )
    ArtisanFactory(name="علی رضایی", name_latin="Ali Rezaei", registry_number="ILM-2025-00043")

    response = admin_client.get(url("registry_artisan", "changelist"), {"q": term})

    assert [artisan.name_latin for artisan in response.context["cl"].result_list] == ["Maryam Karimi"]


def test_artisan_changelist_shows_the_participation_count(admin_client):
    artisan = ArtisanFactory()
    ParticipationFactory.create_batch(3, artisan=artisan)

    response = admin_client.get(url("registry_artisan", "changelist"))

    assert '<td class="field-participation_count">3</td>' in response.content.decode()


def test_artisan_changelist_marks_sample_data(admin_client):
    ArtisanFactory(name_latin="Invented", is_sample=True)
    ArtisanFactory(name_latin="Real")

    response = admin_client.get(url("registry_artisan", "changelist"))

    content = response.content.decode()
    assert content.count('<strong class="sample-marker">sample</strong>') == 1
    assert "By sample data" in content


def test_artisan_changelist_filters_sample_data(admin_client):
    ArtisanFactory(name_latin="Invented", is_sample=True)
    ArtisanFactory(name_latin="Real")

    response = admin_client.get(url("registry_artisan", "changelist"), {"is_sample__exact": "1"})

    assert [artisan.name_latin for artisan in response.context["cl"].result_list] == ["Invented"]


def test_artisan_publish_action_publishes_the_selected_artisans(admin_client):
    chosen = ArtisanFactory(status=PublicationStatus.DRAFT)
    other = ArtisanFactory(status=PublicationStatus.DRAFT)

    response = admin_client.post(
        url("registry_artisan", "changelist"), {"action": "publish", "_selected_action": [chosen.pk]}, follow=True
    )

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (PublicationStatus.PUBLISHED, PublicationStatus.DRAFT)
    assert [str(message) for message in response.context["messages"]] == ["1 record was published."]


def test_artisan_unpublish_action_sets_the_selected_artisans_back_to_draft(admin_client):
    artisans = ArtisanFactory.create_batch(2, status=PublicationStatus.PUBLISHED)

    response = admin_client.post(
        url("registry_artisan", "changelist"),
        {"action": "unpublish", "_selected_action": [artisan.pk for artisan in artisans]},
        follow=True,
    )

    assert set(Artisan.objects.values_list("status", flat=True)) == {PublicationStatus.DRAFT}
    assert [str(message) for message in response.context["messages"]] == ["2 records were set back to draft."]


def test_claim_changelist_filters_claims_whose_sources_disagree(admin_client):
    ClaimFactory(topic="ilam-iraq-border-length", value="425 km")
    ClaimFactory(topic="ilam-iraq-border-length", value="430 km")
    ClaimFactory(topic="kut-distance", value="200 km")

    response = admin_client.get(url("registry_claim", "changelist"), {"conflicting": "yes"})

    assert [claim.value for claim in response.context["cl"].result_list] == ["425 km", "430 km"]


def test_source_autocomplete_labels_name_the_outlet(admin_client, django_assert_num_queries):
    outlet = OrganisationFactory(name_en="Iraqi News Agency")
    SourceFactory.create_batch(3, publisher=outlet, published_on=datetime.date(2025, 10, 11))

    # Sources are not counted by a public page: no version covers them, the count is made afresh.
    with django_assert_num_queries(queries(login=True, reads=["the sources", "their count"])):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "registry", "model_name": "claim", "field_name": "source", "term": "Article"},
        )

    assert [result["text"].split(" · ")[1:] for result in response.json()["results"]] == [
        ["Iraqi News Agency", "2025-10-11"]
    ] * 3


def test_artisan_changelist_offers_the_publication_actions(admin_client):
    ArtisanFactory()

    response = admin_client.get(url("registry_artisan", "changelist"))

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert (choices["publish"], choices["unpublish"]) == (
        "Publish selected artisans",
        "Set selected artisans back to draft",
    )


@pytest.mark.postgresql
def test_the_admin_search_of_artisans_can_use_an_index_for_every_field_on_postgresql(rf, admin_user):
    # One field of the OR without an index (the workshop's name) made PostgreSQL read every artisan.
    from django.contrib import admin
    from django.db import connection

    ArtisanFactory.create_batch(3)
    request = rf.get(url("registry_artisan", "changelist"), {"q": "Karimi"})
    request.user = admin_user
    artisans, _duplicates = admin.site._registry[Artisan].get_search_results(request, Artisan.objects.all(), "Karimi")
    sql, params = artisans.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) AS found", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan" not in plan
    assert "artisan_workshop_name_trgm_idx" in plan
