"""Every admin form fits the window: no page wider than a 1280 px desktop or a 390 px phone, in Persian
(right to left) and in English. Rows too wide for the form, such as an exhibition's participants,
scroll inside their own box."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from common.roles import VIEWER
from tests.test_admin_pages import ROWS

pytestmark = pytest.mark.django_db(transaction=True)

DIRECTIONS = {"fa": "rtl", "en": "ltr"}
WINDOWS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The page scrolls sideways when its content is wider than the window; a pixel is rounding.
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("layout", "layout@example.org", None)


@pytest.fixture
def records():
    """A row of every model in the admin, with what its form shows filled in."""
    for row in ROWS.values():
        row.make()
    # The roles' migration made the groups, unless an earlier test of the run emptied the database.
    viewer, _created = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    attempt = {"username": "clerk", "ip_address": "198.51.100.7", "user_agent": "Firefox"}
    attempt["path_info"] = "/admin/login/"
    AccessAttempt.objects.create(**attempt, http_accept="*/*", get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**attempt, http_accept="*/*")
    AccessFailureLog.objects.create(**attempt, http_accept="*/*", locked_out=False)


def admin_forms(request) -> list[str]:
    """Each registered model's add form, where one may add, and the change form of one of its rows."""
    forms = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(request):
            forms.append(reverse(f"{name}_add"))
        forms.append(reverse(f"{name}_change", args=[model._default_manager.order_by("pk").first().pk]))
    return forms


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("window", WINDOWS)
def test_every_admin_form_fits_the_window(page, live_server, rf, superuser, records, language, window):
    request = rf.get("/admin/")
    request.user = superuser
    client = Client()
    client.force_login(superuser)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    page.set_viewport_size(WINDOWS[window])
    too_wide = {}

    for form in admin_forms(request):
        page.goto(form)
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, DIRECTIONS[language])
        width = page.evaluate(PAGE_WIDTH)
        if width > WINDOWS[window]["width"] + 1:
            too_wide[form] = width

    assert too_wide == {}
