import csv
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from exhibitions.exports import participation_columns
from registry.models import PublicationStatus
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CountryFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
    ProvinceFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

HEADER = (
    "registry number,name,name in Latin script,home place,home province,exhibition,exhibition slug,start date,"
    "end date,date precision,host city,host country,role,crafts shown,stand,award,sample data"
)
PRIVATE_HEADER = ",phone,email,national ID number"


@pytest.fixture
def kut():
    iraq = CountryFactory(slug="iraq", name_en="Iraq", name_fa="عراق", code="IQ")
    wasit = ProvinceFactory(parent=iraq, name_en="Wasit", slug="iq-wa-wasit")
    return ExhibitionFactory(
        title_en="Ilam Handicrafts Exhibition in Kut",
        title_fa="نمایشگاه صنایع دستی ایلام در کوت",
        slug="kut-2025",
        place=CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", slug="kut"),
        participants_reported=15,
    )


@pytest.fixture
def maryam(kut):
    ilam = ProvinceFactory(name_en="Ilam", name_fa="ایلام", slug="ir-16-ilam")
    artisan = ArtisanFactory(
        name="مریم کریمی",
        name_latin="Maryam Karimi",
        registry_number="ILM-2025-00042",
        home_place=CityFactory(parent=ilam, name_en="Ilam city", slug="ilam-city"),
        phone="+98 918 000 0042",
        email="maryam@example.org",
        national_id="4420000042",
    )
    participation = ParticipationFactory(artisan=artisan, exhibition=kut, stand="A12")
    participation.crafts_shown.add(
        CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim"),
        CraftCategoryFactory(name_en="Jajim", name_fa="جاجیم", slug="jajim"),
    )
    return participation


