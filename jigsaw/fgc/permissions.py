"""Who may do what in family group conferences (named permissions, ICMS style).

Seeing a referral follows the access policy for its children (Person.objects.visible_to);
this table adds which roles may take each action. Social workers refer; the coordinator,
independent of the referrer, prepares and runs the conference; a team manager may allocate
and close.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class FgcAction(StrEnum):
    REFER = "refer"
    ALLOCATE = "allocate"
    COORDINATE = "coordinate"  # the network, preparation, convening and recording conferences, the plan
    CLOSE = "close"


ROLES: dict[FgcAction, frozenset[str]] = {
    FgcAction.REFER: frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    FgcAction.ALLOCATE: frozenset({Role.TEAM_MANAGER, Role.FGC_COORDINATOR}),
    FgcAction.COORDINATE: frozenset({Role.FGC_COORDINATOR}),
    FgcAction.CLOSE: frozenset({Role.FGC_COORDINATOR, Role.TEAM_MANAGER}),
}

# Who may be allocated as the independent coordinator.
COORDINATOR_ROLES = frozenset({Role.FGC_COORDINATOR})


def fgc_can(user: Any, action: FgcAction | str, person: Any = None) -> bool:
    """May this user take this action (for this child, whom they must be able to see)?"""
    if not (user and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if not can(user, Action.FAMILY_GROUP_CONFERENCE):
        return False
    if user.role not in ROLES[FgcAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def _referral_of(obj: Any) -> Any:
    for attr in ("referral", "plan"):
        inner = getattr(obj, attr, None)
        if inner is not None:
            return _referral_of(inner)
    return obj


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check for this app's records: as for the children they are about."""
    if action != Action.VIEW:
        return False
    from .models import Referral

    referral = _referral_of(obj)
    return Referral.objects.visible_to(user).filter(pk=referral.pk).exists()


def register_record_types() -> None:
    for name in (
        "Referral",
        "ReferralChild",
        "NetworkMember",
        "PreparationContact",
        "Conference",
        "FamilyPlan",
        "PlanItem",
    ):
        register_record_type(f"fgc.{name}", RecordType(name=name, restricted_area="", can=_record_can))
