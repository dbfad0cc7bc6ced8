"""Set up the two PostgreSQL roles: `manage.py db_roles [--owner-role R] [--app-role R] [--password-from-env]`.

The owner role owns the tables and runs migrations; the app role (web servers and
workers) reads and writes them but may only add to the audit log (jigsaw/audit/roles.py,
docs/deploy.md). Run it first as a superuser or the database's owner, then again as the
owner role after every `migrate`. Safe to run again: it only creates what is missing and
puts back what has drifted. Exit 1 if the app role could still rewrite the audit log.
"""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.audit.roles import RolesError, db_roles_apply

# The names of the environment variables that hold the passwords.
OWNER_PASSWORD_VARIABLE = "JIGSAW_DATABASE_OWNER_PASSWORD"  # noqa: S105
APP_PASSWORD_VARIABLE = "JIGSAW_DATABASE_APP_PASSWORD"  # noqa: S105


class Command(BaseCommand):
    help = "Create or update the database's owner and application roles and their privileges (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--owner-role",
            default=settings.JIGSAW_DATABASE_OWNER_ROLE,
            help="Owns the tables and runs migrations (default %(default)s, JIGSAW_DATABASE_OWNER_ROLE).",
        )
        parser.add_argument(
            "--app-role",
            default=settings.JIGSAW_DATABASE_APP_ROLE,
            help="What the web servers and workers connect as (default %(default)s, JIGSAW_DATABASE_APP_ROLE).",
        )
        parser.add_argument(
            "--password-from-env",
            action="store_true",
            help=f"Set both roles' passwords from {OWNER_PASSWORD_VARIABLE} and {APP_PASSWORD_VARIABLE}.",
        )
        parser.add_argument("--database", default="default", help="Connection to run as (default %(default)s).")

    def handle(
        self,
        *args: Any,
        owner_role: str,
        app_role: str,
        password_from_env: bool,
        database: str,
        **options: Any,
    ) -> None:
        owner_password = app_password = None
        if password_from_env:
            missing = [v for v in (OWNER_PASSWORD_VARIABLE, APP_PASSWORD_VARIABLE) if not os.environ.get(v)]
            if missing:
                raise CommandError(f"--password-from-env: {' and '.join(missing)} not set.")
            owner_password, app_password = os.environ[OWNER_PASSWORD_VARIABLE], os.environ[APP_PASSWORD_VARIABLE]
        try:
            report = db_roles_apply(
                owner_role=owner_role,
                app_role=app_role,
                owner_password=owner_password,
                app_password=app_password,
                using=database,
            )
        except RolesError as error:
            raise CommandError(str(error)) from error
        for role in report.created:
            self.stdout.write(f"Created role {role}.")
        for step in report.steps:
            self.stdout.write(f"- {step}")
        for skipped in report.skipped:
            self.stderr.write(self.style.WARNING(f"Skipped: {skipped}"))
        if report.problems:
            raise CommandError(
                f"The app role {app_role} could still rewrite the audit log: " + "; ".join(report.problems) + ".",
                returncode=1,
            )
        if report.not_migrated:
            self.stdout.write(
                f"The roles are ready. {', '.join(report.not_migrated)} are not made yet: run migrate as "
                f"{owner_role}, then this command again."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"{app_role} may add to and read the audit log, and nothing more; {owner_role} owns it.")
        )
