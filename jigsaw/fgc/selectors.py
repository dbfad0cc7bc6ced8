"""Family group conferences: every read, through the access policy.

A referral is visible to whoever may see one of its children (Referral.objects.visible_to);
one they may not see does not exist for them (404). Opening a family's record is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.meetings.models import MeetingStatus
from jigsaw.people.models import Person

from .choices import ConferenceKind, Invitation, PlanDecision, ReferralStatus
from .models import Conference, FamilyPlan, NetworkMember, PlanItem, Referral, ReferralChild
from .permissions import COORDINATOR_ROLES


def _with_children(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related("coordinator", "referred_by").prefetch_related(
        Prefetch("children", ReferralChild.objects.select_related("person"))
    )


def referral_list(*, user: Any) -> QuerySet[Referral]:
    """Every referral this user may see."""
    return _with_children(Referral.objects.visible_to(user))


def referral_get(*, user: Any, referral_id: int, purpose: str = "", audit: bool = True) -> Referral:
    """The referral, if the user may see it; the view is audited against each child."""
    referral = referral_list(user=user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    if audit:
        people = [c.person_id for c in referral.children.all()]
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=referral,
            purpose=purpose or "family group conference record",
            subject_person_id=people[0] if people else None,
            also_about=people,
        )
    return referral


def referrals_for_person(*, user: Any, person: Person) -> list[Referral]:
    return list(referral_list(user=user).filter(children__person=person).distinct())


def conference_get(*, user: Any, conference_id: int, purpose: str = "") -> Conference:
    conference = (
        Conference.objects.filter(referral__in=Referral.objects.visible_to(user), pk=conference_id)
        .select_related("meeting", "referral", "referral__coordinator")
        .first()
    )
    if conference is None:
        raise Http404("No such conference")
    referral_get(user=user, referral_id=conference.referral_id, purpose=purpose or "family group conference")
    return conference


def network_member_get(*, user: Any, member_id: int) -> NetworkMember:
    member = (
        NetworkMember.objects.filter(referral__in=Referral.objects.visible_to(user), pk=member_id)
        .select_related("person", "referral")
        .first()
    )
    if member is None:
        raise Http404("No such network member")
    return member


def plan_item_get(*, user: Any, item_id: int) -> PlanItem:
    item = (
        PlanItem.objects.filter(plan__referral__in=Referral.objects.visible_to(user), pk=item_id)
        .select_related("plan", "plan__conference", "plan__conference__meeting", "plan__conference__referral")
        .first()
    )
    if item is None:
        raise Http404("No such plan item")
    return item


def coordinator_choices() -> QuerySet:
    return get_user_model().objects.filter(role__in=COORDINATOR_ROLES, is_active=True).order_by("full_name", "username")


# The family's record: what has happened, and where things stand.


@dataclass
class Stage:
    key: str
    name: str
    status: str  # done, in_progress, to_do, cannot_start
    hint: str = ""

    @property
    def text(self) -> str:
        return {
            "done": "Completed",
            "in_progress": "In progress",
            "to_do": "Not yet started",
            "cannot_start": "Cannot start yet",
        }[self.status]


@dataclass
class PlanView:
    plan: FamilyPlan
    items: list[PlanItem]


@dataclass
class FgcRecord:
    referral: Referral
    children: list[Person]
    network: list[NetworkMember]
    preparation: list[Any]
    conferences: list[Conference]
    plans: list[PlanView]
    stages: list[Stage] = field(default_factory=list)

    @property
    def pending(self) -> Conference | None:
        """The conference convened and not yet (fully) recorded."""
        for c in self.conferences:
            if c.meeting.status == MeetingStatus.CANCELLED:
                continue
            if c.held_on is None:
                return c
            if c.kind == ConferenceKind.INITIAL and not c.plan_decided:
                return c
        return None

    @property
    def current_plan(self) -> PlanView | None:
        return next((p for p in self.plans if p.plan.agreed and p.plan.ended_on is None), None)

    @property
    def draft_plan(self) -> PlanView | None:
        return next((p for p in self.plans if not p.plan.decision), None)

    @property
    def is_open(self) -> bool:
        return self.referral.status != ReferralStatus.CLOSED

    @property
    def invited(self) -> list[NetworkMember]:
        return [m for m in self.network if m.invitation == Invitation.INVITED]

    @property
    def outside_home(self) -> int:
        return sum(1 for m in self.network if not m.lives_in_home)


def _stages(record: FgcRecord) -> list[Stage]:
    r = record.referral
    allocated = r.coordinator_id is not None
    initial = [c for c in record.conferences if c.kind == ConferenceKind.INITIAL and c.meeting.status != "cancelled"]
    latest = initial[0] if initial else None
    agreed = record.current_plan or next((p for p in record.plans if p.plan.agreed), None)
    stages = [
        Stage("referral", "Referral, with the family's agreement", "done", f"Referred by {r.referred_by}"),
        Stage(
            "allocation",
            "Independent coordinator",
            "done" if allocated else "to_do",
            f"{r.coordinator}" if allocated else "Waiting for a coordinator",
        ),
        Stage(
            "network",
            "Family network",
            ("done" if record.invited else "in_progress" if record.network else "to_do")
            if allocated
            else "cannot_start",
            f"{len(record.network)} people, {len(record.invited)} invited" if record.network else "",
        ),
        Stage(
            "preparation",
            "Preparation: visits and calls",
            ("in_progress" if record.preparation else "to_do") if allocated else "cannot_start",
            f"{len(record.preparation)} recorded" if record.preparation else "",
        ),
        Stage(
            "convene",
            "Conference convened",
            "done" if latest else ("to_do" if record.invited else "cannot_start"),
            f"For {latest.convened_for:%-d %B %Y}" if latest else "",
        ),
        Stage(
            "information",
            "Information giving",
            "done" if latest and latest.held_on else ("to_do" if latest else "cannot_start"),
        ),
        Stage(
            "private_time",
            "Private family time",
            "done"
            if latest and latest.private_time_from
            else ("to_do" if latest and latest.held_on else "cannot_start"),
            f"{latest.private_time_from:%H:%M} to {latest.private_time_to:%H:%M}"
            if latest and latest.private_time_from
            else "",
        ),
        Stage(
            "plan",
            "Agreeing the family's plan",
            "done"
            if latest and latest.plan_decided
            else ("in_progress" if latest and latest.family_plan else "to_do")
            if latest and latest.private_time_from
            else "cannot_start",
            (latest.family_plan.get_decision_display() if latest and latest.plan_decided else ""),
        ),
        Stage(
            "review",
            "Review",
            "done" if r.status == ReferralStatus.CLOSED and agreed else ("in_progress" if agreed else "cannot_start"),
            f"Due by {agreed.plan.review_due_on:%-d %B %Y}"
            if agreed and agreed.plan.review_due_on and r.status != ReferralStatus.CLOSED
            else "",
        ),
    ]
    return stages


def fgc_record(*, user: Any, referral_id: int) -> FgcRecord:
    """The family's whole family group conference record, audited."""
    referral = referral_get(user=user, referral_id=referral_id)
    plans = list(
        referral.plans.select_related("conference").prefetch_related(
            Prefetch("items", PlanItem.objects.select_related("member__person"))
        )
    )
    record = FgcRecord(
        referral=referral,
        children=[c.person for c in referral.children.all()],
        network=list(referral.network.select_related("person").order_by("lives_in_home", "pk")),
        preparation=list(referral.preparation.select_related("recorded_by")),
        conferences=list(referral.conferences.select_related("meeting", "plan")),
        plans=[PlanView(plan=p, items=list(p.items.all())) for p in plans],
    )
    record.stages = _stages(record)
    return record


