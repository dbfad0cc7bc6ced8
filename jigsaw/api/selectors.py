"""Reads of API tokens. Only administrators (Action.MANAGE_TOKENS) see the list."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from jigsaw.access.policy import Action, can

from .models import DISPLAY_PREFIX_LENGTH, SECRET_PREFIX, ApiToken, hash_secret


def _check(fetched_by: Any | None) -> None:
    # None: an operator at the command line, who already holds the server.
    if fetched_by is not None and not can(fetched_by, Action.MANAGE_TOKENS):
        raise PermissionDenied("Your role does not include managing API tokens")


def api_token_list(*, fetched_by: Any | None) -> QuerySet[ApiToken]:
    _check(fetched_by)
    return ApiToken.objects.select_related("user", "user__agency", "created_by", "revoked_by").order_by(
        "-created_at", "-pk"
    )


def api_token_get(*, fetched_by: Any | None, token_id: int) -> ApiToken:
    token = api_token_list(fetched_by=fetched_by).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    return token


def api_token_find(*, fetched_by: Any | None, id_or_prefix: str) -> ApiToken:
    """A token by its number or by the start of its secret as shown in lists (jig_AbCd1234)."""
    value = id_or_prefix.strip().rstrip("…")
    tokens = api_token_list(fetched_by=fetched_by)
    if value.isdigit():
        token = tokens.filter(pk=int(value)).first()
    elif value.startswith(SECRET_PREFIX) and len(value) >= DISPLAY_PREFIX_LENGTH:
        token = tokens.filter(prefix=value[:DISPLAY_PREFIX_LENGTH]).first()
    else:
        token = None
    if token is None:
        raise Http404("No such token")
    return token


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is, with its user (for authentication); None if none."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user", "user__agency", "user__team")
        .filter(key_hash=hash_secret(secret))
        .first()
    )
