"""The agencies told when a plan starts or ends: found from the child's record, confirmed by
the chair, then sent by a task after commit (and retried until they go)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import AgencyKind
from jigsaw.access.models import Agency
from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.outbox import outbox_send
from jigsaw.meetings.models import Invitation
from jigsaw.notifications.kinds import register_kind
from jigsaw.notifications.services import notify

from ..choices import (
    Category,
    NotificationEvent,
    PlanEndReason,
)
from ..models import (
    PlanNotification,
    ProtectionPlan,
)
from ..permissions import ProtectionAction
from ._common import _active_involvements, _agency, _require, spoken

PLAN_AGENCIES_NOTICE = "plan_agencies"
register_kind(PLAN_AGENCIES_NOTICE, "Confirm which agencies are told")


@dataclass(frozen=True)
class Recipient:
    name: str
    agency_name: str
    email: str
    reason: str = ""


@dataclass
class AgencyList:
    """Who would be told: those with an address, and the agencies that should hear but cannot be
    emailed from Jigsaw (no address known), in words for the chair."""

    recipients: list[Recipient]
    gaps: list[str]


def _agency_named(name: str, kind: str) -> Agency | None:
    name = " ".join((name or "").split())
    if not name:
        return None
    return Agency.objects.filter(name__iexact=name, kind=kind).first()


def plan_agency_list(*, plan: ProtectionPlan, event: str) -> AgencyList:
    """Every agency involved with the child, from the child's record: each professional involved
    now, the core group's professionals, the professionals invited to the conference that started
    the plan (for an end, also its later conferences), the child's school and registered GP
    practice (their safeguarding address), and the police (the area's force, when it is the only
    one with an address) when no officer is on the list. Health is never guessed: with no health
    visitor or school nurse linked to the record, the chair is told none was found. Family
    members are told by the social worker, not by this email."""
    child = plan.person
    out: list[Recipient] = []
    seen: set[str] = set()
    kinds: dict[str, set[int]] = {}
    gaps: list[str] = []

    def add(name: str, agency: Agency | None, email: str, reason: str, fallback_agency: str = "") -> None:
        if agency is not None:
            kinds.setdefault(agency.kind, set()).add(agency.pk)
        key = (email or "").strip().lower()
        if key and key not in seen:
            seen.add(key)
            agency_name = agency.name if agency is not None else fallback_agency
            out.append(Recipient(name=name, agency_name=agency_name[:200], email=email.strip(), reason=reason[:200]))

    for involvement in _active_involvements([plan.person_id]):
        user = involvement.user
        what = involvement.service or involvement.get_kind_display()
        add(user.full_name or user.username, _agency(user), user.email, f"Involved with the child: {what}")
    for member in plan.core_group.filter(family_member__isnull=True, left_on__isnull=True).select_related(
        "user__agency"
    ):
        agency = _agency(member.user) if member.user_id else None
        add(
            member.name,
            agency,
            member.email or (member.user.email if member.user_id else ""),
            "Core group",
            member.role,
        )
    conferences = [plan.started_by_conference_id]
    if event == NotificationEvent.ENDED:
        conferences += list(plan.review_conferences.values_list("pk", flat=True))
    for inv in (
        Invitation.objects.filter(meeting__conference__in=conferences, person__isnull=True)
        .select_related("agency", "user__agency")
        .order_by("pk")
    ):
        agency = inv.agency or (_agency(inv.user) if inv.user_id else None)
        add(inv.name, agency, inv.email, "Invited to the conference", inv.role)

    for field, kind, what in (
        ("school", AgencyKind.EDUCATION, "school"),
        ("registered_gp", AgencyKind.HEALTH, "registered GP practice"),
    ):
        named = getattr(child, field, "")
        if not named:
            gaps.append(f"No {what} is recorded for {child.display_name}")
            continue
        agency = _agency_named(named, kind)
        if agency is not None and agency.email:
            add(f"Safeguarding lead, {agency.name}", agency, agency.email, f"The child's {what}")
        elif agency is None or agency.pk not in kinds.get(kind, set()):
            gaps.append(
                f"{named} ({child.display_name}'s {what}) has no email address in Jigsaw: tell them another way"
            )

    gp = _agency_named(child.registered_gp, AgencyKind.HEALTH)
    # The police: the area's force, when there is exactly one with a safeguarding address (the
    # force's hub serves every child in the area).
    if not kinds.get(AgencyKind.POLICE):
        forces = list(Agency.objects.filter(kind=AgencyKind.POLICE).exclude(email=""))
        if len(forces) == 1:
            force = forces[0]
            add(f"Safeguarding team, {force.name}", force, force.email, "No one from the police is involved")
        else:
            gaps.append(f"No one from the police is involved with {child.display_name}")
    # Health: never guessed. An area has many health providers, and the one agency that happens to
    # have an address need not be the child's; only those linked to the record are listed, and
    # the chair is shown that none was found, to add them by hand.
    if not kinds.get(AgencyKind.HEALTH, set()) - ({gp.pk} if gp is not None else set()):
        gaps.append(f"No health visitor or school nurse was found on {child.display_name}'s record")
    return AgencyList(recipients=out, gaps=gaps)


def plan_notification_recipients(*, plan: ProtectionPlan, event: str) -> list[Recipient]:
    return plan_agency_list(plan=plan, event=event).recipients


def plan_notifications_queue(*, plan: ProtectionPlan, event: str, actor: Any = None) -> list[PlanNotification]:
    """List who is to be told, for the chair to confirm (nothing is sent before). Called inside
    plan_start and plan_end; the person who started or ended the plan is asked to confirm."""
    rows = []
    for recipient in plan_notification_recipients(plan=plan, event=event):
        row, _ = PlanNotification.objects.get_or_create(
            plan=plan,
            event=event,
            email=recipient.email,
            defaults={
                "agency_name": recipient.agency_name[:200],
                "recipient_name": recipient.name[:200],
                "reason": recipient.reason[:200],
            },
        )
        rows.append(row)
    if actor is not None:
        what = "started" if event == NotificationEvent.STARTED else "ended"
        notify(
            recipient=actor,
            kind=PLAN_AGENCIES_NOTICE,
            title=f"Confirm which agencies are told that {plan.person.display_name}'s child protection plan {what}",
            url=reverse("protection:plan-agencies", args=[plan.pk, event]),
            person=plan.person,
            dedupe_key=f"cp-plan-{plan.pk}-agencies-{event}",
        )
    return rows


@records_actor()
@transaction.atomic
def plan_notifications_confirm(
    *,
    actor: Any,
    plan: ProtectionPlan,
    event: str,
    chosen: Iterable[int],
    others: Sequence[Recipient] = (),
) -> list[PlanNotification]:
    """The chair confirms who is told (`chosen`: ids of the listed rows; the rest are not told),
    adding any agency the record did not show (`others`). They are sent once this commits, and a
    failure is tried again until it goes. Returns the rows to be sent."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.CONFIRM_AGENCIES, plan.person)
    if event not in NotificationEvent.values:
        raise ApplicationError("Choose whether the plan started or ended")
    if event == NotificationEvent.ENDED and plan.ended_on is None:
        raise ApplicationError("This plan has not ended")
    waiting = {n.pk: n for n in plan.notifications.filter(event=event).awaiting_confirmation()}
    chosen_ids = {int(pk) for pk in chosen}
    if chosen_ids - set(waiting):
        raise ApplicationError("Choose from the agencies listed", field="chosen")
    now = timezone.now()
    added = []
    for other in others:
        name, email = " ".join(other.name.split()), other.email.strip()
        if not name:
            raise ApplicationError("Enter the name of the person or team to tell", field="other_name")
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError(
                "Enter an email address in the correct format, like name@example.org", field="other_email"
            ) from None
        if plan.notifications.filter(event=event, email__iexact=email).exists():
            raise ApplicationError(f"{email} is already on the list", field="other_email")
        added.append(
            PlanNotification.objects.create(
                plan=plan,
                event=event,
                email=email,
                recipient_name=name[:200],
                agency_name=" ".join(other.agency_name.split())[:200],
                reason="Added by the chair",
            )
        )
    if not chosen_ids and not added and waiting:
        raise ApplicationError("Choose at least one agency to tell", field="chosen")
    to_send = []
    for row in [*waiting.values(), *added]:
        row.confirmed_at = now
        row.confirmed_by = actor
        row.withheld = row.pk not in chosen_ids and row not in added
        row.save(update_fields=["confirmed_at", "confirmed_by", "withheld"])
        if not row.withheld:
            to_send.append(row)
    if to_send:
        from ..tasks import send_plan_notifications

        plan_id = plan.pk
        transaction.on_commit(lambda: send_plan_notifications.enqueue(plan_id=plan_id))
    return to_send


