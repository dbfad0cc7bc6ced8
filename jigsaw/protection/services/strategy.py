"""Strategy discussions (one child) and complex strategy meetings (several children): convened,
linked to those they concern, and recorded with a section 47 decision for each child."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import AgencyKind
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.frontdoor.services import episode_strategy_held
from jigsaw.meetings.selectors import meeting_quorum
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    decision_record,
    meeting_convene,
    meeting_invite,
)
from jigsaw.people.models import Person
from jigsaw.timescales.clocks import clock_start, clock_stop

from ..choices import (
    EnquiryLinkKind,
    StrategyKind,
)
from ..models import (
    EnquiryLink,
    Section47,
    StrategyDiscussion,
    StrategyDiscussionChild,
)
from ..permissions import ProtectionAction
from ._common import (
    _active_involvements,
    _agency,
    _attendance,
    _check_meeting_day,
    _decided_at,
    _involved_professionals,
    _local_date,
    _merge_invitees,
    _not_before,
    _not_future,
    _open_episode,
    _require,
    _user_invitee,
    spoken,
)
from .conveners import conveners_tell_enquiry_started


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
    # The concerns and the date are refused together (core refusals()), not one per try.
    with refusals() as refuse:
        for child in children:
            if not child.concerns.strip():
                refuse.add(f"Enter the concerns about {child.episode.person.display_name}", field="concerns")
            refuse.check(
                lambda child=child: _not_before(
                    meeting_day,
                    child.episode.referral_date,
                    field="starts_at",
                    message="The strategy discussion cannot be before the referral on "
                    f"{spoken(child.episode.referral_date)}",
                )
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
    # Every rule the form breaks is refused together (core refusals()), not one per try.
    with refusals() as refuse:
        held_ok = refuse.check(lambda: _not_future(held_on, field="held_on", what="the strategy discussion was held"))
        for row in rows:
            if held_ok:
                refuse.check(
                    lambda row=row: _not_before(
                        held_on,
                        row.episode.referral_date,
                        field="held_on",
                        message="The strategy discussion cannot be before the referral on "
                        f"{spoken(row.episode.referral_date)}",
                    )
                )
            decision = decisions.get(row.pk)
            who = f" for {row.person.display_name}" if strategy.is_complex else ""
            if decision is None or decision.section_47 is None:
                refuse.add(f"Choose whether section 47 enquiries start{who}", field=f"child_{row.pk}_section_47")
            if decision is None or not decision.reason.strip():
                refuse.add(f"Enter the reason for the decision{who}", field=f"child_{row.pk}_reason")

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
            conveners_tell_enquiry_started(section_47=section_47)
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
