"""This area's rows in a child's case summary (core/summary.py): on a plan, its category, the lead practitioner."""

from typing import Any

from jigsaw.core.summary import AreaSummary, SummaryRow, person_link

from .models import Conference, ProtectionPlan, Section47


def protection_summary(person: Any, user: Any) -> AreaSummary | None:
    plans = ProtectionPlan.objects.visible_to(user).filter(person=person)
    plan = plans.filter(ended_on__isnull=True).select_related("lead_practitioner").order_by("-started_on").first()
    rows: list[SummaryRow] = []
    if plan is not None:
        rows.append(
            SummaryRow(
                "Child protection plan",
                f"Since {plan.started_on.day} {plan.started_on:%B %Y}, {plan.get_category_display().lower()}",
                warning=True,
            )
        )
        lead = plan.lead_practitioner
        rows.append(SummaryRow("Lead practitioner", (lead.full_name or lead.username) if lead else "Not named yet"))
    enquiry = Section47.objects.visible_to(user).filter(person=person, completed_on__isnull=True).first()
    if enquiry is not None:
        rows.append(SummaryRow("Section 47 enquiry", f"Open since {enquiry.started_on.day} {enquiry.started_on:%B %Y}"))
    conference = (
        Conference.objects.visible_to(user).filter(person=person, held_on__isnull=True).order_by("convened_for").first()
    )
    if conference is not None:
        when = conference.convened_for
        rows.append(SummaryRow(conference.get_kind_display(), f"Set for {when.day} {when:%B %Y}"))
    held = rows or plans.exists() or Conference.objects.visible_to(user).filter(person=person).exists()
    if not held:
        return None
    return AreaSummary(rows=rows, link=person_link("protection:child", person, "Child protection record"))
