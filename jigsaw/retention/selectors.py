"""Retention reads: the schedule in force, holds, batches and certificates (the DPO's screens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.http import Http404

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .models import BatchStatus, DisposalBatch, DisposalCertificate, LegalHold
from .permissions import is_dpo
from .schedule import Period, schedule

# The DPO approves a batch within a week of the run that listed it (the council's own rule).
APPROVAL_DAYS = 7


def schedule_rows() -> list[Period]:
    return sorted(schedule().values(), key=lambda p: p.description)


def holds_active(*, user: Any) -> list[LegalHold]:
    if not is_dpo(user):
        return []
    return list(LegalHold.objects.filter(released_at__isnull=True).select_related("person", "set_by"))


def batches(*, user: Any) -> list[DisposalBatch]:
    if not is_dpo(user):
        return []
    return list(DisposalBatch.objects.select_related("approved_by").prefetch_related("items", "certificates"))


def batch_get(*, user: Any, batch_id: int) -> DisposalBatch:
    if not is_dpo(user):
        raise Http404
    batch = DisposalBatch.objects.filter(pk=batch_id).select_related("approved_by").first()
    if batch is None:
        raise Http404
    return batch


def batch_lines(*, user: Any, batch: DisposalBatch) -> list[dict[str, Any]]:
    """Each listed person, by council id and name (the DPO checks them before approving): audited."""
    Person = apps.get_model("people", "Person")
    items = list(batch.items.select_related("held_by"))
    # Restricted people (LADO, Channel) stay invisible outside their team: listed by id only.
    people = Person.objects.visible_to(user).in_bulk([i.person_id for i in items])
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        obj=batch,
        purpose="checked a disposal batch",
        also_about=[i.person_id for i in items],
    )
    return [{"item": i, "person": people.get(i.person_id)} for i in items]


def certificates(*, user: Any) -> list[DisposalCertificate]:
    if not is_dpo(user):
        return []
    return list(DisposalCertificate.objects.select_related("batch"))


def disposals_to_approve(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": batches awaiting the data protection officer's approval."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if not (is_dpo(whose) and is_dpo(viewer)):
        return []
    items = []
    for batch in DisposalBatch.objects.filter(status=BatchStatus.AWAITING):
        due = batch.found_on + dt.timedelta(days=APPROVAL_DAYS)
        count = batch.items.count()
        items.append(
            WorkItem(
                title="Approve disposal of records past their retention date",
                url=reverse("retention:batch", args=[batch.pk]),
                about=f"{count} record{'s' if count != 1 else ''} listed on {batch.found_on:%-d %B %Y}",
                due_on=due,
                status=deadline_status(due, None, today),
                group="Disposals to approve",
            )
        )
    return items
