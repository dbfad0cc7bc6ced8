"""On PostgreSQL the database itself keeps the log append-only, and concurrent writers share one chain."""

import re
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from jigsaw.audit.chain import verify_chain
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.services import audit_record

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def entry(db, person, social_worker):
    return audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Visit")


@pytest.mark.django_db
def test_migrate_installs_the_append_only_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = 'audit_auditentry' AND t.tgname LIKE 'pgtrigger_audit_append_only_%%'"
        )
        assert cursor.fetchall() == [("O",)]  # present and enabled


@pytest.mark.django_db
def test_migrate_installs_the_truncate_refusing_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'pgtrigger_audit%%no_truncate_%%' ORDER BY c.relname"
        )
        assert cursor.fetchall() == [("audit_auditentry", "O"), ("audit_auditsubject", "O")]


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditentry CASCADE",
        "TRUNCATE audit_auditsubject",
        "TRUNCATE audit_auditsubject, audit_auditentry",
    ],
)
@pytest.mark.django_db
def test_the_database_refuses_truncate_even_to_the_tables_owner(entry, statement):
    # This connection is the superuser that ran migrate: the trigger stops even it.
    with (
        pytest.raises(DatabaseError, match=r"Cannot truncate the audit_audit(entry|subject) table"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # As if the entry were committed: PostgreSQL refuses TRUNCATE with foreign key checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_flush_leaves_the_audit_log_alone(entry, settings):
    settings.JIGSAW_AUDIT_FLUSH_ALLOWED = False  # as everywhere but the test suite
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as if committed (see above)
    with pytest.raises(CommandError, match="couldn't be flushed") as caught, transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
    # Whichever of the two audit tables the TRUNCATE reaches first refuses it.
    assert re.search(r"Cannot truncate the audit_audit(entry|subject) table", str(caught.value.__cause__))
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_raw_update(entry):
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete rows"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET purpose = 'changed' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "Visit"


@pytest.mark.django_db
def test_the_database_refuses_a_raw_delete(entry):
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete rows"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_keep_one_unbroken_chain(person, social_worker, team_manager):
    per_writer = 25
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(actor) -> None:
        try:
            start.wait()
            for n in range(per_writer):
                # Each append in its own transaction with some work inside, as a service would.
                with transaction.atomic():
                    audit_record(actor=actor, kind=AuditKind.VIEW, obj=person, purpose=f"visit {n}")
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(actor,)) for actor in (social_worker, team_manager)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    views = AuditEntry.objects.filter(kind=AuditKind.VIEW)
    assert views.filter(actor=social_worker).count() == per_writer
    assert views.filter(actor=team_manager).count() == per_writer
    report = verify_chain()
    assert report.intact, report.broken
    assert report.checked == AuditEntry.objects.count()
    # Both writers' entries are interleaved in the one chain, not two forks.
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
