"""A clerk who chose the Persian admin, logged in through the login form like anyone else."""

import pytest
from django.contrib.auth import get_user_model

from common.models import StaffPreferences

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "a-long-test-password-71c4"


def log_in_in_persian(page) -> None:
    user = get_user_model().objects.create_superuser("clerk", password=PASSWORD)
    StaffPreferences.objects.create(user=user, admin_language="fa")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("lang", "fa")
