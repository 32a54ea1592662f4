import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the first admin account if there is none. The password comes from "
        "DJANGO_ADMIN_PASSWORD or is generated, and is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_ADMIN_USERNAME", "admin"))
        parser.add_argument("--url", default="", help="Where the admin is served, shown with the credentials.")

    @transaction.atomic
    def handle(self, *args, username, url, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is not None:
            self.stdout.write(
                f"Admin account: {existing.get_username()} (its password was printed when it was created; "
                f"set a new one with: python manage.py changepassword {existing.get_username()})"
            )
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} exists but is not a superuser; choose another --username.")

        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)

        lines = [
            "An admin account was created. This is the only time the password is shown:",
            f"  username: {username}",
            f"  password: {password}",
        ]
        if url:
            lines.append(f"  log in at: {url}")
        width = max(len(line) for line in lines) + 2
        self.stdout.write(self.style.SUCCESS("=" * width))
        for line in lines:
            self.stdout.write(self.style.SUCCESS(line))
        self.stdout.write(self.style.SUCCESS("=" * width))
