"""A database made by an earlier version of the registry migrates forward with nothing lost.

The earlier version is checked out of git (a worktree at BASE), makes an SQLite database, loads the
demo data and changes some records (history rows); today's code then migrates it, and every
table's rows are compared. BASE is the last version before the shared machinery moved to the
common app, DataVersion with it (its table stays `crafts_dataversion`).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from common import totals

BASE = "6d2c924"
# Django's bookkeeping gains rows when the code has new migrations or models, and the roles gain the
# permissions of new models (and the juror's group); none loses a row.
GROWS = {"django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}
# Not records: the version tokens (one for the registry then, one per table now) and the totals.
VERSIONS = {"crafts_dataversion"}
CHANGES = (
    "from registry.models import Artisan; from exhibitions.models import Exhibition; "
    "artisan = Artisan.objects.order_by('pk').first(); artisan.workshop_name = 'Changed'; artisan.save(); "
    "exhibition = Exhibition.objects.order_by('pk').first(); exhibition.venue = 'Changed'; exhibition.save()"
)


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=settings.BASE_DIR, capture_output=True, text=True)


def manage(checkout, var_dir, *args: str, database_url: str | None = None) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(var_dir),
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        **({"DATABASE_URL": database_url} if database_url else {}),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# Texts in one language became three columns (the migrations named "languages"): the old column's
# value is the English one's, or the Persian one's where it was written in the Persian script.
SPLIT_INTO_LANGUAGES = {"description", "venue", "biography", "official_status", "note", "award"}
# Columns added since, filled from others by their migration.
DERIVED = {"search_key", "name_key", "name_order", "latin_order"}


# The tables the database keeps counts in (common.totals, common.row_counts): counted afresh by
# the migrate that makes them.
TOTALS = {summary.db_table for summary in totals.summary_tables()} | {"common_tablerows"}
# The artisans' trigram index and its shadow tables.
TEXT_INDEX = "registry_artisan_text"


def snapshot(database) -> dict[str, list[dict]]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: sorted((dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')), key=repr)
            for table in tables
            if not table.startswith("sqlite_")
        }


# Columns added since that are not texts, with the value every earlier row gets.
ADDED_SINCE = {"registration_status": "pending", "registration_valid_until": None, "publish_sales_totals": 0}


def as_migrated(table: str, row: dict, migrated_columns: set[str]) -> dict:
    """What ``row`` of the earlier version should read after the migrations, in today's columns."""
    expected = {}
    for column, value in row.items():
        if column in SPLIT_INTO_LANGUAGES and f"{column}_en" in migrated_columns:
            expected |= {f"{column}_en": value, f"{column}_fa": "", f"{column}_ar": ""}
        else:
            expected[column] = value
    for column in migrated_columns - set(expected) - DERIVED:
        # A text added since: empty in every row, never NULL; other columns take their default.
        expected[column] = ADDED_SINCE.get(column, "")
    return expected


def comparable(rows: list[dict]) -> list[dict]:
    return sorted(({k: v for k, v in row.items() if k not in DERIVED} for row in rows), key=repr)


