"""Writes for API tokens: issue, revoke, and note when a token was last used. Issue and revoke are audited."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .models import DISPLAY_PREFIX_LENGTH, SECRET_PREFIX, ApiToken, hash_secret

DEFAULT_DAYS = 90
# A token is a standing key to children's records: it must be renewed at least yearly.
MAX_DAYS = 365
# Writing last_used_at on every call would make each API request a write; once a minute is enough.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _new_secret() -> str:
    while True:
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        if not ApiToken.objects.filter(prefix=secret[:DISPLAY_PREFIX_LENGTH]).exists():
            return secret


@transaction.atomic
def api_token_issue(*, actor: Any | None, user: Any, name: str, days: int = DEFAULT_DAYS) -> IssuedToken:
    """Issue a token that acts as `user`. `actor` is the administrator (None: an operator at the command line)."""
    if actor is not None and not can(actor, Action.MANAGE_TOKENS):
        raise PermissionDenied("Your role does not include managing API tokens")
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter a name for the token, such as the system that will use it", field="name")
    if len(name) > 100:
        raise ApplicationError("Token name must be 100 characters or fewer", field="name")
    if not user.is_active:
        raise ApplicationError(f"{user}'s account is not active", field="user")
    if not can(user, Action.USE_API):
        role = user.get_role_display() if user.role else "no role"
        raise ApplicationError(f"{user}'s role ({role}) does not include using the API", field="user")
    if not 1 <= days <= MAX_DAYS:
        raise ApplicationError(f"Days until the token expires must be between 1 and {MAX_DAYS}", field="days")

    secret = _new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:DISPLAY_PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        kind=AuditKind.TOKEN,
        obj=token,
        purpose="API token issued",
        details={
            "event": "issued",
            "token_id": token.pk,
            "prefix": token.prefix,
            "name": token.name,
            "for_user": user.username,
            "expires_at": token.expires_at.isoformat(),
            "by": actor.username if actor is not None else "manage.py api_token",
        },
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, actor: Any | None, token: ApiToken) -> ApiToken:
    """Stop a token working, at once. `actor` None: an operator at the command line."""
    if actor is not None and not can(actor, Action.MANAGE_TOKENS):
        raise PermissionDenied("Your role does not include managing API tokens")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ApplicationError(f"Token {token.prefix}… was already revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        kind=AuditKind.TOKEN,
        obj=token,
        purpose="API token revoked",
        details={
            "event": "revoked",
            "token_id": token.pk,
            "prefix": token.prefix,
            "name": token.name,
            "for_user": token.user.username,
            "by": actor.username if actor is not None else "manage.py api_token",
        },
    )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was just used (at most once a minute, as one UPDATE)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
