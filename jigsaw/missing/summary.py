"""This area's rows in a child's case summary (core/summary.py): missing now, and how often."""

import datetime as dt
from typing import Any

from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import MissingEpisode


def missing_summary(person: Any, user: Any) -> AreaSummary | None:
    episodes = MissingEpisode.objects.visible_to(user).filter(person=person)
    if not episodes.exists():
        return None
    rows: list[SummaryRow] = []
    now = episodes.open().order_by("-went_missing_at").first()
    if now is not None:
        since = timezone.localtime(now.went_missing_at)
        rows.append(
            SummaryRow("Missing now", f"{now.get_kind_display()} since {since.day} {since:%B %Y}", warning=True)
        )
    year_ago = timezone.now() - dt.timedelta(days=365)
    count = episodes.filter(went_missing_at__gte=year_ago).count()
    rows.append(SummaryRow("Missing episodes", f"{count} in the last 12 months"))
    link = person_link("missing:person", person, "Missing episodes") if can(user, Action.MISSING) else None
    return AreaSummary(rows=rows, link=link)
