"""Core groups: members named at a conference (involved with the child from then on), and their
meetings convened and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from jigsaw.access.choices import InvolvementKind
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Attendance, MeetingKind
from jigsaw.meetings.services import (
    Invitee,
    meeting_convene,
    meeting_invite,
)
from jigsaw.notifications.services import notify
from jigsaw.people.models import Person
from jigsaw.timescales.clocks import clock_start, clock_stop

from ..models import (
    CoreGroupMeeting,
    CoreGroupMember,
    ProtectionPlan,
)
from ..permissions import ProtectionAction
from ._common import (
    CORE_GROUP_NOTICE,
    CORE_GROUP_SERVICE,
    _agency,
    _attendance,
    _check_meeting_day,
    _end_involvements,
    _involve,
    _local_date,
    _merge_invitees,
    _not_before,
    _not_future,
    _require,
    _user_invitee,
    plan_url,
    spoken,
)


@dataclass(frozen=True)
class CoreGroupEntry:
    """A core group member named at a conference."""

    name: str
    role: str = ""
    email: str = ""
    user: Any = None
    family_member: Person | None = None


def _core_group_add(*, plan: ProtectionPlan, members: Sequence[CoreGroupEntry], joined_on: dt.date) -> None:
    current = list(plan.core_group.filter(left_on__isnull=True))
    for member in members:
        name = " ".join(member.name.split())
        if not name:
            raise ApplicationError("Enter the name of each core group member", field="core_group")
        duplicate = any(
            (member.user is not None and m.user_id == member.user.pk)
            or (member.email and m.email.lower() == member.email.lower())
            or (member.family_member is not None and m.family_member_id == member.family_member.pk)
            for m in current
        )
        if duplicate:
            continue
        current.append(
            CoreGroupMember.objects.create(
                plan=plan,
                name=name,
                role=member.role,
                email=member.email,
                user=member.user,
                family_member=member.family_member,
                joined_on=joined_on,
            )
        )
        user = member.user
        if user is None or not user.is_active:
            continue
        # A core group member works with the child from now on: they see the record, and hear of it.
        _involve(user=user, person=plan.person, kind=InvolvementKind.INVITED, service=CORE_GROUP_SERVICE, on=joined_on)
        if user.pk != plan.lead_practitioner_id:
            notify(
                recipient=user,
                kind=CORE_GROUP_NOTICE,
                title=f"You are in the core group for {plan.person.display_name}'s child protection plan",
                url=plan_url(plan),
                person=plan.person,
                dedupe_key=f"cp-plan-{plan.pk}-core-group-{user.pk}",
            )


@records_actor()
@transaction.atomic
def core_group_convene(
    *,
    actor: Any,
    plan: ProtectionPlan,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    location: str = "",
    online_link: str = "",
) -> CoreGroupMeeting:
    """Convene a core group meeting and invite the plan's core group."""
    plan = ProtectionPlan.objects.select_related("person", "lead_practitioner").get(pk=plan.pk)
    _require(actor, ProtectionAction.RECORD_CORE_GROUP, plan.person)
    if plan.ended_on is not None:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}")
    _not_before(
        _local_date(starts_at),
        plan.started_on,
        field="starts_at",
        message=f"The core group cannot meet before the plan started on {spoken(plan.started_on)}",
    )
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.CORE_GROUP,
        title=f"Core group meeting: {plan.person.display_name}",
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        chair=plan.lead_practitioner or actor,
        subjects=[plan.person],
    )
    core = CoreGroupMeeting.objects.create(meeting=meeting, plan=plan)
    invitees = _merge_invitees(
        [_user_invitee(plan.lead_practitioner, "Lead practitioner")] if plan.lead_practitioner_id else [],
        [
            Invitee(
                name=m.name, email=m.email, role=m.role, user=m.user, person=m.family_member, agency=_agency(m.user)
            )
            for m in plan.core_group.filter(left_on__isnull=True).select_related("user__agency")
            if m.email or m.user_id
        ],
    )
    if invitees:
        meeting_invite(actor=actor, meeting=meeting, invitees=invitees)
    return core


@records_actor()
@transaction.atomic
def core_group_record(
    *,
    actor: Any,
    core_group_meeting: CoreGroupMeeting,
    held_on: dt.date,
    attendance: Mapping[int, str] | None = None,
    notes: str = "",
) -> CoreGroupMeeting:
    """Record that the core group met: meets the first-core-group clock (10 working days from the
    conference), and starts the partnership's interval to the next one."""
    core = (
        CoreGroupMeeting.objects.select_for_update(of=("self",))
        .select_related("plan__person", "meeting")
        .get(pk=core_group_meeting.pk)
    )
    plan = core.plan
    _require(actor, ProtectionAction.RECORD_CORE_GROUP, plan.person)
    if core.held_on is not None:
        raise ApplicationError(f"This core group meeting was already recorded as held on {spoken(core.held_on)}")
    _not_future(held_on, field="held_on", what="the core group met")
    _not_before(
        held_on,
        plan.started_on,
        field="held_on",
        message=f"The core group cannot meet before the plan started on {spoken(plan.started_on)}",
    )
    if plan.ended_on is not None and held_on > plan.ended_on:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}", field="held_on")
    _check_meeting_day(held_on, core.meeting, what="core group meeting")
    _attendance(actor, core.meeting, attendance)
    core.held_on = held_on
    core.notes = notes.strip()
    core.recorded_by = actor
    core.save(update_fields=["held_on", "notes", "recorded_by"])
    present = core.meeting.invitations.filter(attendance=Attendance.ATTENDED).count()
    chronology_record(
        person=plan.person,
        occurred_on=held_on,
        kind="core_group",
        summary="Core group meeting held" + (f", {present} present" if present else ""),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="standard",
        source=core,
    )
    latest = plan.core_group_meetings.filter(held_on__isnull=False).exclude(pk=core.pk).order_by("-held_on").first()
    if latest is None or held_on >= latest.held_on:
        clock_stop(rule_key="first_core_group", subject=plan, met_on=held_on)
        clock_stop(rule_key="core_group", subject=plan, met_on=held_on)
        if plan.ended_on is None:
            clock_start(
                rule_key="core_group",
                person=plan.person,
                started_on=held_on,
                subject=plan,
                owner=plan.lead_practitioner,
            )
    return core


@records_actor()
@transaction.atomic
def core_group_member_leave(*, actor: Any, member: CoreGroupMember, left_on: dt.date) -> CoreGroupMember:
    """A member leaves the core group: from then on they are no longer involved with the child
    through it (their core group involvement ends, so the child leaves their "My work" and their
    access through it ends); an involvement they held for another reason stays. The audit log
    keeps the change (CoreGroupMember is registered with it)."""
    member = (
        CoreGroupMember.objects.select_for_update(of=("self",)).select_related("plan__person", "user").get(pk=member.pk)
    )
    plan = member.plan
    _require(actor, ProtectionAction.RECORD_CORE_GROUP, plan.person)
    if member.left_on is not None:
        raise ApplicationError(f"{member.name} already left the core group on {spoken(member.left_on)}")
    _not_future(left_on, field="left_on", what="they left the core group")
    _not_before(
        left_on,
        member.joined_on,
        field="left_on",
        message=f"{member.name} cannot leave before they joined the core group, on {spoken(member.joined_on)}",
    )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    if member.user_id is not None:
        _end_involvements(
            Involvement.objects.filter(
                user_id=member.user_id,
                person=plan.person,
                kind=InvolvementKind.INVITED,
                service=CORE_GROUP_SERVICE,
                ended_on__isnull=True,
            ),
            left_on,
        )
    return member