def _notification_email(notification: PlanNotification) -> EmailMessage:
    plan = notification.plan
    child = plan.person
    dob = spoken(child.date_of_birth) if child.date_of_birth else "not known"
    lead = plan.lead_practitioner
    council = settings.JIGSAW_COUNCIL_NAME
    if notification.event == NotificationEvent.STARTED:
        subject = f"Child protection plan started: {child.display_name}"
        what = (
            f"{child.display_name} (date of birth {dob}, {council} id {child.council_id}) became the subject of a "
            f"child protection plan on {spoken(plan.started_on)}.\n\n"
            f"Category of abuse: {Category(plan.initial_category).label}.\n"
        )
    else:
        subject = f"Child protection plan ended: {child.display_name}"
        what = (
            f"The child protection plan for {child.display_name} (date of birth {dob}, {council} id "
            f"{child.council_id}) ended on {spoken(plan.ended_on)}.\n\n"
            f"Reason: {PlanEndReason(plan.end_reason).label}.\n"
        )
    contact = ""
    if lead is not None:
        contact = f"Lead practitioner: {lead.full_name or lead.username}" + (f", {lead.email}" if lead.email else "")
        contact += ".\n"
    body = (
        f"Dear {notification.recipient_name},\n\n{what}{contact}\n"
        "Please update your agency's records. This email holds personal information: keep it only in the "
        "child's record at your agency.\n\n"
        f"{council} children's services (sent by {settings.JIGSAW_SERVICE_NAME})\n"
    )
    return EmailMessage(subject=subject, body=body, to=[notification.email])


