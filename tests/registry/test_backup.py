import contextlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from exhibitions.models import Participation
from registry.backups import file_summary
from registry.models import Artisan, ArtisanCraft
from tests.factories import ArtisanFactory, CraftCategoryFactory, ParticipationFactory

PHOTO = b"\xff\xd8\xff\xe0 not really a JPEG, but bytes to compare \x00\x01\x02"


def manage(env: dict, *args: str, timeout: int = 120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, text=True, capture_output=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def python(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        env=env,
        cwd=settings.BASE_DIR,
        text=True,
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def sqlite_site(tmp_path):
    """A registry on an SQLite file of its own, with the demo data and a photo, run through manage.py."""
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_MEDIA_ROOT", None)
    (tmp_path / "var").mkdir()
    manage(env, "migrate", "-v", "0")
    manage(env, "load_demo")
    photo = tmp_path / "var" / "media" / "artisans" / "2026" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    python(
        env,
        "from registry.models import Artisan; Artisan.objects.filter(pk=1).update(photo='artisans/2026/photo.jpg')",
    )
    return env, tmp_path / "var"


def dump(env: dict) -> str:
    return manage(env, "dumpdata", "crafts", "registry", "exhibitions", "auth", "--indent", "1")


def test_backup_and_restore_on_sqlite_bring_back_the_data_and_the_media_files(sqlite_site, tmp_path):
    env, var = sqlite_site
    before = dump(env)
    manage(env, "backup", "--output", str(tmp_path / "backup"))
    python(
        env,
        "from registry.models import Artisan; from exhibitions.models import Participation\n"
        "Artisan.objects.filter(pk=1).update(name_latin='Changed after the backup')\n"
        "Participation.objects.filter(pk=1).delete()\n"
        "Artisan.objects.create(name='تازه', name_latin='New after the backup', slug='new-after-the-backup')",
    )
    (var / "media" / "artisans" / "2026" / "photo.jpg").write_bytes(b"overwritten")
    (var / "media" / "added-later.txt").write_text("not in the backup")

    output = manage(env, "restore", str(tmp_path / "backup"), "--no-input")

    assert dump(env) == before
    assert (var / "media" / "artisans" / "2026" / "photo.jpg").read_bytes() == PHOTO
    assert sorted(path.relative_to(var / "media").as_posix() for path in (var / "media").rglob("*")) == [
        "artisans",
        "artisans/2026",
        "artisans/2026/photo.jpg",
    ]
    with contextlib.closing(sqlite3.connect(var / "registry.sqlite3")) as live:
        assert live.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert output.splitlines()[-1] == f"Restored {sum(manifest['counts'].values())} rows and 1 media files."


def test_sqlite_backup_has_a_manifest_that_describes_it(sqlite_site, tmp_path):
    env, _var = sqlite_site

    manage(env, "backup", "--output", str(tmp_path / "backup"))

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    with contextlib.closing(sqlite3.connect(tmp_path / "backup" / "database.sqlite3")) as copy:
        artisans = copy.execute("SELECT COUNT(*) FROM registry_artisan").fetchone()[0]
    assert (manifest["format"], manifest["backend"], manifest["database"]) == (1, "sqlite", "database.sqlite3")
    assert manifest["media"] == {"archive": "media.tar.gz", "files": 1, "bytes": len(PHOTO)}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert manifest["migrations"]["heads"]["exhibitions"] == [
        name for app, name in graph.leaf_nodes() if app == "exhibitions"
    ]
    assert manifest["migrations"]["applied"]["exhibitions"] == sorted(
        name for app, name in graph.nodes if app == "exhibitions"
    )
    assert manifest["counts"]["registry.artisan"] == artisans
    assert manifest["counts"]["exhibitions.exhibition_sources"] > 0
    assert sorted(manifest["files"]) == ["database.sqlite3", "media.tar.gz"]
    # Contact details and national IDs are in there: for the owner's eyes only.
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in [tmp_path / "backup", *(tmp_path / "backup").iterdir()]
    }
    assert modes == {
        "backup": 0o700,
        "database.sqlite3": 0o600,
        "media.tar.gz": 0o600,
        "manifest.json": 0o600,
    }


# Each transaction adds an artisan and its craft: a consistent copy has as many of one as of the other.
WRITER = """
import time
from pathlib import Path
from django.db import transaction
from crafts.models import CraftCategory
from registry.backups import file_summary
from registry.models import Artisan, ArtisanCraft
craft = CraftCategory.objects.first()
stop, n = Path({stop!r}), 0
while not stop.exists():
    with transaction.atomic():
        artisan = Artisan.objects.create(name="نویسنده", name_latin="Writer", slug=f"writer-{{n}}")
        ArtisanCraft.objects.create(artisan=artisan, craft=craft)
    n += 1
print(n)
"""


def test_sqlite_backup_taken_while_another_process_writes_is_consistent(sqlite_site, tmp_path):
    env, _var = sqlite_site
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + WRITER.format(stop=str(stop))],
        env=env,
        cwd=settings.BASE_DIR,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_writers(lambda: count_writers(sqlite3.connect(Path(env["DJANGO_VAR_DIR"]) / "registry.sqlite3")))

        manage(env, "backup", "--output", str(tmp_path / "backup"))

        stop.touch()
        written, errors = writer.communicate(timeout=60)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    copy = sqlite3.connect(tmp_path / "backup" / "database.sqlite3")
    artisans, crafts = count_writers(copy)
    assert (writer.returncode, errors) == (0, "")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert 0 < artisans == crafts < int(written)


