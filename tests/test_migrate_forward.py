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

import pytest
from django.conf import settings

BASE = "6d2c924"
# Django's bookkeeping gains rows when the code has new migrations or models; it loses none.
GROWS = {"django_migrations", "django_content_type", "auth_permission"}
CHANGES = (
    "from registry.models import Artisan; from exhibitions.models import Exhibition; "
    "artisan = Artisan.objects.order_by('pk').first(); artisan.workshop_name = 'Changed'; artisan.save(); "
    "exhibition = Exhibition.objects.order_by('pk').first(); exhibition.venue = 'Changed'; exhibition.save()"
)


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=settings.BASE_DIR, capture_output=True, text=True)


def manage(checkout, var_dir, *args: str) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(var_dir),
        "DJANGO_SECRET_KEY": "test-only-secret-key",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(database) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
            if not table.startswith("sqlite_")
        }


@pytest.fixture
def earlier_checkout(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("needs git")
    if git("rev-parse", "--verify", f"{BASE}^{{commit}}").returncode != 0:
        # A shallow clone lacks the earlier version: fetch the history, where the origin can be reached.
        git("fetch", "--quiet", "--unshallow")
        if git("rev-parse", "--verify", f"{BASE}^{{commit}}").returncode != 0:
            pytest.skip(f"needs the project's git history, with {BASE}")
    checkout = tmp_path / "earlier"
    added = git("worktree", "add", "--detach", str(checkout), BASE)
    assert added.returncode == 0, added.stderr
    yield checkout
    git("worktree", "remove", "--force", str(checkout))


def test_a_database_of_the_earlier_version_migrates_forward_with_nothing_lost(earlier_checkout, tmp_path):
    var_dir = tmp_path / "var"
    manage(earlier_checkout, var_dir, "migrate", "--no-input", "-v", "0")
    manage(earlier_checkout, var_dir, "load_demo")
    manage(earlier_checkout, var_dir, "shell", "-c", CHANGES)
    database = var_dir / "registry.sqlite3"
    before = snapshot(database)

    manage(settings.BASE_DIR, var_dir, "migrate", "--no-input", "-v", "0")
    after = snapshot(database)
    manage(settings.BASE_DIR, var_dir, "shell", "-c", CHANGES.replace("'Changed'", "'Changed again'"))
    written = snapshot(database)

    assert before["registry_artisan"]
    assert before["registry_historicalartisan"]
    assert before["crafts_dataversion"]
    for table, rows in before.items():
        if table in GROWS:
            assert set(rows) <= set(after[table]), table
        else:
            assert after[table] == rows, table
    # Tables of models added since start empty.
    added = set(after) - set(before)
    assert [table for table in added if after[table]] == []
    # The triggers still mark every write: the version token changed with the save.
    assert written["crafts_dataversion"] != after["crafts_dataversion"]
