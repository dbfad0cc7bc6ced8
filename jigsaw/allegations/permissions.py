"""Who may do what with allegations against staff (named permissions, ICMS style).

The LADO team (members of a team whose restricted area is LADO, with the LADO officer
role: `can(user, Action.LADO)`) records everything. Someone invited to one case (an
AllegationAccess row: the police officer, the employer's HR) may read that case only.
Nobody else may learn that a case exists: records answer 404, lists leave them out.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class LadoAction(StrEnum):
    RECORD_REFERRAL = "record_referral"
    RECORD_ADVICE = "record_advice"
    SET_ROTA = "set_rota"
    ALLOCATE = "allocate"
    INVITE = "invite"
    CONVENE_MEETING = "convene_meeting"
    RECORD_OUTCOME = "record_outcome"


def lado_team(user: Any) -> bool:
    """A member of the LADO team: every LadoAction is theirs."""
    return can(user, Action.LADO)


def may_enter_lado_area(user: Any) -> bool:
    """The LADO team, and someone invited to a case (who sees that case and their list of cases)."""
    from .selectors import allegation_scope

    return lado_team(user) or allegation_scope(user=user).exists()


def lado_can(user: Any, action: LadoAction | str) -> bool:
    LadoAction(action)  # an unknown action is a programming error
    return lado_team(user)


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check: asked of the database, through the same scope as the lists."""
    if action != Action.VIEW:
        return False
    from .models import Allegation
    from .selectors import allegation_scope

    allegation = obj if isinstance(obj, Allegation) else getattr(obj, "allegation", None)
    if allegation is None or allegation.pk is None:
        return False
    return allegation_scope(user=user).filter(pk=allegation.pk).exists()


def register_record_types() -> None:
    for name in ("Allegation", "AllegationChild", "AllegationMeeting"):
        register_record_type(
            f"allegations.{name}", RecordType(name=name, restricted_area=RestrictedArea.LADO, can=_record_can)
        )
