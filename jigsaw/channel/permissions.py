"""Who may do what in the Channel panel's records.

Channel is a restricted area: nobody outside the Channel panel's team may know a case
exists (`can(user, Action.CHANNEL)` is true only for Channel chairs whose team is the
Channel restricted area). Within the team, this table says which role records what; a
council that gives its Channel coordinators their own role adds it here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, RecordType, can, register_record_type


class ChannelAction(StrEnum):
    REFER = "refer"
    RECORD_CONSENT = "record_consent"
    ASSESS = "assess"
    CONVENE_PANEL = "convene_panel"
    RECORD_PANEL = "record_panel"
    RECORD_INTERVENTION = "record_intervention"
    RECORD_EXIT_REVIEW = "record_exit_review"


_PANEL = frozenset({Role.CHANNEL_CHAIR})

ROLES: dict[ChannelAction, frozenset[str]] = {
    ChannelAction.REFER: _PANEL,
    ChannelAction.RECORD_CONSENT: _PANEL,
    ChannelAction.ASSESS: _PANEL,
    ChannelAction.CONVENE_PANEL: _PANEL,
    # The local authority provides the panel's chair (CTSA 2015 s36): the chair records its decisions.
    ChannelAction.RECORD_PANEL: _PANEL,
    ChannelAction.RECORD_INTERVENTION: _PANEL,
    ChannelAction.RECORD_EXIT_REVIEW: _PANEL,
}


def is_channel_member(user: Any) -> bool:
    return can(user, Action.CHANNEL)


def channel_can(user: Any, action: ChannelAction | str, person: Any = None) -> bool:
    """May this user take this Channel action (for this person, whom they must be able to see)?"""
    if not is_channel_member(user):
        return False
    if user.role not in ROLES[ChannelAction(action)]:
        return False
    return person is None or can(user, Action.VIEW, person)


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check: a Channel member who may see the person may see the record."""
    if action != Action.VIEW or not is_channel_member(user):
        return False
    case = getattr(obj, "case", None) or obj
    person = getattr(case, "person", None)
    return person is not None and can(user, Action.VIEW, person)


def register_record_types() -> None:
    from jigsaw.access.choices import RestrictedArea

    for name in ("ChannelCase", "Consent", "Assessment", "PanelReview", "Intervention", "ExitReview"):
        register_record_type(
            f"channel.{name}", RecordType(name=name, restricted_area=RestrictedArea.CHANNEL, can=_record_can)
        )
