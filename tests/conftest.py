import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import translation

# In CI every test must run: a skip there means a missing browser or database, which is a failure.
# The exceptions are a test of one database during the other's pass.
STRICT_SKIPS = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ONE_DATABASE = {"postgresql", "sqlite"}


def pytest_collection_modifyitems(config, items):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    reason = {"postgresql": "needs PostgreSQL (set DATABASE_URL)", "sqlite": "tests what only SQLite has"}[other]
    for item in items:
        if item.get_closest_marker(other):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if STRICT_SKIPS and report.skipped and not any(item.get_closest_marker(name) for name in ONE_DATABASE):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request to /fa/ or /ar/ leaves its language active in the thread, and reverse() outside a
    # request would then build /ar/ addresses: start each test in English and leave none behind.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _no_cache(settings):
    # Pages are tested as computed from the data; tests/common/test_summaries.py tests the caching.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage of production needs collectstatic first; templates only need URLs here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def cold_content_type_cache():
    # Change forms look up their model's content type once per process; start cold so their query
    # counts do not depend on which test ran first.
    ContentType.objects.clear_cache()


def pytest_sessionstart(session):
    # CI names the database each pass must run on, so a pass cannot quietly test the wrong one.
    expected = os.environ.get("REGISTRY_EXPECT_DATABASE")
    if expected and connection.vendor != expected:
        raise pytest.UsageError(f"Expected to test on {expected}, but the database is {connection.vendor}.")


@pytest.fixture
def other_admin_client(django_user_model):
    """A second member of staff, for two people editing the same record at the same time."""
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("other-admin", "other@example.org", None))
    return client
