"""manage.py db_restore FILE [--clean]: load a db_backup file, and check every table's row count."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore FILE (made by db_backup) into this database, all or nothing, then check every table's "
        "row count against the backup's. Then run db_roles (PostgreSQL) and verify_audit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--clean", action="store_true", help="Replace what the database holds (everything in it is lost)."
        )

    def handle(self, *args: Any, file: Path, clean: bool, **options: Any) -> None:
        try:
            counts = backup_restore(path=file, clean=clean)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Restored {len(counts)} tables, {sum(counts.values())} rows: every table's count matches the backup. "
            "Next: manage.py db_roles (as the owner, on PostgreSQL), then manage.py verify_audit."
        )
