"""Failed admin logins: five for one username from one address lock that pair out (django-axes), twenty
for one account from any addresses refuse it from new ones, and no header lets a client choose its address."""

import datetime
import io
import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct-horse-battery-staple"
LOCKED_OUT = "Too many failed logins for this account from your address."


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each attempt hashes a password: the production hasher would make this module take a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, password, *, username="editor", address="198.51.100.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def fail(client, times, **kwargs):
    return [log_in(client, "wrong", **kwargs).status_code for _attempt in range(times)]


def is_logged_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_four_failed_logins_only_show_the_form_again(client, editor):
    statuses = fail(client, 4)

    response = log_in(client, "wrong")

    assert statuses == [200, 200, 200, 200]
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_lockout_page_explains_the_wait_in_the_admin_layout(client, editor):
    fail(client, 4)

    response = log_in(client, "wrong")

    content = response.content.decode()
    assert response.status_code == 429
    assert "Logging in is blocked for 15 minutes after the last attempt." in content
    assert '<div id="site-name"><a href="/admin/">Artisan and exhibition registry</a></div>' in content
    assert response["Content-Security-Policy"]


def test_correct_password_is_refused_once_locked_out(client, editor):
    fail(client, 5)

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert not is_logged_in(client)


def test_lockout_holds_for_that_username_and_address_only(client, editor):
    get_user_model().objects.create_user("colleague", password=PASSWORD, is_staff=True)
    fail(client, 5, address="198.51.100.7")

    from_elsewhere = log_in(client, PASSWORD, address="203.0.113.20")
    client.logout()
    colleague_at_same_address = log_in(client, PASSWORD, username="colleague", address="198.51.100.7")

    assert (from_elsewhere.status_code, from_elsewhere["Location"]) == (302, "/admin/")
    assert (colleague_at_same_address.status_code, colleague_at_same_address["Location"]) == (302, "/admin/")
    assert is_logged_in(client)


def test_forged_forwarded_for_header_does_not_reset_the_count(client, editor):
    # Without DJANGO_TRUSTED_PROXY_COUNT the header is not read at all.
    statuses = [
        log_in(
            client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}", HTTP_USER_AGENT=f"agent {attempt}"
        ).status_code
        for attempt in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_lockout_ends_fifteen_minutes_after_the_last_failure(client, editor):
    fail(client, 5)
    last_failure = AccessAttempt.objects.get().attempt_time

    AccessAttempt.objects.update(attempt_time=last_failure - datetime.timedelta(minutes=14))
    still_locked = log_in(client, PASSWORD)
    AccessAttempt.objects.update(attempt_time=last_failure - datetime.timedelta(minutes=16))
    unlocked = log_in(client, PASSWORD)

    assert still_locked.status_code == 429
    assert (unlocked.status_code, unlocked["Location"]) == (302, "/admin/")


def test_attempt_during_lockout_starts_the_wait_again(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))

    log_in(client, PASSWORD)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))
    response = log_in(client, PASSWORD)

    # 20 minutes after the fifth failure, but 10 after the last attempt.
    assert response.status_code == 429


def test_successful_login_forgets_earlier_failures(client, editor):
    fail(client, 4)
    log_in(client, PASSWORD)
    client.logout()

    statuses = fail(client, 4)

    assert statuses == [200, 200, 200, 200]
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_admin_created_by_ensure_admin_logs_in_through_the_form(client, monkeypatch):
    # `make run` and CI create the first account this way, then log in through this form.
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", PASSWORD)
    call_command("ensure_admin", stdout=io.StringIO())

    response = log_in(client, PASSWORD, username="admin")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert is_logged_in(client)


