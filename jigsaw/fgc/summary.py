"""This area's rows in a child's case summary (core/summary.py): a family group conference under way."""

from typing import Any

from jigsaw.access.policy import Action, can
from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import Referral


def fgc_summary(person: Any, user: Any) -> AreaSummary | None:
    referrals = Referral.objects.visible_to(user).filter(children__person=person)
    if not referrals.exists():
        return None
    rows: list[SummaryRow] = []
    referral = referrals.open().order_by("-referred_on").first()
    if referral is not None:
        rows.append(SummaryRow("Family group conference", referral.get_status_display()))
    link = (
        person_link("fgc:person", person, "Family group conferences")
        if can(user, Action.FAMILY_GROUP_CONFERENCE)
        else None
    )
    return AreaSummary(rows=rows, link=link)
