import argparse
import secrets
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError
from tqdm import tqdm

from common import summaries, totals
from common.history import history_off
from exhibitions import synthetic


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic artisans, exhibitions and participations for benchmarks and load "
        "tests. Generated rows have slugs starting with gen- and registry numbers starting with GEN-. "
        "Refuses to run on a database with other artisans or exhibitions (--force) or with generated "
        "data already (--replace to delete it first, --force to add another batch)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--artisans", type=count, default=100_000, help="Artisans to add (default 100000).")
        parser.add_argument("--exhibitions", type=count, default=2000, help="Exhibitions to add (default 2000).")
        parser.add_argument(
            "--participations", type=count, default=1_000_000, help="Participations to add (default 1000000)."
        )
        parser.add_argument("--seed", type=int, help="The same seed gives the same rows (default: a random one).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds artisans or exhibitions that were not generated, or "
            "generated ones already (then a new batch is added beside them).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First delete the generated rows, and the participations that refer to them.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Generate everything, report, then roll back.")

    def handle(self, *args, artisans, exhibitions, participations, seed, force, replace, dry_run, **options):
        if participations > artisans * exhibitions:
            raise CommandError(
                f"{participations} participations cannot all be different pairs of {artisans} artisans and "
                f"{exhibitions} exhibitions: there are only {artisans * exhibitions} pairs."
            )
        if seed is None:
            seed = secrets.randbelow(1_000_000)
        progress = self.progress_bars(options["verbosity"])
        started = time.monotonic()
        try:
            # No history: rows are bulk inserted (which records none anyway) and a --replace would
            # otherwise write a history row for each of a million deleted participations.
            # Nor a recount of an exhibition's totals per row written: they are counted once at the end,
            # and what the pages remember is retired once.
            with history_off(), transaction.atomic(), totals.bulk_load(), summaries.untracked():
                self.check_database(force=force, replace=replace)
                if replace:
                    deleted = synthetic.delete_generated(progress=progress)
                    if options["verbosity"] >= 1 and deleted:
                        done = ", ".join(f"{n} {label}" for label, n in sorted(deleted.items()))
                        self.stdout.write(f"Deleted the generated data: {done}.")
                counts = synthetic.generate(
                    artisans=artisans,
                    exhibitions=exhibitions,
                    participations=participations,
                    seed=seed,
                    progress=progress,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ProtectedError as error:
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            raise CommandError(
                f"Rows that were not generated refer to generated ones ({names}); nothing was deleted."
            ) from error

        if not dry_run and connection.vendor == "postgresql":
            # Statistics for the planner after a bulk load, as autovacuum would gather soon anyway. Not
            # on SQLite: with statistics its planner reads the CSV export's keyset chunks (pk > last,
            # ORDER BY pk, LIMIT) exhibition by exhibition, each chunk costing a scan of the rest.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        made = ", ".join(
            f"{counts[key]} {key}"
            for key in (
                "artisans",
                "crafts practised",
                "exhibitions",
                "exhibition crafts",
                "series",
                "participations",
                "crafts shown",
                "cities",
                "crafts",
            )
            if counts[key] or key in ("artisans", "exhibitions", "participations")
        )
        prefix = "Dry run, rolled back: would have generated" if dry_run else "Generated"
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{prefix} {made} in {seconds:.1f} s (seed {seed})."))

    def check_database(self, *, force: bool, replace: bool) -> None:
        others = synthetic.other_counts()
        if +others and not force:
            raise CommandError(
                f"The database holds {others['artisans']} artisans and {others['exhibitions']} exhibitions that "
                f"generate_data did not make (their slugs do not start with {synthetic.GENERATED}). Use a "
                "database of its own, or --force to add generated data beside them."
            )
        generated = synthetic.generated_counts()
        if +generated and not (force or replace):
            raise CommandError(
                f"The database already holds generated data ({generated['artisans']} artisans, "
                f"{generated['exhibitions']} exhibitions). Use --replace to delete it first, or --force to add "
                "another batch."
            )

    def progress_bars(self, verbosity: int) -> synthetic.ProgressFactory:
        # On stderr, and only for a person watching: logs and pipes get the summary line alone.
        disable = verbosity == 0 or not sys.stderr.isatty()

        def bar(description: str, total: int) -> tqdm:
            return tqdm(
                desc=description,
                total=total,
                unit=" rows",
                unit_scale=total >= 10_000,
                file=sys.stderr,
                disable=disable,
            )

        return bar
