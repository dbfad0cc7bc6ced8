"""`manage.py index_people`: rebuild the "already known?" search index of every person.

Run once after an upgrade that changes what the index holds (the release notes say so), for
example when street and house names were added: until then, people are found as before but
not by their street alone. Idempotent; in batches, so it can be stopped and run again.
"""

from django.core.management.base import BaseCommand, CommandParser

from jigsaw.people.matching import index_persons
from jigsaw.people.models import Person


class Command(BaseCommand):
    help = "Rebuild the search keys and match profiles of every person (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: object, batch_size: int, **options: object) -> None:
        indexed = index_persons(Person.objects.all(), batch_size=batch_size)
        self.stdout.write(f"Indexed {indexed} people.")