def plan_notifications_send(*, plan_id: int | None = None, limit: int = 500) -> int:
    """Send the plan notifications not yet sent (one plan's, or everyone's); returns how many went.

    Core's outbox: a notification is marked sent in the same short transaction that sends it,
    rows are locked while they are sent so two workers never send one twice, and a failure is
    kept on the row and tried again next time.
    """
    unsent = PlanNotification.objects.unsent()
    if plan_id is not None:
        unsent = unsent.filter(plan_id=plan_id)
    return outbox_send(
        unsent=unsent,
        build=_notification_email,
        select_related=("plan__person", "plan__lead_practitioner"),
        limit=limit,
    )


# The agencies' safeguarding addresses, kept on a screen by the system administrator or the
# partnership manager (not only in Django's admin), every change in the audit log.


@records_actor()
@transaction.atomic
def agency_email_set(*, actor: Any, agency: Agency, email: str) -> Agency:
    """Set (or clear) an agency's safeguarding email address: where plan notices are sent."""
    from jigsaw.audit.models import AuditKind
    from jigsaw.audit.services import audit_record

    from ..permissions import may_manage_agency_emails

    if not may_manage_agency_emails(actor):
        raise PermissionDenied("Only the system administrator or the partnership manager keeps agencies' addresses")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError(
                "Enter an email address in the correct format, like safeguarding@example.org", field="email"
            ) from None
    before = agency.email
    if email == before:
        return agency
    agency.email = email
    agency.save(update_fields=["email"])
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=agency,
        purpose="Safeguarding email address changed",
        details={"field": "email", "from": before, "to": email},
    )
    return agency
