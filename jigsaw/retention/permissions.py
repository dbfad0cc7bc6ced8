"""Who may see the retention schedule, set legal holds and approve disposal: the data protection officer."""

from typing import Any

from jigsaw.access.choices import Role


def is_dpo(user: Any) -> bool:
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.DATA_PROTECTION_OFFICER
    )
