from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry.places import DEFAULT_COUNTRIES, load_country, lookup_country


class Command(BaseCommand):
    help = (
        "Load countries and their ISO 3166-2 provinces or governorates, with English, Persian and Arabic "
        "names where known. Safe to run again: rows are matched by their ISO code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "countries",
            nargs="*",
            metavar="CODE",
            help=f"ISO 3166-1 alpha-2 country codes (default: {' '.join(DEFAULT_COUNTRIES)}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, then roll back.")

    def handle(self, *args, countries, dry_run, **options):
        codes = countries or list(DEFAULT_COUNTRIES)
        records = []
        for code in codes:
            record = lookup_country(code)
            if record is None:
                raise CommandError(f"Unknown country code {code!r}: use ISO 3166-1 alpha-2 codes such as IR or IQ.")
            records.append(record)

        log = self.stdout.write if options["verbosity"] >= 1 else None
        totals = Counter()
        with transaction.atomic():
            for record in records:
                totals += load_country(record, log=log)
            if dry_run:
                transaction.set_rollback(True)

        prefix = "Dry run, nothing saved: would have " if dry_run else "Places: "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{totals['created']} created, {totals['updated']} updated, {totals['unchanged']} unchanged."
            )
        )
