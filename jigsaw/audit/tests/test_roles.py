"""The two database roles: the app role may add to the audit log and read it, and nothing more.

Each test makes its own roles, with names of its own (so parallel workers never meet),
inside the test's transaction: CREATE ROLE is transactional in PostgreSQL, so the roles,
grants and ownership changes all vanish with the rollback. The test connection is the
superuser that ran migrate; `SET ROLE` makes it the app (or the owner) role for a while.
"""

import contextlib
import uuid

import pgtrigger
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import ProgrammingError, connection, transaction

from jigsaw.audit.chain import verify_chain
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.roles import RolesError, audit_privileges_check, audit_tables_narrow, db_roles_apply
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person
from jigsaw.people.tests.factories import PersonFactory

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    suffix = uuid.uuid4().hex[:10]
    owner, app = f"jigsaw_t_owner_{suffix}", f"jigsaw_t_app_{suffix}"
    report = db_roles_apply(owner_role=owner, app_role=app)
    return owner, app, report


@contextlib.contextmanager
def acting_as(role: str):
    """Run the block as `role` (privileges and ownership are then that role's, not the superuser's)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(statement: str, params: list | None = None) -> str:
    """The database's refusal of `statement` (in a savepoint, so the test carries on)."""
    with pytest.raises(ProgrammingError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(caught.value)


def trigger_name(table: str, name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND tgname LIKE %s",
            [table, f"pgtrigger_{name}_%"],
        )
        return cursor.fetchone()[0]


@postgres_only
def test_the_roles_are_made_and_the_app_role_can_only_add_to_the_audit_log(roles):
    owner, app, report = roles
    assert report.created == [owner, app]
    assert report.skipped == [] and report.problems == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolname, rolsuper, rolinherit, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s) ORDER BY rolname",
            [app, owner],
        )
        assert cursor.fetchall() == [(app, False, False, True), (owner, False, True, True)]
        cursor.execute("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'audit_auditentry'")
        assert cursor.fetchone() == (owner,)


@postgres_only
def test_running_it_again_changes_nothing_and_puts_back_what_drifted(roles):
    owner, app, _ = roles
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE, TRUNCATE ON audit_auditentry TO "{app}"')
        assert audit_privileges_check(cursor, app_role=app, owner_role=owner) == [
            f"{app} holds UPDATE, DELETE, TRUNCATE on audit_auditentry"
        ]

    again = db_roles_apply(owner_role=owner, app_role=app)
    assert again.created == [] and again.problems == []


@postgres_only
def test_the_owner_can_run_it_after_each_migrate_without_being_a_superuser(roles):
    owner, app, _ = roles
    with acting_as(owner):
        report = db_roles_apply(owner_role=owner, app_role=app)
    assert (report.created, report.skipped, report.problems) == ([], [], [])


@postgres_only
def test_the_app_role_cannot_set_itself_up(roles):
    owner, app, _ = roles
    with acting_as(app), pytest.raises(RolesError, match="may not create roles"):
        db_roles_apply(owner_role=f"{owner}_x", app_role=app)


@postgres_only
def test_the_app_role_adds_to_the_audit_log_and_does_its_ordinary_work(roles, social_worker):
    _, app, _ = roles
    with acting_as(app):
        person = PersonFactory()  # an INSERT, audited by django-auditlog
        person.family_name = "Adeyemi-Clarke"
        person.save()  # an UPDATE, audited
        entry = audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Home visit")
        kinds = set(AuditEntry.objects.filter(subject_person_id=person.pk).values_list("kind", flat=True))
        assert {"create", "update", "view"} <= kinds
        assert AuditEntry.objects.filter(pk=entry.pk).exists()
        assert verify_chain().intact
    assert Person.objects.get(pk=person.pk).family_name == "Adeyemi-Clarke"


@postgres_only
@pytest.mark.parametrize("table", ["audit_auditentry", "audit_auditsubject"])
def test_the_app_role_cannot_change_empty_or_truncate_the_audit_tables(roles, social_worker, table):
    _, app, _ = roles
    audit_record(actor=social_worker, kind=AuditKind.SEARCH, purpose="already known?", also_about=[1, 2])
    before = AuditEntry.objects.count()
    with acting_as(app):
        for statement in (
            f"UPDATE {table} SET id = id",  # noqa: S608 - table names from the parametrisation
            f"DELETE FROM {table}",  # noqa: S608
            f"TRUNCATE {table} CASCADE",
        ):
            assert f"permission denied for table {table}" in refused(statement)
        # pgtrigger's own way to set its triggers aside is open to any session; the
        # privileges are not, so the app role is still refused.
        with pgtrigger.ignore():
            assert "permission denied" in refused(f"DELETE FROM {table}")  # noqa: S608
    assert AuditEntry.objects.count() == before


