"""Every write in child protection: one function per business action, in a transaction.

Each service checks who may act (permissions.py), checks the dates and codes in plain
words (ApplicationError naming the form field), saves, puts the event in the child's
chronology, and starts or stops the statutory clocks (jigsaw.timescales.clocks). Meetings
(strategy discussions, conferences, core groups) are convened, invited and minuted by the
shared meetings engine; this app keeps what child protection decides at them.

The audit log records every change (models registered in apps.py) against the acting
user (@records_actor).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, InvolvementKind
from jigsaw.access.models import Agency, Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version
from jigsaw.core.outbox import outbox_send
from jigsaw.frontdoor.services import episode_strategy_held
from jigsaw.meetings.models import Attendance, Invitation, Meeting, MeetingKind
from jigsaw.meetings.selectors import meeting_quorum
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    attendance_record,
    decision_record,
    meeting_convene,
    meeting_invite,
)
from jigsaw.notifications.kinds import LEAD_PRACTITIONER, register_kind
from jigsaw.notifications.services import notify
from jigsaw.people.models import ContactDetail, Person, Relationship
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop
from jigsaw.timescales.models import Clock

from .choices import (
    CONFERENCE_MEETING_KIND,
    DECISIONS_FOR_KIND,
    NO_FACTORS,
    AssessmentFactor,
    Category,
    ConferenceDecision,
    ConferenceKind,
    EnquiryLinkKind,
    NotificationEvent,
    PlanEndReason,
    Section47Outcome,
    StrategyKind,
)
from .models import (
    Assessment,
    AssessmentFactorIdentified,
    CategoryChange,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    EnquiryLink,
    PlanNotification,
    ProtectionPlan,
    Section47,
    StrategyDiscussion,
    StrategyDiscussionChild,
    Visit,
)
from .permissions import LEAD_PRACTITIONER_ROLES, ProtectionAction, protection_can

logger = logging.getLogger(__name__)

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


# Strategy discussions


@dataclass(frozen=True)
class ChildConcerns:
    """A child to discuss and, in their own words, what worries us about them."""

    episode: Any  # jigsaw.frontdoor Episode
    concerns: str


@dataclass(frozen=True)
class ChildDecision:
    """What the strategy discussion decided for one child."""

    section_47: bool | None
    reason: str
    information_shared: str = ""


@dataclass(frozen=True)
class ActionEntry:
    """An action agreed at a strategy discussion: what, who (a user or a name), by when, and for
    which child (None: for all of them)."""

    description: str
    due_on: dt.date
    owner: Any = None
    owner_name: str = ""
    person: Person | None = None


STRATEGY_AGENCIES = (AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.HEALTH)
STRATEGY_AGENCY_WORDS = {
    AgencyKind.CHILDRENS_SOCIAL_CARE: "children's social care",
    AgencyKind.POLICE: "the police",
    AgencyKind.HEALTH: "health",
}


def _agency_words(kind: str) -> str:
    if kind in STRATEGY_AGENCY_WORDS:
        return STRATEGY_AGENCY_WORDS[kind]
    try:
        return str(AgencyKind(kind).label).lower()
    except ValueError:
        return kind


def strategy_required_agencies(kind: str = StrategyKind.SIMPLE) -> list[str]:
    """The agencies a strategy discussion must invite: those its quorum needs (the partnership's
    JIGSAW_MEETING_QUORUM; by default children's social care, the police and health)."""
    from jigsaw.meetings.selectors import quorum_rules

    rule = quorum_rules().get(kind) or {}
    return [str(k) for k in rule.get("required", STRATEGY_AGENCIES)] or [str(k) for k in STRATEGY_AGENCIES]


@records_actor()
@transaction.atomic
def strategy_discussion_convene(
    *,
    actor: Any,
    children: Sequence[ChildConcerns],
    starts_at: dt.datetime,
    kind: str = StrategyKind.SIMPLE,
    title: str = "",
    ends_at: dt.datetime | None = None,
    location: str = "",
    online_link: str = "",
    chair: Any = None,
    invitees: Sequence[Invitee] = (),
    professionals: Sequence[Any] | None = None,
) -> StrategyDiscussion:
    """Convene a strategy discussion (one child) or a complex strategy meeting (several children,
    several households), inviting children's social care, the police and health.

    Invited: the convener, the chair, `professionals` (chosen from those involved with the
    children; None: everyone involved from the police, health and children's social care),
    and `invitees` (anyone else the convener names). The agencies the partnership's quorum
    for the meeting requires (by default children's social care, the police and health) must
    be among them.
    """
    if kind not in StrategyKind.values:
        raise ApplicationError("Choose a strategy discussion or a complex strategy meeting", field="kind")
    if not children:
        raise ApplicationError("Choose the child the strategy discussion is about", field="children")
    if kind == StrategyKind.SIMPLE and len(children) != 1:
        raise ApplicationError(
            "A strategy discussion is about one child. Convene a complex strategy meeting for several children",
            field="children",
        )
    people = [c.episode.person for c in children]
    if len({p.pk for p in people}) != len(people):
        raise ApplicationError("Each child can be named only once", field="children")
    for person in people:
        _require(actor, ProtectionAction.CONVENE_STRATEGY, person)
    meeting_day = _local_date(starts_at)
    for child in children:
        _open_episode(child.episode)
        if not child.concerns.strip():
            raise ApplicationError(f"Enter the concerns about {child.episode.person.display_name}", field="concerns")
        _not_before(
            meeting_day,
            child.episode.referral_date,
            field="starts_at",
            message=f"The strategy discussion cannot be before the referral on {spoken(child.episode.referral_date)}",
        )
    title = " ".join(title.split())
    if kind == StrategyKind.COMPLEX:
        if not title:
            raise ApplicationError(
                "Enter a name for the enquiry, such as an operation name. Do not use a child's name", field="title"
            )
        # Everyone invited sees the title, including professionals who know only one child.
        for person in people:
            for name in (person.given_names, person.family_name):
                if name and len(name) > 2 and name.lower() in title.lower().split():
                    raise ApplicationError(
                        "Do not use a child's name in the name of a complex strategy meeting: everyone invited sees it",
                        field="title",
                    )
    elif not title:
        title = f"Strategy discussion: {people[0].display_name}"

    meeting = meeting_convene(
        actor=actor,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        chair=chair or actor,
        subjects=people,
    )
    strategy = StrategyDiscussion.objects.create(meeting=meeting, kind=kind, title=title, convened_by=actor)
    for child in children:
        StrategyDiscussionChild.objects.create(
            strategy=strategy,
            episode=child.episode,
            person=child.episode.person,
            concerns=child.concerns.strip(),
        )
    if professionals is None:
        involved = _involved_professionals([p.pk for p in people], STRATEGY_AGENCIES)
    else:
        allowed = {i.user_id for i in _active_involvements([p.pk for p in people])}
        if any(user.pk not in allowed for user in professionals):
            raise ApplicationError("Choose from the professionals involved with the child", field="professionals")
        involved = [_user_invitee(user) for user in professionals]
    everyone = _merge_invitees(
        [_user_invitee(actor, "Convener")],
        [_user_invitee(chair, "Chair")] if chair is not None else [],
        involved,
        invitees,
    )
    kinds = {i.agency.kind for i in everyone if i.agency is not None}
    required = strategy_required_agencies(kind)
    missing = [_agency_words(k) for k in required if k not in kinds]
    if missing:
        raise ApplicationError(
            f"Invite someone from {' and '.join(missing)}: a {StrategyKind(kind).label.lower()} needs "
            + ", ".join(_agency_words(k) for k in required[:-1])
            + f" and {_agency_words(required[-1])}",
            field="invitees" if professionals is None else "professionals",
        )
    meeting_invite(actor=actor, meeting=meeting, invitees=everyone)
    return strategy


@records_actor()
@transaction.atomic
def enquiry_link_add(
    *,
    actor: Any,
    strategy: StrategyDiscussion,
    kind: str,
    description: str,
    children: Sequence[StrategyDiscussionChild],
    person: Person | None = None,
) -> EnquiryLink:
    """Link an alleged perpetrator or a place to the enquiry, for the children it concerns only."""
    if kind not in EnquiryLinkKind.values:
        raise ApplicationError("Choose an alleged perpetrator or a place", field="kind")
    description = " ".join(description.split())
    if not description:
        raise ApplicationError("Enter who or where, in a few words", field="description")
    if len(description) > 300:
        raise ApplicationError("The description must be 300 characters or fewer", field="description")
    if not children:
        raise ApplicationError("Choose the children this concerns", field="children")
    for child in children:
        if child.strategy_id != strategy.pk:
            raise ApplicationError("Choose children from this strategy meeting", field="children")
        _require(actor, ProtectionAction.RECORD_STRATEGY, child.person)
    link = EnquiryLink.objects.create(
        strategy=strategy, kind=kind, description=description, person=person, added_by=actor
    )
    link.children.set(children)
    return link


@records_actor()
@transaction.atomic
def strategy_discussion_record(
    *,
    actor: Any,
    strategy: StrategyDiscussion,
    held_on: dt.date,
    attendance: Mapping[int, str] | None = None,
    decisions: Mapping[int, ChildDecision],
    actions: Sequence[ActionEntry] = (),
) -> StrategyDiscussion:
    """Record that the strategy discussion was held: who took part (quorum: children's social
    care, police and health), what was shared, and for each child whether section 47 enquiries
    start, and why. A section 47 starts the 15 working-day clock to the initial conference.

    `decisions` is keyed by StrategyDiscussionChild id; `attendance` by invitation id. The
    actions agreed go on the meeting (with their owners and due dates), each for one child
    when it is about one child, so the others' workers do not see it.
    """
    strategy = StrategyDiscussion.objects.select_for_update(of=("self",)).get(pk=strategy.pk)
    rows = list(strategy.children.select_related("person", "episode"))
    for row in rows:
        _require(actor, ProtectionAction.RECORD_STRATEGY, row.person)
    if strategy.held_on is not None:
        raise ApplicationError(f"This strategy discussion was already recorded as held on {spoken(strategy.held_on)}")
    _not_future(held_on, field="held_on", what="the strategy discussion was held")
    for row in rows:
        _not_before(
            held_on,
            row.episode.referral_date,
            field="held_on",
            message=f"The strategy discussion cannot be before the referral on {spoken(row.episode.referral_date)}",
        )
        decision = decisions.get(row.pk)
        who = f" for {row.person.display_name}" if strategy.is_complex else ""
        if decision is None or decision.section_47 is None:
            raise ApplicationError(
                f"Choose whether section 47 enquiries start{who}", field=f"child_{row.pk}_section_47"
            )
        if not decision.reason.strip():
            raise ApplicationError(f"Enter the reason for the decision{who}", field=f"child_{row.pk}_reason")

    meeting = strategy.meeting
    _check_meeting_day(held_on, meeting, what="strategy discussion")
    _attendance(actor, meeting, attendance)
    quorum = meeting_quorum(meeting)
    if not quorum.met:
        raise ApplicationError(
            f"The strategy discussion is not quorate: {', '.join(quorum.missing).lower()} did not take part. "
            "Children's social care, the police and health must all take part",
            field="attendance",
        )

    strategy.held_on = held_on
    strategy.recorded_by = actor
    strategy.recorded_at = timezone.now()
    strategy.save(update_fields=["held_on", "recorded_by", "recorded_at"])
    agency = _agency(actor)
    today = timezone.localdate()
    started = 0
    for row in rows:
        decision = decisions[row.pk]
        row.section_47 = bool(decision.section_47)
        row.decision_reason = decision.reason.strip()
        row.information_shared = decision.information_shared.strip()
        row.save(update_fields=["section_47", "decision_reason", "information_shared"])
        what = "Complex strategy meeting" if strategy.is_complex else "Strategy discussion"
        outcome = "section 47 enquiries to start" if row.section_47 else "no section 47 enquiry"
        chronology_record(
            person=row.person,
            occurred_on=held_on,
            kind="strategy_discussion",
            summary=f"{what} held: {outcome}. {row.decision_reason}",
            recorded_by=actor,
            source_agency=agency,
            significance="high",
            source=row,
        )
        # The front door's queue empties and its clock ("hold it within a working day") stops;
        # sharing the record is next.
        episode_strategy_held(actor=actor, episode=row.episode, held_on=held_on)
        clock_start(rule_key="strategy_record", person=row.person, started_on=held_on, subject=row)
        clock_stop(rule_key="strategy_record", subject=row, met_on=today)
        if row.section_47:
            started += 1
            section_47 = Section47.objects.create(
                episode=row.episode, person=row.person, strategy_discussion=strategy, started_on=held_on
            )
            chronology_record(
                person=row.person,
                occurred_on=held_on,
                kind="s47_started",
                summary="Section 47 enquiries started",
                recorded_by=actor,
                source_agency=agency,
                significance="high",
                source=section_47,
            )
            clock_start(rule_key="icpc", person=row.person, started_on=held_on, subject=section_47)
        # The meeting's own decision list shows each decision only to those who may see the child.
        decision_record(
            actor=actor,
            meeting=meeting,
            text=f"{'Section 47 enquiries to start' if row.section_47 else 'No section 47 enquiry'}: "
            f"{row.decision_reason}",
            code="section_47" if row.section_47 else "no_section_47",
            person=row.person,
            decided_at=_decided_at(held_on, meeting),
        )
    for entry in actions:
        action_add(
            actor=actor,
            meeting=meeting,
            description=entry.description,
            due_on=entry.due_on,
            owner=entry.owner,
            owner_name=entry.owner_name,
            person=entry.person,
        )
    return strategy


# Section 47 enquiries


@records_actor()
@transaction.atomic
def section47_complete(
    *, actor: Any, section_47: Section47, completed_on: dt.date, outcome: str, summary: str = ""
) -> Section47:
    """Record the outcome of a section 47 enquiry. Only an outcome of "initial conference" lets
    a conference be convened; any other stops the conference clock as no longer needed."""
    section_47 = Section47.objects.select_for_update(of=("self",)).select_related("person").get(pk=section_47.pk)
    _require(actor, ProtectionAction.COMPLETE_SECTION_47, section_47.person)
    if section_47.completed_on is not None:
        raise ApplicationError(f"This enquiry was already completed on {spoken(section_47.completed_on)}")
    _not_future(completed_on, field="completed_on", what="the enquiry was completed")
    _not_before(
        completed_on,
        section_47.started_on,
        field="completed_on",
        message=f"The enquiry cannot be completed before it started on {spoken(section_47.started_on)}",
    )
    if outcome not in Section47Outcome.values:
        raise ApplicationError(
            "Choose the outcome: no further action, a child in need plan, or an initial child protection conference",
            field="outcome",
        )
    section_47.completed_on = completed_on
    section_47.outcome = outcome
    section_47.icpc_needed = outcome == Section47Outcome.ICPC
    section_47.outcome_summary = summary.strip()
    section_47.completed_by = actor
    section_47.save()
    chronology_record(
        person=section_47.person,
        occurred_on=completed_on,
        kind="s47_outcome",
        summary=f"Section 47 enquiry completed: {Section47Outcome(outcome).label.lower()}"
        + (f". {section_47.outcome_summary}" if section_47.outcome_summary else ""),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="high",
        source=section_47,
    )
    if outcome != Section47Outcome.ICPC:
        clock_cancel(
            rule_key="icpc",
            subject=section_47,
            stopped_on=completed_on,
            reason="Section 47 enquiry found no conference was needed",
        )
    return section_47


# Assessments


@records_actor()
@transaction.atomic
def assessment_start(*, actor: Any, episode: Any, started_on: dt.date) -> Assessment:
    """Start a child and family assessment. Its 45 working days run from the referral (1.4)."""
    _require(actor, ProtectionAction.START_ASSESSMENT, episode.person)
    _open_episode(episode)
    _not_future(started_on, field="started_on", what="the assessment started")
    _not_before(
        started_on,
        episode.referral_date,
        field="started_on",
        message=f"The assessment cannot start before the referral on {spoken(episode.referral_date)}",
    )
    if Assessment.objects.filter(episode=episode, authorised_on__isnull=True).exists():
        raise ApplicationError("An assessment is already open for this child. Authorise it first", field="started_on")
    assessment = Assessment.objects.create(
        episode=episode, person=episode.person, started_on=started_on, started_by=actor
    )
    # The front door starts this clock at the referral; starting it again changes nothing.
    clock_start(rule_key="assessment", person=episode.person, started_on=episode.referral_date, subject=episode)
    return assessment


@records_actor()
@transaction.atomic
def assessment_authorise(
    *,
    actor: Any,
    assessment: Assessment,
    authorised_on: dt.date,
    factors: Sequence[str],
    child_seen: bool | None = None,
    summary: str = "",
    delay_reason: str = "",
) -> Assessment:
    """A manager authorises the assessment, with the factors identified (CIN census codes).
    Meets the 45 working-day clock started at the referral."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("person", "episode").get(pk=assessment.pk)
    )
    _require(actor, ProtectionAction.AUTHORISE_ASSESSMENT, assessment.person)
    if assessment.authorised_on is not None:
        raise ApplicationError(f"This assessment was already authorised on {spoken(assessment.authorised_on)}")
    _not_future(authorised_on, field="authorised_on", what="the assessment was authorised")
    _not_before(
        authorised_on,
        assessment.started_on,
        field="authorised_on",
        message=f"The assessment cannot be authorised before it started on {spoken(assessment.started_on)}",
    )
    codes = list(dict.fromkeys(factors))
    if not codes:
        raise ApplicationError(
            'Choose the factors identified at the assessment, or "No factors identified"', field="factors"
        )
    for code in codes:
        if code not in AssessmentFactor.values:
            raise ApplicationError(f'"{code}" is not a factor code of the children in need census', field="factors")
    if NO_FACTORS in codes and len(codes) > 1:
        raise ApplicationError('"No factors identified" cannot be chosen with other factors', field="factors")
    assessment.authorised_on = authorised_on
    assessment.authorised_by = actor
    assessment.child_seen = child_seen
    assessment.summary = summary.strip()
    assessment.delay_reason = delay_reason.strip()
    assessment.save()
    AssessmentFactorIdentified.objects.bulk_create(
        [AssessmentFactorIdentified(assessment=assessment, code=code) for code in codes]
    )
    chronology_record(
        person=assessment.person,
        occurred_on=authorised_on,
        kind="assessment",
        summary="Child and family assessment authorised. Factors: "
        + ", ".join(str(AssessmentFactor(c).label).lower() for c in codes),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="standard",
        source=assessment,
    )
    clock_stop(rule_key="assessment", subject=assessment.episode, met_on=authorised_on)
    return assessment


# Conferences


@dataclass(frozen=True)
class CoreGroupEntry:
    """A core group member named at a conference."""

    name: str
    role: str = ""
    email: str = ""
    user: Any = None
    family_member: Person | None = None


def _conference_date_checks(
    *,
    day: dt.date,
    field: str,
    kind: str,
    episode: Any,
    section_47: Section47 | None,
    plan: ProtectionPlan | None,
    transfer_notified_on: dt.date | None,
) -> None:
    # CIN census rule 8875: a conference is never on a Saturday or Sunday.
    if day.weekday() >= 5:
        raise ApplicationError(f"A conference cannot be on a {day:%A}. Choose a weekday", field=field)
    # CIN census rule 1104: not before the referral.
    _not_before(
        day,
        episode.referral_date,
        field=field,
        message=f"The conference cannot be before the referral on {spoken(episode.referral_date)}",
    )
    if kind == ConferenceKind.INITIAL and section_47 is not None:
        held = section_47.strategy_discussion.held_on
        _not_before(
            day,
            held,
            field=field,
            message=f"The conference cannot be before the strategy discussion that started the enquiry, "
            f"on {spoken(held)}",
        )
    if kind == ConferenceKind.REVIEW and plan is not None:
        _not_before(
            day,
            plan.started_on,
            field=field,
            message=f"The review conference cannot be before the plan started on {spoken(plan.started_on)}",
        )
        last = plan.review_conferences.filter(held_on__isnull=False).order_by("-held_on").first()
        if last is not None:
            _not_before(
                day,
                last.held_on,
                field=field,
                message=f"The review conference cannot be before the last review, on {spoken(last.held_on)}",
            )
    if kind == ConferenceKind.TRANSFER_IN and transfer_notified_on is not None:
        _not_before(
            day,
            transfer_notified_on,
            field=field,
            message=f"The conference cannot be before the notice of the move, received on "
            f"{spoken(transfer_notified_on)}",
        )


def _open_plan(person: Person) -> ProtectionPlan | None:
    return ProtectionPlan.objects.filter(person=person, ended_on__isnull=True).first()


def _section47_for_icpc(episode: Any) -> Section47 | None:
    """The enquiry on this episode that recommends a conference and has none yet."""
    return (
        Section47.objects.filter(episode=episode, outcome=Section47Outcome.ICPC)
        .exclude(conferences__kind=ConferenceKind.INITIAL)
        .select_related("strategy_discussion")
        .order_by("-started_on", "-pk")
        .first()
    )


@records_actor()
@transaction.atomic
def conference_convene(
    *,
    actor: Any,
    episode: Any,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    location: str = "",
    online_link: str = "",
    chair: Any = None,
    invitees: Sequence[Invitee] = (),
    transfer_notified_on: dt.date | None = None,
    transferring_council: str = "",
) -> Conference:
    """Convene an initial, review or transfer-in conference and invite the family and every
    agency involved (from the child's involvements, the plan's core group and `invitees`).

    Refused: an initial conference without a section 47 enquiry recommending one; a review
    without an open plan; a date before the strategy discussion, the referral or the plan, or
    at a weekend.
    """
    person = episode.person
    _require(actor, ProtectionAction.CONVENE_CONFERENCE, person)
    if kind not in ConferenceKind.values:
        raise ApplicationError("Choose an initial, review or transfer-in conference", field="kind")
    _open_episode(episode)
    day = _local_date(starts_at)
    section_47 = plan = None
    if kind == ConferenceKind.INITIAL:
        section_47 = _section47_for_icpc(episode)
        if section_47 is None:
            raise ApplicationError(
                f"There is no section 47 enquiry recommending an initial child protection conference for "
                f"{person.display_name}. Complete the enquiry with that outcome first",
                field="kind",
            )
    elif kind == ConferenceKind.REVIEW:
        plan = _open_plan(person)
        if plan is None:
            raise ApplicationError(
                f"A review conference needs a child protection plan: {person.display_name} is not on one",
                field="kind",
            )
    else:
        _not_future(transfer_notified_on, field="transfer_notified_on", what="notice of the move was received")
        if _open_plan(person) is not None:
            raise ApplicationError(f"{person.display_name} is already on a child protection plan here", field="kind")
    if (
        kind in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)
        and Conference.objects.filter(episode=episode, kind=kind, held_on__isnull=True).exists()
    ):
        raise ApplicationError(
            f"A {ConferenceKind(kind).label.lower()} is already convened for {person.display_name}", field="kind"
        )
    if kind == ConferenceKind.REVIEW and Conference.objects.filter(plan=plan, held_on__isnull=True).exists():
        raise ApplicationError(f"A review conference is already convened for {person.display_name}", field="kind")
    _conference_date_checks(
        day=day,
        field="starts_at",
        kind=kind,
        episode=episode,
        section_47=section_47,
        plan=plan,
        transfer_notified_on=transfer_notified_on,
    )
    label = ConferenceKind(kind).label
    meeting = meeting_convene(
        actor=actor,
        kind=CONFERENCE_MEETING_KIND[ConferenceKind(kind)],
        title=f"{label}: {person.display_name}",
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        chair=chair,
        subjects=[person],
    )
    conference = Conference.objects.create(
        meeting=meeting,
        episode=episode,
        person=person,
        kind=kind,
        section_47=section_47,
        plan=plan,
        transfer_notified_on=transfer_notified_on if kind == ConferenceKind.TRANSFER_IN else None,
        transferring_council=transferring_council.strip(),
        convened_for=day,
        convened_by=actor,
    )
    core_group = []
    if plan is not None:
        core_group = [
            Invitee(
                name=m.name, email=m.email, role=m.role, user=m.user, person=m.family_member, agency=_agency(m.user)
            )
            for m in plan.core_group.filter(left_on__isnull=True).select_related("user__agency")
        ]
    everyone = _merge_invitees(
        [_user_invitee(chair, "Chair")] if chair is not None else [],
        [_user_invitee(episode.allocated_worker, "Social worker")] if episode.allocated_worker_id else [],
        _family_invitees(person),
        _involved_professionals([person.pk]),
        core_group,
        invitees,
    )
    if everyone:
        meeting_invite(actor=actor, meeting=meeting, invitees=everyone)
    if kind == ConferenceKind.TRANSFER_IN:
        clock_start(
            rule_key="transfer_in_conference", person=person, started_on=transfer_notified_on, subject=conference
        )
    return conference


@records_actor()
@transaction.atomic
def conference_record(
    *,
    actor: Any,
    conference: Conference,
    held_on: dt.date,
    decision: str,
    attendance: Mapping[int, str] | None = None,
    category: str = "",
    lead_practitioner: Any = None,
    core_group_invitations: Sequence[int] = (),
    core_group: Sequence[CoreGroupEntry] = (),
    dissent: str = "",
    inquorate_reason: str = "",
) -> Conference:
    """The chair records the conference: attendance (quorum: children's social care and two
    other agencies), the decision, the category of abuse and the lead practitioner (a social
    worker) for a plan, the core group, and any dissent. An initial or transfer-in conference
    deciding on a plan starts it; a review continues or ends it."""
    conference = (
        Conference.objects.select_for_update(of=("self",))
        .select_related("person", "episode", "meeting", "section_47__strategy_discussion", "plan")
        .get(pk=conference.pk)
    )
    person = conference.person
    _require(actor, ProtectionAction.RECORD_CONFERENCE, person)
    if conference.held_on is not None:
        raise ApplicationError(f"This conference was already recorded as held on {spoken(conference.held_on)}")
    _not_future(held_on, field="held_on", what="the conference was held")
    _conference_date_checks(
        day=held_on,
        field="held_on",
        kind=conference.kind,
        episode=conference.episode,
        section_47=conference.section_47,
        plan=conference.plan,
        transfer_notified_on=conference.transfer_notified_on,
    )
    allowed = DECISIONS_FOR_KIND[ConferenceKind(conference.kind)]
    if decision not in allowed:
        if conference.kind == ConferenceKind.REVIEW:
            message = "Choose whether the plan continues or ends"
        else:
            message = "Choose whether the child needs a child protection plan"
        raise ApplicationError(message, field="decision")
    needs_plan = decision in (ConferenceDecision.PLAN, ConferenceDecision.CONTINUE)
    if category or needs_plan:
        _category(category)
    if needs_plan:
        _check_lead_practitioner(lead_practitioner)
    if conference.kind == ConferenceKind.REVIEW and conference.plan.ended_on is not None:
        raise ApplicationError(f"The plan under review already ended on {spoken(conference.plan.ended_on)}")

    meeting = conference.meeting
    _check_meeting_day(held_on, meeting, what="conference")
    _attendance(actor, meeting, attendance)
    quorum = meeting_quorum(meeting)
    inquorate_reason = inquorate_reason.strip()
    if not quorum.met and not inquorate_reason:
        raise ApplicationError(
            f"The conference is not quorate: {', '.join(quorum.missing)}. Record who attended, or give the reason "
            "you went ahead without a quorum",
            field="attendance",
        )
    invitations = {i.pk: i for i in meeting.invitations.select_related("user", "agency", "person")}
    members = list(core_group)
    for invitation_id in core_group_invitations:
        invitation = invitations.get(int(invitation_id))
        if invitation is None:
            raise ApplicationError("Choose core group members from the people invited", field="core_group")
        agency_name = invitation.agency.name if invitation.agency_id else ""
        role = ", ".join(dict.fromkeys(p for p in (invitation.role, agency_name) if p))
        members.append(
            CoreGroupEntry(
                name=invitation.name,
                role=role[:200],
                email=invitation.email,
                user=invitation.user,
                family_member=invitation.person,
            )
        )
    if members and not needs_plan:
        raise ApplicationError("A core group is named only for a child on a plan", field="core_group")

    conference.held_on = held_on
    conference.decision = decision
    conference.category = category if needs_plan else ""
    conference.lead_practitioner = lead_practitioner if needs_plan else None
    conference.dissent = dissent.strip()
    conference.inquorate_reason = inquorate_reason
    conference.recorded_by = actor
    conference.recorded_at = timezone.now()
    conference.save()

    decision_text = ConferenceDecision(decision).label
    if needs_plan:
        decision_text += f" (category: {Category(category).label.lower()}; lead practitioner: {lead_practitioner})"
    decision_record(
        actor=actor,
        meeting=meeting,
        text=decision_text,
        code=decision,
        dissent=conference.dissent,
        person=person,
        decided_at=_decided_at(held_on, meeting),
    )
    chronology_record(
        person=person,
        occurred_on=held_on,
        kind="conference",
        summary=f"{ConferenceKind(conference.kind).label} held: {decision_text.lower()}"
        + (". Dissent recorded" if conference.dissent else ""),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="high",
        source=conference,
    )

    if conference.kind == ConferenceKind.INITIAL:
        clock_stop(rule_key="icpc", subject=conference.section_47, met_on=held_on)
    elif conference.kind == ConferenceKind.TRANSFER_IN:
        clock_stop(rule_key="transfer_in_conference", subject=conference, met_on=held_on)

    if decision == ConferenceDecision.PLAN:
        plan = plan_start(actor=actor, conference=conference)
        _core_group_add(plan=plan, members=members, joined_on=held_on)
    elif conference.kind == ConferenceKind.REVIEW:
        plan = ProtectionPlan.objects.select_for_update(of=("self",)).get(pk=conference.plan_id)
        clock_stop(rule_key="first_review_conference", subject=plan, met_on=held_on)
        clock_stop(rule_key="review_conference", subject=plan, met_on=held_on)
        if decision == ConferenceDecision.CONTINUE:
            if category != plan.category:
                _category_change(
                    actor=actor, plan=plan, category=category, changed_on=held_on, conference=conference, reason=""
                )
            if plan.lead_practitioner_id != lead_practitioner.pk:
                plan.lead_practitioner = lead_practitioner
                plan.save(update_fields=["lead_practitioner"])
            _core_group_add(plan=plan, members=members, joined_on=held_on)
            # Rolling: the next review is due 6 months from the one actually held (reference §11.3).
            clock_start(
                rule_key="review_conference", person=person, started_on=held_on, subject=plan, owner=lead_practitioner
            )
            _plan_lead_open(plan=plan, lead=lead_practitioner, on=held_on, actor=actor)
        else:
            _plan_end(
                actor=actor, plan=plan, ended_on=held_on, reason=PlanEndReason.REVIEW_DECISION, conference=conference
            )
    return conference


def _check_lead_practitioner(user: Any) -> None:
    if user is None:
        raise ApplicationError("Choose the lead practitioner for the plan", field="lead_practitioner")
    if not user.is_active or user.role not in LEAD_PRACTITIONER_ROLES:
        role = user.get_role_display().lower() if user.role else "user without a role"
        raise ApplicationError(
            f"The lead practitioner for a child on a child protection plan must be a social worker. {user} is a {role}",
            field="lead_practitioner",
        )


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


# Plans


@records_actor()
@transaction.atomic
def plan_start(*, actor: Any, conference: Conference) -> ProtectionPlan:
    """Start the plan an initial or transfer-in conference decided on; tell every agency."""
    conference = Conference.objects.select_related("person", "episode").get(pk=conference.pk)
    person = conference.person
    _require(actor, ProtectionAction.RECORD_CONFERENCE, person)
    if conference.kind not in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN) or not conference.starts_plan:
        raise ApplicationError("Only an initial or transfer-in conference deciding on a plan starts one")
    if ProtectionPlan.objects.filter(started_by_conference=conference).exists():
        return conference.plan_started
    existing = _open_plan(person)
    if existing is not None:
        raise ApplicationError(
            f"{person.display_name} is already on a child protection plan, from {spoken(existing.started_on)}"
        )
    _check_lead_practitioner(conference.lead_practitioner)
    plan = ProtectionPlan.objects.create(
        episode=conference.episode,
        person=person,
        started_on=conference.held_on,
        started_by_conference=conference,
        initial_category=_category(conference.category),
        category=conference.category,
        lead_practitioner=conference.lead_practitioner,
    )
    chronology_record(
        person=person,
        occurred_on=plan.started_on,
        kind="plan_started",
        summary=f"Child protection plan started: {Category(plan.category).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="critical",
        source=plan,
    )
    lead = plan.lead_practitioner
    for rule_key in ("first_core_group", "first_review_conference", "cp_visit"):
        clock_start(rule_key=rule_key, person=person, started_on=plan.started_on, subject=plan, owner=lead)
    _plan_lead_open(plan=plan, lead=lead, on=plan.started_on, actor=actor)
    plan_notifications_queue(plan=plan, event=NotificationEvent.STARTED, actor=actor)
    return plan


def _category_change(
    *, actor: Any, plan: ProtectionPlan, category: str, changed_on: dt.date, conference: Conference | None, reason: str
) -> CategoryChange:
    change = CategoryChange.objects.create(
        plan=plan,
        from_category=plan.category,
        to_category=category,
        changed_on=changed_on,
        conference=conference,
        reason=reason.strip(),
        changed_by=actor,
    )
    plan.category = category
    bump_version(plan)
    plan.save(update_fields=["category", "version"])
    chronology_record(
        person=plan.person,
        occurred_on=changed_on,
        kind="category_changed",
        summary=f"Category of the child protection plan changed from {Category(change.from_category).label.lower()} "
        f"to {Category(category).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="high",
        source=change,
    )
    return change


@records_actor()
@transaction.atomic
def plan_change_category(
    *,
    actor: Any,
    plan: ProtectionPlan,
    category: str,
    changed_on: dt.date,
    reason: str = "",
    conference: Conference | None = None,
    expected_version: int | None = None,
) -> CategoryChange:
    """Change the plan's category of abuse (normally at a review conference); the change is kept."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.CHANGE_CATEGORY, plan.person)
    check_version(plan, expected_version)
    if plan.ended_on is not None:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}")
    _category(category)
    if category == plan.category:
        raise ApplicationError(f"The plan's category is already {Category(category).label.lower()}", field="category")
    _not_future(changed_on, field="changed_on", what="of the change")
    _not_before(
        changed_on,
        plan.started_on,
        field="changed_on",
        message=f"The category cannot change before the plan started on {spoken(plan.started_on)}",
    )
    return _category_change(
        actor=actor, plan=plan, category=category, changed_on=changed_on, conference=conference, reason=reason
    )


