"""Reads that tolerate a few seconds' delay go to a read replica (docs/scaling.md).

Switched on by `DATABASE_REPLICA_URL` (config/settings/production.py adds the `replica`
database and this router). Nothing goes to the replica unless both hold:

- the read happens while a *tolerant* read is in progress: a GET or HEAD request to a view
  named in `JIGSAW_REPLICA_VIEWS` (dashboards, returns, search: `fnmatch` patterns of view
  names such as "people:search" or "returns:*"; `ReplicaViewMiddleware` marks the request),
  or code inside `with tolerant_reads():` (a report command, say);
- the model is not one whose freshness matters to the request itself: sessions, users and
  their devices, sign-in throttling, the audit log, the task queue, and anything locked for
  update (Django sends `select_for_update` to the write database only inside the transaction
  that locks; we also refuse the replica for every read inside `transaction.atomic`).

Writes, and migrations, always go to `default`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_tolerant: ContextVar[bool] = ContextVar("jigsaw_tolerant_reads", default=False)

# Read from the primary always: a replica a few seconds behind would sign a user out, or show a
# task as still waiting, or let the audit chain read a stale head.
ALWAYS_PRIMARY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "contenttypes",
        "access",
        "otp_totp",
        "otp_static",
        "axes",
        "audit",
        "auditlog",
        "django_tasks_db",
        "admin",
    }
)


@contextmanager
def tolerant_reads() -> Iterator[None]:
    """Reads inside may come from the replica (when there is one)."""
    token = _tolerant.set(True)
    try:
        yield
    finally:
        _tolerant.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not _tolerant.get() or not replica_configured():
            return None
        if model._meta.app_label in ALWAYS_PRIMARY_APPS:
            return None
        if connections["default"].in_atomic_block:
            return None  # a transaction reads what it (or its locks) made: the primary
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of default: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db == REPLICA:
            return False  # the replica follows the primary; it is never migrated itself
        return None


def view_is_tolerant(view_name: str) -> bool:
    patterns = getattr(settings, "JIGSAW_REPLICA_VIEWS", ())
    return any(fnmatch.fnmatchcase(view_name, p) for p in patterns)


class ReplicaViewMiddleware:
    """Marks GET and HEAD requests to the views in JIGSAW_REPLICA_VIEWS as tolerant reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_jigsaw_tolerant_token", None)
            if token is not None:
                _tolerant.reset(token)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return None
        match = request.resolver_match
        if match is not None and view_is_tolerant(match.view_name):
            # For the rest of this request only: __call__ resets it when the response is made.
            request._jigsaw_tolerant_token = _tolerant.set(True)  # type: ignore[attr-defined]
        return None
