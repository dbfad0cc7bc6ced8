"""Child protection conferences: initial, review and transfer-in, convened and recorded by the chair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.meetings.selectors import meeting_quorum
from jigsaw.meetings.services import (
    Invitee,
    decision_record,
    meeting_convene,
    meeting_invite,
)
from jigsaw.timescales.clocks import clock_start, clock_stop

from ..choices import (
    CONFERENCE_MEETING_KIND,
    DECISIONS_FOR_KIND,
    Category,
    ConferenceDecision,
    ConferenceKind,
    PlanEndReason,
    Section47Outcome,
)
from ..models import (
    Conference,
    ProtectionPlan,
    Section47,
)
from ..permissions import ProtectionAction
from ._common import (
    _agency,
    _attendance,
    _category,
    _check_meeting_day,
    _decided_at,
    _family_invitees,
    _involved_professionals,
    _local_date,
    _merge_invitees,
    _not_before,
    _not_future,
    _open_episode,
    _plan_lead_open,
    _require,
    _user_invitee,
    spoken,
)
from .core_group import CoreGroupEntry, _core_group_add
from .plan import _category_change, _check_lead_practitioner, _open_plan, _plan_end, plan_start


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
    # CIN census rule 8875: a conference is never on a Saturday or Sunday. Told together with
    # the rules below (a weekend date may also be too early), not one per try.
    with refusals() as refuse:
        if day.weekday() >= 5:
            refuse.add(f"A conference cannot be on a {day:%A}. Choose a weekday", field=field)
        refuse.check(
            lambda: _later_than_what_came_before(
                day=day,
                field=field,
                kind=kind,
                episode=episode,
                section_47=section_47,
                plan=plan,
                transfer_notified_on=transfer_notified_on,
            )
        )


def _later_than_what_came_before(
    *,
    day: dt.date,
    field: str,
    kind: str,
    episode: Any,
    section_47: Section47 | None,
    plan: ProtectionPlan | None,
    transfer_notified_on: dt.date | None,
) -> None:
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


def _conference_kind_checks(*, kind: str, episode: Any, person: Any) -> tuple[Section47 | None, ProtectionPlan | None]:
    """The enquiry (initial) or plan (review) a conference of this kind is for, or why it cannot be held."""
    if kind not in ConferenceKind.values:
        raise ApplicationError("Choose an initial, review or transfer-in conference", field="kind")
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
    elif _open_plan(person) is not None:
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
    return section_47, plan


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
    _open_episode(episode)
    day = _local_date(starts_at)
    # Which conference, and when: every rule it breaks is refused together (core refusals()),
    # so the chair sees a missing enquiry and a weekend date in one go, not one per try.
    with refusals() as refuse:
        found = refuse.check(lambda: _conference_kind_checks(kind=kind, episode=episode, person=person))
        section_47, plan = found or (None, None)
        if kind == ConferenceKind.TRANSFER_IN:
            refuse.check(
                lambda: _not_future(
                    transfer_notified_on, field="transfer_notified_on", what="notice of the move was received"
                )
            )
        refuse.check(
            lambda: _conference_date_checks(
                day=day,
                field="starts_at",
                kind=kind,
                episode=episode,
                section_47=section_47,
                plan=plan,
                transfer_notified_on=transfer_notified_on,
            )
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
    # Every rule the form breaks is refused together (core refusals()), not one per try.
    with refusals() as refuse:
        if refuse.check(lambda: _not_future(held_on, field="held_on", what="the conference was held")):
            refuse.check(
                lambda: _conference_date_checks(
                    day=held_on,
                    field="held_on",
                    kind=conference.kind,
                    episode=conference.episode,
                    section_47=conference.section_47,
                    plan=conference.plan,
                    transfer_notified_on=conference.transfer_notified_on,
                )
            )
        allowed = DECISIONS_FOR_KIND[ConferenceKind(conference.kind)]
        if decision not in allowed:
            if conference.kind == ConferenceKind.REVIEW:
                refuse.add("Choose whether the plan continues or ends", field="decision")
            else:
                refuse.add("Choose whether the child needs a child protection plan", field="decision")
        needs_plan = decision in (ConferenceDecision.PLAN, ConferenceDecision.CONTINUE)
        if category or needs_plan:
            refuse.check(lambda: _category(category))
        if needs_plan:
            refuse.check(lambda: _check_lead_practitioner(lead_practitioner))
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