def _plan_end(
    *, actor: Any, plan: ProtectionPlan, ended_on: dt.date, reason: str, conference: Conference | None
) -> ProtectionPlan:
    if plan.ended_on is not None:
        raise ApplicationError(f"This plan already ended on {spoken(plan.ended_on)}")
    if reason not in PlanEndReason.values:
        raise ApplicationError("Choose why the plan ended", field="reason")
    if reason == PlanEndReason.REVIEW_DECISION and conference is None:
        raise ApplicationError(
            "A plan ends on a review conference's decision by recording that conference's outcome", field="reason"
        )
    _not_future(ended_on, field="ended_on", what="the plan ended")
    _not_before(
        ended_on,
        plan.started_on,
        field="ended_on",
        message=f"The plan cannot end before it started on {spoken(plan.started_on)}",
    )
    plan.ended_on = ended_on
    plan.end_reason = reason
    plan.ended_by = actor
    plan.ending_conference = conference
    plan.save(update_fields=["ended_on", "end_reason", "ended_by", "ending_conference"])
    plan.core_group.filter(left_on__isnull=True).update(left_on=ended_on)
    _plan_involvements_end(plan, ended_on)
    chronology_record(
        person=plan.person,
        occurred_on=ended_on,
        kind="plan_ended",
        summary=f"Child protection plan ended: {PlanEndReason(reason).label.lower()}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="critical",
        source=plan,
    )
    for rule_key in PLAN_CLOCKS:
        clock_cancel(rule_key=rule_key, subject=plan, stopped_on=ended_on, reason="The child protection plan ended")
    plan_notifications_queue(plan=plan, event=NotificationEvent.ENDED, actor=actor)
    return plan


