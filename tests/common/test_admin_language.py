"""The admin speaks the language each member of staff chooses, kept between sessions; until then the
office's (DJANGO_ADMIN_LANGUAGE, Persian by default). Public pages keep the language of their address."""

import csv
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from common.models import StaffPreferences
from exhibitions.exports import participation_columns
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-7c1d"
SWITCH = reverse("admin-language")
INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def _persian_office(settings):
    settings.ADMIN_LANGUAGE = "fa"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_superuser("clerk", password=PASSWORD)


def log_in(client):
    return client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD, "next": INDEX})


def language_of(response) -> tuple[str, str]:
    html = response.content.decode()
    start = html.index("<html")
    tag = html[start : html.index(">", start)]
    return tag.split('lang="')[1].split('"')[0], tag.split('dir="')[1].split('"')[0]


def test_a_new_clerk_reads_the_admin_in_the_offices_language(client, clerk):
    log_in(client)

    response = client.get(INDEX)

    assert language_of(response) == ("fa", "rtl")
    assert "سامانه ثبت هنرمندان و نمایشگاه‌ها" in response.content.decode()
    assert response["Content-Language"] == "fa"


def test_the_login_page_is_in_the_offices_language(client):
    response = client.get(reverse("admin:login"))

    assert language_of(response) == ("fa", "rtl")


def test_the_choice_is_kept_for_the_next_session(client, clerk):
    log_in(client)

    switched = client.post(SWITCH, {"language": "en", "next": "/admin/registry/"})
    page = client.get("/admin/registry/")
    client.logout()
    client.cookies.clear()  # another browser: the choice is the account's, not the cookie's
    log_in(client)
    next_session = client.get(INDEX)

    assert (switched.status_code, switched["Location"]) == (302, "/admin/registry/")
    assert language_of(page) == ("en", "ltr")
    assert StaffPreferences.objects.get(user=clerk).admin_language == "en"
    assert language_of(next_session) == ("en", "ltr")


def test_each_clerk_has_their_own_language(client, clerk, django_user_model):
    django_user_model.objects.create_superuser("colleague", password=PASSWORD)
    log_in(client)
    client.post(SWITCH, {"language": "ar"})
    client.logout()
    client.cookies.clear()

    client.post(reverse("admin:login"), {"username": "colleague", "password": PASSWORD, "next": INDEX})

    assert language_of(client.get(INDEX)) == ("fa", "rtl")


def test_before_logging_in_the_choice_is_kept_by_the_browser(client):
    response = client.post(SWITCH, {"language": "ar", "next": reverse("admin:login")})
    login_page = client.get(reverse("admin:login"))

    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME]["httponly"]
    assert language_of(login_page) == ("ar", "rtl")
    assert StaffPreferences.objects.count() == 0


def test_the_admins_language_leaves_the_public_pages_alone(client, clerk):
    log_in(client)
    client.post(SWITCH, {"language": "ar"})

    assert language_of(client.get("/")) == ("en", "ltr")
    assert language_of(client.get("/fa/")) == ("fa", "rtl")


def test_every_admin_page_offers_the_switch_with_the_current_language_marked(client, clerk):
    log_in(client)

    html = client.get(reverse("admin:registry_artisan_changelist")).content.decode()

    assert f'action="{SWITCH}"' in html
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html
    assert 'value="fa" lang="fa" aria-current="true" disabled>فارسی</button>' in html
    assert 'value="ar" lang="ar">العربيّة</button>' in html
    assert 'name="next" value="/admin/registry/artisan/"' in html


@pytest.mark.parametrize("language", ["de", "", "../en"])
def test_an_unknown_language_is_refused(client, clerk, language):
    log_in(client)

    response = client.post(SWITCH, {"language": language})

    assert response.status_code == 400
    assert not StaffPreferences.objects.exists()


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_switch_goes_back_only_to_this_site(client, clerk, next_page):
    log_in(client)

    response = client.post(SWITCH, {"language": "en", "next": next_page})

    assert response["Location"] == INDEX


def test_the_switch_takes_only_a_form_sent_from_the_site(clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)

    assert client.get(SWITCH).status_code == 405
    assert client.post(SWITCH, {"language": "en"}).status_code == 403
    assert not StaffPreferences.objects.exists()


def test_the_export_of_participants_speaks_the_admins_language(client, clerk):
    participation = ParticipationFactory()
    log_in(client)

    response = client.post(
        reverse("admin:exhibitions_participation_changelist"),
        {"action": "export_participants", "_selected_action": [participation.pk]},
    )

    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    with translation.override("fa"):
        assert header == [str(column.header) for column in participation_columns(include_private=True)]
    assert header[0] != "registry number"


def settings_of(**environment: str) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_LANGUAGE)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "x" * 50,
            **environment,
        },
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_the_offices_language_is_persian_unless_set():
    assert settings_of().stdout.strip() == "fa"
    assert settings_of(DJANGO_ADMIN_LANGUAGE="ar").stdout.strip() == "ar"
    assert (
        "DJANGO_ADMIN_LANGUAGE must be one of en, fa, ar, not 'de'" in settings_of(DJANGO_ADMIN_LANGUAGE="de").stderr
    )
