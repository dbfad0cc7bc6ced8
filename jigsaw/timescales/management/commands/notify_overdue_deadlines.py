"""Tell whoever is responsible for each overdue deadline: `manage.py notify_overdue_deadlines`.

The same job the scheduler runs each morning (`--hours`: the quarter-hourly one for deadlines
counted in hours). Safe to run again: each deadline is told once.
"""

from typing import Any

from django.core.management.base import BaseCommand

from jigsaw.timescales.digest import overdue_hours_notify, overdue_notify


class Command(BaseCommand):
    help = "Notify the person responsible for each overdue deadline (once per deadline)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--hours", action="store_true", help="Only deadlines counted in hours whose hour has passed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        told = overdue_hours_notify() if options["hours"] else overdue_notify()
        self.stdout.write(f"Overdue deadlines: {told} notification{'s' if told != 1 else ''} sent.")
