"""Arrangements and governance: groups, members, documents, meetings, the action log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from ..choices import (
    DocumentKind,
    GroupKind,
    LeadPartner,
    MemberRole,
)
from ..models import (
    ActionUpdate,
    DocumentVersion,
    GovernanceDocument,
    GroupMeeting,
    Member,
    PartnershipGroup,
)
from ..permissions import is_partnership_manager
from ._common import _manager, _text

# Arrangements and governance: groups and members, versioned documents, meetings of the
# executive and subgroups (through the meetings engine) and their action log.


@transaction.atomic
def group_create(*, actor: Any, name: str, kind: str, terms_of_reference: str, chair: Any) -> PartnershipGroup:
    _manager(actor)
    if kind not in GroupKind.values:
        raise ApplicationError("Choose executive or subgroup", field="kind")
    if kind == GroupKind.EXECUTIVE and PartnershipGroup.objects.filter(kind=GroupKind.EXECUTIVE).exists():
        raise ApplicationError("The partnership has an executive already", field="kind")
    if chair is None or not chair.is_active:
        raise ApplicationError("Choose the chair", field="chair")
    name = _text(name, field="name", message="Enter the group's name", label="Name")
    if PartnershipGroup.objects.filter(name__iexact=name).exists():
        raise ApplicationError("There is a group with this name already", field="name")
    group = PartnershipGroup.objects.create(
        name=name,
        kind=kind,
        terms_of_reference=_text(
            terms_of_reference, field="terms_of_reference", message="Enter the terms of reference", max_length=20000
        ),
        chair=chair,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=group, details={"kind": kind, "chair": chair.pk})
    return group


@transaction.atomic
def member_add(
    *,
    actor: Any,
    group: PartnershipGroup,
    name: str,
    agency: Any,
    role: str = MemberRole.MEMBER,
    lead_partner: str = "",
    user: Any = None,
    email: str = "",
    joined_on: dt.date | None = None,
) -> Member:
    _manager(actor)
    if agency is None:
        raise ApplicationError("Choose the member's agency", field="agency")
    if role not in MemberRole.values:
        raise ApplicationError("Choose the member's role", field="role")
    if role in (MemberRole.LEAD_PARTNER, MemberRole.DELEGATE) and lead_partner not in LeadPartner.values:
        raise ApplicationError("Choose which lead safeguarding partner", field="lead_partner")
    if role == MemberRole.MEMBER:
        lead_partner = ""
    member = Member.objects.create(
        group=group,
        name=_text(name, field="name", message="Enter the member's name", label="Name"),
        agency=agency,
        role=role,
        lead_partner=lead_partner,
        user=user,
        email=(email or (user.email if user else "") or "").strip(),
        joined_on=joined_on or timezone.localdate(),
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=member, details={"group": group.pk, "role": role})
    return member


@transaction.atomic
def document_version_record(
    *,
    actor: Any,
    kind: str,
    title: str,
    version: str,
    summary: str,
    approved_by: str,
    approved_on: dt.date,
    link: str = "",
) -> DocumentVersion:
    """Record an approved version of the arrangements, the threshold document or another."""
    _manager(actor)
    if kind not in DocumentKind.values:
        raise ApplicationError("Choose the kind of document", field="kind")
    title = _text(title, field="title", message="Enter the document's title", label="Title")
    version = _text(
        version, field="version", message="Enter the version, for example 3.1", max_length=20, label="Version"
    )
    if approved_on > timezone.localdate():
        raise ApplicationError("The date approved must be today or in the past", field="approved_on")
    document, _ = GovernanceDocument.objects.get_or_create(title=title, defaults={"kind": kind})
    if document.versions.filter(version=version).exists():
        raise ApplicationError(f"Version {version} of this document is recorded already", field="version")
    row = DocumentVersion.objects.create(
        document=document,
        version=version,
        summary=_text(summary, field="summary", message="Enter what changed", max_length=5000),
        approved_by=_text(approved_by, field="approved_by", message="Enter who approved it", max_length=300),
        approved_on=approved_on,
        link=(link or "").strip(),
        recorded_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=row, details={"document": document.pk, "version": version})
    return row


@transaction.atomic
def group_meeting_convene(
    *, actor: Any, group: PartnershipGroup, starts_at: dt.datetime, agenda: str, location: str = ""
) -> GroupMeeting:
    """Convene a meeting of the group through the meetings engine, and invite its current members
    (each with their agency, so attendance is counted by agency)."""
    from jigsaw.meetings.models import MeetingKind
    from jigsaw.meetings.services import Invitee, meeting_convene, meeting_invite

    _manager(actor)
    agenda = _text(agenda, field="agenda", message="Enter the agenda", max_length=10000)
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.BOARD,
        title=f"{group.name} meeting",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        location=location,
        chair=group.chair,
    )
    invitees = [
        Invitee(name=m.name, email=m.email, agency=m.agency, role=m.get_role_display(), user=m.user)
        for m in group.members.filter(left_on__isnull=True).select_related("agency", "user")
    ]
    if invitees:
        meeting_invite(actor=actor, meeting=meeting, invitees=invitees)
    row = GroupMeeting.objects.create(group=group, meeting=meeting, agenda=agenda)
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=row, details={"group": group.pk, "meeting": meeting.pk})
    return row


@transaction.atomic
def action_update_add(*, actor: Any, action: Any, text: str, evidence: str = "", done: bool = False) -> ActionUpdate:
    """The owner (or the partnership manager) says how an action is going, with evidence; `done`
    completes it through the meetings engine."""
    from jigsaw.meetings.services import action_complete

    if not hasattr(action.meeting, "partnership"):
        raise PermissionDenied("Not an action of the partnership")
    if not (action.owner_id == getattr(actor, "pk", None) or is_partnership_manager(actor)):
        raise PermissionDenied("Only the action's owner or the partnership manager can update it")
    if action.done_on:
        raise ApplicationError("This action is done", field="text")
    update = ActionUpdate.objects.create(
        action=action,
        text=_text(text, field="text", message="Enter what has been done", max_length=5000),
        evidence=(evidence or "").strip()[:5000],
        made_by=actor,
    )
    audit_record(actor=actor, kind=AuditKind.CREATE, obj=update, details={"action": action.pk, "done": done})
    if done:
        # The engine lets the owner, or whoever convened or chairs the meeting, complete it.
        action_complete(actor=actor, action=action)
    return update


def overdue_actions_escalate(*, today: dt.date | None = None) -> int:
    """Tell each overdue action's owner, and the executive's chair, once per action (idempotent)."""
    from django.urls import reverse

    from jigsaw.notifications.services import notify

    from ..selectors import executive_chair, partnership_actions

    today = today or timezone.localdate()
    chair = executive_chair()
    told = 0
    for action in partnership_actions().filter(done_on__isnull=True, due_on__lt=today):
        url = reverse("partnership:action", args=[action.pk])
        title = f"Overdue partnership action: {action.description[:80]}"
        if notify(
            recipient=action.owner,
            kind="partnership_action_overdue",
            title=title,
            url=url,
            dedupe_key=f"partnership-action-overdue-{action.pk}",
        ):
            told += 1
        if (
            chair is not None
            and chair != action.owner
            and notify(
                recipient=chair,
                kind="partnership_action_escalated",
                title=f"Escalated to you: {title}",
                body=f"Owner: {action.owner_display}. Due {action.due_on.day} {action.due_on:%B %Y}.",
                url=url,
                dedupe_key=f"partnership-action-escalated-{action.pk}",
            )
        ):
            told += 1
    return told
