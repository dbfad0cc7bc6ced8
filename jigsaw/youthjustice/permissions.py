"""Who may do what in youth justice (named permissions, ICMS style).

The service's screens are for youth justice officers of the youth justice service
(`can(user, Action.YOUTH_JUSTICE)`: the role and an agency of that kind). Seeing a record
follows the access policy for the young person; this table adds which roles may take
each action. Everyone else who can see the child sees what the service shares with the
safeguarding record through the chronology, not these screens.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class YouthJusticeAction(StrEnum):
    OPEN_CASE = "open_case"
    RECORD_OFFENCE = "record_offence"
    RECORD_OUTCOME = "record_outcome"
    RECORD_ASSESSMENT = "record_assessment"
    RECORD_INTERVENTION = "record_intervention"
    RECORD_VICTIM = "record_victim"
    RECORD_RESTORATIVE = "record_restorative"
    RECORD_PARTNER = "record_partner"
    CLOSE_CASE = "close_case"


_OFFICERS = frozenset({Role.YOUTH_JUSTICE_OFFICER})

ROLES: dict[YouthJusticeAction, frozenset[str]] = {action: _OFFICERS for action in YouthJusticeAction}


def yj_can(user: Any, action: YouthJusticeAction | str, person: Any = None) -> bool:
    """May this user take this action (for this young person, whom they must be able to see)?"""
    if not can(user, Action.YOUTH_JUSTICE):
        return False
    if user.role not in ROLES[YouthJusticeAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check for this app's records: the service's own staff, for a young
    person they can see."""
    if action != Action.VIEW or not can(user, Action.YOUTH_JUSTICE):
        return False
    person = getattr(obj, "person", None)
    return person is not None and can(user, Action.VIEW, person)


RECORD_TYPES = (
    "YouthJusticeCase",
    "Offence",
    "Outcome",
    "Assessment",
    "Intervention",
    "Victim",
    "RestorativeWork",
    "CasePartner",
)


def register_record_types() -> None:
    for name in RECORD_TYPES:
        register_record_type(
            f"youthjustice.{name}", RecordType(name=f"youthjustice.{name}", restricted_area="", can=_record_can)
        )
