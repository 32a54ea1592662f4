"""A query or form past Django's DATA_UPLOAD_* limits gets the site's 400 page, DEBUG on or off.

With DEBUG on, Django's debug page reads request.GET to show the error, raises again and answers
500 instead; common/middleware.py refuses such a request before anything reads it.
"""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import get_resolver

from tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

TOO_MANY_FIELDS = [(f"a{i}", "1") for i in range(1_200)]  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1,000
PAGES = ["/", "/artisans/", "/crafts/", "/exhibitions/", "/participations/", "/fa/artisans/", "/admin/login/"]
LOGIN = "/admin/login/"


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def bad_request_page():
    """The body of the 400 page production shows: whatever the project's 400 handler renders."""
    handler = get_resolver().resolve_error_handler(400)
    return handler(RequestFactory().get("/"), exception=SuspiciousOperation()).content


@pytest.mark.parametrize("path", PAGES)
def test_too_many_query_fields_get_the_bad_request_page(client, debug, bad_request_page, path):
    response = client.get(f"{path}?{urlencode(TOO_MANY_FIELDS)}")

    assert (response.status_code, response.content) == (400, bad_request_page)


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=BoUnDaRy"]
)
def test_too_many_form_fields_get_the_bad_request_page(client, debug, bad_request_page, content_type):
    if content_type.startswith("multipart/"):
        body = "".join(
            f'--BoUnDaRy\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in TOO_MANY_FIELDS
        )
        body += "--BoUnDaRy--\r\n"
    else:
        body = urlencode(TOO_MANY_FIELDS)

    response = client.post(LOGIN, body, content_type=content_type)

    assert (response.status_code, response.content) == (400, bad_request_page)


def test_too_big_a_form_gets_the_bad_request_page(client, debug, bad_request_page, settings):
    too_long = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.post(LOGIN, urlencode({"username": too_long}), content_type="application/x-www-form-urlencoded")

    assert (response.status_code, response.content) == (400, bad_request_page)


def test_too_many_files_get_the_bad_request_page(client, debug, bad_request_page, settings):
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]

    response = client.post(LOGIN, {"username": "editor", "file": files})

    assert (response.status_code, response.content) == (400, bad_request_page)


def test_a_form_in_another_charset_gets_the_bad_request_page(client, debug, bad_request_page):
    body = urlencode({"username": "é"}, encoding="latin-1")

    response = client.post(LOGIN, body, content_type="application/x-www-form-urlencoded; charset=latin-1")

    assert (response.status_code, response.content) == (400, bad_request_page)


def test_refusal_carries_the_security_headers(client):
    response = client.get(f"/artisans/?{urlencode(TOO_MANY_FIELDS)}")

    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_refusal_is_logged_once_as_a_security_event(client, caplog):
    caplog.set_level(logging.INFO)

    client.get(f"/artisans/?{urlencode(TOO_MANY_FIELDS)}")

    assert [(record.name, record.levelname, record.status_code) for record in caplog.records] == [
        ("django.security.TooManyFieldsSent", "ERROR", 400)
    ]


def test_a_json_body_over_the_form_limit_is_left_to_the_view(client, debug, settings):
    body = '{"username": "%s"}' % ("x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    response = client.post(LOGIN, body, content_type="application/json")

    assert response.status_code == 200
    assert response.context["form"].data == {}


def test_an_ordinary_request_is_answered_as_before(client, debug):
    ArtisanFactory(name_latin="Maryam Karimi")

    response = client.get("/artisans/?q=Maryam&page=1")

    assert response.status_code == 200
    assert [artisan.name_latin for artisan in response.context["object_list"]] == ["Maryam Karimi"]


def test_an_ordinary_login_form_is_answered_as_before(client, debug, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("editor", "editor@example.org", "correct-horse-battery-staple")

    response = client.post(
        LOGIN, {"username": "editor", "password": "correct-horse-battery-staple", "next": "/admin/"}
    )

    assert (response.status_code, response["Location"]) == (302, "/admin/")


# The development server, as `make run` starts it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int, *, within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_runserver_in_debug_mode_answers_too_many_fields_with_400(settings, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=60)
    port = free_port()
    log = tmp_path / "runserver.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, stdout=output, stderr=output
        )
        try:
            wait_for_server(port, within=15)
            status = status_of(f"http://127.0.0.1:{port}/artisans/?{urlencode(TOO_MANY_FIELDS)}")
        finally:
            server.terminate()
            server.wait(timeout=10)

    assert status == 400, log.read_text()
