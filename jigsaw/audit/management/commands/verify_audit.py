"""manage.py verify_audit: is the audit log as it was written?

Exit 0 and a count when the chain is intact; exit 1 naming the first broken link.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jigsaw.audit.chain import verify_chain


def _anchor(value: str) -> tuple[int, str]:
    sequence, _, entry_hash = value.partition(":")
    if not sequence.isdigit() or len(entry_hash) != 64:
        raise ValueError(value)
    return int(sequence), entry_hash


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and name the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000, help="Rows read from the database at a time.")
        parser.add_argument(
            "--anchor",
            type=_anchor,
            metavar="SEQUENCE:HASH",
            help="A head printed by an earlier run and kept outside the database; "
            "fails if the entries up to it were removed or rebuilt.",
        )
        parser.add_argument(
            "--from",
            dest="start",
            type=_anchor,
            metavar="SEQUENCE:HASH",
            help="Check only from this head (printed by an earlier full run) on. Quick; run a full check regularly too.",
        )

    def handle(
        self,
        *args: Any,
        chunk_size: int,
        anchor: tuple[int, str] | None,
        start: tuple[int, str] | None,
        **options: Any,
    ) -> None:
        report = verify_chain(chunk_size=chunk_size, anchor=anchor, start=start)
        if report.broken:
            b = report.broken
            when = f" (written {timezone.localtime(b.timestamp):%d %b %Y %H:%M:%S %Z})" if b.timestamp else ""
            raise CommandError(
                f"Audit chain broken at sequence {b.sequence}{when}: {b.problem}: {b.detail}. "
                f"{report.checked} entries before it verified.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} entries verified"
                + (f" from sequence {start[0]}." if start else ".")
            )
            + f"\nHead: {report.head_sequence}:{report.head_hash}"
            "\nKeep the head outside the database; pass it as --anchor next time to detect removed newest entries."
        )
