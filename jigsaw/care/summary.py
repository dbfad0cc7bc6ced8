"""This area's rows in a child's case summary (core/summary.py): looked after, legal status, placement."""

from typing import Any

from jigsaw.access.policy import Action, can
from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import CareEpisode, PeriodOfCare


def care_summary(person: Any, user: Any) -> AreaSummary | None:
    periods = PeriodOfCare.objects.visible_to(user).filter(person=person)
    if not periods.exists():
        return None
    rows: list[SummaryRow] = []
    period = periods.filter(ended_on__isnull=True).order_by("-started_on").first()
    if period is not None:
        since = period.started_on
        rows.append(SummaryRow("Looked after", f"Since {since.day} {since:%B %Y}", warning=True))
        episode = (
            CareEpisode.objects.visible_to(user)
            .filter(period=period, ended_on__isnull=True)
            .order_by("-started_on")
            .first()
        )
        if episode is not None:
            rows.append(SummaryRow("Legal status", episode.get_legal_status_display()))
        if period.iro_id:
            rows.append(SummaryRow("Independent reviewing officer", period.iro.full_name or period.iro.username))
    else:
        rows.append(SummaryRow("Looked after", "Not now (looked after before)"))
    link = person_link("care:person", person, "Children in care record") if can(user, Action.CHILDREN_IN_CARE) else None
    return AreaSummary(rows=rows, link=link)
