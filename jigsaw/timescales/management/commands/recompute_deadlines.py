"""Recompute the due date of every running deadline: `manage.py recompute_deadlines`.

Run after changing JIGSAW_TIMESCALE_OVERRIDES (a local rule's amount). Changes to bank
holidays and closures made through Jigsaw queue it by themselves. Safe to run again.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand

from jigsaw.timescales.clocks import clock_recompute_all


class Command(BaseCommand):
    help = "Recompute the due dates of running deadlines after a calendar or rule change."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=5000, help="Clocks read and written at a time")

    def handle(self, *args: Any, batch_size: int = 5000, **options: Any) -> None:
        started = time.perf_counter()
        moved = clock_recompute_all(batch_size=batch_size)
        self.stdout.write(f"{moved} running deadlines moved ({time.perf_counter() - started:.1f} s).")
