"""This area's rows in a child's case summary (core/summary.py): sharing decisions and disclosures,
and the link to record a decision, for anyone who may record one about this person."""

from typing import Any

from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import SharingDecision
from .permissions import GovernanceAction, governance_can


def governance_summary(person: Any, user: Any) -> AreaSummary | None:
    if not governance_can(user, GovernanceAction.RECORD_SHARING, person):
        return None
    rows: list[SummaryRow] = []
    if governance_can(user, GovernanceAction.REVIEW_SHARING, person):
        waiting = SharingDecision.objects.visible_to(user).awaiting_review().filter(person=person).count()
        if waiting:
            rows.append(SummaryRow("Sharing decisions to review", str(waiting)))
    return AreaSummary(rows=rows, link=person_link("governance:person", person, "Information sharing"))
