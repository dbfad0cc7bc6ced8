"""Append the audit log's chain head to the anchor file: `manage.py audit_anchor_write`.

The same job the scheduler runs every 15 minutes (tasks.write_audit_anchor). Safe to run
again: nothing is appended while the head is the one already anchored. Prints the line it
wrote, so running it from the platform's scheduler also ships the anchor to the log store.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jigsaw.audit.anchor import WRITTEN, AnchorError, audit_anchor_write


class Command(BaseCommand):
    help = "Write the audit log's current chain head to the anchor file outside the database."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = audit_anchor_write()
        except AnchorError as error:
            raise CommandError(str(error), returncode=1) from error
        if done.result == WRITTEN:
            self.stdout.write(f"Audit anchor written to {done.path}: {done.anchor.as_json()}")
        else:
            self.stdout.write(
                f"Audit anchor unchanged: the head is still entry {done.anchor.sequence}, "
                f"anchored at line {done.anchor.line} of {done.path}."
            )
