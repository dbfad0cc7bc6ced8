"""Information governance writes: sharing decisions, their review, rights requests and breaches.

Every write is keyword-only, in a transaction, audited (`audit_record`, and django-auditlog's
snapshot through @records_actor). Rules refused come back as ApplicationError, all at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.audit.actor import records_actor
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.core.locking import bump_version, lock_for_edit
from jigsaw.notifications.services import notify_many
from jigsaw.people.models import Person
from jigsaw.records.disclosures import DisclosureRoute, disclosure_record
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop
from jigsaw.timescales.rules import deadline_for

from . import deadlines
from .choices import (
    Article6,
    BreachRisk,
    Consent,
    PeopleTold,
    RequesterRelationship,
    ReviewStatus,
    RightsKind,
    RightsOutcome,
    SpecialCondition,
)
from .models import Breach, RightsRequest, SharingDecision
from .permissions import GovernanceAction, governance_can


def _require(actor: Any, action: GovernanceAction, person: Any = None) -> None:
    if not governance_can(actor, action, person):
        raise ApplicationError("You cannot do this: your role does not include it, or you cannot see this person")


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _dpos() -> list[User]:
    return list(User.objects.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True).order_by("pk"))


# Sharing decisions


@records_actor()
@transaction.atomic
def sharing_decision_record(
    *,
    actor: Any,
    person: Person,
    decided_on: dt.date | None,
    shared: bool | None,
    information: str,
    recipient_name: str,
    recipient_agency: str,
    recipient_email: str = "",
    purpose: str,
    article_6: str,
    special_condition: str = "",
    told: bool | None,
    consent: str,
    reason: str = "",
) -> SharingDecision:
    """Record a decision to share, or not to share, and why (statutory-reference 8B rule 7).

    A decision to share also writes the disclosure log; either way the DPO and managers are
    asked to review it.
    """
    _require(actor, GovernanceAction.RECORD_SHARING, person)
    today = timezone.localdate()
    information, purpose, reason = (information or "").strip(), (purpose or "").strip(), (reason or "").strip()
    recipient_name, recipient_agency = (recipient_name or "").strip(), (recipient_agency or "").strip()
    with refusals() as refuse:
        if decided_on is None:
            refuse.add("Enter the date of the decision", field="decided_on")
        elif decided_on > today:
            refuse.add("The date of the decision must be today or in the past", field="decided_on")
        if shared is None:
            refuse.add("Choose whether you shared the information", field="shared")
        if not information:
            refuse.add("Enter what information was shared, or asked for", field="information")
        if not recipient_name:
            refuse.add("Enter who the information was shared with, or asked for by", field="recipient_name")
        if not recipient_agency:
            refuse.add("Enter their agency", field="recipient_agency")
        if not purpose:
            refuse.add("Enter the purpose: why they need it", field="purpose")
        if article_6 not in Article6.values:
            refuse.add("Choose the UK GDPR Article 6 lawful basis", field="article_6")
        if special_condition not in SpecialCondition.values:
            refuse.add("Choose the Article 9 or Schedule 1 condition", field="special_condition")
        if told is None:
            refuse.add("Choose whether the person was told", field="told")
        if consent not in Consent.values:
            refuse.add("Choose whether the person agreed", field="consent")
        if (shared is False or consent != Consent.AGREED) and not reason:
            refuse.add(
                "Enter why you did not share"
                if shared is False
                else "Enter why you shared without the person's agreement (for example, a child is at risk of harm)",
                field="reason",
            )
        if shared and article_6 == Article6.CONSENT and consent != Consent.AGREED:
            refuse.add("Consent cannot be the lawful basis when the person did not agree", field="article_6")
    decision = SharingDecision.objects.create(
        person=person,
        decided_on=decided_on,
        decided_by=actor,
        shared=bool(shared),
        information=information,
        recipient_name=recipient_name[:200],
        recipient_agency=recipient_agency[:200],
        recipient_email=(recipient_email or "").strip()[:254],
        purpose=purpose[:500],
        article_6=article_6,
        special_condition=special_condition,
        told=bool(told),
        consent=consent,
        reason=reason,
    )
    if decision.shared:
        disclosure_record(
            person_id=person.pk,
            route=DisclosureRoute.SHARING_DECISION,
            what=information[:300],
            recipient_name=recipient_name,
            recipient_email=decision.recipient_email,
            recipient_agency=recipient_agency,
            purpose=purpose,
            lawful_basis=decision.lawful_basis_text,
            shared_by=actor,
            source=decision,
            # Shared today: now. Recorded afterwards: the day it was shared (the hour is not asked).
            occurred_at=timezone.now()
            if decided_on == today
            else timezone.make_aware(dt.datetime.combine(decided_on, dt.time(12, 0))),
        )
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=decision,
        purpose=f"sharing decision: {decision.get_kind_display().lower()}",
        subject_person_id=person.pk,
    )
    notify_many(
        recipients=[u for u in _dpos() if u.pk != actor.pk],
        kind="sharing_decision_review",
        title=f"Sharing decision to review: {decision.get_kind_display().lower()}",
        url=reverse("governance:sharing", args=[decision.pk]),
        person=person,
        dedupe_key=f"sharing-review-{decision.pk}",
    )
    return decision


@records_actor()
@transaction.atomic
def sharing_decision_review(
    *, actor: Any, decision: SharingDecision, note: str = "", expected_version: int | None = None
) -> SharingDecision:
    """A manager or the DPO has read the decision and its reasons (and says so, with any note)."""
    _require(actor, GovernanceAction.REVIEW_SHARING, decision.person)
    current = lock_for_edit(decision, expected_version)
    if current.review_status == ReviewStatus.REVIEWED:
        raise ApplicationError(f"This decision was reviewed on {_spoken(current.reviewed_on)}")
    if current.decided_by_id == actor.pk:
        raise ApplicationError("Someone other than the person who made the decision reviews it")
    current.review_status = ReviewStatus.REVIEWED
    current.reviewed_by = actor
    current.reviewed_on = timezone.localdate()
    current.review_note = (note or "").strip()
    bump_version(current)
    current.save()
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=current,
        purpose="sharing decision reviewed",
        subject_person_id=current.person_id,
    )
    return current


# Rights requests (rectification, erasure, restriction, objection)


@records_actor()
@transaction.atomic
def rights_request_log(
    *,
    actor: Any,
    person: Person,
    kind: str,
    received_on: dt.date | None,
    requester_name: str,
    requester_relationship: str,
    details: str,
) -> RightsRequest:
    """Log a rights request and start its one-month clock, owned by the DPO who logged it."""
    _require(actor, GovernanceAction.MANAGE_RIGHTS, person)
    details, requester_name = (details or "").strip(), (requester_name or "").strip()
    with refusals() as refuse:
        if kind not in RightsKind.values:
            refuse.add("Choose what the person asks for", field="kind")
        if received_on is None:
            refuse.add("Enter the date the request was received", field="received_on")
        elif received_on > timezone.localdate():
            refuse.add("The date the request was received must be today or in the past", field="received_on")
        if not requester_name:
            refuse.add("Enter who made the request", field="requester_name")
        if requester_relationship not in RequesterRelationship.values:
            refuse.add("Choose who the requester is to the person", field="requester_relationship")
        if not details:
            refuse.add("Enter what the person asks for", field="details")
    request = RightsRequest.objects.create(
        person=person,
        kind=kind,
        received_on=received_on,
        requester_name=requester_name[:200],
        requester_relationship=requester_relationship,
        details=details,
        handled_by=actor,
        recorded_by=actor,
    )
    clock_start(
        rule_key=deadlines.RIGHTS_REQUEST.key, person=person, started_on=received_on, subject=request, owner=actor
    )
    audit_record(
        actor=actor, kind=AuditKind.CREATE, obj=request, purpose="rights request logged", subject_person_id=person.pk
    )
    return request


@records_actor()
@transaction.atomic
def rights_request_extend(
    *, actor: Any, request: RightsRequest, reason: str, expected_version: int | None = None
) -> RightsRequest:
    """Extend a complex request by two months (three from receipt). The requester must be told
    within the first month, so an extension after the first month is refused."""
    _require(actor, GovernanceAction.MANAGE_RIGHTS, request.person)
    current = lock_for_edit(request, expected_version)
    reason = (reason or "").strip()
    today = timezone.localdate()
    first_month = deadline_for(deadlines.RIGHTS_REQUEST, current.received_on)
    with refusals() as refuse:
        if not current.is_open:
            refuse.add("This request has been answered")
        if current.extended_on is not None:
            refuse.add(f"This request was already extended on {_spoken(current.extended_on)}")
        if not reason:
            refuse.add("Enter why the request is complex, as you told the requester", field="reason")
        if today > first_month:
            refuse.add(
                f"The requester had to be told of an extension within the first month, by {_spoken(first_month)}",
                field="reason",
            )
    clock_cancel(
        rule_key=deadlines.RIGHTS_REQUEST.key, subject=current, stopped_on=today, reason="Extended: a complex request"
    )
    clock_start(
        rule_key=deadlines.RIGHTS_REQUEST_EXTENDED.key,
        person=current.person,
        started_on=current.received_on,
        subject=current,
        owner=current.handled_by,
    )
    current.extended_on = today
    current.extension_reason = reason
    bump_version(current)
    current.save()
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=current,
        purpose="rights request extended",
        subject_person_id=current.person_id,
    )
    return current


@records_actor()
@transaction.atomic
def rights_request_answer(
    *,
    actor: Any,
    request: RightsRequest,
    outcome: str,
    reason: str = "",
    addendum: str = "",
    answered_on: dt.date | None = None,
    expected_version: int | None = None,
) -> RightsRequest:
    """Record the outcome and stop the clock. A rectification is an addendum in the person's
    chronology, beside what was written: the original is never silently rewritten."""
    _require(actor, GovernanceAction.MANAGE_RIGHTS, request.person)
    current = lock_for_edit(request, expected_version)
    reason, addendum = (reason or "").strip(), (addendum or "").strip()
    answered_on = answered_on or timezone.localdate()
    with refusals() as refuse:
        if not current.is_open:
            refuse.add(f"This request was answered on {_spoken(current.answered_on)}")
        if outcome not in RightsOutcome.values or not outcome:
            refuse.add("Choose the outcome", field="outcome")
        if outcome == RightsOutcome.RECTIFIED and current.kind != RightsKind.RECTIFICATION:
            refuse.add("Only a rectification request is answered by correcting the record", field="outcome")
        if outcome == RightsOutcome.RECTIFIED and not addendum:
            refuse.add("Enter the addendum: the correction, as it will stand beside the record", field="addendum")
        if outcome == RightsOutcome.REFUSED and not reason:
            refuse.add("Enter why the request is refused, as you told the requester", field="reason")
        if answered_on < current.received_on or answered_on > timezone.localdate():
            refuse.add("The date answered must be between the date received and today", field="answered_on")
    current.outcome = outcome
    current.outcome_reason = reason
    current.addendum = addendum
    current.answered_on = answered_on
    bump_version(current)
    current.save()
    for rule in (deadlines.RIGHTS_REQUEST, deadlines.RIGHTS_REQUEST_EXTENDED):
        clock_stop(rule_key=rule.key, subject=current, met_on=answered_on)
    if outcome == RightsOutcome.RECTIFIED:
        chronology_record(
            person=current.person,
            occurred_on=answered_on,
            kind="record_rectified",
            summary=f"Addendum (rectification request {current.reference}): {addendum}"[:300],
            detail=addendum,
            recorded_by=actor,
            source=current,
        )
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=current,
        purpose=f"rights request answered: {current.get_outcome_display().lower()}",
        subject_person_id=current.person_id,
    )
    return current


# Breaches


@records_actor()
@transaction.atomic
def breach_record(
    *,
    actor: Any,
    summary: str,
    description: str,
    aware_at: dt.datetime | None,
    data_affected: str,
    people_affected: str,
    people_count: int | None,
    risk: str,
    risk_assessment: str,
) -> Breach:
    """Log a breach; the DPO who logs it owns the 72 hours to the regulator (BREACH_HOURS)."""
    _require(actor, GovernanceAction.MANAGE_BREACHES)
    fields = {
        "summary": (summary or "").strip(),
        "description": (description or "").strip(),
        "data_affected": (data_affected or "").strip(),
        "people_affected": (people_affected or "").strip(),
        "risk_assessment": (risk_assessment or "").strip(),
    }
    with refusals() as refuse:
        for name, message in (
            ("summary", "Enter what happened, in a line"),
            ("description", "Enter what happened, how, and how it was found"),
            ("data_affected", "Enter what information was affected"),
            ("people_affected", "Enter who is affected"),
            ("risk_assessment", "Enter the assessment of the risk to the people affected"),
        ):
            if not fields[name]:
                refuse.add(message, field=name)
        if aware_at is None:
            refuse.add("Enter when the council became aware of the breach", field="aware_at")
        elif aware_at > timezone.now():
            refuse.add("When the council became aware must be now or in the past", field="aware_at")
        if people_count is None or people_count < 0:
            refuse.add("Enter how many people are affected, as a whole number", field="people_count")
        if risk not in BreachRisk.values:
            refuse.add("Choose the risk to the people affected", field="risk")
    breach = Breach.objects.create(
        summary=fields["summary"][:200],
        description=fields["description"],
        aware_at=aware_at,
        data_affected=fields["data_affected"],
        people_affected=fields["people_affected"],
        people_count=people_count,
        risk=risk,
        risk_assessment=fields["risk_assessment"],
        handled_by=actor,
        recorded_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=breach, purpose="data breach logged")
    return breach


@records_actor()
@transaction.atomic
def breach_ico_decide(
    *,
    actor: Any,
    breach: Breach,
    reported_at: dt.datetime | None = None,
    ico_reference: str = "",
    not_reported_reason: str = "",
    expected_version: int | None = None,
) -> Breach:
    """Reported to the ICO (when, and its reference), or recorded as not reportable (why)."""
    _require(actor, GovernanceAction.MANAGE_BREACHES)
    current = lock_for_edit(breach, expected_version)
    ico_reference, not_reported_reason = (ico_reference or "").strip(), (not_reported_reason or "").strip()
    with refusals() as refuse:
        if current.ico_decided:
            refuse.add("The decision about telling the ICO is already recorded")
        if reported_at is None and not not_reported_reason:
            refuse.add(
                "Enter when the breach was reported to the ICO, or why it is not reportable", field="reported_at"
            )
        if reported_at is not None:
            if not_reported_reason:
                refuse.add(
                    "A breach reported to the ICO needs no reason for not reporting it", field="not_reported_reason"
                )
            if reported_at < current.aware_at or reported_at > timezone.now():
                refuse.add(
                    "The report must be after the council became aware, and not in the future", field="reported_at"
                )
            if not ico_reference:
                refuse.add("Enter the ICO's reference for the report", field="ico_reference")
        if reported_at is None and current.risk != BreachRisk.UNLIKELY:
            refuse.add(
                "A breach that is a risk to people's rights must be reported to the ICO: change the risk assessment "
                "first if it is unlikely to be a risk",
                field="reported_at",
            )
    current.reported_to_ico_at = reported_at
    current.ico_reference = ico_reference[:50]
    current.not_reported_reason = not_reported_reason
    bump_version(current)
    current.save()
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=current, purpose="breach: ICO decision recorded")
    return current


@records_actor()
@transaction.atomic
def breach_close(
    *,
    actor: Any,
    breach: Breach,
    people_told: str,
    people_told_on: dt.date | None = None,
    actions: str,
    expected_version: int | None = None,
) -> Breach:
    """Close a breach: whether the people affected were told, and what was done."""
    _require(actor, GovernanceAction.MANAGE_BREACHES)
    current = lock_for_edit(breach, expected_version)
    actions = (actions or "").strip()
    with refusals() as refuse:
        if not current.is_open:
            refuse.add(f"This breach was closed on {_spoken(current.closed_on)}")
        if not current.ico_decided:
            refuse.add("Record the decision about telling the ICO first")
        if people_told not in (PeopleTold.TOLD, PeopleTold.NOT_NEEDED):
            refuse.add("Choose whether the people affected were told", field="people_told")
        if people_told == PeopleTold.TOLD and people_told_on is None:
            refuse.add("Enter when the people affected were told", field="people_told_on")
        if people_told == PeopleTold.NOT_NEEDED and current.risk == BreachRisk.HIGH:
            refuse.add("A high-risk breach must be told to the people affected (Article 34)", field="people_told")
        if not actions:
            refuse.add("Enter what was done to contain the breach and stop it happening again", field="actions")
    current.people_told = people_told
    current.people_told_on = people_told_on if people_told == PeopleTold.TOLD else None
    current.actions = actions
    current.closed_on = timezone.localdate()
    bump_version(current)
    current.save()
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=current, purpose="breach closed")
    return current