def settings_error(**environment: str) -> str:
    """What reading the settings in a new process with these variables writes to stderr."""
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={"PATH": os.environ["PATH"], "DJANGO_SECRET_KEY": "x" * 50, **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    return result.stderr


def client_addresses(proxy_count: str, cases: list[dict[str, str]], proxies: str = "") -> list[str | None]:
    """The address django-axes records for each request's META, in a process started with
    DJANGO_TRUSTED_PROXY_COUNT and DJANGO_TRUSTED_PROXIES set: the settings are read once, at start-up."""
    code = (
        "import json, sys, django; django.setup(); "
        "from django.test import RequestFactory; from axes.helpers import get_client_ip_address; "
        "print(json.dumps([get_client_ip_address(RequestFactory().post('/admin/login/', **meta)) "
        "for meta in json.loads(sys.argv[1])]))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_TRUSTED_PROXY_COUNT": proxy_count,
        "DJANGO_TRUSTED_PROXIES": proxies,
    }
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(cases)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_proxies_the_address_is_the_connection_and_headers_are_ignored():
    cases = [
        {"REMOTE_ADDR": "198.51.100.7"},
        {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.1"},
        {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_REAL_IP": "192.0.2.1", "HTTP_FORWARDED": "for=192.0.2.1"},
    ]

    assert client_addresses("", cases) == ["198.51.100.7"] * 3
    assert client_addresses("0", cases) == ["198.51.100.7"] * 3


def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended():
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    cases = [
        {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.20"},
        # Whatever the client sent before the proxy's entry is ignored, well-formed or not.
        {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.20"},
        {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 192.0.2.2, 203.0.113.20"},
        {**proxy, "HTTP_X_FORWARDED_FOR": "not an address, 203.0.113.20"},
        # A workstation on the office network.
        {**proxy, "HTTP_X_FORWARDED_FOR": "192.168.1.20"},
    ]

    assert client_addresses("1", cases, proxies="127.0.0.1") == ["203.0.113.20"] * 4 + ["192.168.1.20"]
    assert client_addresses("", cases, proxies="127.0.0.0/8,::1") == ["203.0.113.20"] * 4 + ["192.168.1.20"]


def test_behind_two_proxies_the_address_is_second_from_the_right():
    cases = [
        {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "203.0.113.20, 10.0.0.2"},
        {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.20, 10.0.0.2"},
    ]

    assert client_addresses("2", cases, proxies="10.0.0.2,10.0.0.3") == ["203.0.113.20"] * 2
    assert client_addresses("2", cases, proxies="10.0.0.0/24") == ["203.0.113.20"] * 2
    # The second proxy is not trusted: the first trusts what it says, no further.
    assert client_addresses("2", cases, proxies="10.0.0.3") == ["10.0.0.2"] * 2


def test_a_client_that_reaches_the_server_directly_cannot_choose_its_address():
    # One forgotten firewall rule: the header comes from the client itself, not from the proxy.
    cases = [
        {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.1"},
        {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 192.0.2.2"},
    ]

    assert client_addresses("1", cases, proxies="127.0.0.1") == ["198.51.100.7"] * 2
    assert client_addresses("2", cases, proxies="10.0.0.0/8") == ["198.51.100.7"] * 2


def test_a_unix_socket_is_this_machine_and_an_ipv4_address_may_come_mapped():
    cases = [
        {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.20"},
        {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.20"},
        {"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "203.0.113.20"},
    ]

    assert client_addresses("", cases, proxies="127.0.0.1") == ["203.0.113.20", "203.0.113.20", "::1"]
    assert client_addresses("", cases, proxies="10.0.0.2") == ["127.0.0.1", "127.0.0.1", "::1"]


def test_a_proxy_count_without_proxies_stops_the_site():
    # Trusting the header from any connection is what let a direct client choose its address.
    stderr = settings_error(DJANGO_TRUSTED_PROXY_COUNT="1")

    assert "DJANGO_TRUSTED_PROXY_COUNT needs DJANGO_TRUSTED_PROXIES" in stderr


def test_trusted_proxies_must_be_addresses_or_networks():
    stderr = settings_error(DJANGO_TRUSTED_PROXIES="10.0.0.1,proxy")

    assert "DJANGO_TRUSTED_PROXIES must list addresses or networks (10.0.0.5, 10.0.0.0/24), not 'proxy'." in stderr


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]


def test_forged_header_from_a_direct_client_does_not_reset_the_count(client, editor, behind_one_proxy):
    statuses = [
        log_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}").status_code for attempt in range(10)
    ]

    right = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert statuses == [200, 200, 200, 200] + [429] * 6
    assert right.status_code == 429
    assert not is_logged_in(client)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_through_the_proxy_each_client_is_counted_at_its_own_address(client, editor, behind_one_proxy):
    fail(client, 5, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.20")

    elsewhere = log_in(client, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.21")

    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/admin/")


ACCOUNT_LOCKED = "Too many failed logins for this account in the last 60 minutes"


def fail_from_many_addresses(client, count: int, **kwargs) -> list[int]:
    """One failure from each of `count` addresses: no address reaches the limit of its own."""
    return [log_in(client, "wrong", address=f"203.0.113.{index}", **kwargs).status_code for index in range(count)]


def test_twenty_failures_from_rotating_addresses_refuse_the_account_from_new_ones(client, editor):
    statuses = fail_from_many_addresses(client, 20)

    right = log_in(client, PASSWORD, address="192.0.2.50")

    assert statuses == [200] * 19 + [429]
    assert right.status_code == 429
    assert ACCOUNT_LOCKED in right.content.decode()
    assert not is_logged_in(client)


def test_rotating_forged_headers_through_the_proxy_still_meet_the_account_limit(client, editor, behind_one_proxy):
    statuses = [
        log_in(client, "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}").status_code
        for index in range(25)
    ]

    assert statuses == [200] * 19 + [429] * 6


def test_a_stranger_cannot_lock_the_owner_out_of_an_address_they_logged_in_from(client, editor):
    log_in(client, PASSWORD, address="198.51.100.7")  # the office, yesterday
    client.logout()
    fail_from_many_addresses(client, 30)

    at_the_office = log_in(client, PASSWORD, address="198.51.100.7")

    assert (at_the_office.status_code, at_the_office["Location"]) == (302, "/admin/")
    assert is_logged_in(client)


def test_the_account_limit_ends_an_hour_after_the_failures(client, editor):
    fail_from_many_addresses(client, 20)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=61))

    response = log_in(client, PASSWORD, address="192.0.2.50")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_old_failures_past_the_logs_limit_do_not_hide_new_ones(client, editor, settings):
    # The failure log keeps a number of failures per username; the newest must be the ones kept.
    settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 30
    long_ago = timezone.now() - datetime.timedelta(days=2)
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username="editor", ip_address="192.0.2.1", user_agent="", attempt_time=long_ago)
        for _failure in range(30)
    )
    AccessFailureLog.objects.update(attempt_time=long_ago)  # auto_now_add set it on insert

    statuses = fail_from_many_addresses(client, 20)

    assert statuses == [200] * 19 + [429]
    assert AccessFailureLog.objects.count() == 30
    assert AccessFailureLog.objects.filter(attempt_time=long_ago).count() == 10


def test_the_account_limit_counts_that_account_only(client, editor):
    get_user_model().objects.create_user("colleague", password=PASSWORD, is_staff=True)
    fail_from_many_addresses(client, 25)

    response = log_in(client, PASSWORD, username="colleague", address="192.0.2.50")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize("variant", [" editor", "editor ", "ｅｄｉｔｏｒ", "\u212aelvin"])
def test_username_variants_that_log_into_the_account_count_against_it(client, editor, variant):
    if variant == "\u212aelvin":  # KELVIN SIGN: NFKC makes it the Latin K
        get_user_model().objects.create_user("Kelvin", password=PASSWORD, is_staff=True)
        username = "Kelvin"
    else:
        username = "editor"
    assert log_in(client, PASSWORD, username=variant).status_code == 302  # the form takes it as the account
    client.logout()

    statuses = [log_in(client, "wrong", username=name).status_code for name in [variant, username, variant] * 2]
    response = log_in(client, PASSWORD, username=username)

    assert statuses == [200] * 4 + [429] * 2
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {username}


def test_proxy_count_must_be_a_whole_number():
    stderr = settings_error(DJANGO_TRUSTED_PROXY_COUNT="one")

    assert "DJANGO_TRUSTED_PROXY_COUNT must be a whole number" in stderr
