"""Backing up the database to one file, and restoring it (`manage.py db_backup`, `db_restore`).

- PostgreSQL: `pg_dump --format=custom` (consistent: one snapshot, while Jigsaw runs) and
  `pg_restore` in one transaction, all or nothing. Ownership and privileges are left out of the
  file: run the restore as the owner role, then `manage.py db_roles` puts the app role's
  rights back (docs/deploy.md, "Backups").
- SQLite (the demo): SQLite's online backup API, a consistent copy of the live file.

Beside the file, `<file>.counts.json` records every table's row count at the moment of the dump
(read in the dump's own snapshot on PostgreSQL, so the counts and the dump agree); `db_restore`
compares the restored database with it and fails if any table differs.

The audit log's anchor file is not in the backup, on purpose: it lives outside the database so
that it can judge a restored one. `verify_audit` after a restore passes when the backup holds at
least every anchored entry, and fails, naming the anchor, when the backup is older than the
newest anchor: entries written after the backup are lost, and the log says so.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(RuntimeError):
    pass


def counts_path(path: Path) -> Path:
    return path.with_name(path.name + ".counts.json")


def table_row_counts(using: str = "default") -> dict[str, int]:
    """Every table of the database (not only Django's) and its number of rows."""
    connection = connections[using]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            # The names come from the database itself, quoted: no outside text reaches this SQL.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])  # not on the command line, where ps shows it
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def backup_create(*, path: Path, using: str = "default") -> dict[str, int]:
    """Write the database to `path` and its row counts beside it. Returns the counts."""
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("pg_dump is not installed: install the PostgreSQL client (postgresql-client).")
        args, env = _pg_args(connection.settings_dict)
        # Counts and dump from one snapshot: export it from a repeatable-read transaction that
        # stays open while pg_dump reads with --snapshot.
        with connection.cursor() as cursor:
            connection.set_autocommit(False)
            try:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = table_row_counts(using)
                _run(
                    [
                        "pg_dump",
                        *args,
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={path}",
                        str(connection.settings_dict["NAME"]),
                    ],
                    env,
                )
            finally:
                connection.rollback()
                connection.set_autocommit(True)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        counts = table_row_counts(using)
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")
    os.chmod(path, 0o600)  # a backup holds every child's record
    counts_path(path).write_text(json.dumps(counts, indent=1, sort_keys=True))
    return counts


def backup_restore(*, path: Path, clean: bool = False, using: str = "default") -> dict[str, int]:
    """Load `path` into the database. Refuses a database that already has tables unless `clean`.

    Returns the row counts after the restore; raises BackupError if they differ from the
    counts recorded with the backup.
    """
    if not path.exists():
        raise BackupError(f"There is no backup file at {path}.")
    connection = connections[using]
    existing = connection.introspection.table_names()
    if existing and not clean:
        raise BackupError(
            f"The database already has {len(existing)} tables. Restore into an empty database, "
            "or pass --clean to replace what is there (everything in it is lost)."
        )
    if connection.vendor == "postgresql":
        if shutil.which("pg_restore") is None:
            raise BackupError("pg_restore is not installed: install the PostgreSQL client (postgresql-client).")
        args, env = _pg_args(connection.settings_dict)
        connection.close()
        command = ["pg_restore", *args, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        if clean:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(path)], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        raise BackupError(f"No restore for a {connection.vendor} database.")
    counts = table_row_counts(using)
    recorded_file = counts_path(path)
    if recorded_file.exists():
        recorded = json.loads(recorded_file.read_text())
        differ = {
            t: (recorded.get(t), counts.get(t)) for t in set(recorded) | set(counts) if recorded.get(t) != counts.get(t)
        }
        if differ:
            lines = ", ".join(f"{t}: {a} in the backup, {b} now" for t, (a, b) in sorted(differ.items()))
            raise BackupError(f"The restored database does not match the backup: {lines}")
    return counts
