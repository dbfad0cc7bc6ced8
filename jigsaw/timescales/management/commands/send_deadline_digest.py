"""Email the deadline digest: `manage.py send_deadline_digest [--date YYYY-MM-DD]`.

The same job the scheduler runs each weekday morning. Safe to run again: a user who has
had the digest for that date is not sent it twice.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jigsaw.timescales.digest import deadline_digest_send


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD, like 2026-11-23.") from None


class Command(BaseCommand):
    help = "Email each worker and team manager their due-soon and overdue deadlines."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", dest="for_date", default="", help="The digest's date, YYYY-MM-DD (default today)")

    def handle(self, *args: Any, for_date: str = "", **options: Any) -> None:
        day = iso_date(for_date) if for_date else timezone.localdate()
        result = deadline_digest_send(for_date=day)
        self.stdout.write(
            f"Deadline digest for {day:%Y-%m-%d}: {result.sent} sent, {result.already_sent} already sent, "
            f"{result.nothing_due} with nothing due."
        )
        if result.failed:
            raise CommandError(f"Could not email: {', '.join(result.failed)}. Run the command again to retry them.")
