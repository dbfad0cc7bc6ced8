"""Who may see the figures (on top of access/policy.py, which decides whose children they may list).

Analysts, team managers and partnership managers see the dashboards of the service areas; the
LADO and Channel teams see their own area's dashboard and no one else's (restricted means
invisible: its figures included). Whether the children behind a figure are listed is the access
policy's answer for each child (measures.rows)."""

from __future__ import annotations

from typing import Any

from jigsaw.access.choices import Role

FIGURE_ROLES = frozenset({Role.ANALYST, Role.TEAM_MANAGER, Role.PARTNERSHIP_MANAGER})
RESTRICTED_TEAM_ROLES = frozenset({Role.LADO_OFFICER, Role.CHANNEL_CHAIR})


def _active(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active and user.role)


def may_see_dashboard(user: Any, restricted_area: str) -> bool:
    if not _active(user):
        return False
    if restricted_area:
        return user.role in RESTRICTED_TEAM_ROLES and user.restricted_area == restricted_area
    return user.role in FIGURE_ROLES


def may_see_figures(user: Any) -> bool:
    """Whether the menu shows Figures."""
    if not _active(user):
        return False
    return user.role in FIGURE_ROLES or (user.role in RESTRICTED_TEAM_ROLES and bool(user.restricted_area))
