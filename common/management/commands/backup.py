from pathlib import Path

from django.core.management.base import BaseCommand

from common.backups import create_backup, default_directory


class Command(BaseCommand):
    help = (
        "Back up the database and the media files while the site runs: a consistent copy of the "
        "database (SQLite's online backup API, or pg_dump), the media files and a manifest with "
        "checksums, signed with the key of DJANGO_BACKUP_KEY or of the key file (made on first use). "
        "Restore it with `manage.py restore DIR`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            metavar="DIR",
            help="Where to write it: a new or empty directory (default: backups/<date_time>/ in the var directory).",
        )

    def handle(self, *args, output, verbosity, **options):
        directory = output or default_directory()
        log = self.stdout.write if verbosity >= 1 else lambda _message: None
        manifest, key = create_backup(directory, log=log)
        if key.created:
            self.stdout.write(
                self.style.WARNING(
                    f"Created the backup signing key {key.source} (key {key.fingerprint}). Keep a copy of it "
                    "apart from the backups: without it they can only be restored with --unsigned."
                )
            )
        rows = sum(manifest["counts"].values())
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows in {len(manifest['counts'])} tables and {media['files']} media files "
                f"to {directory}, signed with the key {key.fingerprint}"
            )
        )