def checkout_of(version: str, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("needs git")
    if git("rev-parse", "--verify", f"{version}^{{commit}}").returncode != 0:
        # A shallow clone lacks the earlier version: fetch the history, where the origin can be reached.
        git("fetch", "--quiet", "--unshallow")
        if git("rev-parse", "--verify", f"{version}^{{commit}}").returncode != 0:
            pytest.skip(f"needs the project's git history, with {version}")
    checkout = tmp_path / f"earlier-{version}"
    added = git("worktree", "add", "--detach", str(checkout), version)
    assert added.returncode == 0, added.stderr
    return checkout


@pytest.fixture
def earlier_checkout(tmp_path):
    checkout = checkout_of(BASE, tmp_path)
    yield checkout
    git("worktree", "remove", "--force", str(checkout))


# A version whose database already had triggers on its tables (the totals', the versions'): SQLite
# refuses to put a rebuilt table in place while another table's trigger names it.
WITH_TRIGGERS = "ed87167"


@pytest.fixture
def checkout_with_triggers(tmp_path):
    checkout = checkout_of(WITH_TRIGGERS, tmp_path)
    yield checkout
    git("worktree", "remove", "--force", str(checkout))


def test_a_database_with_triggers_migrates_forward_and_keeps_counting(checkout_with_triggers, tmp_path):
    var_dir = tmp_path / "var"
    manage(checkout_with_triggers, var_dir, "migrate", "--no-input", "-v", "0")
    manage(checkout_with_triggers, var_dir, "load_demo")

    manage(settings.BASE_DIR, var_dir, "migrate", "--no-input", "-v", "0")

    assert "wrong" not in manage(settings.BASE_DIR, var_dir, "check_totals")
    # Today's code writes, its triggers count: an artisan withdrawn from the public pages.
    manage(settings.BASE_DIR, var_dir, "shell", "-c", WITHDRAW)
    assert "wrong" not in manage(settings.BASE_DIR, var_dir, "check_totals")
    found = manage(settings.BASE_DIR, var_dir, "shell", "-c", SEARCH)
    assert found.split()[-2:] == ["1", "1"]


WITHDRAW = (
    "from registry.models import Artisan; "
    "Artisan.objects.filter(pk=Artisan.objects.published().order_by('pk').first().pk).update(status='draft')"
)
# The name search's index holds the artisans the earlier version recorded: an artisan's surname is
# found, through the index and through the table alike.
SEARCH = (
    "from registry.models import Artisan; from registry.search import ARTISAN_TEXT; "
    "from common.filters import containing_every_word as find; "
    "word = Artisan.objects.order_by('pk').last().name.split()[-1]; "
    "fields = ('name', 'name_latin', 'registry_number'); "
    "print(min(1, find(Artisan.objects.all(), word, fields, 'search_key', ARTISAN_TEXT).count()), "
    "min(1, find(Artisan.objects.all(), word, fields, 'search_key').count()))"
)


def test_a_database_of_the_earlier_version_migrates_forward_with_nothing_lost(earlier_checkout, tmp_path):
    var_dir = tmp_path / "var"
    manage(earlier_checkout, var_dir, "migrate", "--no-input", "-v", "0")
    manage(earlier_checkout, var_dir, "load_demo")
    manage(earlier_checkout, var_dir, "shell", "-c", CHANGES)
    database = var_dir / "registry.sqlite3"
    before = snapshot(database)

    manage(settings.BASE_DIR, var_dir, "migrate", "--no-input", "-v", "0")
    after = snapshot(database)
    today_changes = CHANGES.replace("'Changed'", "'Changed again'").replace("exhibition.venue", "exhibition.venue_en")
    manage(settings.BASE_DIR, var_dir, "shell", "-c", today_changes)
    written = snapshot(database)

    assert before["registry_artisan"]
    assert before["registry_historicalartisan"]
    assert before["crafts_dataversion"]
    for table, rows in before.items():
        if table in VERSIONS:
            continue
        if table in GROWS:
            assert {repr(row) for row in rows} <= {repr(row) for row in after[table]}, table
        else:
            columns = set(after[table][0]) if after[table] else set()
            assert comparable(after[table]) == comparable([as_migrated(table, row, columns) for row in rows]), table
    # The demo's texts of that version were English: none moved to the Persian column.
    assert {row["venue_en"] for row in after["exhibitions_exhibition"]} >= {"Changed"}
    # Tables of models added since start empty, but for the totals the database keeps: counted
    # from the rows that were there, and still right after today's code writes.
    added = set(after) - set(before)
    derived = {table for table in added if table.startswith(TEXT_INDEX)}
    assert [table for table in added - derived if after[table] and table not in TOTALS] == []
    assert all(after[table] for table in TOTALS)
    # The name search's index (SQLite's FTS5, common.text_index) holds every artisan there was.
    assert len(after[f"{TEXT_INDEX}_docsize"]) == len(after["registry_artisan"])
    assert "right" in manage(settings.BASE_DIR, var_dir, "check_totals")
    # The triggers still mark every write: the version token changed with the save.
    assert written["crafts_dataversion"] != after["crafts_dataversion"]
    assert "wrong" not in manage(settings.BASE_DIR, var_dir, "check_totals")


@pytest.fixture
def scratch_postgresql_database():
    """A database of its own on the tests' PostgreSQL server, dropped afterwards."""
    import psycopg

    server = settings.DATABASES["default"]
    address = f"{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
    name = f"migrate_forward_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"postgresql://{server['USER']}{password}@{address}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgres://{server['USER']}{password}@{address}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgresql
def test_a_postgresql_database_full_of_records_migrates_forward(
    earlier_checkout, tmp_path, scratch_postgresql_database
):
    """On PostgreSQL the data version's triggers fire at commit, and a table with pending trigger
    events cannot be altered: a migration that writes rows and then alters their table fails there
    only, and only when the table has rows."""
    url = scratch_postgresql_database
    var_dir = tmp_path / "var"
    manage(earlier_checkout, var_dir, "migrate", "--no-input", "-v", "0", database_url=url)
    manage(earlier_checkout, var_dir, "load_demo", database_url=url)
    manage(
        earlier_checkout, var_dir, "generate_data", "--seed", "1", "--artisans", "300", "--exhibitions", "5",
        "--participations", "600", "--force", database_url=url,
    )  # fmt: skip
    manage(earlier_checkout, var_dir, "shell", "-c", CHANGES, database_url=url)

    manage(settings.BASE_DIR, var_dir, "migrate", "--no-input", "-v", "0", database_url=url)

    checked = manage(settings.BASE_DIR, var_dir, "shell", "-c", CHECK_MIGRATED, database_url=url)
    assert checked.splitlines()[-1].split() == ["318", "0", "0", "0", "Changed"]


# Every artisan (300 generated and 18 samples) got its keys (the name key too), and the
# exhibition's venue its column.
CHECK_MIGRATED = (
    "from registry.models import Artisan; from exhibitions.models import Exhibition; "
    "print(Artisan.objects.count(), Artisan.objects.filter(search_key='').count(), "
    "Artisan.objects.filter(latin_order='').count(), Artisan.objects.filter(name_key='').count(), "
    "Exhibition.objects.order_by('pk').first().venue_en)"
)
