"""Who may do what in the partnership's own work.

The partnership manager runs it. A trainer sees the sessions they train and marks attendance
there. Professionals who book courses or subscribe have no Jigsaw account: they reach their
own booking or subscription only through a signed link (links.py), which opens nothing else,
and certainly no child's record. Nothing in this area is about a child, so the case-work
access policy (access/policy.py) is not involved.
"""

from __future__ import annotations

from typing import Any

from jigsaw.access.choices import Role

MANAGER_ROLES = frozenset({Role.PARTNERSHIP_MANAGER})


def _active(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


def is_partnership_manager(user: Any) -> bool:
    return _active(user) and user.role in MANAGER_ROLES


def is_trainer(user: Any) -> bool:
    """Trains at least one session (any role: a social worker may train a course)."""
    from .models import Session

    return _active(user) and Session.objects.filter(trainer=user).exists()


def may_open_training(user: Any) -> bool:
    return is_partnership_manager(user) or is_trainer(user)


def may_mark_attendance(user: Any, session: Any) -> bool:
    return is_partnership_manager(user) or (_active(user) and session.trainer_id == user.pk)
