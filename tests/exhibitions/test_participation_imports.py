"""Participations from spreadsheets: who took part in which fair, found by registry number and by
the exhibition's slug or title in any script; the registry's own participation lists import back
unchanged; an import and its undo leave every total right."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common import imports, totals
from common.models import ImportBatch
from exhibitions.models import Participation
from registry.models import PublicationStatus
from tests.factories import (
    ArtisanFactory,
    CityFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ParticipationFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    wasit = ProvinceFactory(name_en="Wasit", slug="iq-wa-wasit")
    kut = CityFactory(parent=wasit, name_en="Kut", name_fa="کوت", slug="kut")
    kilim = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", slug="kilim")
    exhibition = ExhibitionFactory(
        title_en="Ilam Handicrafts Exhibition in Kut",
        title_fa="نمایشگاه صنایع دستی ایلام در کوت",
        slug="kut-2025",
        place=kut,
    )
    weaver = ArtisanFactory(name="مریم کریمی", registry_number="ILM-2025-00042")
    potter = ArtisanFactory(name="علی کیانی", registry_number="ILM-2025-00007")
    return {"exhibition": exhibition, "kilim": kilim, "weaver": weaver, "potter": potter}


def import_records(path: Path, *options: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("import_records", str(path), "--kind", "participations", *options, stdout=out)
        status = 0
    except CommandError as error:
        status = error.returncode
        out.write(str(error) + "\n")
    return status, out.getvalue().splitlines()


def csv_file(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def summary(lines: list[str]) -> str:
    return next(line for line in reversed(lines) if line.endswith(" errors"))


def test_participants_come_in_by_registry_number_and_exhibition_in_any_script(tmp_path, fair):
    rows = (
        "registry number,exhibition,role,crafts shown,stand\r\n"
        "ILM-2025-00042,نمایشگاه صنایع دستي ايلام در كوت,exhibitor,گلیم,A12\r\n"
        "ILM-2025-00007,kut-2025,فروشنده,,B3\r\n"
    )

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 0, lines
    assert summary(lines) == "2 new, 0 updated, 0 unchanged, 0 possible duplicates, 0 errors"
    weaver = Participation.objects.get(artisan=fair["weaver"])
    assert (weaver.exhibition, weaver.stand, list(weaver.crafts_shown.all())) == (
        fair["exhibition"],
        "A12",
        [fair["kilim"]],
    )
    assert Participation.objects.get(artisan=fair["potter"]).role == Participation.Role.SELLER
    assert weaver.history.first().history_change_reason.startswith("import batch ")


def test_a_recorded_pair_updates_and_unknown_names_are_errors(tmp_path, fair):
    ParticipationFactory(artisan=fair["weaver"], exhibition=fair["exhibition"], stand="A1")
    rows = (
        "registry number,exhibition slug,stand\r\n"
        "ILM-2025-00042,kut-2025,A12\r\n"
        "ILM-2025-99999,kut-2025,\r\n"
        "ILM-2025-00007,atlantis-1999,\r\n"
    )

    status, lines = import_records(csv_file(tmp_path, rows), "--skip-errors")

    assert status == 0, lines
    assert "row 3, registry number: ILM-2025-99999 is not in the registry" in lines
    assert "row 4, exhibition slug: no exhibition is named atlantis-1999" in lines
    assert summary(lines) == "0 new, 1 updated, 0 unchanged, 0 possible duplicates, 2 errors"
    assert Participation.objects.get(artisan=fair["weaver"]).stand == "A12"


def test_the_registrys_participation_lists_import_back_unchanged(client, admin_client, tmp_path, fair):
    for artisan in (fair["weaver"], fair["potter"]):
        artisan.status, artisan.consent_to_publish = PublicationStatus.PUBLISHED, True
        artisan.save()
        ParticipationFactory(
            artisan=artisan, exhibition=fair["exhibition"], stand="C1", award_en="First prize", award_fa="رتبهٔ نخست"
        ).crafts_shown.add(fair["kilim"])
    report = reverse("exhibitions:participation-list")
    downloads = [
        client.get(report, {"format": "csv"}),
        client.get("/fa" + report, {"format": "xlsx"}),
        admin_client.post(
            reverse("admin:exhibitions_participation_changelist"),
            {
                "action": "export_participants_xlsx",
                "_selected_action": list(Participation.objects.values_list("pk", flat=True)),
            },
        ),
    ]
    for number, response in enumerate(downloads):
        extension = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
        path = tmp_path / f"export-{number}.{extension}"
        path.write_bytes(b"".join(response.streaming_content))

        status, lines = import_records(path)

        assert status == 0, lines
        assert summary(lines) == "0 new, 0 updated, 2 unchanged, 0 possible duplicates, 0 errors", number


def test_an_import_of_participations_and_its_undo_leave_every_total_right(tmp_path, fair):
    fair["weaver"].status, fair["weaver"].consent_to_publish = PublicationStatus.PUBLISHED, True
    fair["weaver"].save()
    rows = "registry number,exhibition slug,crafts shown\r\nILM-2025-00042,kut-2025,kilim\r\n"

    _status, lines = import_records(csv_file(tmp_path, rows))

    for summary_table in totals.summary_tables():
        assert totals.differences(summary_table) == [], summary_table.db_table
    batch = ImportBatch.objects.get(pk=int(next(line for line in lines if line.startswith("batch ")).split()[1]))
    imports.undo(batch)
    assert not Participation.objects.exists()
    for summary_table in totals.summary_tables():
        assert totals.differences(summary_table) == [], summary_table.db_table


def test_the_participations_list_has_its_import_button(admin_client, fair):
    changelist = admin_client.get(reverse("admin:exhibitions_participation_changelist")).text

    assert reverse("admin:exhibitions_participation_import") in changelist
    assert admin_client.get(reverse("admin:exhibitions_participation_import")).status_code == 200


def test_a_file_without_an_exhibition_column_is_refused(tmp_path, fair):
    status, lines = import_records(csv_file(tmp_path, "registry number,stand\r\nILM-2025-00042,A1\r\n"))

    assert status == 2
    assert "has no column exhibition" in lines[-1]


def test_an_award_is_read_in_the_language_of_its_header(tmp_path, fair):
    ParticipationFactory(artisan=fair["weaver"], exhibition=fair["exhibition"], award_en="First prize")
    rows = (
        "شماره ثبت,نمایشگاه,جایزه\r\n"
        "ILM-2025-00042,kut-2025,First prize\r\n"  # as the Persian list shows it: unchanged
        "ILM-2025-00007,kut-2025,رتبهٔ دوم\r\n"
    )

    status, lines = import_records(csv_file(tmp_path, rows))

    assert status == 0, lines
    assert summary(lines) == "1 new, 0 updated, 1 unchanged, 0 possible duplicates, 0 errors"
    potter = Participation.objects.get(artisan=fair["potter"])
    assert (potter.award_fa, potter.award_en) == ("رتبهٔ دوم", "")
    changed = rows.replace("First prize", "جایزهٔ نخست")

    status, lines = import_records(csv_file(tmp_path, changed, "changed.csv"))

    assert summary(lines) == "0 new, 1 updated, 1 unchanged, 0 possible duplicates, 0 errors"
    weaver = Participation.objects.get(artisan=fair["weaver"])
    assert (weaver.award_en, weaver.award_fa) == ("First prize", "جایزهٔ نخست")
