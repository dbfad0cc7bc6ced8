"""This area's rows in a child's case summary (core/summary.py): an open youth justice case."""

from typing import Any

from jigsaw.access.policy import Action, can
from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import YouthJusticeCase


def youthjustice_summary(person: Any, user: Any) -> AreaSummary | None:
    cases = YouthJusticeCase.objects.visible_to(user).filter(person=person)
    if not cases.exists():
        return None
    rows: list[SummaryRow] = []
    case = cases.filter(closed_on__isnull=True).select_related("case_worker").first()
    if case is not None:
        worker = case.case_worker.full_name or case.case_worker.username
        rows.append(
            SummaryRow("Youth justice", f"Open since {case.referred_on.day} {case.referred_on:%B %Y}, {worker}")
        )
    link = (
        person_link("youthjustice:person", person, "Youth justice record") if can(user, Action.YOUTH_JUSTICE) else None
    )
    return AreaSummary(rows=rows, link=link)
