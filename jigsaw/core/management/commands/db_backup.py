"""manage.py db_backup FILE: the whole database to one file, with its row counts beside it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.core.backup import BackupError, backup_create, counts_path


class Command(BaseCommand):
    help = "Back the database up to FILE (pg_dump on PostgreSQL, a copy on SQLite), with FILE.counts.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            counts = backup_create(path=file)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Backed up {len(counts)} tables, {sum(counts.values())} rows, to {file} "
            f"(row counts in {counts_path(file)}). The audit anchor file is not in it: keep it where it is."
        )
