"""`manage.py import_people FILE.csv`: people from a legacy system (docs/import-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.people.importing import DEFAULT_SOURCE, ImportFileError, people_import


class Command(BaseCommand):
    help = (
        "Import people from a legacy system's CSV file. Bad rows are rejected with a reason "
        "(FILE.rejects.csv) and the rest imported; a re-run updates the people it imported before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (columns in docs/import-format.md)")
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help=f"The system the ids come from, so ids of two systems never meet (default {DEFAULT_SOURCE})",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report, change nothing")

    def handle(self, *args, file: Path, source: str, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"There is no file at {file}")
        source = source.strip()
        if not source:
            raise CommandError("--source cannot be blank")
        try:
            result = people_import(path=file, source=source, dry_run=dry_run)
        except ImportFileError as e:
            raise CommandError(str(e)) from None
        if result.ignored_columns:
            self.stdout.write(f"Columns not used: {', '.join(result.ignored_columns)}")
        for rejection in result.rejected[:20]:
            self.stdout.write(f"Row {rejection.row_number}: {rejection.reason}")
        if len(result.rejected) > 20:
            self.stdout.write(f"... and {len(result.rejected) - 20} more rejected rows")
        prefix = "Dry run, nothing changed: " if dry_run else ""
        style = self.style.SUCCESS if not result.rejected else self.style.WARNING
        self.stdout.write(style(f"{prefix}{result.summary}."))
        if result.rejects_file:
            self.stdout.write(f"Rejected rows, with the reason for each: {result.rejects_file}")
        if result.error:
            raise CommandError(result.error)
