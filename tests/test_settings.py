import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings


def settings_for(env: dict[str, str]) -> dict:
    """The settings module as a fresh process with exactly this environment computes them."""
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
        "'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False), "
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'cache': s.CACHES['default']}, default=str))"
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


def test_default_cache_is_a_file_cache_under_var(tmp_path):
    computed = settings_for({"DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path)})

    assert computed["cache"] == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str((tmp_path / "cache").resolve()),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


def test_redis_url_selects_a_cache_shared_through_redis():
    computed = settings_for({"DJANGO_DEBUG": "1", "REDIS_URL": "redis://cache.internal:6379/2"})

    assert computed["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }


def test_an_empty_redis_url_keeps_the_file_cache(tmp_path):
    computed = settings_for({"DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path), "REDIS_URL": ""})

    assert computed["cache"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_a_redis_url_that_is_not_one_is_refused():
    computed = settings_for({"DJANGO_DEBUG": "1", "REDIS_URL": "cache.internal:6379"})

    assert "REDIS_URL must be a redis://, rediss:// or unix:// URL" in computed["error"]


# A cache shared by several application hosts, through the Redis of this machine (and of CI)

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_is_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def on_a_host(var_dir, code: str) -> str:
    """What `manage.py shell -c CODE` prints on an application host of its own, sharing only REDIS_URL."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(var_dir),
        "REDIS_URL": TEST_REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hosts_with_the_same_redis_url_share_one_cache(tmp_path):
    if not redis_is_reachable():
        # tests/conftest.py turns this skip into a failure in CI, where Redis must be running.
        pytest.skip("needs Redis on 127.0.0.1:6379")

    key = f"registry-test-{uuid.uuid4().hex}"
    # The backend's own class, not the proxy `cache` is: which cache each host really uses.
    cache = "from django.core.cache import caches; cache = caches['default']; backend = type(cache).__name__; "
    try:
        written = on_a_host(
            tmp_path / "host-a", cache + f"cache.set({key!r}, {{'artisans': 1776}}, 60); print(backend)"
        )
        read = on_a_host(tmp_path / "host-b", cache + f"print(backend, cache.get({key!r}))")
    finally:
        client = redis.Redis.from_url(TEST_REDIS_URL)
        stored = list(client.scan_iter(match=f"*{key}*"))
        if stored:
            client.delete(*stored)
        client.close()

    assert written == "RedisCache"
    assert read == "RedisCache {'artisans': 1776}"
    assert stored, "the key was not written to the Redis database the test cleans up"
