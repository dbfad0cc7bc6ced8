"""Subject access writes: log a request, identity and clarification (the clock stands still),
extension, each item's decision, and the answer (the pack sent, its hash kept)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from .deadlines import first_month_ends
from .models import (
    ClockPause,
    Decision,
    Exemption,
    ItemDecision,
    PauseReason,
    RequesterKind,
    RequestStatus,
    SubjectAccessRequest,
)
from .permissions import is_dpo


def _require_dpo(user: Any) -> None:
    if not is_dpo(user):
        raise PermissionDenied("Only the data protection officer may do this")


def _audit(actor: Any, request: SubjectAccessRequest, purpose: str, **details: Any) -> None:
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=request,
        purpose=purpose,
        details={"request": request.pk, **details},
        subject_person_id=request.person_id,
    )


@transaction.atomic
def request_log(
    *,
    actor: Any,
    person: Any,
    requester_kind: str,
    requester_name: str,
    requester_address: str,
    received_on: dt.date,
    what_is_asked: str = "",
    identity_confirmed: bool = False,
    identity_evidence: str = "",
    owner: Any = None,
    today: dt.date | None = None,
) -> SubjectAccessRequest:
    """Log a request as received. Without proof of identity the clock stands still from receipt.
    `today` is for the demo council, made as of any day."""
    _require_dpo(actor)
    today = today or timezone.localdate()
    if requester_kind not in RequesterKind.values:
        raise ApplicationError("Choose who is asking", field="requester_kind")
    if not (requester_name or "").strip():
        raise ApplicationError("Enter the requester's name", field="requester_name")
    if not (requester_address or "").strip():
        raise ApplicationError("Enter where the response is to be sent", field="requester_address")
    if received_on > today:
        raise ApplicationError("The date received must be today or in the past", field="received_on")
    if identity_confirmed and not (identity_evidence or "").strip():
        raise ApplicationError("Enter what proved the requester's identity", field="identity_evidence")
    request = SubjectAccessRequest.objects.create(
        person=person,
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        requester_address=requester_address.strip(),
        received_on=received_on,
        what_is_asked=(what_is_asked or "").strip(),
        status=RequestStatus.IN_PROGRESS if identity_confirmed else RequestStatus.AWAITING_IDENTITY,
        identity_confirmed_on=received_on if identity_confirmed else None,
        identity_evidence=(identity_evidence or "").strip(),
        owner=owner or actor,
        logged_by=actor,
    )
    if not identity_confirmed:
        ClockPause.objects.create(request=request, reason=PauseReason.IDENTITY, started_on=received_on)
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=request,
        purpose="logged a subject access request",
        details={"request": request.pk, "requester_kind": requester_kind},
        subject_person_id=person.pk,
    )
    return request


def _locked(request: SubjectAccessRequest) -> SubjectAccessRequest:
    current = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if current.status == RequestStatus.ANSWERED:
        raise ApplicationError("This request has been answered")
    return current


def _end_pause(request: SubjectAccessRequest, reason: str, on: dt.date) -> None:
    for pause in request.pauses.filter(reason=reason, ended_on__isnull=True):
        pause.ended_on = max(on, pause.started_on)
        pause.save(update_fields=["ended_on"])


@transaction.atomic
def request_identity_confirm(
    *, actor: Any, request: SubjectAccessRequest, evidence: str, on: dt.date | None = None
) -> SubjectAccessRequest:
    _require_dpo(actor)
    request = _locked(request)
    on = on or timezone.localdate()
    if not (evidence or "").strip():
        raise ApplicationError("Enter what proved the requester's identity", field="evidence")
    if on < request.received_on or on > timezone.localdate():
        raise ApplicationError("The date must be between receipt and today", field="on")
    _end_pause(request, PauseReason.IDENTITY, on)
    request.identity_confirmed_on, request.identity_evidence = on, evidence.strip()
    if request.status == RequestStatus.AWAITING_IDENTITY:
        request.status = RequestStatus.IN_PROGRESS
    request.save(update_fields=["identity_confirmed_on", "identity_evidence", "status"])
    _audit(actor, request, "confirmed a subject access requester's identity")
    return request


@transaction.atomic
def request_clarification_ask(
    *, actor: Any, request: SubjectAccessRequest, on: dt.date | None = None
) -> SubjectAccessRequest:
    _require_dpo(actor)
    request = _locked(request)
    if request.pauses.filter(ended_on__isnull=True).exists():
        raise ApplicationError("The clock is already paused")
    on = on or timezone.localdate()
    ClockPause.objects.create(request=request, reason=PauseReason.CLARIFICATION, started_on=on)
    request.status = RequestStatus.AWAITING_CLARIFICATION
    request.save(update_fields=["status"])
    _audit(actor, request, "asked a subject access requester to clarify")
    return request


@transaction.atomic
def request_clarification_received(
    *, actor: Any, request: SubjectAccessRequest, on: dt.date | None = None
) -> SubjectAccessRequest:
    _require_dpo(actor)
    request = _locked(request)
    _end_pause(request, PauseReason.CLARIFICATION, on or timezone.localdate())
    request.status = RequestStatus.IN_PROGRESS if request.identity_confirmed_on else RequestStatus.AWAITING_IDENTITY
    request.save(update_fields=["status"])
    _audit(actor, request, "clarification received for a subject access request")
    return request


@transaction.atomic
def request_extend(*, actor: Any, request: SubjectAccessRequest, reason: str, told_on: dt.date) -> SubjectAccessRequest:
    """Extend by two months for a complex request; the requester must be told within the first month."""
    _require_dpo(actor)
    request = _locked(request)
    today = timezone.localdate()
    if request.extended_on:
        raise ApplicationError("This request has already been extended")
    if not (reason or "").strip():
        raise ApplicationError("Enter why the request is complex", field="reason")
    if told_on > today or told_on < request.received_on:
        raise ApplicationError("The date the requester was told must be between receipt and today", field="told_on")
    if told_on > first_month_ends(request, today):
        raise ApplicationError(
            "An extension must be told to the requester within the first month; it has passed", field="told_on"
        )
    request.extended_on, request.extension_reason, request.requester_told_of_extension_on = (
        today,
        reason.strip(),
        told_on,
    )
    request.save(update_fields=["extended_on", "extension_reason", "requester_told_of_extension_on"])
    _audit(actor, request, "extended a subject access request by two months")
    return request


@transaction.atomic
def item_decide(
    *, actor: Any, request: SubjectAccessRequest, item_key: str, decision: str, exemption: str, reason: str
) -> ItemDecision:
    """The reviewer's decision on one item: release, redact other people, or withhold (with a reason)."""
    _require_dpo(actor)
    request = _locked(request)
    if decision not in Decision.values:
        raise ApplicationError("Choose what to do with this item", field="decision")
    if exemption not in Exemption.values:
        raise ApplicationError("Choose an exemption", field="exemption")
    reason = (reason or "").strip()
    if decision != Decision.RELEASE and not exemption:
        raise ApplicationError("Choose the exemption that applies", field="exemption")
    if decision != Decision.RELEASE and not reason:
        raise ApplicationError("Enter the reason, for the log of what was withheld", field="reason")
    row, _ = ItemDecision.objects.update_or_create(
        request=request,
        item_key=item_key,
        defaults={"decision": decision, "exemption": exemption, "reason": reason, "decided_by": actor},
    )
    _audit(actor, request, "decided on an item of a subject access pack", item=item_key, decision=decision)
    return row


@transaction.atomic
def request_answer(*, actor: Any, request: SubjectAccessRequest, on: dt.date | None = None) -> SubjectAccessRequest:
    """Record that the pack was sent: the PDF as it stands now, its hash kept as proof."""
    from .pack import pack_pdf

    _require_dpo(actor)
    request = _locked(request)
    if not request.identity_confirmed_on:
        raise ApplicationError("Confirm the requester's identity before answering")
    if request.pauses.filter(ended_on__isnull=True).exists():
        raise ApplicationError("The request is waiting for clarification")
    data = pack_pdf(user=actor, request=request)
    request.status, request.answered_on = RequestStatus.ANSWERED, on or timezone.localdate()
    request.pack_sha256 = hashlib.sha256(data).hexdigest()
    request.save(update_fields=["status", "answered_on", "pack_sha256"])
    _audit(actor, request, "answered a subject access request", sha256=request.pack_sha256)
    return request
