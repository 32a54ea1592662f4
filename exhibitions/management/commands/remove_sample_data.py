from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exhibitions.demo import SampleDataInUse, remove_sample_data


class Command(BaseCommand):
    help = (
        "Delete the invented sample artisans and their sample participations (rows marked as sample data). "
        "Nothing else is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted, then roll back.")

    def handle(self, *args, dry_run, **options):
        try:
            # Each deleted row gets its history row: there are a few dozen, and the record of what
            # was removed is worth keeping.
            with transaction.atomic():
                counts = remove_sample_data()
                if dry_run:
                    transaction.set_rollback(True)
        except SampleDataInUse as error:
            raise CommandError(f"{error}. Remove those participations first; nothing was deleted.") from error

        done = ", ".join(f"{n} {thing}" for thing, n in counts.items())
        prefix = "Dry run, nothing deleted: would have deleted" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{prefix} {done}."))
