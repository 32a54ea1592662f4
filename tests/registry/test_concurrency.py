import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from registry.models import Artisan
from tests.factories import ArtisanFactory

WRITER = """
import django
django.setup()
from registry.models import Artisan
for n in range({count}):
    Artisan.objects.create(name="هنرمند", name_latin="Writer", slug="w{writer}-" + str(n))
"""


def test_concurrent_writers_on_sqlite_wait_and_get_distinct_registry_numbers(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run = {"env": env, "cwd": settings.BASE_DIR, "text": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True, capture_output=True, **run)

    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER.format(count=200, writer=w)], stderr=subprocess.PIPE, **run)
        for w in range(4)
    ]
    results = [(writer.wait(), writer.stderr.read()) for writer in writers]
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from registry.models import Artisan; "
            "numbers = list(Artisan.objects.values_list('registry_number', flat=True)); "
            "print(len(numbers), len(set(numbers)))",
        ],
        check=True,
        capture_output=True,
        **run,
    ).stdout.split()

    assert results == [(0, "")] * 4
    assert count == ["800", "800"]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_get_distinct_registry_numbers():
    errors = []

    def write(writer: int) -> None:
        try:
            for n in range(25):
                Artisan.objects.create(name="هنرمند", name_latin="Writer", slug=f"w{writer}-{n}")
        except Exception as error:  # the assertion below reports it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = list(Artisan.objects.values_list("registry_number", flat=True))
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 100


# One member of staff saving an artisan through the admin again and again: open the change form,
# add a word to the biography, save; when told that someone else saved first, open it again.
ADMIN_WRITER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from tests.admin_helpers import form_data

setup_test_environment()
writer, saves, writers, barrier = {writer}, {saves}, {writers}, Path({barrier!r})
change = "/admin/registry/artisan/{pk}/change/"
client = Client()
client.force_login(get_user_model().objects.get(username=f"writer{{writer}}"))
saved, conflicts = [], 0
for attempt in range(saves * 20):
    if len(saved) == saves:
        break
    data = form_data(client.get(change))
    word = f"w{{writer}}-{{len(saved)}}"
    data["biography_en"] = f"{{data.get('biography_en', '')}} {{word}}".strip()
    if attempt == 0:
        # Everyone holds the same version before the first save, so all but one must be refused.
        (barrier / str(writer)).touch()
        deadline = time.monotonic() + 60
        while len(list(barrier.iterdir())) < writers:
            if time.monotonic() > deadline:
                sys.exit("the other writers never came")
            time.sleep(0.005)
    response = client.post(change, data)
    if response.status_code == 302:
        saved.append(word)
    elif response.status_code == 200 and any(
        error.startswith("This artisan was changed by someone else")
        for error in response.context["adminform"].form.non_field_errors()
    ):
        conflicts += 1
    else:
        sys.exit(f"unexpected answer {{response.status_code}}: {{response.content[:2000]!r}}")
print(json.dumps({{"saved": saved, "conflicts": conflicts}}))
"""

SETUP_ADMIN_WRITERS = """
import django
django.setup()
from django.contrib.auth import get_user_model
from registry.models import Artisan
for writer in range({writers}):
    get_user_model().objects.create_superuser(f"writer{{writer}}", "", None)
print(Artisan.objects.create(name="هنرمند", name_latin="Shared", slug="shared").pk)
"""

READ_BIOGRAPHY = """
import django
django.setup()
from registry.models import Artisan
print(Artisan.objects.get(pk={pk}).biography)
"""


WRITERS, SAVES = 3, 4


def python(code: str, env: dict) -> str:
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, text=True, capture_output=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


def run_admin_writers(env: dict, pk: int, barrier: Path, *, writers: int, saves: int) -> list[tuple]:
    barrier.mkdir()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ADMIN_WRITER.format(writer=w, saves=saves, writers=writers, barrier=str(barrier), pk=pk),
            ],
            env=env,
            cwd=settings.BASE_DIR,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    results = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=300)
            results.append((process.returncode, err, json.loads(out) if process.returncode == 0 else out))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    return results


def assert_every_save_kept_and_every_refusal_reported(results, biography: str, *, writers: int, saves: int):
    assert [(code, err) for code, err, _result in results] == [(0, "")] * writers
    saved = sorted(word for _code, _err, result in results for word in result["saved"])
    assert saved == sorted(f"w{w}-{n}" for w in range(writers) for n in range(saves))
    # Each word appears once: a refused save wrote nothing, and no save overwrote another.
    assert sorted(biography.split()) == saved
    assert sum(result["conflicts"] for _code, _err, result in results) >= writers - 1


def test_concurrent_admin_saves_on_sqlite_lose_nothing(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=settings.BASE_DIR, check=True)
    pk = int(python(SETUP_ADMIN_WRITERS.format(writers=WRITERS), env))

    results = run_admin_writers(env, pk, tmp_path / "barrier", writers=WRITERS, saves=SAVES)

    biography = python(READ_BIOGRAPHY.format(pk=pk), env)
    assert_every_save_kept_and_every_refusal_reported(results, biography, writers=WRITERS, saves=SAVES)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_admin_saves_on_postgresql_lose_nothing(tmp_path, django_user_model):
    for writer in range(WRITERS):
        django_user_model.objects.create_superuser(f"writer{writer}", "", None)
    artisan = ArtisanFactory(biography_en="")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"postgres://{credentials}@{address}/{db['NAME']}"}

    results = run_admin_writers(env, artisan.pk, tmp_path / "barrier", writers=WRITERS, saves=SAVES)

    artisan.refresh_from_db()
    assert_every_save_kept_and_every_refusal_reported(results, artisan.biography, writers=WRITERS, saves=SAVES)
