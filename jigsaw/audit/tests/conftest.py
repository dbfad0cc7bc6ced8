"""Helpers for the audit tests: a database-level attacker, and a way to read the verifier's verdict."""

import contextlib

import pgtrigger
import pytest
from django.db import connection

from jigsaw.access.choices import Role
from jigsaw.audit.models import TRUNCATE_TRIGGERS
from jigsaw.people.tests.factories import PersonFactory


@contextlib.contextmanager
def _bypassing_trigger():
    # On PostgreSQL the append-only trigger refuses the statement; an attacker with
    # enough database rights could switch it off, so the chain must catch it anyway.
    if connection.vendor == "postgresql":
        with pgtrigger.ignore("audit.AuditEntry:audit_append_only"):
            yield
    else:
        yield


@pytest.fixture
def raw_sql():
    """raw_sql(sql, params): run SQL straight against the database, behind the ORM's back."""

    def _run(sql: str, params: list | tuple = ()) -> int:
        with _bypassing_trigger(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    return _run


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def social_worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


@pytest.fixture
def team_manager(make_user):
    return make_user(Role.TEAM_MANAGER)


@pytest.fixture(autouse=True)
def _empty_audit_log(db):
    """Each audit test starts from an empty log, inside its own transaction (rolled back after).

    On PostgreSQL, rows committed by earlier browser tests in the same worker were seen here
    (to be traced: see the closing note); the chain tests count entries, so they start clean.
    The tables refuse TRUNCATE, so the test sets those triggers aside for this one statement.
    """
    if connection.vendor == "postgresql":
        with pgtrigger.ignore(*TRUNCATE_TRIGGERS), connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditsubject, audit_auditentry")
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditsubject")
            cursor.execute("DELETE FROM audit_auditentry")


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    """Each test's own anchor file (not yet written), never the project's var/ one."""
    path = tmp_path / "var" / "audit-anchors.jsonl"
    settings.JIGSAW_AUDIT_ANCHOR_PATH = path
    return path
