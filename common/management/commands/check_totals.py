from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from common import totals


class Command(BaseCommand):
    help = (
        "Compare every total the database keeps (common.totals) with a fresh count of the registry; "
        "with --repair, count them afresh. Exits with status 1 if a total was wrong and not repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Count every wrong summary afresh.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--show", type=int, default=10, help="How many wrong totals to list per summary.")

    def handle(self, *args, repair, database, show, **options):
        wrong = []
        for summary in totals.summary_tables():
            found = totals.differences(summary, database)
            label = summary.model._meta.verbose_name_plural
            if not found:
                self.stdout.write(f"{label}: right ({summary.db_table}).")
                continue
            wrong.append(summary)
            self.stdout.write(self.style.WARNING(f"{label}: {len(found)} wrong ({summary.db_table})."))
            for key, stored, fresh in found[:show]:
                keys = ", ".join(f"{column}={value!r}" for column, value in zip(summary.key, key, strict=True))
                self.stdout.write(f"  {keys}: stored {stored}, counted {fresh}")
        if wrong and repair:
            totals.rebuild(database, wrong)  # which makes lost triggers again too
            self.stdout.write(self.style.SUCCESS(f"Counted afresh: {', '.join(s.db_table for s in wrong)}."))
        elif wrong:
            raise CommandError("Some totals are wrong; run again with --repair to count them afresh.")
