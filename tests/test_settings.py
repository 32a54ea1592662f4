import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


def settings_for(env: dict[str, str]) -> dict:
    """The settings module as a fresh process with exactly this environment computes them."""
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
        "'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False), "
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0)}, default=str))"
    )
    base = {"PATH": os.environ["PATH"], "DJANGO_VAR_DIR": env.pop("DJANGO_VAR_DIR", "/tmp/registry-var")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_default_database_is_sqlite_under_var(tmp_path):
    computed = settings_for({"DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path)})

    assert computed["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert computed["db"]["NAME"] == str(tmp_path / "registry.sqlite3")
    assert computed["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_opens_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == ["wal", "20000"]


def test_database_url_selects_postgresql():
    computed = settings_for({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://registry@db.internal:5432/registry"})

    assert computed["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert computed["db"]["HOST"] == "db.internal"
    assert computed["db"]["NAME"] == "registry"


def test_postgresql_connections_price_index_lookups_for_ssds_unless_told_otherwise():
    url = {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://registry@db.internal:5432/registry"}

    assert settings_for(dict(url))["db"]["OPTIONS"]["options"] == "-c random_page_cost=1.1"
    assert settings_for({**url, "DJANGO_PG_RANDOM_PAGE_COST": "2"})["db"]["OPTIONS"]["options"] == (
        "-c random_page_cost=2.0"
    )
    assert "options" not in settings_for({**url, "DJANGO_PG_RANDOM_PAGE_COST": ""})["db"].get("OPTIONS", {})


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_planner_setting_reaches_the_postgresql_session():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_production_refuses_to_start_without_a_secret_key():
    computed = settings_for({})

    assert "DJANGO_SECRET_KEY must be set" in computed["error"]


@pytest.mark.parametrize("debug", ["", "0", "false"])
def test_debug_is_off_unless_set(debug):
    computed = settings_for({"DJANGO_DEBUG": debug, "DJANGO_SECRET_KEY": "x" * 60})

    assert computed["debug"] is False
    assert computed["hosts"] == []
    assert computed["ssl"] is True
    assert computed["hsts"] >= 31536000