# The index: the coordinators' work.


@dataclass
class ReviewDue:
    referral: Referral
    plan: FamilyPlan
    due_on: dt.date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


@dataclass
class FgcIndex:
    awaiting_allocation: list[Referral]
    in_preparation: list[Referral]
    upcoming: list[Conference]
    to_record: list[Conference]
    reviews_due: list[ReviewDue]


def fgc_index(*, user: Any) -> FgcIndex:
    visible = Referral.objects.visible_to(user).open()
    referrals = list(_with_children(visible).order_by("referred_on", "pk")[:1000])
    today = timezone.localdate()
    conferences = list(
        Conference.objects.filter(referral__in=visible, held_on__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "referral", "referral__coordinator")
        .prefetch_related(Prefetch("referral__children", ReferralChild.objects.select_related("person")))
        .order_by("convened_for", "pk")
    )
    undecided = list(
        Conference.objects.filter(referral__in=visible, held_on__isnull=False, kind=ConferenceKind.INITIAL)
        .exclude(plan__decision__in=PlanDecision.values)
        .select_related("meeting", "referral")
        .prefetch_related(Prefetch("referral__children", ReferralChild.objects.select_related("person")))
        .order_by("convened_for", "pk")
    )
    plans = (
        FamilyPlan.objects.filter(
            referral__in=visible, decision=PlanDecision.AGREED, ended_on__isnull=True, review_due_on__isnull=False
        )
        .select_related("referral", "referral__coordinator")
        .prefetch_related(Prefetch("referral__children", ReferralChild.objects.select_related("person")))
        .order_by("review_due_on", "pk")
    )
    return FgcIndex(
        awaiting_allocation=[r for r in referrals if r.status == ReferralStatus.AWAITING_ALLOCATION],
        in_preparation=[r for r in referrals if r.status == ReferralStatus.PREPARATION],
        upcoming=[c for c in conferences if c.convened_for >= today],
        to_record=[c for c in conferences if c.convened_for < today] + undecided,
        reviews_due=[ReviewDue(referral=p.referral, plan=p, due_on=p.review_due_on) for p in plans],
    )


def family_plans_for_person(*, user: Any, person: Person) -> list[FamilyPlan]:
    """The agreed family plans of a child the user may see (the partner API's view), latest first."""
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise Http404("No such person")
    return list(
        FamilyPlan.objects.filter(referral__children__person=person, decision=PlanDecision.AGREED)
        .prefetch_related(Prefetch("items", PlanItem.objects.select_related("member__person")))
        .distinct()
        .order_by("-decided_on", "-pk")
    )
