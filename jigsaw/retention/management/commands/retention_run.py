"""manage.py retention_run [--as-of YYYY-MM-DD]: list records past their retention date for the
DPO's approval. Idempotent: run twice, the second run adds nothing. Disposes of nothing itself."""

import datetime as dt

from django.core.management.base import BaseCommand

from jigsaw.retention.services import disposal_run


class Command(BaseCommand):
    help = "List records past their retention date in a disposal batch awaiting the DPO's approval"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, as_of=None, **options):
        batch = disposal_run(as_of=as_of)
        if batch is None:
            self.stdout.write("Nothing is past its retention date.")
        else:
            self.stdout.write(f"Disposal batch {batch.pk}: {batch.items.count()} people listed, awaiting approval.")
