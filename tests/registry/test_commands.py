import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_admin_creates_a_superuser_with_a_generated_password(monkeypatch):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)

    output = run("--url", "http://127.0.0.1:8000/admin/")

    user = get_user_model().objects.get(username="admin")
    password = output.split("password: ")[1].split()[0]
    assert user.is_superuser
    assert user.check_password(password)
    assert len(password) >= 16
    assert "http://127.0.0.1:8000/admin/" in output


@pytest.mark.django_db
def test_ensure_admin_generates_a_different_password_each_time(monkeypatch):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    first = run().split("password: ")[1].split()[0]
    get_user_model().objects.all().delete()

    second = run().split("password: ")[1].split()[0]

    assert first != second


@pytest.mark.django_db
def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "correct horse battery staple")

    run()

    assert get_user_model().objects.get(username="admin").check_password("correct horse battery staple")


@pytest.mark.django_db
def test_ensure_admin_run_again_keeps_the_account_and_shows_no_password(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "correct horse battery staple")
    run()

    output = run()

    assert get_user_model().objects.count() == 1
    assert "correct horse battery staple" not in output
    assert "changepassword admin" in output


@pytest.mark.django_db
def test_ensure_admin_refuses_to_promote_an_existing_ordinary_user():
    get_user_model().objects.create_user(username="admin", password="x")

    with pytest.raises(CommandError, match="not a superuser"):
        run()