def download(client, path: str, data: dict | None = None, *, method: str = "get") -> tuple[object, bytes]:
    response = getattr(client, method)(path, data or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response, b"".join(response.streaming_content)


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


MARYAM_ROW = (
    "ILM-2025-00042,مریم کریمی,Maryam Karimi,Ilam city,Ilam,Ilam Handicrafts Exhibition in Kut,kut-2025,"
    "2025-10-10,2025-10-16,exact day,Kut,Iraq,exhibitor,Jajim; Kilim,A12,,no"
)


def test_exhibition_participants_export_is_exactly_the_public_rows(client, kut, maryam):
    ParticipationFactory(exhibition=kut, artisan__consent_to_publish=False)

    response, body = download(client, kut.get_absolute_url(), {"format": "csv"})

    assert body == ("\ufeff" + HEADER + "\r\n" + MARYAM_ROW + "\r\n").encode()
    assert response["Content-Disposition"] == 'attachment; filename="participants-kut-2025-10-10.csv"'


def test_exhibition_participants_export_without_bom(client, kut, maryam):
    _response, body = download(client, kut.get_absolute_url(), {"format": "csv", "bom": "0"})

    assert body.startswith(b"registry number,")


def test_exhibition_participants_export_of_an_undated_exhibition_says_undated(client, kut):
    kut.start_date = kut.end_date = None
    kut.date_precision = "unknown"
    kut.save()

    response, _body = download(client, kut.get_absolute_url(), {"format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="participants-kut-undated.csv"'


def test_participants_export_neutralises_formulas_and_round_trips(client, kut, maryam):
    maryam.artisan.name_latin = '=HYPERLINK("http://evil.example","x")'
    maryam.artisan.save()
    maryam.stand = '+1 near the door, "left"'
    maryam.award_en = "@SUM(A1)\nsecond line"
    maryam.save()

    _response, body = download(client, kut.get_absolute_url(), {"format": "csv"})

    [header, row] = rows_of(body)
    cells = dict(zip(header, row, strict=True))
    assert cells["name in Latin script"] == '\'=HYPERLINK("http://evil.example","x")'
    assert cells["stand"] == '\'+1 near the door, "left"'
    assert cells["award"] == "'@SUM(A1)\nsecond line"


def test_exhibitions_export_keeps_numbers_as_numbers(client, kut, maryam):
    _response, body = download(client, reverse("exhibitions:list"), {"format": "csv"})

    assert rows_of(body) == [
        [
            "title",
            "slug",
            "start date",
            "end date",
            "date precision",
            "city or place",
            "country",
            "series",
            "participants reported",
            "participants recorded",
            "crafts shown",
        ],
        [
            "Ilam Handicrafts Exhibition in Kut",
            "kut-2025",
            "2025-10-10",
            "2025-10-16",
            "exact day",
            "Kut",
            "Iraq",
            "",
            "15",
            "1",
            "",
        ],
    ]
    assert b",15,1,\r\n" in body


def test_participants_export_header_and_names_are_persian_on_persian_pages(client, kut, maryam):
    _response, body = download(client, "/fa" + reverse("exhibitions:participation-list"), {"format": "csv"})

    [header, row] = rows_of(body)
    with translation.override("fa"):
        assert header == [str(column.header) for column in participation_columns()]
    assert header != HEADER.split(",")
    cells = dict(zip(header, row, strict=True))
    assert cells["نمایشگاه"] == "نمایشگاه صنایع دستی ایلام در کوت"
    assert [cells[name] for name in columns_named("host city", "host country", "crafts shown")] == [
        "کوت",
        "عراق",
        "جاجیم; گلیم",
    ]


def columns_named(*names: str) -> list[str]:
    with translation.override("fa"):
        return [str(_(name)) for name in names]


def test_participation_report_export_has_the_rows_of_all_its_pages(client, monkeypatch, kut):
    from exhibitions.views import ParticipationListView

    monkeypatch.setattr(ParticipationListView, "paginate_by", 2)
    for number in range(5):
        ParticipationFactory(exhibition=kut, artisan__name_latin=f"In Kut {number}")
    ParticipationFactory(artisan__name_latin="Elsewhere", exhibition__place=CityFactory())
    query = {"city": kut.place.pk}
    shown = []
    for number in (1, 2, 3):
        response = client.get(reverse("exhibitions:participation-list"), {**query, "page": number})
        shown += [participation.artisan.name_latin for participation in response.context["object_list"]]

    _response, body = download(client, reverse("exhibitions:participation-list"), {**query, "format": "csv"})

    exported = [row[2] for row in rows_of(body)[1:]]
    assert sorted(exported) == sorted(shown) == [f"In Kut {number}" for number in range(5)]


def test_participation_report_export_with_invalid_filters_shows_the_page_instead(client):
    response = client.get(reverse("exhibitions:participation-list"), {"format": "csv", "year": "abc"})

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Some filters could not be understood" in response.text


@pytest.mark.parametrize("rows", [1, 5])
def test_exhibition_participants_export_runs_the_same_queries_for_any_number_of_rows(
    client, django_assert_num_queries, kut, rows
):
    for _row in range(rows):
        ParticipationFactory(exhibition=kut).crafts_shown.add(CraftCategoryFactory())

    # The home places and the exhibition are read once by id, not joined on every row.
    with django_assert_num_queries(
        queries(
            reads=[
                "the exhibition",
                "one chunk of rows",
                "the chunk's crafts",
                "the chunk's home places",
                "the chunk's exhibition",
            ]
        )
    ):
        _response, body = download(client, kut.get_absolute_url(), {"format": "csv"})

    assert len(rows_of(body)) == rows + 1


# The admin's exports: drafts included, contact data only with registry.view_private_data


@pytest.fixture
def staff_viewer():
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_participation", "view_exhibition", "view_artisan"])
    )
    return user


@pytest.fixture
def unpublished(kut):
    ParticipationFactory(exhibition=kut, artisan__name_latin="Not Consenting", artisan__consent_to_publish=False)
    ParticipationFactory(exhibition=kut, artisan__name_latin="Draft Record", artisan__status=PublicationStatus.DRAFT)


def export_selected(client, participations) -> bytes:
    _response, body = download(
        client,
        reverse("admin:exhibitions_participation_changelist"),
        {"action": "export_participants", "_selected_action": [p.pk for p in participations]},
        method="post",
    )
    return body


def test_admin_export_action_includes_contact_data_for_a_superuser(admin_client, maryam):
    body = export_selected(admin_client, [maryam])

    # A phone number starting with "+" is text a spreadsheet would evaluate, so it is neutralised too.
    private = ",'+98 918 000 0042,maryam@example.org,4420000042"
    assert body == ("\ufeff" + HEADER + PRIVATE_HEADER + "\r\n" + MARYAM_ROW + private + "\r\n").encode()


def test_admin_export_action_leaves_out_contact_data_without_the_permission(client, staff_viewer, maryam):
    client.force_login(staff_viewer)

    body = export_selected(client, [maryam])

    assert body == ("\ufeff" + HEADER + "\r\n" + MARYAM_ROW + "\r\n").encode()


def test_admin_exhibition_export_includes_unpublished_participants(client, staff_viewer, kut, maryam, unpublished):
    client.force_login(staff_viewer)
    url = reverse("admin:exhibitions_exhibition_participants_csv", args=[kut.pk])

    change_form = client.get(reverse("admin:exhibitions_exhibition_change", args=[kut.pk]))
    response, body = download(client, url)

    assert f'<a href="{url}">Export participants as CSV</a>' in change_form.text
    assert response["Content-Disposition"] == 'attachment; filename="participants-kut-2025-10-10.csv"'
    rows = rows_of(body)
    assert rows[0] == HEADER.split(",")
    assert sorted(row[2] for row in rows[1:]) == ["Draft Record", "Maryam Karimi", "Not Consenting"]


def test_admin_exhibition_export_includes_contact_data_for_a_superuser(admin_client, kut, maryam):
    _response, body = download(admin_client, reverse("admin:exhibitions_exhibition_participants_csv", args=[kut.pk]))

    assert rows_of(body)[1][-3:] == ["'+98 918 000 0042", "maryam@example.org", "4420000042"]


def test_admin_exhibition_export_needs_the_view_permission(client, kut):
    client.force_login(User.objects.create_user("nobody", password="x", is_staff=True))

    response = client.get(reverse("admin:exhibitions_exhibition_participants_csv", args=[kut.pk]))

    assert response.status_code == 403


def test_participation_columns_add_private_ones_only_when_asked():
    public = [str(column.header) for column in participation_columns()]
    private = [str(column.header) for column in participation_columns(include_private=True)]

    assert private == [*public, "phone", "email", "national ID number"]
    assert public[-1] == "sample data"
