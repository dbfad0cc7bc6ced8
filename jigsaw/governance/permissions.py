"""Who may do what in information governance, on top of access/policy.py.

Practitioners record their own sharing decisions about people they may see; team managers
and the data protection officer review them and read the disclosure log; the DPO alone logs
rights requests and breaches (a team manager may read a rights request: an unowned deadline
falls to the managers' unallocated list, and its link must open for them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can


class GovernanceAction(StrEnum):
    RECORD_SHARING = "record_sharing"
    REVIEW_SHARING = "review_sharing"
    READ_DISCLOSURES = "read_disclosures"
    MANAGE_RIGHTS = "manage_rights"
    READ_RIGHTS = "read_rights"
    MANAGE_BREACHES = "manage_breaches"
    READ_PROCESSING = "read_processing"


_PRACTITIONERS = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.CP_CHAIR_IRO,
        Role.LADO_OFFICER,
        Role.CHANNEL_CHAIR,
        Role.EXPLOITATION_MISSING,
        Role.FGC_COORDINATOR,
        Role.YOUTH_JUSTICE_OFFICER,
        Role.PARTNER_PRACTITIONER,
        Role.DATA_PROTECTION_OFFICER,
    }
)
_MANAGERS = frozenset({Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER})
_DPO = frozenset({Role.DATA_PROTECTION_OFFICER})

ROLES: dict[GovernanceAction, frozenset[str]] = {
    GovernanceAction.RECORD_SHARING: _PRACTITIONERS,
    GovernanceAction.REVIEW_SHARING: _MANAGERS,
    GovernanceAction.READ_DISCLOSURES: _MANAGERS,
    GovernanceAction.MANAGE_RIGHTS: _DPO,
    GovernanceAction.READ_RIGHTS: _MANAGERS,
    GovernanceAction.MANAGE_BREACHES: _DPO,
    GovernanceAction.READ_PROCESSING: _DPO | frozenset({Role.SYSTEM_ADMINISTRATOR}),
}


def governance_can(user: Any, action: GovernanceAction | str, person: Any = None) -> bool:
    """May this user take this action (about this person, whom they must be able to see)?"""
    if not (user and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role not in ROLES[GovernanceAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def is_dpo(user: Any) -> bool:
    return governance_can(user, GovernanceAction.MANAGE_BREACHES)
