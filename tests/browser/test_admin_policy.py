"""Every kind of admin page keeps to the Content-Security-Policy in a real browser, with the demo data:
the index and app pages, the changelist, add, change and History pages of every registered model,
the History of a record with many versions (its paginator and diffs), an old version and its revert,
the delete confirmations, the password pages and logging out; and the History page as a viewer sees it.

The models come from the admin's registry, so a newly registered model is checked without a change here.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from common import roles
from exhibitions.models import Exhibition
from registry.models import Artisan, Person
from tests.factories import PersonFactory

expect = pytest.importorskip("playwright.sync_api").expect


pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-9f2c"
# django-simple-history shows 100 versions a page; a few, here, so that a handful of saves paginate.
VERSIONS_PER_PAGE = 3
SAVES = 5


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@pytest.fixture
def superuser(demo):
    return get_user_model().objects.create_superuser("editor", password=PASSWORD)


@pytest.fixture
def viewer_group():
    """The "registry viewer" group of the data migration, made again as the migration makes it when an
    earlier transactional test's flush emptied the table (serialized_rollback would bring it back, but
    clashes with the content types that the flush creates again)."""
    group, created = Group.objects.get_or_create(name=roles.VIEWER)
    if created:
        group.permissions.set(roles.permissions(Permission.objects.all(), ("view",)))
    return group


@pytest.fixture
def short_history_pages(monkeypatch):
    # A ModelAdmin attribute, not a setting; the live server's thread uses the same admin objects.
    for model in (Artisan, Exhibition):
        monkeypatch.setattr(admin.site._registry[model], "history_list_per_page", VERSIONS_PER_PAGE)


@pytest.fixture
def artisan(demo):
    artisan = Artisan.objects.filter(participations__isnull=False).order_by("pk").first()
    for n in range(SAVES):
        artisan.workshop_name = f"Workshop {n}"
        artisan.save()
    return artisan


@pytest.fixture
def exhibition(demo):
    exhibition = Exhibition.objects.get(slug="ilam-handicrafts-kut-2025-10")
    for n in range(SAVES):
        exhibition.venue_en = f"Hall {n}"
        exhibition.save()
    return exhibition


def log_in(page, username: str) -> None:
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_attached()


def visit(page, path: str) -> None:
    response = page.goto(path)

    assert response.status == 200, path
    assert urlsplit(page.url).path == path, f"{path} went to {page.url}"  # not to the login page


def settle(page) -> None:
    """Reports of the last page arrive asynchronously: give them a moment before the assertion."""
    page.wait_for_timeout(300)


def history_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[quote(obj.pk)])


def check_history_page(page, obj) -> None:
    """The History page of `obj`, saved SAVES times: its paginator with a second page, and diffs."""
    visit(page, history_url(obj))
    paginator = page.locator("#change-history + p.paginator")

    expect(paginator).to_be_visible()
    expect(paginator).to_have_css("border-top-width", "0px")  # the inline style's rule, from static/css/admin.css
    expect(paginator.get_by_role("link", name="2")).to_be_visible()
    expect(page.locator("#change-history li").first).to_contain_text("→")


def test_every_registered_model_keeps_to_the_policy(page, violations, superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    log_in(page, "editor")
    pages = [reverse("admin:index")]
    pages += [
        reverse("admin:app_list", kwargs={"app_label": app_label})
        for app_label in sorted({model._meta.app_label for model in admin.site._registry})
    ]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages += [reverse(f"{name}_change", args=[quote(obj.pk)]), history_url(obj)]

    for path in pages:
        visit(page, path)
    settle(page)

    assert len(pages) > 3 * len(admin.site._registry)
    assert violations == []


def test_history_versions_and_revert_keep_to_the_policy(
    page, violations, superuser, short_history_pages, artisan, exhibition
):
    log_in(page, "editor")

    check_history_page(page, exhibition)
    check_history_page(page, artisan)
    page.locator("#change-history + p.paginator").get_by_role("link", name="2").click()
    expect(page.locator("#change-history + p.paginator .this-page")).to_have_text("2")
    # An old version, whose page asks to confirm the revert; then the revert.
    page.locator("#change-history tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revert {artisan}")
    page.get_by_role("button", name="Revert").last.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    settle(page)

    assert violations == []


def test_deletes_password_pages_and_logout_keep_to_the_policy(page, violations, superuser, artisan):
    unreferenced = PersonFactory(name_en="Nobody refers to me")
    log_in(page, "editor")

    # A filtered changelist, searched.
    visit(page, reverse("admin:registry_artisan_changelist"))
    with page.expect_navigation():
        page.locator("#changelist-filter li:not(.selected) a").first.click()
    page.locator("#searchbar").fill("a")
    page.locator("#searchbar").press("Enter")
    expect(page).to_have_url(re.compile(r"\?.*q=a"))
    expect(page.locator("#changelist-filter li.selected a").nth(1)).to_be_visible()
    # The delete pages: one refused (participations refer to the artisan), one allowed.
    visit(page, reverse("admin:registry_artisan_delete", args=[artisan.pk]))
    expect(page.locator(".errornote")).to_be_visible()
    visit(page, reverse("admin:registry_person_delete", args=[unreferenced.pk]))
    expect(page.get_by_role("button", name="Yes, I’m sure")).to_be_visible()
    # The "delete selected" action.
    visit(page, reverse("admin:registry_artisan_changelist"))
    page.locator("input.action-select").nth(0).check()
    page.locator("input.action-select").nth(1).check()
    page.locator("select[name=action]").select_option("delete_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("#content h1")).to_be_visible()
    assert page.url.endswith(reverse("admin:registry_artisan_changelist"))
    # The password pages, one's own and a user's.
    visit(page, reverse("admin:password_change"))
    visit(page, reverse("admin:auth_user_password_change", args=[superuser.pk]))
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logged out")
    settle(page)

    assert Person.objects.filter(pk=unreferenced.pk).exists()
    assert Artisan.objects.filter(pk=artisan.pk).exists()
    assert violations == []


def test_viewer_history_pages_keep_to_the_policy(page, violations, short_history_pages, artisan, viewer_group):
    viewer = get_user_model().objects.create_user("viewer", password=PASSWORD, is_staff=True)
    viewer.groups.add(viewer_group)
    log_in(page, "viewer")

    check_history_page(page, artisan)
    page.locator("#change-history tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"View {artisan}")
    settle(page)

    assert page.get_by_role("button", name="Revert").count() == 0
    assert violations == []
