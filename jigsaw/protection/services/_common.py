"""What every child protection service shares: words for dates, permission and date checks,
invitations from the child's record, and the involvements and clocks a plan opens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind
from jigsaw.access.models import Agency, Involvement
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Meeting
from jigsaw.meetings.services import (
    Invitee,
    attendance_record,
)
from jigsaw.notifications.kinds import LEAD_PRACTITIONER, register_kind
from jigsaw.notifications.services import notify
from jigsaw.people.models import ContactDetail, Person, Relationship
from jigsaw.timescales.models import Clock

from ..choices import (
    Category,
)
from ..models import (
    ProtectionPlan,
)
from ..permissions import ProtectionAction, protection_can

# Clocks a plan runs while it is open; all stop when it ends. The lead practitioner owns them.
PLAN_CLOCKS = ("first_core_group", "core_group", "first_review_conference", "review_conference", "cp_visit")

# What the child is open to, in the involvements the rest of Jigsaw reads (who may see the
# child, whose "My work" a deadline is on). Ended when the plan ends.
LEAD_PRACTITIONER_SERVICE = "Child protection"
CORE_GROUP_SERVICE = "Child protection core group"
CORE_GROUP_NOTICE = "core_group"
register_kind(CORE_GROUP_NOTICE, "You are in a core group")


# Small helpers: words for dates, permission checks, date checks.


def spoken(day: dt.date) -> str:
    """15 December 2026, as GOV.UK writes dates."""
    return f"{day.day} {day:%B %Y}"


def _require(actor: Any, action: ProtectionAction, person: Person | None = None) -> None:
    if not protection_can(actor, action, person):
        raise PermissionDenied("Your role does not include this child protection action")


def _not_future(day: dt.date | None, *, field: str, what: str) -> dt.date:
    if day is None:
        raise ApplicationError(f"Enter the date {what}", field=field)
    if day > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past", field=field)
    return day


def _not_before(day: dt.date, earliest: dt.date, *, field: str, message: str) -> None:
    if day < earliest:
        raise ApplicationError(message, field=field)


def _local_date(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _agency(user: Any) -> Agency | None:
    return user.agency if getattr(user, "agency_id", None) else None


def _open_episode(episode: Any) -> None:
    if episode.closure_date is not None:
        raise ApplicationError(
            f"{episode.person.display_name}'s child in need episode closed on {spoken(episode.closure_date)}. "
            "A new referral is needed first"
        )


def _category(value: str, *, field: str = "category") -> str:
    if value not in Category.values:
        raise ApplicationError(
            "Choose a category of abuse: neglect, physical abuse, emotional abuse, sexual abuse or multiple",
            field=field,
        )
    return value


def _active_involvements(person_ids: Iterable[int]) -> Iterable[Involvement]:
    today = timezone.localdate()
    return (
        Involvement.objects.filter(person_id__in=list(person_ids), user__is_active=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("user", "user__agency")
        .order_by("pk")
    )


def _merge_invitees(*groups: Iterable[Invitee]) -> list[Invitee]:
    """One invitation per person: the first mention wins (by user, else by email, else by name)."""
    seen: set[str] = set()
    out: list[Invitee] = []
    for group in groups:
        for invitee in group:
            keys = set()
            if invitee.user is not None:
                keys.add(f"user:{invitee.user.pk}")
            if invitee.email:
                keys.add(f"email:{invitee.email.strip().lower()}")
            if not keys:
                keys.add(f"name:{invitee.name.strip().lower()}")
            if keys & seen:
                continue
            seen |= keys
            out.append(invitee)
    return out


def _user_invitee(user: Any, role: str = "") -> Invitee:
    agency = _agency(user)
    return Invitee(
        name=user.full_name or user.username,
        email=user.email or "",
        agency=agency,
        role=role or (user.job_title or (agency.name if agency else "")),
        user=user,
    )


def _involved_professionals(person_ids: Iterable[int], kinds: Iterable[str] | None = None) -> list[Invitee]:
    wanted = set(kinds) if kinds is not None else None
    out = []
    for involvement in _active_involvements(person_ids):
        user = involvement.user
        agency = _agency(user)
        if wanted is not None and (agency is None or agency.kind not in wanted):
            continue
        # Their job (a GP, a detective constable) says more to the meeting than the service they are open to.
        out.append(_user_invitee(user))
    return out


def _family_invitees(child: Person) -> list[Invitee]:
    """Parents and carers: by email when there is an address; the others are on the list all
    the same (invited by letter or phone), so their attendance is recorded."""
    today = timezone.localdate()
    parents = (
        Relationship.objects.filter(to_person=child, kind__in=("parent", "carer", "step_parent", "guardian"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("from_person")
    )
    out = []
    for rel in parents:
        email = (
            ContactDetail.objects.filter(person=rel.from_person, kind="email").values_list("value", flat=True).first()
        )
        out.append(
            Invitee(
                name=rel.from_person.display_name,
                email=email or "",
                role=rel.get_kind_display(),
                person=rel.from_person,
            )
        )
    return out


def _attendance(actor: Any, meeting: Meeting, attendance: Mapping[int, str] | None) -> None:
    if attendance:
        attendance_record(actor=actor, meeting=meeting, attendance=dict(attendance))


def _check_meeting_day(held_on: dt.date, meeting: Meeting, *, what: str) -> None:
    """A meeting is recorded on or after the day it was set for; one brought forward is rescheduled
    first (so everyone invited had the new date)."""
    day = meeting.local_date
    if held_on < day:
        raise ApplicationError(
            f"The {what} was set for {spoken(day)}. If it was brought forward, reschedule the meeting first",
            field="held_on",
        )


def _decided_at(held_on: dt.date, meeting: Meeting) -> dt.datetime:
    """When the meeting's decision was made: its start time on the day it was held (never in the future)."""
    start = timezone.localtime(meeting.starts_at).time()
    at = timezone.make_aware(dt.datetime.combine(held_on, start))
    return min(at, timezone.now())


