"""The two PostgreSQL roles Jigsaw runs as, and what each may do (`manage.py db_roles`).

- The owner role owns the schema's tables, sequences and trigger functions and runs
  `manage.py migrate`. Only it can alter, disable or drop the audit log's triggers.
- The app role is what the web servers and workers connect as: it reads and writes the
  application's tables, but may only INSERT and SELECT on the audit tables (no UPDATE,
  DELETE, TRUNCATE, REFERENCES or TRIGGER), and owns nothing, so it cannot ALTER, DISABLE or
  DROP a trigger either. Privileges are the real defence here: the append-only triggers can
  be set aside by anyone who knows pgtrigger's session setting, privileges cannot.

Idempotent: creates what is missing, puts back what drifted, and does nothing else. Default
privileges mean tables made by later migrations (run as the owner) are usable by the app
at once; run it again after each `migrate` so that any new audit table is narrowed too.
"""

import re
from dataclasses import dataclass, field

from django.db import connections, transaction
from psycopg import sql

from .models import AuditEntry, AuditSubject

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# Privileges the app role must not hold on an append-only table.
FORBIDDEN_ON_AUDIT = ("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
AUDIT_TRIGGERS = {
    AuditEntry._meta.db_table: ("audit_append_only", "audit_no_truncate"),
    AuditSubject._meta.db_table: ("audit_subject_append_only", "audit_subject_no_truncate"),
}


class RolesError(RuntimeError):
    """The roles cannot be set up as asked (wrong database, bad name, not allowed)."""


@dataclass
class RolesReport:
    created: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # what was checked or put right
    skipped: list[str] = field(default_factory=list)  # steps this connection had no right to take
    problems: list[str] = field(default_factory=list)  # what still lets the app role rewrite the audit log
    not_migrated: list[str] = field(default_factory=list)  # audit tables not made yet (the first run)


def append_only_tables() -> list[str]:
    return list(AUDIT_TRIGGERS)


def db_roles_apply(
    *,
    owner_role: str,
    app_role: str,
    owner_password: str | None = None,
    app_password: str | None = None,
    using: str = "default",
) -> RolesReport:
    """Create or update the owner and app roles and their privileges, then check the result.

    Run by a superuser or the database's owner the first time (roles, schema, ownership);
    by the owner role after each migrate (grants). Steps the connection may not take are
    listed in `skipped`, and anything still wrong with the audit tables in `problems`.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RolesError(
            f"Database roles are a PostgreSQL feature; this database is {connection.vendor}. "
            "The SQLite demo runs as one user, with the hash chain and its anchor as the defence."
        )
    for name in (owner_role, app_role):
        if not ROLE_NAME.match(name):
            raise RolesError(f"{name!r} is not a role name: use lower-case letters, digits and underscores.")
    if owner_role == app_role:
        raise RolesError("The owner and app roles must be two different roles.")
    report = RolesReport()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        me = _one(
            cursor,
            "SELECT current_user, r.rolsuper, r.rolcreaterole, current_database(), current_schema(), "
            "pg_has_role(current_user, d.datdba, 'MEMBER') "
            "FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()",
        )
        user, superuser, createrole, database, schema, database_owner = me
        if (superuser or createrole) and user in (owner_role, app_role):
            # It would take away its own powers (NOSUPERUSER, NOCREATEROLE) half-way through.
            raise RolesError(
                f"This connection is {user}, an administrator, and {user} cannot be the owner or app role: "
                "name two roles of their own (e.g. jigsaw_owner and jigsaw_app)."
            )
        owner, app, db, sch = (sql.Identifier(n) for n in (owner_role, app_role, database, schema))

        for role, password, is_app in ((owner_role, owner_password, False), (app_role, app_password, True)):
            _role_ensure(
                cursor,
                connection,
                report,
                role=role,
                password=password,
                is_app=is_app,
                superuser=superuser,
                createrole=createrole,
            )

        if _one(cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner_role])[0]:
            # Membership would hand the app role the owner's rights (ALTER, DROP TRIGGER).
            _run(cursor, sql.SQL("REVOKE {} FROM {}").format(owner, app))
            report.steps.append(f"removed {app_role} from {owner_role}")

        if superuser or database_owner:
            _run(cursor, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(db, owner, app))
            _run(cursor, sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(sch, owner))
            _run(cursor, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sch, app))
            # Nobody else makes tables here (PostgreSQL 15 already says so; older versions do not).
            _run(cursor, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(sch))
            _run(cursor, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(sch, app))
            report.steps.append(
                f"database {database}: {owner_role} and {app_role} may connect; "
                f"only {owner_role} may create in schema {schema}"
            )
        elif not _one(
            cursor,
            "SELECT has_database_privilege(%(owner)s, current_database(), 'CONNECT') "
            "AND has_database_privilege(%(app)s, current_database(), 'CONNECT') "
            "AND has_schema_privilege(%(owner)s, current_schema(), 'CREATE') "
            "AND has_schema_privilege(%(app)s, current_schema(), 'USAGE') "
            "AND NOT has_schema_privilege(%(app)s, current_schema(), 'CREATE')",
            {"owner": owner_role, "app": app_role},
        )[0]:
            # Only worth saying when they are not already in place (the owner's routine run).
            report.skipped.append(f"database and schema grants: {user} is neither a superuser nor the database's owner")

        moved = _ownership_transfer(cursor, report, owner_role=owner_role, schema=schema, superuser=superuser)
        if moved:
            report.steps.append(f"{moved} objects in schema {schema} now owned by {owner_role}")

        if superuser or _one(cursor, "SELECT pg_has_role(current_user, %s, 'MEMBER')", [owner_role])[0]:
            _grants_apply(cursor, owner=owner, app=app, sch=sch)
            report.steps.append(
                f"{app_role}: {APP_TABLE_PRIVILEGES} on the tables of schema {schema} (also those made by later "
                f"migrations), SELECT and INSERT only on {', '.join(append_only_tables())}"
            )
        else:
            report.skipped.append(f"table grants: {user} is not {owner_role}, a member of it, or a superuser")

        report.problems.extend(audit_privileges_check(cursor, app_role=app_role, owner_role=owner_role))
        # The first run, before any migration, has no audit tables to narrow yet.
        report.not_migrated = [
            t for t in append_only_tables() if _one(cursor, "SELECT to_regclass(%s)", [t])[0] is None
        ]
    return report


def audit_privileges_check(cursor, *, app_role: str, owner_role: str) -> list[str]:
    """Everything that would let the app role rewrite the audit log; [] when it can only add to it."""
    problems = []
    attributes = _one(cursor, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role])
    if attributes is None:
        return [f"there is no role {app_role}"]
    if attributes[0]:
        problems.append(f"{app_role} is a superuser: no privilege or trigger binds it")
    for table, triggers in AUDIT_TRIGGERS.items():
        row = _one(cursor, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(%s)", [table])
        if row is None:  # not migrated yet: db_roles_apply says so
            continue
        table_owner = row[0]
        if table_owner != owner_role:
            problems.append(f"{table} is owned by {table_owner}, not {owner_role}")
        if _one(cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, table_owner])[0]:
            problems.append(f"{app_role} owns {table} (or is a member of its owner), so it can drop its triggers")
        held = [
            privilege
            for privilege in FORBIDDEN_ON_AUDIT
            if _one(cursor, "SELECT has_table_privilege(%s, %s, %s)", [app_role, table, privilege])[0]
        ]
        if held:
            problems.append(f"{app_role} holds {', '.join(held)} on {table}")
        for name in triggers:
            state = _one(
                cursor,
                "SELECT t.tgenabled FROM pg_trigger t WHERE t.tgrelid = to_regclass(%s) AND t.tgname LIKE %s",
                [table, f"pgtrigger_{name}_%"],
            )
            if state is None or state[0] == "D":
                problems.append(f"trigger {name} on {table} is {'disabled' if state else 'missing'}")
    return problems


def _role_ensure(
    cursor,
    connection,
    report: RolesReport,
    *,
    role: str,
    password: str | None,
    is_app: bool,
    superuser: bool,
    createrole: bool,
) -> None:
    name = sql.Identifier(role)
    exists = _one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]) is not None
    if not (superuser or createrole):
        if not exists:
            raise RolesError(
                f"There is no role {role}, and this connection may not create roles: run db_roles once as a "
                "superuser or the database's administrator (a role with CREATEROLE)."
            )
        if password is not None:
            raise RolesError("Setting passwords needs a superuser or a role with CREATEROLE.")
        return
    # LOGIN, and none of the powers that would lift it above its privileges. Only a
    # superuser may name the superuser, replication and row-security attributes at all.
    attributes = "LOGIN NOCREATEDB NOCREATEROLE"
    if superuser:
        attributes += " NOSUPERUSER NOREPLICATION NOBYPASSRLS"
    # The app role inherits nothing: a role granted to it later does not silently widen it.
    attributes += " NOINHERIT" if is_app else " INHERIT"
    verb = "ALTER" if exists else "CREATE"
    _run(cursor, sql.SQL(f"{verb} ROLE {{}} WITH {attributes}").format(name))
    if not exists:
        report.created.append(role)
    if password is not None:
        # Hashed here (SCRAM, by libpq) so the clear password never reaches the server's logs.
        connection.ensure_connection()
        verifier = connection.connection.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
        _run(cursor, sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(verifier.decode())))
        report.steps.append(f"password of {role} set")


def _ownership_transfer(cursor, report: RolesReport, *, owner_role: str, schema: str, superuser: bool) -> int:
    """Give the owner role every table, view, sequence and function in the schema (not those of
    extensions), e.g. after migrations were first run as another user. Each needs a
    superuser, or a member of both the current and the new owner."""
    cursor.execute(
        """
        SELECT 'relation', c.oid::regclass::text, c.relkind, pg_get_userbyid(c.relowner)
        FROM pg_class c
        WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) <> %(owner)s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
        UNION ALL
        SELECT 'function', p.oid::regprocedure::text, '', pg_get_userbyid(p.proowner)
        FROM pg_proc p
        WHERE p.pronamespace = %(schema)s::regnamespace AND pg_get_userbyid(p.proowner) <> %(owner)s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY 1, 2
        """,
        {"schema": schema, "owner": owner_role},
    )
    others = cursor.fetchall()
    moved = 0
    for kind, name, relkind, current in others:
        allowed = (
            superuser
            or _one(
                cursor,
                "SELECT pg_has_role(current_user, %s, 'MEMBER') AND pg_has_role(current_user, %s, 'MEMBER')",
                [current, owner_role],
            )[0]
        )
        if not allowed:
            report.skipped.append(f"{name} is owned by {current}: ownership needs a superuser")
            continue
        # Names come from the catalogue already quoted (regclass and regprocedure text).
        statement = {
            "r": "ALTER TABLE",
            "p": "ALTER TABLE",
            "v": "ALTER VIEW",
            "m": "ALTER MATERIALIZED VIEW",
            "S": "ALTER SEQUENCE",
            "": "ALTER FUNCTION",
        }[relkind if kind == "relation" else ""]
        _run(cursor, sql.SQL(f"{statement} {name} OWNER TO {{}}").format(sql.Identifier(owner_role)))
        moved += 1
    return moved


def _grants_apply(cursor, *, owner: sql.Identifier, app: sql.Identifier, sch: sql.Identifier) -> None:
    statements = [
        f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {{sch}} TO {{app}}",
        "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {sch} FROM {app}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {sch} TO {app}",
        "REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA {sch} FROM {app}",
        # Tables and sequences the owner makes in later migrations: usable by the app at once.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {{owner}} IN SCHEMA {{sch}} GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {{app}}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {sch} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for statement in statements:
        _run(cursor, sql.SQL(statement).format(owner=owner, app=app, sch=sch))
    # The audit log: added to, read, never changed. The migration history: read only.
    # (Before the first migrate neither exists yet: the run after it narrows them.)
    for table in [*append_only_tables(), "django_migrations"]:
        if _one(cursor, "SELECT to_regclass(%s)", [table])[0] is None:
            continue
        forbidden = "INSERT, UPDATE, DELETE" if table == "django_migrations" else "UPDATE, DELETE"
        _run(cursor, sql.SQL(f"REVOKE {forbidden} ON {{}} FROM {{}}").format(sql.Identifier(table), app))


def audit_tables_narrow(*, app_role: str, using: str = "default") -> bool:
    """Take UPDATE, DELETE and the rest back from the app role on the audit tables.

    Run after every migrate (receivers.narrow_audit_privileges), as the owner that migrate
    connects as: default privileges would otherwise give an audit table made by a new
    migration the app's full rights until db_roles ran again. False when there is nothing
    to do here (not PostgreSQL, no such role, or this connection does not own the tables).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not ROLE_NAME.match(app_role):
        return False
    with connection.cursor() as cursor:
        if _one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role]) is None:
            return False
        narrowed = False
        for table in append_only_tables():
            row = _one(
                cursor,
                "SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class WHERE oid = to_regclass(%s)",
                [table],
            )
            if row is None or not row[0]:
                continue
            _run(
                cursor,
                sql.SQL("REVOKE {} ON {} FROM {}").format(
                    sql.SQL(", ").join(sql.SQL(p) for p in FORBIDDEN_ON_AUDIT),
                    sql.Identifier(table),
                    sql.Identifier(app_role),
                ),
            )
            narrowed = True
    return narrowed


def _run(cursor, statement: sql.Composable) -> None:
    cursor.execute(statement.as_string(cursor.connection))


def _one(cursor, query: str, params: list | dict | None = None) -> tuple | None:
    cursor.execute(query, params or [])
    return cursor.fetchone()
