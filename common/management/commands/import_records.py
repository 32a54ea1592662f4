from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from common import imports
from common.imports.engine import ERROR
from common.imports.templates import write_template

# Rows a file may have here: a web request takes fewer (common.imports.admin).
MOST_ROWS = 1_000_000


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (XLSX, ODS or CSV) of artisans or participations as one batch, which "
        "undo_import can undo; or write the template of a kind. Prints the batch id as 'batch <id>' "
        "and, last, the counts of new, updated, unchanged, possible duplicate and error rows. A file "
        "with an error row writes nothing unless --skip-errors (status 1); an unreadable file exits "
        "with status 2. Possible duplicates need a person's decision in the admin: they are not written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The spreadsheet to import.")
        parser.add_argument("--kind", choices=sorted(imports.kinds()), help="What the rows are.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; write nothing.")
        parser.add_argument("--skip-errors", action="store_true", help="Write the good rows of a file with errors.")
        parser.add_argument("--user", help="The member of staff the batch is recorded for.")
        parser.add_argument("--template", choices=sorted(imports.kinds()), help="Write this kind's template.")
        parser.add_argument("--language", choices=["en", "fa", "ar"], default="en", help="The template's language.")
        parser.add_argument("--output", help="Where to write the template (an .xlsx file).")

    def handle(self, *args, **options):
        # Scripts read what this prints: always in English, whatever language is active.
        with translation.override("en"):
            self.import_file(**options)

    def import_file(self, *, file, kind, dry_run, skip_errors, user, template, language, output, **options):
        if template:
            if not output:
                raise CommandError("--template needs --output FILE.xlsx", returncode=2)
            with translation.override(language):
                write_template(imports.kind_named(template), output)
            self.stdout.write(f"Template of {template} in {language} written to {output}")
            return
        if not file or not kind:
            raise CommandError("Give a FILE and --kind, or --template with --output.", returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}", returncode=2)
        staff = None
        if user:
            staff = get_user_model().objects.filter(username=user).first()
            if staff is None:
                raise CommandError(f"No user named {user}.", returncode=2)
        with path.open("rb") as data:
            try:
                result = imports.run(
                    imports.kind_named(kind),
                    data,
                    file_name=path.name,
                    user=staff,
                    write=not dry_run,
                    skip_errors=skip_errors,
                    most_rows=MOST_ROWS,
                    shown_rows=0,
                )
            except imports.ImportRefused as refused:
                raise CommandError(f"{path.name} cannot be imported: {refused}", returncode=2) from refused
        self.report(result)
        if result.batch is not None:
            self.stdout.write(f"batch {result.batch.pk}")
        self.stdout.write(result.summary())
        if result.counts[ERROR] and not skip_errors:
            raise CommandError(
                "The file has rows with errors, so nothing was written. Mend them, or use --skip-errors "
                "to write the good rows.",
                returncode=1,
            )

    def report(self, result) -> None:
        if result.ignored:
            self.stdout.write(f"Columns read past: {', '.join(result.ignored)}")
        for row in result.error_rows:
            self.stdout.write(row.describe_errors())
        for row in result.duplicates:
            self.stdout.write(
                f"row {row.number}: possible duplicate of {row.describe_candidates()}; decide in the admin"
            )
