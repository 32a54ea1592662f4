from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from common import imports
from common.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Undo an import batch: remove the records it created and put back those it changed, in one "
        "transaction. Refused, naming the records, if a later edit depends on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int)

    def handle(self, *args, batch_id, **options):
        with translation.override("en"):
            self.undo(batch_id)

    def undo(self, batch_id: int) -> None:
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(f"No import batch {batch_id}.", returncode=2)
        try:
            count = imports.undo(batch)
        except imports.UndoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"batch {batch_id} undone: {count} records")
