"""What every part of the partnership's services shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from jigsaw.core.exceptions import ApplicationError

from ..permissions import is_partnership_manager

# Fields a booking may hold, and which of them go once the course has run.
DETAILS_REMOVED_AFTER_COURSE = ("telephone", "address", "budget_code", "requirements")


def _text(value: Any, *, field: str, message: str, max_length: int = 200, label: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if len(text) > max_length:
        raise ApplicationError(f"{label or field.capitalize()} must be {max_length} characters or fewer", field=field)
    return text


def _manager(actor: Any) -> None:
    if not is_partnership_manager(actor):
        raise PermissionDenied("Only the partnership manager can do this")
