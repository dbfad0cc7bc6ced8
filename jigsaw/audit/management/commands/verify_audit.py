"""manage.py verify_audit: is the audit log as it was written?

Recomputes the hash chain and holds it to every anchor in JIGSAW_AUDIT_ANCHOR_PATH (the
heads written out of the database by audit_anchor_write), so a log cut short or emptied
fails as loudly as one edited. Exit 0 and a count when intact; exit 1 naming the first
problem. Scheduled nightly (tasks.verify_audit_log); also run it from the platform's own
scheduler and alert on a non-zero exit (docs/deploy.md).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.audit.anchor import AnchorError, verify_with_anchors


def _head(value: str) -> tuple[int, str]:
    sequence, _, entry_hash = value.partition(":")
    if not sequence.isdigit() or len(entry_hash) != 64:
        raise ValueError(value)
    return int(sequence), entry_hash


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain, check it against its anchors, and name the first problem."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000, help="Rows read from the database at a time.")
        parser.add_argument(
            "--anchor",
            type=_head,
            metavar="SEQUENCE:HASH",
            help="Also hold the chain to this head (printed by an earlier run and kept elsewhere, "
            "e.g. from the log store); checked as well as the anchor file.",
        )
        parser.add_argument(
            "--no-anchor",
            action="store_true",
            help="Do not read the anchor file (JIGSAW_AUDIT_ANCHOR_PATH): the chain alone cannot "
            "show its newest entries, or all of them, deleted.",
        )
        parser.add_argument(
            "--from",
            dest="start",
            type=_head,
            metavar="SEQUENCE:HASH",
            help="Check only from this head (printed by an earlier full run) on. Quick; run a full check regularly too.",
        )

    def handle(
        self,
        *args: Any,
        chunk_size: int,
        anchor: tuple[int, str] | None,
        no_anchor: bool,
        start: tuple[int, str] | None,
        **options: Any,
    ) -> None:
        if no_anchor:
            self.stderr.write(
                self.style.WARNING(
                    "Not checking the anchor file (--no-anchor): entries deleted from the end of the log, "
                    "or the whole log emptied, will not be found."
                )
            )
        try:
            result = verify_with_anchors(
                chunk_size=chunk_size, use_anchor_file=not no_anchor, anchor=anchor, start=start
            )
        except AnchorError as error:
            raise CommandError(str(error), returncode=1) from error
        if (problem := result.failure()) is not None:
            raise CommandError(problem, returncode=1)
        report = result.report
        lines = [
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} entries verified"
                + (f" from sequence {start[0]}." if start else ".")
            )
        ]
        if (newest := result.newest) is not None:
            lines.append(
                f"Held to {len(result.anchors)} anchor{'s' if len(result.anchors) != 1 else ''} in {result.path}; "
                f"the newest, its {newest.describe()}, "
                f"recorded {newest.sequence} entries."
            )
        lines.append(f"Head: {report.head_sequence}:{report.head_hash}")
        self.stdout.write("\n".join(lines))
        if (warning := result.stale()) is not None:
            self.stderr.write(self.style.WARNING(warning))
