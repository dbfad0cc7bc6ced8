"""Information governance reads: each starts from `visible_to(user)` and views of personal data are audited.

`disclosures_about(user=, person=)` is the disclosure log for one person, as the subject access
pack (jigsaw/subjectaccess) and the child's page read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.records.models import RETENTION_CLASSES, Disclosure
from jigsaw.records.processing import PROCESSING, Processing
from jigsaw.timescales.choices import DeadlineStatus
from jigsaw.timescales.rules import deadline_status

from .models import Breach, RightsRequest, SharingDecision
from .permissions import GovernanceAction, governance_can


def disclosures_about(*, user: Any, person: Any, audit: bool = True) -> QuerySet[Disclosure]:
    """What was shared about this person, with whom, when and why: newest first. Empty for a user
    who may not read the disclosure log (a manager or the DPO may) or may not see the person."""
    if not governance_can(user, GovernanceAction.READ_DISCLOSURES, person):
        return Disclosure.objects.none()
    if audit:
        audit_record(
            actor=user, kind=AuditKind.VIEW, model=Disclosure, purpose="disclosure log", subject_person_id=person.pk
        )
    return Disclosure.objects.visible_to(user).filter(person=person).select_related("shared_by")


def sharing_decisions_for(*, user: Any, person: Any) -> QuerySet[SharingDecision]:
    return SharingDecision.objects.visible_to(user).filter(person=person).select_related("decided_by", "reviewed_by")


def sharing_decision_get(*, user: Any, decision_id: int) -> SharingDecision:
    decision = (
        SharingDecision.objects.visible_to(user)
        .select_related("person", "decided_by", "reviewed_by")
        .filter(pk=decision_id)
        .first()
    )
    # Whoever may record decisions about the person may read those already made (so every link
    # to one on the person's page opens); managers and the DPO also review them.
    if decision is None or not (
        decision.decided_by_id == user.pk
        or governance_can(user, GovernanceAction.RECORD_SHARING, decision.person)
        or governance_can(user, GovernanceAction.REVIEW_SHARING, decision.person)
    ):
        raise Http404("No such sharing decision")
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=decision, purpose="sharing decision", subject_person_id=decision.person_id
    )
    return decision


def sharing_to_review(*, user: Any) -> QuerySet[SharingDecision]:
    if not governance_can(user, GovernanceAction.REVIEW_SHARING):
        return SharingDecision.objects.none()
    return (
        SharingDecision.objects.visible_to(user)
        .awaiting_review()
        .exclude(decided_by=user)
        .select_related("person", "decided_by")
        .order_by("decided_on", "pk")
    )


def rights_requests_open(*, user: Any) -> QuerySet[RightsRequest]:
    if not governance_can(user, GovernanceAction.READ_RIGHTS):
        return RightsRequest.objects.none()
    return RightsRequest.objects.visible_to(user).open().select_related("person", "handled_by").order_by("received_on")


def rights_requests_for(*, user: Any, person: Any) -> QuerySet[RightsRequest]:
    if not governance_can(user, GovernanceAction.READ_RIGHTS, person):
        return RightsRequest.objects.none()
    return RightsRequest.objects.visible_to(user).filter(person=person)


def rights_request_get(*, user: Any, request_id: int) -> RightsRequest:
    request = (
        RightsRequest.objects.visible_to(user).select_related("person", "handled_by").filter(pk=request_id).first()
    )
    if request is None or not governance_can(user, GovernanceAction.READ_RIGHTS, request.person):
        raise Http404("No such request")
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=request, purpose="rights request", subject_person_id=request.person_id
    )
    return request


def rights_request_due_on(request: RightsRequest) -> dt.date:
    """The running clock's due date (extended or not), from the clocks: the one place it is kept."""
    from django.contrib.contenttypes.models import ContentType

    from jigsaw.timescales.models import Clock

    ct = ContentType.objects.get_for_model(RightsRequest)
    clock = Clock.objects.filter(content_type=ct, object_id=request.pk, stopped_on__isnull=True).order_by("-pk").first()
    if clock is not None:
        return clock.due_on
    from jigsaw.timescales.rules import deadline_for

    from .deadlines import RIGHTS_REQUEST, RIGHTS_REQUEST_EXTENDED

    return deadline_for(RIGHTS_REQUEST_EXTENDED if request.extended_on else RIGHTS_REQUEST, request.received_on)


