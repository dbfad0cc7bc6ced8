"""Who may do what for children in care (named permissions, as in child protection).

Seeing a record follows the access policy for the child (Person.objects.visible_to) and the
area's screen action (Action.CHILDREN_IN_CARE); this table adds which roles may record each
thing about a child they can see.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class CareAction(StrEnum):
    START_CARE = "start_care"
    CHANGE_EPISODE = "change_episode"
    END_CARE = "end_care"
    RECORD_HOSTED = "record_hosted"
    ALLOCATE_IRO = "allocate_iro"
    MONITOR = "monitor"
    RAISE_CONCERN = "raise_concern"
    CONVENE_REVIEW = "convene_review"
    RECORD_REVIEW = "record_review"
    RECORD_HEALTH = "record_health"
    RECORD_PEP = "record_pep"
    RECORD_VISIT = "record_visit"
    RECORD_CARE_LEAVER = "record_care_leaver"


_SOCIAL_WORK = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
_IRO = frozenset({Role.CP_CHAIR_IRO})

ROLES: dict[CareAction, frozenset[str]] = {
    CareAction.START_CARE: _SOCIAL_WORK,
    CareAction.CHANGE_EPISODE: _SOCIAL_WORK,
    CareAction.END_CARE: _SOCIAL_WORK,
    # The notification from another council often arrives by post or email to business support.
    CareAction.RECORD_HOSTED: _SOCIAL_WORK | {Role.BUSINESS_SUPPORT},
    # The IRO service's manager (a chair) or the child's team manager allocates the IRO.
    CareAction.ALLOCATE_IRO: _IRO | {Role.TEAM_MANAGER},
    # Monitoring the care plan and raising concerns are the IRO's own functions (s25B).
    CareAction.MONITOR: _IRO,
    CareAction.RAISE_CONCERN: _IRO,
    CareAction.CONVENE_REVIEW: _IRO | _SOCIAL_WORK | {Role.BUSINESS_SUPPORT},
    CareAction.RECORD_REVIEW: _IRO,
    CareAction.RECORD_HEALTH: _SOCIAL_WORK | {Role.BUSINESS_SUPPORT},
    CareAction.RECORD_PEP: _SOCIAL_WORK | {Role.BUSINESS_SUPPORT},
    CareAction.RECORD_VISIT: frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    CareAction.RECORD_CARE_LEAVER: _SOCIAL_WORK,
}


def care_can(user: Any, action: CareAction | str, person: Any = None) -> bool:
    """May this user take this action (for this child, whom they must be able to see)?"""
    if not (user and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if not can(user, Action.CHILDREN_IN_CARE):
        return False
    if user.role not in ROLES[CareAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def care_permissions(user: Any, person: Any = None) -> dict[str, bool]:
    """Every action, for a template: {"start_care": True, ...}."""
    return {a.value: care_can(user, a, person) for a in CareAction}


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    if action != Action.VIEW:
        return False
    person = getattr(obj, "person", None)
    return person is not None and can(user, Action.VIEW, person)


def register_record_types() -> None:
    for name in (
        "PeriodOfCare",
        "CareEpisode",
        "HostedChild",
        "IROConcern",
        "CareReview",
        "HealthAssessment",
        "EducationPlan",
        "CareVisit",
        "CareLeaverContact",
    ):
        register_record_type(f"care.{name}", RecordType(name=name, restricted_area="", can=_record_can))
