"""Seed the bank holiday table from the `holidays` package: `manage.py sync_bank_holidays --years 2020-2035`.

Safe to run again (e.g. on a schedule after upgrading the package); the council's own
removals are kept.
"""

from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from jigsaw.timescales.services import bank_holidays_sync


def year_range(text: str) -> range:
    """Parse "2020-2035" as 2020 to 2035 inclusive, and "2027" as that year only."""
    first, _, last = text.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a year or a range of years like 2020-2035.") from None
    if not (1900 <= start <= end <= 2200):
        raise ArgumentTypeError(f"{text!r}: give years from 1900 to 2200, earliest first.")
    return range(start, end + 1)


class Command(BaseCommand):
    help = "Copy the England & Wales bank holidays for a range of years into the bank holiday table."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--years", type=year_range, default=None, help="e.g. 2020-2035 (default: last year to ten years ahead)"
        )

    def handle(self, *args: Any, years: range | None = None, **options: Any) -> None:
        if years is None:
            from django.utils import timezone

            this_year = timezone.localdate().year
            years = range(this_year - 1, this_year + 11)
        result = bank_holidays_sync(years=years)
        self.stdout.write(
            f"Bank holidays {years.start}-{years.stop - 1}: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.kept_removed} kept as removed by the council."
        )
