"""Security headers on every page, and pages whose HTML the Content-Security-Policy can allow in
full: no inline script, no inline style, no event-handler attribute. The browser test
(tests/browser/test_security_policy.py) shows the same pages loading without a violation."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from tests.admin_helpers import url
from tests.factories import ArtisanCraftFactory, ParticipationFactory
from tests.test_admin_pages import ROWS

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: style attributes, <style>
    elements, event-handler attributes, javascript: links and scripts written into the page."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style>")
        # A JSON data block (json_script) is not code, and the policy lets it be.
        self._in_script = tag == "script" and attrs.get("type") != "application/json"
        if self._in_script and not attrs.get("src"):
            self.found.append("<script> without src")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script> with code: {data.strip()[:60]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def policy_of(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


@pytest.fixture
def public_paths():
    link = ArtisanCraftFactory(artisan__name="مریم کریمی", craft__name_en="Kilim")
    participation = ParticipationFactory(artisan=link.artisan)
    participation.crafts_shown.add(link.craft)
    paths = [
        "/",
        "/artisans/",
        link.artisan.get_absolute_url(),
        "/crafts/",
        link.craft.get_absolute_url(),
        "/exhibitions/",
        participation.exhibition.get_absolute_url(),
        "/participations/",
        "/artisans/?q=%3Cscript%3E&craft=abc",  # a page that shows form errors
    ]
    return [prefix + path for prefix in ("", "/fa", "/ar") for path in paths]


def assert_secure(response) -> None:
    assert policy_of(response) == POLICY
    assert {name: response[name] for name in HEADERS} == HEADERS
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_send_the_policy_and_contain_no_inline_code(client, public_paths):
    for path in public_paths:
        response = client.get(path)

        assert response.status_code == 200, path
        assert_secure(response)
        assert inline_code(response.content.decode()) == [], path


def test_csv_export_and_missing_page_send_the_headers_too(client):
    for path, status in [("/artisans/?format=csv", 200), ("/no-such-page/", 404), ("/artisans/no-such-artisan/", 404)]:
        response = client.get(path)

        assert response.status_code == status, path
        assert_secure(response)


def test_admin_pages_send_the_policy_and_contain_no_inline_code(admin_client):
    paths = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        model_name = f"{model._meta.app_label}_{model._meta.model_name}"
        paths += [url(model_name, "changelist"), url(model_name, "add")]
        if model_name in ROWS:
            paths.append(url(model_name, "change", ROWS[model_name].make().pk))

    for path in paths:
        response = admin_client.get(path)

        # django-axes's records are read-only: they have no add page.
        read_only = path.startswith("/admin/axes/") and path.endswith("/add/")
        assert response.status_code == (403 if read_only else 200), path
        assert_secure(response)
        assert inline_code(response.content.decode()) == [], path


def test_admin_login_page_contains_no_inline_code(client):
    response = client.get("/admin/login/")

    assert_secure(response)
    assert inline_code(response.content.decode()) == []


def test_https_responses_carry_hsts_and_secure_cookies(client):
    get_user_model().objects.create_user("editor", password="correct-horse-battery-staple", is_staff=True)

    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery-staple", "next": "/admin/"},
        secure=True,
    )

    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["csrftoken"]["secure"] is True


def test_inline_code_finds_what_the_policy_blocks():
    html = (
        '<p style="color: red">x</p><style>p {}</style><script>alert(1)</script>'
        '<a href="javascript:alert(1)" onclick="go()">y</a><script src="/static/x.js"></script>'
    )

    assert inline_code(html) == [
        "<p style='color: red'>",
        "<style>",
        "<script> without src",
        "<script> with code: alert(1)",
        "<a href='javascript:alert(1)'>",
        "<a onclick='go()'>",
    ]
