import datetime

import pytest
from django.urls import reverse

from exhibitions.admin import ArtisanAdmin, ExhibitionAdmin
from exhibitions.models import Exhibition, Participation
from registry.models import PublicationStatus
from tests.admin_helpers import full_exhibition, full_participation, inline_management_data, url
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
    SourceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("cold_content_type_cache")
@pytest.mark.parametrize("participations", [1, 10])
def test_exhibition_change_form_runs_the_same_queries_for_any_number_of_participations(
    admin_client, django_assert_num_queries, participations
):
    exhibition = full_exhibition()
    for _row in range(participations):
        full_participation(exhibition=exhibition)

    with django_assert_num_queries(
        queries(
            login=True,
            reads=[
                "the exhibition, with its place and series",
                "its crafts",
                "its sources",
                "its claims",
                "organisers",
                "officials",
                "outcomes",
                "participations",
                "the participations' crafts",
                "the participations' sources",
                "stalls",
                "invitations",
                "the exhibition's content type",
            ],
        )
    ):
        response = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == participations


@pytest.mark.usefixtures("cold_content_type_cache")
@pytest.mark.parametrize("participations", [1, 10])
def test_artisan_change_form_runs_the_same_queries_for_any_number_of_participations(
    admin_client, django_assert_num_queries, participations
):
    artisan = ArtisanCraftFactory().artisan
    for _row in range(participations):
        full_participation(artisan=artisan)
        ArtisanCraftFactory(artisan=artisan)

    with django_assert_num_queries(
        queries(
            login=True,
            reads=[
                "the artisan, with its home place",
                "its verifications",
                "its crafts",
                "its sanctions",
                "its participations",
                "their crafts",
                "their sources",
                "the artisan's content type",
            ],
        )
    ):
        response = admin_client.get(url("registry_artisan", "change", artisan.pk))

    assert [len(formset.formset.forms) for formset in response.context["inline_admin_formsets"]] == [
        participations + 1,
        0,
        0,
        participations,
    ]


def test_exhibition_change_form_shows_each_participation_with_its_artisan_and_crafts(admin_client):
    exhibition = ExhibitionFactory()
    kilim = CraftCategoryFactory(name_en="Kilim")
    participation = ParticipationFactory(
        exhibition=exhibition, artisan__name="مریم کریمی", artisan__name_latin="Maryam"
    )
    participation.crafts_shown.add(kilim)

    response = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))

    content = response.content.decode()
    assert f'<option value="{participation.artisan.pk}" selected>مریم کریمی (Maryam)</option>' in content
    assert f'<option value="{kilim.pk}" selected>Kilim</option>' in content


def test_exhibition_change_form_offers_to_add_an_artisan_in_a_popup(admin_client):
    exhibition = ExhibitionFactory()

    response = admin_client.get(url("exhibitions_exhibition", "change", exhibition.pk))

    content = response.content.decode()
    assert 'data-model-name="participation" data-field-name="artisan"' in content
    assert 'href="/admin/registry/artisan/add/?_to_field=id&amp;_popup=1"' in content


def test_exhibition_add_creates_the_exhibition_with_its_participants(admin_client):
    add_page = admin_client.get(url("exhibitions_exhibition", "add"))
    kut = CityFactory(name_en="Kut")
    artisan, kilim = ArtisanFactory(), CraftCategoryFactory()
    data = {
        "title_en": "Ilam crafts in Kut",
        "slug": "ilam-crafts-in-kut-2025",
        "status": PublicationStatus.DRAFT,
        "place": kut.pk,
        "start_date": "2025-10-10",
        "end_date": "2025-10-16",
        "date_precision": Exhibition.DatePrecision.EXACT,
        "participants_reported": "15",
        **inline_management_data(add_page, participations=1),
        "participations-0-artisan": artisan.pk,
        "participations-0-role": Participation.Role.EXHIBITOR,
        "participations-0-crafts_shown": [kilim.pk],
        "participations-0-stand": "A4",
    }

    response = admin_client.post(url("exhibitions_exhibition", "add"), data)

    assert response.status_code == 302
    exhibition = Exhibition.objects.get(slug="ilam-crafts-in-kut-2025")
    assert (exhibition.place, exhibition.start_date) == (kut, datetime.date(2025, 10, 10))
    participation = exhibition.participations.get()
    assert (participation.artisan, participation.stand, list(participation.crafts_shown.all())) == (
        artisan,
        "A4",
        [kilim],
    )


def test_exhibition_add_redisplays_a_participation_row_with_errors(admin_client):
    add_page = admin_client.get(url("exhibitions_exhibition", "add"))
    artisan = ArtisanFactory(name="مریم کریمی", name_latin="Maryam")
    data = {
        "title_en": "Ilam crafts in Kut",
        "slug": "ilam-crafts-in-kut-2025",
        "status": PublicationStatus.DRAFT,
        "date_precision": Exhibition.DatePrecision.EXACT,
        **inline_management_data(add_page, participations=1),
        "participations-0-artisan": artisan.pk,
        "participations-0-role": Participation.Role.EXHIBITOR,
    }

    response = admin_client.post(url("exhibitions_exhibition", "add"), data)

    assert response.context["adminform"].form.errors["place"] == ["This field is required."]
    assert f'<option value="{artisan.pk}" selected>مریم کریمی (Maryam)</option>' in response.content.decode()


