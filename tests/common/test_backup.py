import contextlib
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from common.backups import file_summary
from exhibitions.models import Participation
from registry.models import Artisan, ArtisanCraft
from tests.factories import ArtisanFactory, CraftCategoryFactory, ParticipationFactory

PHOTO = b"\xff\xd8\xff\xe0 not really a JPEG, but bytes to compare \x00\x01\x02"
EVIDENCE = b"%PDF-1.7 a workshop visit's report, signed and stamped \x00\xff\x10"
OTHER_KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture(autouse=True)
def _backup_key_in_tmp(settings, tmp_path):
    # Never the developer's own key in var/, nor one from the environment: a key file per test.
    settings.BACKUP_SIGNING_KEY = ""
    settings.BACKUP_SIGNING_KEY_FILE = tmp_path / "keys" / "backup.key"


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def manage(env: dict, *args: str, timeout: int = 120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, text=True, capture_output=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def manage_fails(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, text=True, capture_output=True
    )
    assert result.returncode != 0, result.stdout
    return result.stderr


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
    for name in [
        "DATABASE_URL",
        "DJANGO_MEDIA_ROOT",
        "DJANGO_PRIVATE_MEDIA_ROOT",
        "DJANGO_BACKUP_KEY",
        "DJANGO_BACKUP_KEY_FILE",
    ]:
        env.pop(name, None)
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
    assert (manifest["format"], manifest["backend"], manifest["database"]) == (2, "sqlite", "database.sqlite3")
    assert manifest["media"] == {"archive": "media.tar.gz", "files": 1, "bytes": len(PHOTO)}
    # No evidence yet, so no var/private/: an empty archive all the same.
    assert manifest["private"] == {"archive": "private.tar.gz", "files": 0, "bytes": 0}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert manifest["migrations"]["heads"]["exhibitions"] == [
        name for app, name in graph.leaf_nodes() if app == "exhibitions"
    ]
    assert manifest["migrations"]["applied"]["exhibitions"] == sorted(
        name for app, name in graph.nodes if app == "exhibitions"
    )
    assert manifest["counts"]["registry.artisan"] == artisans
    assert manifest["counts"]["exhibitions.exhibition_sources"] > 0
    assert sorted(manifest["files"]) == ["database.sqlite3", "media.tar.gz", "private.tar.gz"]
    # Contact details and national IDs are in there: for the owner's eyes only.
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in [tmp_path / "backup", *(tmp_path / "backup").iterdir()]
    }
    assert modes == {
        "backup": 0o700,
        "database.sqlite3": 0o600,
        "media.tar.gz": 0o600,
        "private.tar.gz": 0o600,
        "manifest.json": 0o600,
        "manifest.sig": 0o600,
    }


# Each transaction adds an artisan and its craft: a consistent copy has as many of one as of the other.
WRITER = """
import time
from pathlib import Path
from django.db import transaction
from crafts.models import CraftCategory
from common.backups import file_summary
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


@pytest.mark.parametrize(
    ("variable", "key_file"),
    [
        pytest.param(None, "var/backup.key", id="default"),
        pytest.param("DJANGO_BACKUP_KEY_FILE", "keys/registry.key", id="DJANGO_BACKUP_KEY_FILE"),
    ],
)
def test_backup_creates_a_key_file_for_its_owner_outside_the_backup_and_reuses_it(
    sqlite_site, tmp_path, variable, key_file
):
    env, _var = sqlite_site
    if variable:
        env[variable] = str(tmp_path / key_file)

    first = manage(env, "backup", "--output", str(tmp_path / "first"))
    key = (tmp_path / key_file).read_text()
    second = manage(env, "backup", "--output", str(tmp_path / "second"))

    assert (tmp_path / key_file).read_text() == key
    assert len(key) == 65
    assert key.endswith("\n")
    assert stat.S_IMODE((tmp_path / key_file).stat().st_mode) == 0o600
    assert sorted(path.name for path in (tmp_path / "keys").glob("*")) == (["registry.key"] if variable else [])
    assert f"Created the backup signing key {tmp_path / key_file} (key {fingerprint(key.strip())})" in first
    assert "Created the backup signing key" not in second
    for backup in [tmp_path / "first", tmp_path / "second"]:
        assert sorted(path.name for path in backup.iterdir()) == [
            "database.sqlite3",
            "manifest.json",
            "manifest.sig",
            "media.tar.gz",
            "private.tar.gz",
        ]
        assert not any(key.strip().encode() in path.read_bytes() for path in backup.iterdir())
        with tarfile.open(backup / "media.tar.gz") as archive:
            assert archive.getnames() == ["artisans/2026/photo.jpg"]
        assert json.loads((backup / "manifest.sig").read_text())["key"] == fingerprint(key.strip())


def test_backup_key_from_the_environment_wins_over_the_key_file(sqlite_site, tmp_path):
    env, var = sqlite_site
    key = "the operator's own key, kept in a password manager"
    (var / "backup.key").write_text(OTHER_KEY + "\n")
    env["DJANGO_BACKUP_KEY"] = key

    output = manage(env, "backup", "--output", str(tmp_path / "backup"))

    signature = json.loads((tmp_path / "backup" / "manifest.sig").read_text())
    assert output.splitlines()[-1].endswith(f", signed with the key {fingerprint(key)}")
    assert signature == {
        "algorithm": "hmac-sha256",
        "key": fingerprint(key),
        "hmac": hmac.new(
            key.encode(), (tmp_path / "backup" / "manifest.json").read_bytes(), hashlib.sha256
        ).hexdigest(),
    }
    assert (var / "backup.key").read_text() == OTHER_KEY + "\n"
    manage(env, "restore", str(tmp_path / "backup"), "--dry-run")
    del env["DJANGO_BACKUP_KEY"]
    assert (
        f"The backup was signed with the key {fingerprint(key)}, but this site's key is {fingerprint(OTHER_KEY)}"
        in manage_fails(env, "restore", str(tmp_path / "backup"), "--no-input")
    )


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


def sign(directory: Path) -> None:
    """Sign the manifest again with the site's key, as if the registry had made the backup so."""
    key = Path(settings.BACKUP_SIGNING_KEY_FILE).read_text().strip()
    signature = json.loads((directory / "manifest.sig").read_text())
    signature["hmac"] = hmac.new(key.encode(), (directory / "manifest.json").read_bytes(), hashlib.sha256).hexdigest()
    (directory / "manifest.sig").write_text(json.dumps(signature))


