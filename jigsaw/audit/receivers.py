"""Sign-in events in the audit log: who signed in or out, and which user names failed.

A failed attempt logs the user name that was tried, never the password (Django has
already masked it in `credentials`, and only the user name is read here).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from .models import AuditKind
from .services import audit_record


def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, kind=AuditKind.SIGN_IN, obj=user, purpose="signed in")


def record_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:  # signing out when not signed in
        return
    audit_record(actor=user, kind=AuditKind.SIGN_OUT, obj=user, purpose="signed out")


def record_sign_in_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    username_field = get_user_model().USERNAME_FIELD
    attempted = credentials.get(username_field) or credentials.get("username") or ""
    audit_record(
        actor=None,
        kind=AuditKind.SIGN_IN_FAILED,
        model=get_user_model(),
        purpose="sign-in failed",
        details={"username": str(attempted)[:150]},
    )


def narrow_audit_privileges(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After migrate: the app role keeps only INSERT and SELECT on the audit tables, even on one
    a new migration has just made (default privileges would give it UPDATE and DELETE)."""
    from django.conf import settings

    from .roles import audit_tables_narrow

    audit_tables_narrow(app_role=settings.JIGSAW_DATABASE_APP_ROLE, using=using)
