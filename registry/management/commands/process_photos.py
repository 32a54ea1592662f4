import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from registry.images import PHOTO_MAX_SIDE, prepare_photo
from registry.models import Artisan


class Command(BaseCommand):
    help = (
        "Check the artisan photos stored before uploads were checked (those without a thumbnail) and store "
        f"them as new uploads are: re-encoded without metadata, at most {PHOTO_MAX_SIDE} pixels long, with a "
        "thumbnail. The old files are deleted, and earlier versions name the new ones. Photos that fail the "
        "checks are listed and left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check and list, but change nothing.")

    def handle(self, *args, dry_run, **options):
        pending = list(
            Artisan.objects.exclude(photo="").filter(photo_thumbnail="").order_by("pk").values_list("pk", flat=True)
        )
        processed = failed = 0
        # On stderr, and only for a person watching: logs and pipes get the summary line alone.
        progress = tqdm(pending, unit=" photos", file=sys.stderr, disable=not sys.stderr.isatty())
        for pk in progress:
            artisan = Artisan.objects.get(pk=pk)
            try:
                with artisan.photo.open("rb") as stored:
                    photo = prepare_photo(stored)
            except (ValidationError, OSError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.stderr.write(f"{artisan.registry_number} ({artisan.photo.name}): {reason}")
                failed += 1
                continue
            processed += 1
            if not dry_run:
                original = artisan.photo.name
                with transaction.atomic():
                    artisan.photo = photo
                    artisan.save(update_fields=["photo", "photo_thumbnail"])
                    # The original may carry a GPS position, so it goes. Earlier versions that name
                    # it name the clean copy instead: a revert to them still shows the photo.
                    Artisan.history.filter(photo=original).update(
                        photo=artisan.photo.name, photo_thumbnail=artisan.photo_thumbnail.name
                    )

        prefix = "Dry run, nothing saved: would have re-encoded" if dry_run else "Photos re-encoded:"
        self.stdout.write(
            self.style.SUCCESS(f"{prefix} {processed}; {failed} failed the checks and were left as they were.")
        )