def breaches_open(*, user: Any) -> QuerySet[Breach]:
    if not governance_can(user, GovernanceAction.MANAGE_BREACHES):
        return Breach.objects.none()
    return Breach.objects.open().select_related("handled_by").order_by("aware_at")


def breaches_all(*, user: Any) -> QuerySet[Breach]:
    if not governance_can(user, GovernanceAction.MANAGE_BREACHES):
        return Breach.objects.none()
    return Breach.objects.select_related("handled_by")


def breach_get(*, user: Any, breach_id: int) -> Breach:
    breach = breaches_all(user=user).filter(pk=breach_id).first()
    if breach is None:
        raise Http404("No such breach")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=breach, purpose="data breach")
    return breach


def breach_hours_left(breach: Breach, now: dt.datetime | None = None) -> int:
    """Whole hours left of the 72 (negative once past), for the screens."""
    now = now or timezone.now()
    return int((breach.ico_due_at - now).total_seconds() // 3600)


# "My work" (core.selectors.register_work_source): what needs the DPO that no clock holds.


def governance_work(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    from jigsaw.core.selectors import WorkItem

    if whose is None or getattr(whose, "pk", None) is None:
        return []
    items: list[Any] = []
    if governance_can(whose, GovernanceAction.MANAGE_BREACHES) and governance_can(
        viewer, GovernanceAction.MANAGE_BREACHES
    ):
        for breach in Breach.objects.open().filter(handled_by=whose).order_by("aware_at"):
            if not breach.ico_decided:
                due = timezone.localdate(breach.ico_due_at)
                title = f"Breach {breach.reference}: report to the ICO by {timezone.localtime(breach.ico_due_at):%-I:%M%p} on {due.day} {due:%B}".replace(
                    "AM", "am"
                ).replace("PM", "pm")
            else:
                due = today
                title = f"Breach {breach.reference}: tell the people affected and close it"
            items.append(
                WorkItem(
                    title=title,
                    url=reverse("governance:breach", args=[breach.pk]),
                    about=breach.summary,
                    due_on=due,
                    status=deadline_status(due, None, today) if not breach.ico_decided else DeadlineStatus.DUE_SOON,
                    group="Data breaches",
                )
            )
    # Sharing decisions to review: the DPO's, not each manager's (a manager reviews from the child's page).
    if whose.role == "dpo" and viewer.pk == whose.pk:
        for decision in sharing_to_review(user=whose)[:50]:
            due = decision.decided_on + dt.timedelta(days=7)
            items.append(
                WorkItem(
                    title=f"Review a sharing decision: {decision.get_kind_display().lower()} with {decision.recipient_agency}",
                    url=reverse("governance:sharing", args=[decision.pk]),
                    about=decision.person.display_name,
                    due_on=due,
                    status=deadline_status(due, None, today),
                    group="Sharing decisions to review",
                )
            )
    return items


# The record of processing activities (Article 30), generated from the declarations.


@dataclass(frozen=True)
class ProcessingRow:
    processing: Processing
    model: str  # "Sharing decision"
    retention: str
    legal_basis: str


def processing_record() -> list[ProcessingRow]:
    """One row per model holding personal data, with its area's declaration: what the notice says
    is what the models declare (jigsaw/records/tests/test_retention.py keeps them complete)."""
    from jigsaw.people.models import Person

    rows = []
    for model in apps.get_models():
        if not model.__module__.startswith("jigsaw."):
            continue
        holds_person = model is Person or any(
            getattr(f, "related_model", None) is Person and (f.many_to_one or f.one_to_one) for f in model._meta.fields
        )
        if not holds_person:
            continue
        processing = PROCESSING.get(model._meta.app_label)
        key = getattr(model, "retention_class", "")
        retention = RETENTION_CLASSES.get(key) if isinstance(key, str) else None
        if processing is None:
            continue
        rows.append(
            ProcessingRow(
                processing=processing,
                model=str(model._meta.verbose_name).capitalize(),
                retention=retention.keep_for if retention else "by outcome (see the retention schedule)",
                legal_basis=str(getattr(model, "legal_basis", "")),
            )
        )
    return sorted(rows, key=lambda r: (r.processing.name, r.model))