def count_writers(database: sqlite3.Connection) -> tuple[int, int]:
    return database.execute(
        "SELECT COUNT(DISTINCT a.id), COUNT(c.id) FROM registry_artisan a "
        "LEFT JOIN registry_artisancraft c ON c.artisan_id = a.id WHERE a.slug LIKE 'writer-%'"
    ).fetchone()


def wait_for_writers(count, at_least: int = 20) -> None:
    deadline = time.monotonic() + 60
    while count()[0] < at_least:
        assert time.monotonic() < deadline, "the writer wrote nothing"
        time.sleep(0.05)


# --- On the test database: PostgreSQL, or SQLite in memory -------------------------------------


@pytest.fixture
def backup(tmp_path):
    """A backup of the test database with an artisan, a participation and a photo."""
    photo = Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    ParticipationFactory(artisan__name_latin="Maryam Karimi", artisan__photo="artisans/2026/photo.jpg", stand="A4")
    call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    return tmp_path / "backup"


def restore(directory: Path) -> str:
    out = StringIO()
    call_command("restore", str(directory), interactive=False, stdout=out)
    return out.getvalue()


def edit_manifest(directory: Path, change) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_postgresql_bring_back_the_data_and_the_media_files(backup):
    before = StringIO()
    call_command("dumpdata", "crafts", "registry", "exhibitions", stdout=before)
    Artisan.objects.update(name_latin="Changed after the backup")
    Participation.objects.all().delete()
    ArtisanFactory(name_latin="New after the backup")
    photo = Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg"
    photo.write_bytes(b"overwritten")
    (Path(settings.MEDIA_ROOT) / "added-later.txt").write_text("not in the backup")

    output = restore(backup)

    after = StringIO()
    call_command("dumpdata", "crafts", "registry", "exhibitions", stdout=after)
    assert after.getvalue() == before.getvalue()
    assert Participation.objects.get().stand == "A4"
    assert photo.read_bytes() == PHOTO
    assert not (Path(settings.MEDIA_ROOT) / "added-later.txt").exists()
    assert output.splitlines()[-1].endswith(" rows and 1 media files.")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_is_a_custom_format_dump_and_counts_its_rows(backup):
    manifest = json.loads((backup / "manifest.json").read_text())

    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"
    assert (manifest["backend"], manifest["database"]) == ("postgresql", "database.dump")
    assert (manifest["counts"]["registry.artisan"], manifest["counts"]["exhibitions.participation"]) == (1, 1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_taken_while_other_connections_write_is_consistent(tmp_path):
    craft = CraftCategoryFactory()
    stop, errors, written = threading.Event(), [], []

    def write(writer: int) -> None:
        try:
            n = 0
            while not stop.is_set():
                with transaction.atomic():
                    artisan = Artisan.objects.create(name="نویسنده", name_latin="Writer", slug=f"writer-{writer}-{n}")
                    ArtisanCraft.objects.create(artisan=artisan, craft=craft)
                n += 1
            written.append(n)
        except Exception as error:  # the assertion below reports it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    try:
        wait_for_writers(lambda: (Artisan.objects.count(), 0))
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    counts = json.loads((tmp_path / "backup" / "manifest.json").read_text())["counts"]

    restore(tmp_path / "backup")

    assert errors == []
    assert 0 < counts["registry.artisan"] == counts["registry.artisancraft"] < sum(written)
    # The dump holds the very rows counted: restore checks the restored counts against them.
    assert (Artisan.objects.count(), ArtisanCraft.objects.count()) == (counts["registry.artisan"],) * 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_restore_on_postgresql_refuses_a_database_with_tables_the_backup_lacks(backup):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE registry_added_later (id integer)")
    try:
        with pytest.raises(CommandError, match=r"tables the backup does not have \(registry_added_later\)"):
            restore(backup)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE registry_added_later")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_another_kind_of_database(backup):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    edit_manifest(backup, lambda manifest: manifest.update(backend=other))

    with pytest.raises(CommandError, match=f"The backup is of a {other} database, but this site uses"):
        restore(backup)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_database_file(backup):
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    ArtisanFactory(name_latin="Kept")

    with pytest.raises(CommandError, match=r"The backup is damaged: .* does not match the checksum"):
        restore(backup)
    assert Artisan.objects.filter(name_latin="Kept").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_file_that_is_no_database_even_with_a_matching_checksum(backup):
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    database.write_bytes(b"not a database " * 100)
    edit_manifest(backup, lambda manifest: manifest["files"].update({database.name: file_summary(database)}))
    ArtisanFactory(name_latin="Kept")

    with pytest.raises(
        CommandError, match=r"fails SQLite's integrity check|pg_restore failed: .*not .* valid archive"
    ):
        restore(backup)
    assert Artisan.objects.filter(name_latin="Kept").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_with_a_missing_file(backup):
    (backup / "media.tar.gz").unlink()

    with pytest.raises(CommandError, match=r"The backup is incomplete: .*media.tar.gz is missing"):
        restore(backup)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_made_by_a_newer_version(backup):
    edit_manifest(
        backup, lambda manifest: manifest["migrations"]["applied"]["registry"].append("0099_from_the_future")
    )

    with pytest.raises(CommandError, match=r"made by a newer version .* registry\.0099_from_the_future"):
        restore(backup)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_manifest(backup):
    (backup / "manifest.json").write_text('{"format": 1, "backend": ')

    with pytest.raises(CommandError, match=r"manifest.json is damaged"):
        restore(backup)


@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_and_changes_nothing_when_told_no(backup, monkeypatch):
    ArtisanFactory(name_latin="Kept")
    monkeypatch.setattr("builtins.input", lambda question: "no")

    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
        call_command("restore", str(backup), stdout=StringIO())
    assert Artisan.objects.filter(name_latin="Kept").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_dry_run_checks_the_backup_and_changes_nothing(backup):
    ArtisanFactory(name_latin="Kept")
    out = StringIO()

    call_command("restore", str(backup), dry_run=True, stdout=out)

    assert out.getvalue().endswith("Its files are intact; nothing was restored.\n")
    assert Artisan.objects.filter(name_latin="Kept").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda path: None, "There is no backup at", id="missing"),
        pytest.param(lambda path: path.mkdir(), "has no manifest.json: it is not a backup", id="not-a-backup"),
    ],
)
def test_restore_says_what_is_wrong_with_a_directory_that_is_no_backup(tmp_path, make, message):
    make(tmp_path / "backup")

    with pytest.raises(CommandError, match=message):
        restore(tmp_path / "backup")


@pytest.mark.django_db
def test_backup_will_not_write_into_a_directory_with_files(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "keep.txt").write_text("mine")

    with pytest.raises(CommandError, match="already exists and is not empty"):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    assert [path.name for path in (tmp_path / "backup").iterdir()] == ["keep.txt"]