def test_exhibition_changelist_shows_recorded_and_reported_participants(admin_client):
    exhibition = ExhibitionFactory(participants_reported=15)
    ParticipationFactory.create_batch(3, exhibition=exhibition)

    response = admin_client.get(url("exhibitions_exhibition", "changelist"))

    content = response.content.decode()
    assert '<td class="field-participation_count">3</td>' in content
    assert '<td class="field-participants_reported">15</td>' in content


def test_exhibition_changelist_sorts_by_participation_count(admin_client):
    busy, idle, regular = ExhibitionFactory(), ExhibitionFactory(), ExhibitionFactory()
    ParticipationFactory.create_batch(3, exhibition=busy)
    ParticipationFactory(exhibition=regular)
    column = ExhibitionAdmin.list_display.index("participation_count") + 1  # after the action checkbox

    response = admin_client.get(url("exhibitions_exhibition", "changelist"), {"o": f"-{column}"})

    assert [exhibition.pk for exhibition in response.context["cl"].result_list] == [busy.pk, regular.pk, idle.pk]


def test_exhibition_changelist_drills_down_by_start_date(admin_client):
    ExhibitionFactory(title_en="Kut 2025", start_date=datetime.date(2025, 10, 10), end_date=None)
    ExhibitionFactory(title_en="Sulaymaniyah 2024", start_date=datetime.date(2024, 5, 1), end_date=None)

    response = admin_client.get(url("exhibitions_exhibition", "changelist"), {"start_date__year": "2025"})

    assert [exhibition.title_en for exhibition in response.context["cl"].result_list] == ["Kut 2025"]


def test_exhibition_publish_action_publishes_the_selected_exhibitions(admin_client):
    exhibition = ExhibitionFactory(status=PublicationStatus.DRAFT)

    response = admin_client.post(
        url("exhibitions_exhibition", "changelist"),
        {"action": "publish", "_selected_action": [exhibition.pk]},
        follow=True,
    )

    exhibition.refresh_from_db()
    assert exhibition.status == PublicationStatus.PUBLISHED
    assert [str(message) for message in response.context["messages"]] == ["1 record was published."]


def test_participation_add_creates_the_participation(admin_client):
    artisan, exhibition = ArtisanFactory(), ExhibitionFactory()
    source = SourceFactory()
    add_page = admin_client.get(url("exhibitions_participation", "add"))

    response = admin_client.post(
        url("exhibitions_participation", "add"),
        {
            "artisan": artisan.pk,
            "exhibition": exhibition.pk,
            "role": Participation.Role.DEMONSTRATOR,
            "sources": [source.pk],
            **inline_management_data(add_page),
        },
    )

    assert response.status_code == 302
    participation = Participation.objects.get()
    assert (participation.artisan, participation.exhibition, participation.role) == (
        artisan,
        exhibition,
        Participation.Role.DEMONSTRATOR,
    )
    assert list(participation.sources.all()) == [source]


def test_participation_changelist_marks_and_filters_sample_data(admin_client):
    full_participation(artisan__name_latin="Invented", is_sample=True)
    full_participation(artisan__name_latin="Real")

    response = admin_client.get(url("exhibitions_participation", "changelist"), {"is_sample__exact": "1"})

    assert [participation.artisan.name_latin for participation in response.context["cl"].result_list] == ["Invented"]
    assert '<strong class="sample-marker">sample</strong>' in response.content.decode()


def test_participation_changelist_finds_a_participation_by_registry_number(admin_client):
    wanted = ParticipationFactory(artisan__registry_number="ILM-2025-00042")
    ParticipationFactory(artisan__registry_number="ILM-2025-00043")

    response = admin_client.get(url("exhibitions_participation", "changelist"), {"q": "ILM-2025-00042"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_artisan_autocomplete_finds_an_artisan_for_a_participation_row(admin_client):
    artisan = ArtisanFactory(name="مریم کریمی", name_latin="Maryam Karimi")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "exhibitions", "model_name": "participation", "field_name": "artisan", "term": "karimi"},
    )

    assert response.json()["results"] == [{"id": str(artisan.pk), "text": "مریم کریمی (Maryam Karimi)"}]


def test_artisan_changelist_sorts_by_participation_count(admin_client):
    busy, idle, regular = ArtisanFactory(name_latin="Busy"), ArtisanFactory(name_latin="Idle"), ArtisanFactory()
    ParticipationFactory.create_batch(3, artisan=busy)
    ParticipationFactory(artisan=regular)
    column = ArtisanAdmin.list_display.index("participation_count") + 1  # after the action checkbox

    response = admin_client.get(url("registry_artisan", "changelist"), {"o": f"-{column}"})

    assert [artisan.pk for artisan in response.context["cl"].result_list] == [busy.pk, regular.pk, idle.pk]
