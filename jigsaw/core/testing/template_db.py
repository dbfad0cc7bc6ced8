"""A migrated test database, made once and copied for every test worker (test speed, not behaviour).

Running Jigsaw's migrations costs about 40 seconds of CPU (Django renders the model state again
for each of hundreds of constraints), and every pytest-xdist worker ran them for its own test
database, on every run. Instead the migrations run once into a template, which is kept and reused
for as long as no migration changes (its name holds a fingerprint of every app's migration files
and Django's version), and each worker's database is a copy of it:

- PostgreSQL: `CREATE DATABASE test_… TEMPLATE jigsaw_tpl_…` (a file-level copy in the server);
- SQLite: the template is a file under the user's cache directory, loaded into the worker's
  in-memory database with SQLite's backup API (as Django's own parallel runner does).

The worker's database is then set up by Django as usual with `keepdb`, so `migrate` finds nothing
to apply and only its post-migrate signals run. A template is built under a lock, under a
temporary name that is renamed when complete, so a run stopped half way leaves nothing half made.
`JIGSAW_TEST_DB_TEMPLATE=0` turns this off (each worker then migrates, as before).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import django
from django.apps import apps
from django.db import connections

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jigsaw" / "test-db"
STALE_AFTER_DAYS = 7
# Kept alive for the whole test session: an in-memory SQLite database lasts as long as a
# connection to it is open.
_KEEP_OPEN: list[sqlite3.Connection] = []


def enabled() -> bool:
    return os.environ.get("JIGSAW_TEST_DB_TEMPLATE", "1") != "0"


def migrations_fingerprint() -> str:
    """Changes whenever any installed app's migrations (or Django) change."""
    digest = hashlib.sha256(django.__version__.encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        try:
            package = import_module(f"{app.name}.migrations")
        except ImportError:
            continue
        folder = Path(package.__file__).parent
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(name: str) -> Iterator[None]:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate_into(alias: str, test_name: str) -> None:
    """Run the migrations into a database of this name, then point the connection back."""
    connection = connections[alias]
    old_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    test_settings["NAME"] = test_name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=True)
    finally:
        test_settings["NAME"] = saved
        connection.close()


def _sqlite_prepare(alias: str) -> None:
    connection = connections[alias]
    test_name = connection.creation._get_test_db_name()
    if not connection.creation.is_in_memory_db(test_name):
        return  # a file test database named in settings: leave it to Django
    fingerprint = migrations_fingerprint()
    template = CACHE_DIR / f"sqlite-{fingerprint}.sqlite3"
    with _locked(f"sqlite-{fingerprint}"):
        if not template.exists():
            building = template.with_suffix(f".building-{os.getpid()}")
            building.unlink(missing_ok=True)
            _migrate_into(alias, str(building))
            os.replace(building, template)
            _prune_sqlite_templates(keep=template)
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    target = sqlite3.connect(test_name, uri=True)
    source.backup(target)
    source.close()
    _KEEP_OPEN.append(target)


def _prune_sqlite_templates(keep: Path) -> None:
    cutoff = time.time() - STALE_AFTER_DAYS * 86400
    for old in CACHE_DIR.glob("sqlite-*.sqlite3"):
        if old != keep and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _postgres_prepare(alias: str) -> None:
    connection = connections[alias]
    test_name = connection.creation._get_test_db_name()
    fingerprint = migrations_fingerprint()
    # Per database name, so two checkouts with other DATABASE_URLs never share one.
    template = f"jigsaw_tpl_{connection.settings_dict['NAME']}"[:46] + f"_{fingerprint}"
    quote = connection.ops.quote_name
    with _locked(f"pg-{template}"):
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            exists = cursor.fetchone() is not None
        if not exists:
            building = f"{template[:50]}_b{os.getpid()}"
            _migrate_into(alias, building)
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")


def prepare_test_databases(aliases: set[str]) -> bool:
    """Give each test database the migrated template's tables. True if done (then set up the
    databases with keepdb, so that nothing is migrated again)."""
    if not enabled():
        return False
    for alias in aliases:
        vendor = connections[alias].vendor
        if vendor == "sqlite":
            _sqlite_prepare(alias)
        elif vendor == "postgresql":
            _postgres_prepare(alias)
        else:
            return False
    return True
