from pathlib import Path

from django.core.management.base import BaseCommand

from registry.backups import create_backup, default_directory


class Command(BaseCommand):
    help = (
        "Back up the database and the media files while the site runs: a consistent copy of the "
        "database (SQLite's online backup API, or pg_dump), the media files and a manifest with "
        "checksums. Restore it with `manage.py restore DIR`."
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
        manifest = create_backup(directory, log=log)
        rows = sum(manifest["counts"].values())
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows in {len(manifest['counts'])} tables and {media['files']} media files "
                f"to {directory}"
            )
        )
