"""Who may do what with partnership reviews.

The partnership team: members of a team whose restricted area is "reviews" (the partnership
manager and the council's safeguarding leads). They record and run every serious incident.
Nobody else may learn that one exists: records answer 404, lists, counts, the audit log,
deadlines and the case summary leave them out (RestrictedArea.REVIEWS).
"""

from __future__ import annotations

from typing import Any

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.policy import Action, RecordType, register_record_type

AREA = RestrictedArea.REVIEWS.value


def reviews_team(user: Any) -> bool:
    """A member of the safeguarding partnership's team."""
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role
        and user.restricted_area == AREA
    )


def may_enter_reviews(user: Any) -> bool:
    """The team, an agency's contact with a request to answer (who sees that request only), and
    the owner of an immediate action (who sees that action only)."""
    from .selectors import action_scope, request_scope

    return reviews_team(user) or request_scope(user=user).exists() or action_scope(user=user).exists()


def _record_can(user: Any, action: Action, obj: Any) -> bool:
    """The policy's object check: the partnership team may view a review record."""
    if action != Action.VIEW:
        return False
    if reviews_team(user):
        return True
    from .models import ImmediateAction, InformationRequest
    from .selectors import action_scope, request_scope

    if isinstance(obj, ImmediateAction):
        return action_scope(user=user).filter(pk=obj.pk).exists()
    return isinstance(obj, InformationRequest) and request_scope(user=user).filter(pk=obj.pk).exists()


def register_record_types() -> None:
    for name in (
        "SeriousIncident",
        "IncidentChild",
        "PartnerNotice",
        "InformationRequest",
        "RapidReviewMeeting",
        "Finding",
        "ImmediateAction",
    ):
        register_record_type(f"reviews.{name}", RecordType(name=name, restricted_area=AREA, can=_record_can))