def change_the_site() -> None:
    ArtisanFactory(name_latin="Added after the backup")
    (Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg").write_bytes(b"changed after the backup")


def assert_site_unchanged() -> None:
    assert list(Artisan.objects.order_by("name_latin").values_list("name_latin", flat=True)) == [
        "Added after the backup",
        "Maryam Karimi",
    ]
    assert (Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg").read_bytes() == b"changed after the backup"


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
    sign(backup)

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
    sign(backup)
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
    sign(backup)

    with pytest.raises(CommandError, match=r"made by a newer version .* registry\.0099_from_the_future"):
        restore(backup)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_manifest(backup):
    (backup / "manifest.json").write_text('{"format": 1, "backend": ')
    sign(backup)

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

    assert out.getvalue().endswith("Its signature and files are intact; nothing was restored.\n")
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


# --- The signature ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_is_signed_with_an_hmac_of_its_manifest_and_restores(backup):
    key = Path(settings.BACKUP_SIGNING_KEY_FILE).read_text().strip()
    manifest = (backup / "manifest.json").read_bytes()
    change_the_site()

    output = restore(backup)

    assert json.loads((backup / "manifest.sig").read_text()) == {
        "algorithm": "hmac-sha256",
        "key": fingerprint(key),
        "hmac": hmac.new(key.encode(), manifest, hashlib.sha256).hexdigest(),
    }
    assert list(Artisan.objects.values_list("name_latin", flat=True)) == ["Maryam Karimi"]
    assert (Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg").read_bytes() == PHOTO
    assert output.splitlines()[-1].endswith(" rows and 1 media files.")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_replaced_with_its_checksum_recomputed(backup, tmp_path):
    # A database of the attacker's making: a real backup's, with the same rows but other contents.
    Artisan.objects.update(name_latin="Forged")
    call_command("backup", output=tmp_path / "forged", stdout=StringIO())
    Artisan.objects.update(name_latin="Maryam Karimi")
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    shutil.copyfile(tmp_path / "forged" / database.name, database)
    edit_manifest(backup, lambda manifest: manifest["files"].update({database.name: file_summary(database)}))
    change_the_site()

    with pytest.raises(CommandError, match=r"The backup was changed after it was made: its manifest\.json does not"):
        restore(backup)
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_manifest_changed_without_being_signed_again(backup):
    edit_manifest(backup, lambda manifest: manifest.update(created_at="2020-01-01T00:00:00+00:00"))
    change_the_site()

    with pytest.raises(CommandError, match=r"does not match the signature in manifest\.sig"):
        call_command("restore", str(backup), dry_run=True, stdout=StringIO())
    with pytest.raises(CommandError, match=r"does not match the signature in manifest\.sig"):
        restore(backup)
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_without_its_signature(backup):
    (backup / "manifest.sig").unlink()
    change_the_site()

    with pytest.raises(CommandError, match=r"The backup is not signed: .* has no manifest.sig.* --unsigned"):
        restore(backup)
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_signed_with_another_key_and_names_both(backup, settings):
    key = Path(settings.BACKUP_SIGNING_KEY_FILE).read_text().strip()
    settings.BACKUP_SIGNING_KEY = OTHER_KEY
    change_the_site()

    with pytest.raises(CommandError) as refused:
        restore(backup)
    assert str(refused.value).startswith(
        f"The backup was signed with the key {fingerprint(key)}, but this site's key is {fingerprint(OTHER_KEY)} "
        "(from DJANGO_BACKUP_KEY)"
    )
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_without_a_signing_key_says_how_to_give_one(backup, settings):
    Path(settings.BACKUP_SIGNING_KEY_FILE).unlink()
    change_the_site()

    with pytest.raises(CommandError) as refused:
        restore(backup)
    assert str(refused.value).startswith(
        "There is no backup signing key: DJANGO_BACKUP_KEY is not set and there is no key file "
        f"{settings.BACKUP_SIGNING_KEY_FILE}. Set DJANGO_BACKUP_KEY"
    )
    assert not Path(settings.BACKUP_SIGNING_KEY_FILE).exists()
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_unsigned_restores_a_backup_without_signature_and_warns(backup):
    (backup / "manifest.sig").unlink()
    change_the_site()
    out, err = StringIO(), StringIO()

    call_command("restore", str(backup), interactive=False, unsigned=True, stdout=out, stderr=err)

    assert err.getvalue().startswith(f"Not checking the signature of the backup at {backup} (--unsigned)")
    assert list(Artisan.objects.values_list("name_latin", flat=True)) == ["Maryam Karimi"]
    assert (Path(settings.MEDIA_ROOT) / "artisans" / "2026" / "photo.jpg").read_bytes() == PHOTO
    assert out.getvalue().splitlines()[-1].endswith(" rows and 1 media files.")


@pytest.mark.django_db(transaction=True)
def test_restore_unsigned_still_checks_the_checksums(backup):
    (backup / "manifest.sig").unlink()
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    change_the_site()

    with pytest.raises(CommandError, match=r"The backup is damaged: .* does not match the checksum"):
        call_command("restore", str(backup), interactive=False, unsigned=True, stdout=StringIO(), stderr=StringIO())
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("key_file", "message"),
    [
        pytest.param("media/backup.key", "is among the media files", id="media"),
        pytest.param("private/keys/backup.key", "is among the private files", id="private"),
        pytest.param("backup/backup.key", "would be inside the backup", id="backup"),
    ],
)
def test_backup_keeps_its_key_out_of_the_backups(settings, tmp_path, key_file, message):
    settings.BACKUP_SIGNING_KEY_FILE = tmp_path / key_file

    with pytest.raises(CommandError, match=message):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    assert not (tmp_path / key_file).exists()
    assert not (tmp_path / "backup").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_key_one_could_guess(settings, tmp_path):
    settings.BACKUP_SIGNING_KEY = "registry"

    with pytest.raises(CommandError, match="DJANGO_BACKUP_KEY is 8 characters long: use at least 32 random ones"):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    assert not (tmp_path / "backup").exists()


# --- The private files ----------------------------------------------------------------------------


def evidence_file(name: str = "evidence/2026/visit.pdf") -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / name


def files_under(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def make_old_format(directory: Path) -> None:
    """Make the backup one of format 1, as the registry wrote them before it backed up the private files."""
    (directory / "private.tar.gz").unlink()

    def change(manifest):
        del manifest["private"], manifest["files"]["private.tar.gz"]
        manifest["format"] = 1

    edit_manifest(directory, change)
    sign(directory)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_the_private_files_byte_for_byte(tmp_path):
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(EVIDENCE)
    call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    evidence_file().unlink()
    evidence_file("evidence/2026/added-later.pdf").write_bytes(b"not in the backup")

    output = restore(tmp_path / "backup")

    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {"evidence/2026/visit.pdf": EVIDENCE}
    assert manifest["private"] == {"archive": "private.tar.gz", "files": 1, "bytes": len(EVIDENCE)}
    assert stat.S_IMODE((tmp_path / "backup" / "private.tar.gz").stat().st_mode) == 0o600
    with tarfile.open(tmp_path / "backup" / "media.tar.gz") as archive:
        assert archive.getnames() == []
    assert f"Replacing the private files in {Path(settings.PRIVATE_MEDIA_ROOT).resolve()}…" in output


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_backup_made_before_private_files_were_backed_up_leaves_them_as_they_are(backup):
    make_old_format(backup)
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(EVIDENCE)
    ArtisanFactory(name_latin="Added after the backup")

    output = restore(backup)

    assert list(Artisan.objects.values_list("name_latin", flat=True)) == ["Maryam Karimi"]
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {"evidence/2026/visit.pdf": EVIDENCE}
    assert (
        "The backup has no private files (it was made before they were backed up): the private files in "
        f"{Path(settings.PRIVATE_MEDIA_ROOT).resolve()} are left as they are."
    ) in output.splitlines()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda manifest: manifest["files"].pop("private.tar.gz"), id="format-2-without-it"),
        pytest.param(lambda manifest: manifest.update(format=1), id="format-1-with-it"),
        pytest.param(
            lambda manifest: manifest["files"].update({"notes.txt": manifest["files"]["private.tar.gz"]}),
            id="another-file",
        ),
    ],
)
def test_restore_refuses_a_manifest_that_lists_other_files_than_its_format_has(backup, change):
    (backup / "notes.txt").write_bytes((backup / "private.tar.gz").read_bytes())
    edit_manifest(backup, change)
    sign(backup)
    change_the_site()

    with pytest.raises(CommandError, match=r"manifest\.json is damaged: it lists the files"):
        restore(backup)
    assert_site_unchanged()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_private_archive_changed_since_the_backup(backup, tmp_path):
    with tarfile.open(backup / "private.tar.gz", "w:gz") as archive:
        forged = tmp_path / "forged.pdf"
        forged.write_bytes(b"evidence of the attacker's making")
        archive.add(forged, arcname="evidence/2026/visit.pdf")
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(EVIDENCE)
    change_the_site()

    with pytest.raises(CommandError, match=r"The backup is damaged: .*private\.tar\.gz does not match the checksum"):
        restore(backup)
    assert_site_unchanged()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {"evidence/2026/visit.pdf": EVIDENCE}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_private_archive_that_cannot_be_unpacked_before_replacing_anything(backup):
    (backup / "private.tar.gz").write_bytes(b"not a gzip file")
    edit_manifest(
        backup, lambda manifest: manifest["files"].update({"private.tar.gz": file_summary(backup / "private.tar.gz")})
    )
    sign(backup)
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(EVIDENCE)
    change_the_site()

    with pytest.raises(CommandError, match=r"The archive .*private\.tar\.gz cannot be unpacked"):
        restore(backup)
    assert_site_unchanged()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {"evidence/2026/visit.pdf": EVIDENCE}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("media", "private"),
    [
        pytest.param("media", "media/private", id="private-inside-media"),
        pytest.param("private/media", "private", id="media-inside-private"),
    ],
)
def test_backup_and_restore_of_one_root_inside_the_other_keep_each_to_its_own(settings, tmp_path, media, private):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / media, tmp_path / private
    (tmp_path / media / "artisans").mkdir(parents=True)
    (tmp_path / media / "artisans" / "photo.jpg").write_bytes(PHOTO)
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(EVIDENCE)
    call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    (tmp_path / media / "artisans" / "photo.jpg").write_bytes(b"changed after the backup")
    evidence_file().write_bytes(b"changed after the backup")

    restore(tmp_path / "backup")

    for name, expected in [("media.tar.gz", "artisans/photo.jpg"), ("private.tar.gz", "evidence/2026/visit.pdf")]:
        with tarfile.open(tmp_path / "backup" / name) as archive:
            assert archive.getnames() == [expected]
    outer = tmp_path / Path(media).parts[0]
    assert sorted(path for path in outer.rglob("*") if path.is_file()) == sorted(
        [tmp_path / media / "artisans" / "photo.jpg", evidence_file()]
    )
    assert (tmp_path / media / "artisans" / "photo.jpg").read_bytes() == PHOTO
    assert evidence_file().read_bytes() == EVIDENCE