@records_actor()
@transaction.atomic
def plan_end(
    *, actor: Any, plan: ProtectionPlan, ended_on: dt.date, reason: str, conference: Conference | None = None
) -> ProtectionPlan:
    """End a plan, with its reason (statutory-reference 1.10), and tell every agency invited to the
    conference that started it and every agency involved now."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.END_PLAN, plan.person)
    return _plan_end(actor=actor, plan=plan, ended_on=ended_on, reason=reason, conference=conference)


# Plan notifications: who is told when a plan starts or ends. Found from the child's record,
# confirmed by the chair, then sent by a task after commit (and retried until they go).

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
    practice (their safeguarding address), and the police and health (the area's only such
    agency with an address) when no one from them is on the list. Family members are told by
    the social worker, not by this email."""
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
    for kind, what in ((AgencyKind.POLICE, "the police"), (AgencyKind.HEALTH, "a health visitor or school nurse")):
        already = kinds.get(kind, set()) - ({gp.pk} if gp is not None and kind == AgencyKind.HEALTH else set())
        if already:
            continue
        areawide = list(Agency.objects.filter(kind=kind).exclude(email="").exclude(pk__in=[gp.pk] if gp else []))
        if len(areawide) == 1:
            agency = areawide[0]
            add(f"Safeguarding team, {agency.name}", agency, agency.email, f"No one from {what} is involved")
        else:
            gaps.append(f"No one from {what} is involved with {child.display_name}")
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
        from .tasks import send_plan_notifications

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


