import csv
import datetime
import io
import struct

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import PublicationStatus
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

ARTISANS = reverse("registry:artisan-list")
HEADER = "Registry number,Name,Name in Latin script,Crafts,Home place,Participations,Sample data\r\n"
PRIVATE = {
    "phone": "+98-PHONE-73319",
    "email": "hidden-73319@example.org",
    "national_id": "NATID-73319",
    "internal_notes": "INTERNAL-NOTE-73319",
}


def export(client, url: str = ARTISANS, **params):
    response = client.get(url, {"format": "csv", **params})
    return response, b"".join(response.streaming_content)


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def write_catalog(directory, language: str, messages: dict[str, str]) -> None:
    """A compiled gettext catalogue (.mo), so that a test can read headers in another language."""
    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(messages)
    ids = b"".join(key.encode() + b"\0" for key in keys)
    strs = b"".join(messages[key].encode() + b"\0" for key in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets, id_at, str_at = [], 0, 0
    for key in keys:
        offsets.append((len(key.encode()), start + id_at, len(messages[key].encode()), start + len(ids) + str_at))
        id_at += len(key.encode()) + 1
        str_at += len(messages[key].encode()) + 1
    table = b"".join(struct.pack("<II", length, at) for length, at, _, _ in offsets)
    table += b"".join(struct.pack("<II", length, at) for _, _, length, at in offsets)
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    path = directory / language / "LC_MESSAGES"
    path.mkdir(parents=True)
    (path / "django.mo").write_bytes(header + table + ids + strs)


@pytest.fixture
def maryam():
    kilim = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    jajim = CraftCategoryFactory(name_en="Jajim", name_fa="جاجیم", slug="jajim")
    artisan = ArtisanFactory(
        name="مریم کریمی",
        name_latin="Maryam Karimi",
        registry_number="ILM-2025-00042",
        home_place=CityFactory(name_en="Ilam", name_fa="ایلام"),
        is_sample=True,
        **PRIVATE,
    )
    ArtisanCraftFactory(artisan=artisan, craft=kilim, is_primary=True)
    ArtisanCraftFactory(artisan=artisan, craft=jajim)
    ParticipationFactory.create_batch(2, artisan=artisan)
    ParticipationFactory(artisan=artisan, exhibition=ExhibitionFactory(status=PublicationStatus.DRAFT))
    return artisan


def test_artisan_export_is_exactly_the_header_and_rows(maryam, client):
    response, content = export(client)

    assert content == ("\ufeff" + HEADER + "ILM-2025-00042,مریم کریمی,Maryam Karimi,Jajim; Kilim,Ilam,2,1\r\n").encode(
        "utf-8"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_artisan_export_is_an_attachment_named_for_what_and_when(maryam, client):
    response, _content = export(client)

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="artisans-{today}.csv"'


def test_artisan_export_without_bom(maryam, client):
    _response, content = export(client, bom="0")

    assert content.startswith(HEADER.encode())


def test_artisan_export_in_persian_has_persian_headers_and_names(maryam, client, settings, tmp_path):
    write_catalog(tmp_path, "fa", {"Registry number": "شماره ثبت", "Crafts": "رشته‌ها"})
    settings.LOCALE_PATHS = [tmp_path]

    _response, content = export(client, "/fa/artisans/")

    header, row = rows(content)
    assert header[:4] == ["شماره ثبت", "Name", "Name in Latin script", "رشته‌ها"]
    assert row[3:5] == ["جاجیم; گلیم", "ایلام"]


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+98 123", "-2+3", "@SUM(A1)", "\tTab"])
def test_artisan_export_neutralises_formulas(client, name):
    ArtisanFactory(name=name)

    _response, content = export(client)

    assert rows(content)[1][1] == "'" + name


def test_artisan_export_keeps_numbers_as_numbers(maryam, client):
    _response, content = export(client)

    assert content.decode().endswith(",2,1\r\n")


def test_artisan_export_round_trips_through_csv_reader(client):
    ArtisanFactory(name='Quote " and, comma', name_latin="Line\nbreak", registry_number="ILM-2025-00007")

    _response, content = export(client)

    assert rows(content)[1][:3] == ["ILM-2025-00007", 'Quote " and, comma', "Line\nbreak"]


def test_artisan_export_has_the_same_rows_as_the_pages_for_the_same_filters(client):
    kilim = CraftCategoryFactory()
    for number in range(30):
        ArtisanCraftFactory(artisan=ArtisanFactory(name_latin=f"Weaver {number:02d}"), craft=kilim)
    ArtisanFactory(name_latin="Potter")
    pages = [client.get(ARTISANS, {"craft": kilim.pk, "page": page}).context["page_obj"] for page in (1, 2)]

    _response, content = export(client, craft=kilim.pk, page=2)

    on_pages = sorted(artisan.name_latin for page in pages for artisan in page.object_list)
    exported = sorted(row[2] for row in rows(content)[1:])
    assert len(exported) == 30
    assert exported == on_pages


def test_artisan_export_with_invalid_filters_shows_the_page_with_the_message(maryam, client):
    response = client.get(ARTISANS, {"format": "csv", "year": "abc"})

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Some filters could not be understood" in response.content.decode()


def test_artisan_export_leaves_out_unpublished_artisans_and_private_fields(maryam, client):
    ArtisanFactory(name_latin="Draft Artisan", status=PublicationStatus.DRAFT)
    ArtisanFactory(name_latin="Unconsenting Artisan", consent_to_publish=False)

    _response, content = export(client)

    text = content.decode()
    assert [row[2] for row in rows(content)[1:]] == ["Maryam Karimi"]
    for value in PRIVATE.values():
        assert value not in text


def test_history_export_lists_the_published_participations(client):
    artisan = ArtisanFactory(slug="maryam-karimi", **PRIVATE)
    kilim = CraftCategoryFactory(name_en="Kilim")
    shown = ParticipationFactory(
        artisan=artisan,
        role="demonstrator",
        award_en="=cmd",
        exhibition=ExhibitionFactory(
            title_en="Kut fair",
            place=CityFactory(name_en="Kut"),
            start_date=datetime.date(2025, 10, 10),
            end_date=datetime.date(2025, 10, 16),
        ),
    )
    shown.crafts_shown.set([kilim])
    ParticipationFactory(artisan=artisan, exhibition=ExhibitionFactory(title_en="Draft fair", status="draft"))

    response, content = export(client, artisan.get_absolute_url())

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="history-maryam-karimi-{today}.csv"'
    assert rows(content) == [
        ["Exhibition", "Place", "Start date", "End date", "Date precision", "Role", "Crafts shown", "Award"],
        ["Kut fair", "Kut", "2025-10-10", "2025-10-16", "exact day", "demonstrator", "Kilim", "'=cmd"],
    ]
    for value in PRIVATE.values():
        assert value not in content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_artisan_export_queries_do_not_grow_with_rows(django_assert_num_queries, client, count):
    for _ in range(count):
        artisan = ArtisanFactory()
        ArtisanCraftFactory(artisan=artisan)
        ParticipationFactory(artisan=artisan)

    # The filter form's options are not read for an export.
    with django_assert_num_queries(queries(reads=["one chunk of rows", "the chunk's crafts"])):
        _response, content = export(client)

    assert len(rows(content)) == count + 1
