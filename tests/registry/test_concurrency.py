import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection

from registry.models import Artisan

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