# Core groups and visits


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
def visit_record(
    *,
    actor: Any,
    plan: ProtectionPlan,
    visited_on: dt.date,
    seen_alone: bool | None,
    notes: str = "",
    by: Any = None,
) -> Visit:
    """Record a statutory visit to a child on a plan; the next one is due within the partnership's interval."""
    plan = ProtectionPlan.objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    _require(actor, ProtectionAction.RECORD_VISIT, plan.person)
    _not_future(visited_on, field="visited_on", what="of the visit")
    _not_before(
        visited_on,
        plan.started_on,
        field="visited_on",
        message=f"A visit under the plan cannot be before the plan started on {spoken(plan.started_on)}",
    )
    if plan.ended_on is not None and visited_on > plan.ended_on:
        raise ApplicationError(f"The plan ended on {spoken(plan.ended_on)}", field="visited_on")
    if seen_alone is None:
        raise ApplicationError("Choose whether the child was seen alone", field="seen_alone")
    latest = plan.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    visit = Visit.objects.create(
        plan=plan, person=plan.person, visited_on=visited_on, seen_alone=seen_alone, by=by or actor, notes=notes.strip()
    )
    chronology_record(
        person=plan.person,
        occurred_on=visited_on,
        kind="visit",
        summary="Statutory visit: child " + ("seen alone" if seen_alone else "not seen alone"),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance="standard",
        source=visit,
    )
    # A visit recorded late, after a later one, changes no deadline.
    if latest is None or visited_on >= latest:
        clock_stop(rule_key="cp_visit", subject=plan, met_on=visited_on)
        if plan.ended_on is None:
            clock_start(
                rule_key="cp_visit",
                person=plan.person,
                started_on=visited_on,
                subject=plan,
                owner=plan.lead_practitioner,
            )
    return visit


__all__ = [
    "ActionEntry",
    "AgencyList",
    "ChildConcerns",
    "ChildDecision",
    "CoreGroupEntry",
    "Invitee",
    "Recipient",
    "assessment_authorise",
    "assessment_start",
    "conference_convene",
    "conference_record",
    "core_group_convene",
    "core_group_record",
    "enquiry_link_add",
    "plan_agency_list",
    "plan_change_category",
    "plan_end",
    "plan_notification_recipients",
    "plan_notifications_confirm",
    "plan_notifications_queue",
    "plan_notifications_send",
    "plan_start",
    "section47_complete",
    "strategy_discussion_convene",
    "strategy_discussion_record",
    "visit_record",
]
