from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common.backups import pending_migrations, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with those of a backup made by `manage.py backup`. "
        "The backup's signature and checksums are checked first, and a backup of another kind of database "
        "is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR", help="The backup's directory.")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Restore without asking for confirmation."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the backup, then stop before restoring.")
        parser.add_argument(
            "--unsigned",
            action="store_true",
            help=(
                "Restore without checking the backup's signature: one made before backups were signed, or "
                "whose key is lost. Its checksums are still checked, but nothing shows who made it."
            ),
        )

    def handle(self, *args, directory, interactive, dry_run, unsigned, verbosity, **options):
        if unsigned:
            self.stderr.write(
                f"Not checking the signature of the backup at {directory} (--unsigned): anyone who could "
                "write to it could have changed it. Restore it only if you know where it comes from.",
                style_func=self.style.WARNING,
            )
        manifest = read_backup(directory, signed=not unsigned)
        rows = sum(manifest["counts"].values())
        summary = (
            f"The backup at {directory} was made {manifest['created_at']}: {rows} rows and "
            f"{manifest['media']['files']} media files."
        )
        if dry_run:
            checked = "files are" if unsigned else "signature and files are"
            self.stdout.write(self.style.SUCCESS(f"{summary} Its {checked} intact; nothing was restored."))
            return
        if interactive:
            self.confirm(summary)
        log = self.stdout.write if verbosity >= 1 else lambda _message: None
        restore_backup(directory, manifest, log=log)
        self.stdout.write(self.style.SUCCESS(f"Restored {rows} rows and {manifest['media']['files']} media files."))
        pending = pending_migrations(manifest)
        if pending:
            self.stdout.write(
                self.style.WARNING(f"The backup predates {len(pending)} migrations: run `manage.py migrate` next.")
            )

    def confirm(self, summary: str) -> None:
        database = connection.settings_dict["NAME"]
        question = (
            f"{summary}\nThis replaces everything in the {connection.vendor} database {database}, in "
            f"{settings.MEDIA_ROOT} and in {settings.PRIVATE_MEDIA_ROOT}. Type 'yes' to continue: "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed. (Use --no-input to restore without asking.)")
