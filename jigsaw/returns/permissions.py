"""Who may produce the statutory returns: the council's analysts (and its administrators, who
set the council's codes). The returns hold every child's census items, so no one else."""

from typing import Any

from jigsaw.access.choices import Role

PRODUCERS = frozenset({Role.ANALYST, Role.SYSTEM_ADMINISTRATOR})


def may_produce_returns(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in PRODUCERS)