@pytest.mark.django_db(transaction=True)
def test_restore_of_an_old_backup_never_touches_private_files_inside_the_media(settings, tmp_path):
    # Before private files were backed up, a PRIVATE_MEDIA_ROOT inside MEDIA_ROOT went into media.tar.gz.
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    evidence_file().parent.mkdir(parents=True)
    evidence_file().write_bytes(b"evidence of the old backup's time")
    call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    with tarfile.open(tmp_path / "backup" / "media.tar.gz", "w:gz") as archive:
        archive.add(evidence_file(), arcname="private/evidence/2026/visit.pdf")
    edit_manifest(
        tmp_path / "backup",
        lambda manifest: manifest["files"].update(
            {"media.tar.gz": file_summary(tmp_path / "backup" / "media.tar.gz")}
        ),
    )
    make_old_format(tmp_path / "backup")
    evidence_file().write_bytes(EVIDENCE)

    restore(tmp_path / "backup")

    assert files_under(settings.MEDIA_ROOT) == {"private/evidence/2026/visit.pdf": EVIDENCE}


@pytest.mark.django_db
def test_backup_refuses_private_files_among_the_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT

    with pytest.raises(CommandError, match="DJANGO_PRIVATE_MEDIA_ROOT is DJANGO_MEDIA_ROOT"):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    assert not (tmp_path / "backup").exists()
