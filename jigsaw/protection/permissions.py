"""Who may do what in child protection (named permissions, ICMS style).

Seeing a record follows the access policy for the child (Person.objects.visible_to); this
table adds which roles may take each child protection action on a child they can see.
Partner practitioners see the record of a child they are involved with but record none
of it here: their agency's part comes in through meetings (reports, replies) and the
chronology.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class ProtectionAction(StrEnum):
    CONVENE_STRATEGY = "convene_strategy"
    RECORD_STRATEGY = "record_strategy"
    COMPLETE_SECTION_47 = "complete_section_47"
    START_ASSESSMENT = "start_assessment"
    AUTHORISE_ASSESSMENT = "authorise_assessment"
    CONVENE_CONFERENCE = "convene_conference"
    RECORD_CONFERENCE = "record_conference"
    CHANGE_CATEGORY = "change_category"
    END_PLAN = "end_plan"
    RECORD_CORE_GROUP = "record_core_group"
    RECORD_VISIT = "record_visit"
    CONFIRM_AGENCIES = "confirm_agencies"


_SOCIAL_WORK = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})

ROLES: dict[ProtectionAction, frozenset[str]] = {
    # Complex strategy meetings are convened and chaired by the unit (conference chairs).
    ProtectionAction.CONVENE_STRATEGY: _SOCIAL_WORK | {Role.CP_CHAIR_IRO},
    ProtectionAction.RECORD_STRATEGY: _SOCIAL_WORK | {Role.CP_CHAIR_IRO},
    # Section 47 enquiries are led by a social worker (statutory-reference 1.3).
    ProtectionAction.COMPLETE_SECTION_47: _SOCIAL_WORK,
    ProtectionAction.START_ASSESSMENT: _SOCIAL_WORK,
    # A manager authorises the assessment (CIN census AssessmentAuthorisationDate).
    ProtectionAction.AUTHORISE_ASSESSMENT: frozenset({Role.TEAM_MANAGER}),
    # Conference administration is often business support's; the chair decides.
    ProtectionAction.CONVENE_CONFERENCE: frozenset({Role.CP_CHAIR_IRO, Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT}),
    ProtectionAction.RECORD_CONFERENCE: frozenset({Role.CP_CHAIR_IRO}),
    ProtectionAction.CHANGE_CATEGORY: frozenset({Role.CP_CHAIR_IRO}),
    # A manager may close a plan for the reasons that need no conference (death, 18, moved away).
    ProtectionAction.END_PLAN: frozenset({Role.CP_CHAIR_IRO, Role.TEAM_MANAGER}),
    ProtectionAction.RECORD_CORE_GROUP: _SOCIAL_WORK,
    ProtectionAction.RECORD_VISIT: _SOCIAL_WORK,
    # Who is told that a plan started or ended: the chair, or the manager who ended it.
    ProtectionAction.CONFIRM_AGENCIES: frozenset({Role.CP_CHAIR_IRO, Role.TEAM_MANAGER}),
}

# Child protection casework stays with social workers (statutory-reference 1B).
LEAD_PRACTITIONER_ROLES = frozenset({Role.SOCIAL_WORKER})


def protection_can(user: Any, action: ProtectionAction | str, person: Any = None) -> bool:
    """May this user take this action (for this child, whom they must be able to see)?"""
    if not (user and getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role not in ROLES[ProtectionAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


# Who keeps the agencies' safeguarding email addresses (where a plan's start and end are told).
AGENCY_EMAIL_ROLES = frozenset({Role.SYSTEM_ADMINISTRATOR, Role.PARTNERSHIP_MANAGER})


def may_manage_agency_emails(user: Any) -> bool:
    return bool(
        user and getattr(user, "is_authenticated", False) and user.is_active and user.role in AGENCY_EMAIL_ROLES
    )


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check for this app's records: as for the child they are about."""
    if action != Action.VIEW:
        return False
    person = getattr(obj, "person", None)
    return person is not None and can(user, Action.VIEW, person)


def register_record_types() -> None:
    for name in (
        "Section47",
        "Assessment",
        "Conference",
        "ProtectionPlan",
        "Visit",
        "StrategyDiscussionChild",
    ):
        register_record_type(name, RecordType(name=name, restricted_area="", can=_record_can))
