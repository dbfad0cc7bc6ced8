"""This area's rows in a child's case summary (core/summary.py): an open contact, a child in need episode."""

from typing import Any

from django.urls import reverse

from jigsaw.access.policy import Action, can
from jigsaw.core.summary import AreaSummary, SummaryRow
from jigsaw.people.models import Person

from .choices import ContactStatus
from .models import Contact, Episode


def frontdoor_summary(person: Any, user: Any) -> AreaSummary | None:
    # Front door records are read as the child is (the access policy), by those who work there.
    if not can(user, Action.FRONT_DOOR) or not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return None
    rows: list[SummaryRow] = []
    contact = (
        Contact.objects.filter(people__person=person, status=ContactStatus.AWAITING_DECISION)
        .order_by("received_at")
        .first()
    )
    if contact is not None:
        due = contact.decision_due_on
        href = reverse("frontdoor:contact-detail", args=[contact.pk])
        rows.append(
            SummaryRow("Open contact", f"Decision due {due.day} {due:%B %Y}", href=href, link_text="View the contact")
        )
    episode = Episode.objects.open().filter(person=person).select_related("allocated_worker").first()
    if episode is not None:
        since = episode.referral_date
        worker = episode.allocated_worker
        rows.append(
            SummaryRow(
                "Child in need",
                f"Referred {since.day} {since:%B %Y}; "
                + (f"allocated to {worker.full_name or worker.username}" if worker else "not allocated yet"),
                warning=worker is None,
            )
        )
    return AreaSummary(rows=rows) if rows else None
