"""`manage.py import_people FILE.csv`: people from a legacy system (docs/import-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError
from django.urls import reverse

from jigsaw.people.importing import (
    DEFAULT_SOURCE,
    ImportFileError,
    ImportInterrupted,
    people_import,
)

SHOWN = 20  # of each kind of message; the rejects file and the review list have them all


class Command(BaseCommand):
    help = (
        "Import people from a legacy system's CSV file. A bad value is set aside for review and the person "
        "imported without it; a row with nothing to identify a person is rejected with a reason "
        "(FILE.rejects.csv). A re-run updates the people it imported before; a run that was interrupted "
        "carries on where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (columns in docs/import-format.md)")
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help=f"The system the ids come from, so ids of two systems never meet (default {DEFAULT_SOURCE})",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report, change nothing")
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="NAME",
            help="A column to leave out on purpose (otherwise a column Jigsaw does not know stops the import)",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Read the file from the first row, even if an earlier run of it was interrupted part way",
        )
        parser.add_argument("--batch-size", type=int, default=None, help="Rows saved together (default 500)")

    def handle(
        self,
        *args,
        file: Path,
        source: str,
        dry_run: bool,
        ignore_column: list[str],
        restart: bool,
        batch_size: int | None,
        **options,
    ) -> None:
        if not file.is_file():
            raise CommandError(f"There is no file at {file}")
        source = source.strip()
        if not source:
            raise CommandError("--source cannot be blank")
        extra = {"batch_size": batch_size} if batch_size else {}
        progress = self.stdout.write if options.get("verbosity", 1) >= 2 else None
        try:
            result = people_import(
                path=file,
                source=source,
                dry_run=dry_run,
                ignore_columns=ignore_column,
                restart=restart,
                progress=progress,
                **extra,
            )
        except ImportFileError as e:
            raise CommandError(str(e)) from None
        except ImportInterrupted as e:
            raise CommandError(
                f"Stopped. Every row up to row {e.last_row:,} is saved: run the "
                "same command again to carry on from there (people already imported are never duplicated)"
            ) from None
        except OperationalError as e:
            raise CommandError(
                f"The database stopped the import ({e}). Every batch saved before that is kept: run the same "
                "command again to carry on after the last row saved"
            ) from None
        if result.ignored_columns:
            self.stdout.write(f"Columns not used: {', '.join(result.ignored_columns)}")
        if result.resumed_after:
            self.stdout.write(
                f"Carried on after row {result.resumed_after}, where an earlier run of this file stopped "
                "(--restart reads it from the start)."
            )
        self._list("Rejected", [r.message for r in result.rejected])
        self._list("Read with a warning", result.warnings)
        self._list(
            "Set aside for review",
            [
                f"Row {note.row_number} ({note.source_id}): {note.item.reason}"
                + (" [already on the review list]" if note.already_listed else "")
                for note in result.set_aside
            ],
        )
        prefix = "Dry run, nothing changed: " if dry_run else ""
        clean = not (result.rejected or result.set_aside or result.warnings)
        style = self.style.SUCCESS if clean else self.style.WARNING
        self.stdout.write(style(f"{prefix}{result.summary}."))
        if result.rejects_file:
            self.stdout.write(f"Rejected rows, with the reason for each: {result.rejects_file}")
        if result.set_aside_new and not dry_run:
            self.stdout.write(
                f"Values set aside, to check and resolve: {reverse('people:import-review')} "
                "(business support, team managers and the data protection officer)"
            )

    def _list(self, heading: str, messages: list[str]) -> None:
        if not messages:
            return
        self.stdout.write(f"{heading}:")
        for message in messages[:SHOWN]:
            self.stdout.write(f"  {message}")
        if len(messages) > SHOWN:
            self.stdout.write(f"  ... and {len(messages) - SHOWN} more")