@postgres_only
@pytest.mark.parametrize(
    ("table", "triggers"),
    [
        ("audit_auditentry", ("audit_append_only", "audit_no_truncate")),
        ("audit_auditsubject", ("audit_subject_append_only", "audit_subject_no_truncate")),
    ],
)
def test_the_app_role_cannot_disable_drop_or_replace_the_triggers(roles, table, triggers):
    _, app, _ = roles
    with acting_as(app):
        assert "must be owner of table" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        for name in triggers:
            pgid = trigger_name(table, name)
            assert "must be owner of table" in refused(f"ALTER TABLE {table} DISABLE TRIGGER {pgid}")
            assert "must be owner of" in refused(f"DROP TRIGGER {pgid} ON {table}")
            # Replacing a function needs the right to create in its schema, and then its ownership.
            assert "permission denied for schema public" in refused(
                f"CREATE OR REPLACE FUNCTION {pgid}() RETURNS TRIGGER AS $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql"
            )
        assert "permission denied for schema public" in refused(
            "CREATE OR REPLACE FUNCTION public._pgtrigger_should_ignore(trigger_name NAME) RETURNS BOOLEAN "
            "AS $$ BEGIN RETURN TRUE; END; $$ LANGUAGE plpgsql"
        )
        assert "must be owner of function" in refused("DROP FUNCTION public._pgtrigger_should_ignore(name) CASCADE")
        assert "must be owner of table" in refused(f"DROP TABLE {table} CASCADE")
        assert "permission denied for schema public" in refused("CREATE TABLE audit_copy (id int)")


@postgres_only
def test_tables_made_by_later_migrations_are_usable_by_the_app_role(roles):
    owner, app, _ = roles
    with acting_as(owner), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_migration_table (id bigserial PRIMARY KEY, note text)")
    with acting_as(app), connection.cursor() as cursor:
        cursor.execute("INSERT INTO later_migration_table (note) VALUES ('new') RETURNING id")
        (row_id,) = cursor.fetchone()
        cursor.execute("UPDATE later_migration_table SET note = 'changed' WHERE id = %s", [row_id])
        cursor.execute("SELECT note FROM later_migration_table")
        assert cursor.fetchall() == [("changed",)]
        cursor.execute("DELETE FROM later_migration_table")


@postgres_only
def test_after_migrate_the_audit_tables_are_narrowed_again(roles):
    # A migration remaking an audit table would get the app role's full default privileges.
    owner, app, _ = roles
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE ON audit_auditentry, audit_auditsubject TO "{app}"')
    assert audit_tables_narrow(app_role=app)
    with connection.cursor() as cursor:
        assert audit_privileges_check(cursor, app_role=app, owner_role=owner) == []


@postgres_only
def test_the_command_sets_passwords_from_the_environment_hashed(db, monkeypatch, capsys):
    suffix = uuid.uuid4().hex[:10]
    owner, app = f"jigsaw_t_owner_{suffix}", f"jigsaw_t_app_{suffix}"
    monkeypatch.setenv("JIGSAW_DATABASE_OWNER_PASSWORD", "owner-secret-for-tests")
    monkeypatch.setenv("JIGSAW_DATABASE_APP_PASSWORD", "app-secret-for-tests")

    call_command("db_roles", "--owner-role", owner, "--app-role", app, "--password-from-env")

    out = capsys.readouterr().out
    assert f"Created role {owner}." in out and f"Created role {app}." in out
    assert f"{app} may add to and read the audit log, and nothing more; {owner} owns it." in out
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN (%s, %s)", [owner, app])
        passwords = dict(cursor.fetchall())
    assert all(value.startswith("SCRAM-SHA-256$") for value in passwords.values())
    assert not any("secret" in value for value in passwords.values())


@postgres_only
def test_the_command_takes_the_app_role_out_of_the_owner_and_fails_on_a_disabled_trigger(roles):
    owner, app, _ = roles
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT "{owner}" TO "{app}"')  # the owner's rights, through membership
        cursor.execute(
            f"ALTER TABLE audit_auditentry DISABLE TRIGGER {trigger_name('audit_auditentry', 'audit_append_only')}"
        )

    with pytest.raises(CommandError) as caught:
        call_command("db_roles", "--owner-role", owner, "--app-role", app)
    assert caught.value.returncode == 1
    assert str(caught.value) == (
        f"The app role {app} could still rewrite the audit log: "
        "trigger audit_append_only on audit_auditentry is disabled."
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app, owner])
        assert cursor.fetchone() == (False,)


@postgres_only
def test_the_administrator_running_it_is_never_made_one_of_the_roles(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (me,) = cursor.fetchone()
    with pytest.raises(RolesError, match="cannot be the owner or app role"):
        db_roles_apply(owner_role=me, app_role="jigsaw_t_app_unused")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (True,)


@postgres_only
def test_role_names_are_checked_before_they_reach_sql(db):
    with pytest.raises(RolesError, match="is not a role name"):
        db_roles_apply(owner_role='x"; DROP TABLE audit_auditentry; --', app_role="jigsaw_app")
    with pytest.raises(CommandError, match="must be two different roles"):
        call_command("db_roles", "--owner-role", "jigsaw", "--app-role", "jigsaw")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_on_sqlite_the_command_explains_there_are_no_roles(db):
    with pytest.raises(CommandError, match="Database roles are a PostgreSQL feature; this database is sqlite"):
        call_command("db_roles")
