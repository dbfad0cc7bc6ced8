"""This area's rows in a case summary (core/summary.py), for the LADO team only: core does not ask
this provider for anyone else (registered with restricted_area), so outsiders see nothing."""

from typing import Any

from django.db.models import Q

from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import Allegation


def lado_summary(person: Any, user: Any) -> AreaSummary | None:
    cases = Allegation.objects.filter(Q(subject=person) | Q(children__person=person)).distinct()
    if not cases.exists():
        return None
    open_cases = cases.filter(concluded_on__isnull=True).count()
    rows = [SummaryRow("LADO", f"{open_cases} open" if open_cases else "None open")]
    return AreaSummary(rows=rows, link=person_link("allegations:person", person, "Allegations (LADO)"))
