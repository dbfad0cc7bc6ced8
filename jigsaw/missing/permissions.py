"""Who may do what with missing episodes (named permissions, ICMS style).

The screens are for the roles the policy gives Action.MISSING (council staff: the
exploitation and missing team, social workers, team managers, business support, who take
the police's calls). Seeing a child's episodes follows the policy for the child
(Person.objects.visible_to); this table says which of those roles may take each action.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class MissingAction(StrEnum):
    RECORD_EPISODE = "record_episode"
    RECORD_RETURN = "record_return"
    OFFER_INTERVIEW = "offer_interview"
    RECORD_INTERVIEW = "record_interview"
    REQUEST_STRATEGY = "request_strategy"
    DECIDE_NO_STRATEGY = "decide_no_strategy"


_PRACTITIONERS = frozenset({Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})

ROLES: dict[MissingAction, frozenset[str]] = {
    # Business support takes the police's and carers' calls: they record that a child is missing or back.
    MissingAction.RECORD_EPISODE: _PRACTITIONERS | {Role.BUSINESS_SUPPORT},
    MissingAction.RECORD_RETURN: _PRACTITIONERS | {Role.BUSINESS_SUPPORT},
    # Offering and recording the interview is practice (statutory-reference 5: independent of the carer).
    MissingAction.OFFER_INTERVIEW: _PRACTITIONERS,
    MissingAction.RECORD_INTERVIEW: _PRACTITIONERS,
    # Anyone in practice may ask for a strategy discussion; deciding one is not needed is a manager's call.
    MissingAction.REQUEST_STRATEGY: _PRACTITIONERS,
    MissingAction.DECIDE_NO_STRATEGY: frozenset({Role.TEAM_MANAGER}),
}


def missing_can(user: Any, action: MissingAction | str, person: Any = None) -> bool:
    """May this user take this action (for this child, whom they must be able to see)?"""
    if not can(user, Action.MISSING):
        return False
    if user.role not in ROLES[MissingAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def police_can_report(user: Any, person: Any = None) -> bool:
    """A police officer's system reports a missing child (or their return) through the partner API,
    for a child the officer may see (their involvement). Council staff use the screens."""
    if not (user and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role != Role.PARTNER_PRACTITIONER or not user.agency_id or user.agency.kind != AgencyKind.POLICE:
        return False
    return person is None or can(user, Action.VIEW, person)


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check for this app's records: seen as the child they are about, by the area's roles."""
    if action != Action.VIEW or not can(user, Action.MISSING):
        return False
    person = getattr(obj, "person", None)
    return person is not None and can(user, Action.VIEW, person)


def register_record_types() -> None:
    for name in ("MissingEpisode", "ReturnInterview", "StrategyPrompt"):
        register_record_type(f"missing.{name}", RecordType(name=name, restricted_area="", can=_record_can))