def plan_url(plan: ProtectionPlan) -> str:
    return reverse("protection:plan", args=[plan.pk])


def _involve(*, user: Any, person: Person, kind: str, service: str, on: dt.date) -> Involvement | None:
    """Open an involvement unless one of that kind is already open (an involvement already held,
    such as a police officer invited earlier, is kept as it is and never ended by the plan)."""
    open_now = Involvement.objects.filter(user=user, person=person, ended_on__isnull=True)
    if kind == InvolvementKind.LEAD_PRACTITIONER:
        open_now = open_now.filter(kind=kind)
    if open_now.exists():
        return None
    return Involvement.objects.create(user=user, person=person, kind=kind, service=service, started_on=on)


def _end_involvements(involvements: Iterable[Involvement], on: dt.date) -> None:
    for involvement in involvements:
        involvement.ended_on = max(on, involvement.started_on)
        involvement.save(update_fields=["ended_on"])


def _plan_lead_open(*, plan: ProtectionPlan, lead: Any, on: dt.date, actor: Any) -> None:
    """The child is open to child protection with this lead practitioner: the involvement, the
    plan's running clocks on their "My work", and a notification linking to the plan."""
    _end_involvements(
        Involvement.objects.filter(
            person=plan.person, kind=InvolvementKind.LEAD_PRACTITIONER, ended_on__isnull=True
        ).exclude(user=lead),
        on,
    )
    _involve(
        user=lead, person=plan.person, kind=InvolvementKind.LEAD_PRACTITIONER, service=LEAD_PRACTITIONER_SERVICE, on=on
    )
    Clock.objects.filter(rule_key__in=PLAN_CLOCKS, **_clock_subject(plan)).open().exclude(owner=lead).update(owner=lead)
    if lead.pk != getattr(actor, "pk", None):
        notify(
            recipient=lead,
            kind=LEAD_PRACTITIONER,
            title=f"You are the lead practitioner for {plan.person.display_name}'s child protection plan",
            body="The first core group meeting is due within 10 working days of the conference, and visits "
            'are on your "My work".',
            url=plan_url(plan),
            person=plan.person,
            dedupe_key=f"cp-plan-{plan.pk}-lead-{lead.pk}",
        )


def _clock_subject(plan: ProtectionPlan) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    return {"content_type": ContentType.objects.get_for_model(ProtectionPlan), "object_id": plan.pk}


def _plan_involvements_end(plan: ProtectionPlan, on: dt.date) -> None:
    """The plan's own involvements end with it; involvements the professionals held before stay."""
    _end_involvements(
        Involvement.objects.filter(person=plan.person, ended_on__isnull=True).filter(
            Q(kind=InvolvementKind.LEAD_PRACTITIONER, service=LEAD_PRACTITIONER_SERVICE)
            | Q(kind=InvolvementKind.INVITED, service=CORE_GROUP_SERVICE)
        ),
        on,
    )
