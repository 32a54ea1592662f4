from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from exhibitions.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demonstration data: the places, crafts, organisations, officials, sources, claims and "
        "exhibitions of the seed news articles about Ilam artisans in Iraq, plus invented sample artisans. "
        "Safe to run again: nothing is duplicated or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Load everything, report, then roll back.")
        parser.add_argument("--no-samples", action="store_true", help="Load only the facts, no sample artisans.")

    def handle(self, *args, dry_run, no_samples, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else lambda line: None
        # History is recorded as for any other change (a few hundred rows, no user): the demo is
        # small, and a second run writes none because it saves only what differs.
        with transaction.atomic():
            counts = load_demo(samples=not no_samples, log=log)
            if dry_run:
                transaction.set_rollback(True)

        totals = Counter()
        for key, n in counts.items():
            totals[key.rsplit(" ", 1)[1]] += n
        summary = f"{totals['created']} rows created, {totals['updated']} updated, {totals['unchanged']} unchanged."
        prefix = "Dry run, rolled back: " if dry_run else "Demo data loaded: "
        self.stdout.write(self.style.SUCCESS(prefix + summary))
