"""This area's rows in a case summary (core/summary.py), for the Channel panel only: core does not
ask this provider for anyone else (registered with restricted_area), so outsiders see nothing."""

from typing import Any

from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import ChannelCase


def channel_summary(person: Any, user: Any) -> AreaSummary | None:
    cases = ChannelCase.objects.visible_to(user).filter(person=person)
    if not cases.exists():
        return None
    open_case = cases.filter(closed_on__isnull=True).exists()
    rows = [SummaryRow("Channel", "Open case" if open_case else "Closed")]
    return AreaSummary(rows=rows, link=person_link("channel:person", person, "Channel record"))
