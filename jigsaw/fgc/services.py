"""Family group conferences: every write, as a named business action.

Each service checks who may act (permissions.fgc_can), refuses bad input with an
ApplicationError naming the field, records the event in each child's chronology and
starts or stops the clocks of deadlines.py. Changes are logged by django-auditlog
(registered in apps.py) against the actor (@records_actor).

The stages follow statutory-reference 6: referral (with the family's agreement),
preparation by an independent coordinator, the conference (information giving, private
family time, agreeing the plan) and review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version, lock_for_edit
from jigsaw.meetings.models import Attendance, MeetingKind, MeetingStatus
from jigsaw.meetings.services import Invitee, attendance_record, meeting_convene, meeting_invite
from jigsaw.people.models import ContactDetail, Person
from jigsaw.people.services import person_create, relationship_add
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from .choices import ConferenceKind, ContactKind, FgdmOffer, Invitation, PlanDecision, ReferralStatus, ReviewOutcome
from .models import (
    Conference,
    FamilyPlan,
    NetworkMember,
    PlanItem,
    PreparationContact,
    Referral,
    ReferralChild,
)
from .permissions import COORDINATOR_ROLES, FgcAction, fgc_can

SERVICE = "Family group conference"
CLOCKS = ("fgc_allocation", "fgc_conference", "fgc_review")


# Checks shared by the services.


def _text(value: Any, *, field: str, message: str, max_length: int | None = None, label: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(f"{label or field.capitalize()} must be {max_length} characters or fewer", field=field)
    return text


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _past_date(value: Any, *, field: str, what: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ApplicationError(f"Enter the date {what}", field=field)
    if value > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past", field=field)
    return value


def _children(referral: Referral) -> list[ReferralChild]:
    return list(referral.children.select_related("person"))


def _require(actor: Any, action: FgcAction, referral: Referral | None = None, people: Iterable[Person] = ()) -> None:
    people = list(people) or ([c.person for c in _children(referral)] if referral is not None else [])
    if not people:
        if not fgc_can(actor, action):
            raise ApplicationError("Your role does not include this part of a family group conference")
        return
    for person in people:
        if not fgc_can(actor, action, person):
            raise ApplicationError("Your role does not include this part of a family group conference")


def _require_open(referral: Referral) -> None:
    if referral.status == ReferralStatus.CLOSED:
        raise ApplicationError("This family group conference is closed")


def _require_allocated(referral: Referral) -> None:
    if referral.coordinator_id is None:
        raise ApplicationError("Allocate a coordinator first: the coordinator prepares the conference")


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _chronology(
    referral: Referral,
    *,
    actor: Any,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    source: Any,
    significance: str = "standard",
    detail: str = "",
) -> None:
    for row in _children(referral):
        chronology_record(
            person=row.person,
            occurred_on=occurred_on,
            kind=kind,
            summary=summary,
            detail=detail,
            recorded_by=actor,
            source_agency=getattr(actor, "agency", None),
            significance=significance,
            source=source,
        )


def _invite_to_pending(actor: Any, member: NetworkMember) -> None:
    """Someone invited after the conference was convened gets the invitation too."""
    if member.invitation != Invitation.INVITED:
        return
    for conference in member.referral.conferences.filter(held_on__isnull=True).exclude(
        meeting__status=MeetingStatus.CANCELLED
    ):
        if not conference.meeting.invitations.filter(person=member.person).exists():
            meeting_invite(
                actor=actor,
                meeting=conference.meeting,
                invitees=[
                    Invitee(
                        name=member.person.display_name,
                        email=_member_email(member.person),
                        role=member.relationship[:100],
                        person=member.person,
                    )
                ],
            )


# Referral and allocation.


@records_actor()
@transaction.atomic
def referral_create(
    *,
    actor: Any,
    children: Iterable[Person],
    referred_on: dt.date | None,
    reason: str,
    family_agreed: bool,
    family_agreed_by: str,
    fgdm_offer: str = FgdmOffer.NOT_PRE_PROCEEDINGS,
    fgdm_offered_on: dt.date | None = None,
    fgdm_recipients: str = "",
    fgdm_accepted: bool | None = None,
    fgdm_exemption_reasons: str = "",
) -> Referral:
    """Refer a family for a family group conference. Voluntary: only with the family's agreement."""
    people = list({p.pk: p for p in children}.values())
    if not people:
        raise ApplicationError("Choose the child or children the conference is about", field="children")
    _require(actor, FgcAction.REFER, people=people)
    referred_on = _past_date(referred_on, field="referred_on", what="of the referral")
    reason = _text(reason, field="reason", message="Enter why the family is referred for a family group conference")
    if not family_agreed:
        raise ApplicationError(
            "A family group conference is voluntary: the family must agree to the referral before it is made",
            field="family_agreed",
        )
    family_agreed_by = _text(
        family_agreed_by,
        field="family_agreed_by",
        message="Enter who in the family agreed to the referral",
        max_length=300,
        label="Who agreed",
    )
    if fgdm_offer not in FgdmOffer.values:
        raise ApplicationError("Choose whether this is an offer before care proceedings", field="fgdm_offer")
    if fgdm_offer == FgdmOffer.OFFERED:
        if fgdm_offered_on is None:
            raise ApplicationError(
                "Enter the date of the offer in the letter before proceedings", field="fgdm_offered_on"
            )
        _past_date(fgdm_offered_on, field="fgdm_offered_on", what="of the offer")
        if fgdm_offered_on > referred_on:
            raise ApplicationError(
                "The offer must be made on or before the date of the referral", field="fgdm_offered_on"
            )
        fgdm_recipients = _text(
            fgdm_recipients,
            field="fgdm_recipients",
            message="Enter the parents or people with parental responsibility who were offered the meeting",
            max_length=500,
            label="Who was offered the meeting",
        )
        if fgdm_accepted is None:
            raise ApplicationError("Choose whether at least one parent accepted the offer", field="fgdm_accepted")
        fgdm_exemption_reasons = ""
    elif fgdm_offer == FgdmOffer.EXEMPT:
        fgdm_exemption_reasons = _text(
            fgdm_exemption_reasons,
            field="fgdm_exemption_reasons",
            message="Enter why a family group decision-making meeting is not in the child's best interests",
        )
        fgdm_offered_on, fgdm_recipients, fgdm_accepted = None, "", None
    else:
        fgdm_offered_on, fgdm_recipients, fgdm_accepted, fgdm_exemption_reasons = None, "", None, ""
    for person in people:
        if person.date_of_birth and referred_on < person.date_of_birth:
            raise ApplicationError(f"The referral cannot be before {person.display_name} was born", field="referred_on")
        open_referral = Referral.objects.open().filter(children__person=person).order_by("-referred_on").first()
        if open_referral is not None:
            raise ApplicationError(
                f"{person.display_name} already has an open family group conference referral, "
                f"made on {_spoken(open_referral.referred_on)}",
                field="children",
            )
    referral = Referral.objects.create(
        referred_on=referred_on,
        referred_by=actor,
        reason=reason,
        family_agreed=True,
        family_agreed_by=family_agreed_by,
        fgdm_offer=fgdm_offer,
        fgdm_offered_on=fgdm_offered_on,
        fgdm_recipients=fgdm_recipients,
        fgdm_accepted=fgdm_accepted,
        fgdm_exemption_reasons=fgdm_exemption_reasons,
    )
    for person in people:
        row = ReferralChild.objects.create(referral=referral, person=person)
        clock_start(rule_key="fgc_allocation", person=person, started_on=referred_on, subject=row)
    _chronology(
        referral,
        actor=actor,
        kind="fgc_referral",
        occurred_on=referred_on,
        summary=f"Referred for a family group conference by {actor}, with the agreement of {family_agreed_by}",
        detail=reason,
        source=referral,
    )
    return referral


@records_actor()
@transaction.atomic
def referral_allocate(
    *,
    actor: Any,
    referral: Referral,
    coordinator: Any,
    allocated_on: dt.date | None,
    expected_version: int | None = None,
) -> Referral:
    """Allocate the independent coordinator (or hand over to another). The coordinator is
    involved with each child (so the case is on their "My work") until the referral closes."""
    _require(actor, FgcAction.ALLOCATE, referral)
    current = _lock(referral)
    _require_open(current)
    check_version(current, expected_version)
    if coordinator is not None and coordinator.pk == current.referred_by_id:
        raise ApplicationError(
            "The coordinator must be independent: choose someone other than the social worker who made the referral",
            field="coordinator",
        )
    if coordinator is None or not coordinator.is_active or coordinator.role not in COORDINATOR_ROLES:
        raise ApplicationError("Choose a family group conference coordinator", field="coordinator")
    children = _children(current)
    today = timezone.localdate()
    allocated_elsewhere = Involvement.objects.filter(
        user=coordinator, person__in=[c.person for c in children], kind=InvolvementKind.ALLOCATED
    ).exclude(ended_on__lt=today)
    if allocated_elsewhere.exists():
        raise ApplicationError(
            f"{coordinator} is the allocated worker for this child. The coordinator must be independent of the case",
            field="coordinator",
        )
    allocated_on = _past_date(allocated_on, field="allocated_on", what="of allocation")
    if allocated_on < current.referred_on:
        raise ApplicationError(
            f"The coordinator cannot be allocated before the referral, on {_spoken(current.referred_on)}",
            field="allocated_on",
        )
    if current.coordinator_id == coordinator.pk:
        raise ApplicationError(f"{coordinator} is already the coordinator", field="coordinator")
    previous = current.coordinator
    if previous is not None:
        _end_involvements(current, previous, allocated_on)
    current.coordinator = coordinator
    current.allocated_on = allocated_on
    if current.status == ReferralStatus.AWAITING_ALLOCATION:
        current.status = ReferralStatus.PREPARATION
    bump_version(current)
    current.save()
    for row in children:
        active = Involvement.objects.filter(user=coordinator, person=row.person, service=SERVICE).exclude(
            ended_on__lt=today
        )
        if not active.exists():
            Involvement.objects.create(
                user=coordinator,
                person=row.person,
                kind=InvolvementKind.INVITED,
                service=SERVICE,
                started_on=allocated_on,
            )
        if previous is None:
            clock_stop(rule_key="fgc_allocation", subject=row, met_on=allocated_on)
            clock_start(
                rule_key="fgc_conference", person=row.person, started_on=allocated_on, subject=row, owner=coordinator
            )
    _chronology(
        current,
        actor=actor,
        kind="fgc_coordinator" if previous is None else "fgc_coordinator_change",
        occurred_on=allocated_on,
        summary=f"Family group conference coordinator allocated: {coordinator}",
        source=current,
        significance="low",
    )
    return current


def _end_involvements(referral: Referral, user: Any, ended_on: dt.date) -> None:
    for row in _children(referral):
        for involvement in Involvement.objects.filter(user=user, person=row.person, service=SERVICE).filter(
            ended_on__isnull=True
        ):
            involvement.ended_on = max(ended_on, involvement.started_on)
            involvement.save(update_fields=["ended_on"])


@records_actor()
@transaction.atomic
def referral_close(*, actor: Any, referral: Referral, closed_on: dt.date | None, reason: str) -> Referral:
    """Close the referral: the family withdrew (it is voluntary), or the plan has done its work."""
    _require(actor, FgcAction.CLOSE, referral)
    current = _lock(referral)
    _require_open(current)
    reason = _text(reason, field="reason", message="Enter why the family group conference is closing")
    closed_on = _past_date(closed_on, field="closed_on", what="of closure")
    if closed_on < current.referred_on:
        raise ApplicationError(
            f"The referral cannot close before it was made, on {_spoken(current.referred_on)}", field="closed_on"
        )
    _close(current, actor=actor, closed_on=closed_on, reason=reason)
    return current


def _close(referral: Referral, *, actor: Any, closed_on: dt.date, reason: str) -> None:
    for row in _children(referral):
        for rule_key in CLOCKS:
            clock_cancel(rule_key=rule_key, subject=row, stopped_on=closed_on, reason=f"Closed: {reason}"[:300])
    if referral.coordinator_id:
        _end_involvements(referral, referral.coordinator, closed_on)
    for plan in referral.plans.filter(ended_on__isnull=True, decision=PlanDecision.AGREED):
        plan.ended_on = closed_on
        plan.save(update_fields=["ended_on"])
    referral.status = ReferralStatus.CLOSED
    referral.closed_on = closed_on
    referral.closed_reason = reason
    referral.save()
    _chronology(
        referral,
        actor=actor,
        kind="fgc_closed",
        occurred_on=closed_on,
        summary="Family group conference closed",
        detail=reason,
        source=referral,
    )


# The family network and preparation.


def _clean_member(
    referral: Referral,
    *,
    relationship: str,
    invitation: str,
    not_invited_reason: str,
    attending: bool | None,
    interpreter_language: str,
    other_needs: str,
) -> dict[str, Any]:
    relationship = _text(
        relationship,
        field="relationship",
        message="Enter their relationship to the child, for example maternal grandmother or family friend",
        max_length=200,
        label="Relationship",
    )
    if invitation not in Invitation.values:
        raise ApplicationError("Choose whether they are invited to the conference", field="invitation")
    not_invited_reason = (not_invited_reason or "").strip()
    if invitation == Invitation.NOT_INVITED and not not_invited_reason:
        raise ApplicationError(
            "Enter why they are not to be invited, for example a risk to the child or to another family member",
            field="not_invited_reason",
        )
    if invitation != Invitation.NOT_INVITED:
        not_invited_reason = ""
    if attending and invitation != Invitation.INVITED:
        raise ApplicationError("Only someone invited can be coming to the conference", field="attending")
    interpreter_language = (interpreter_language or "").strip()
    if len(interpreter_language) > 100:
        raise ApplicationError("Language must be 100 characters or fewer", field="interpreter_language")
    other_needs = (other_needs or "").strip()
    if len(other_needs) > 500:
        raise ApplicationError("Other needs must be 500 characters or fewer", field="other_needs")
    return {
        "relationship": relationship,
        "invitation": invitation,
        "not_invited_reason": not_invited_reason,
        "attending": attending if invitation == Invitation.INVITED else None,
        "interpreter_language": interpreter_language,
        "other_needs": other_needs,
    }


@records_actor()
@transaction.atomic
def network_member_add(
    *,
    actor: Any,
    referral: Referral,
    person: Person,
    relationship: str,
    lives_in_home: bool = False,
    invitation: str = Invitation.UNDECIDED,
    not_invited_reason: str = "",
    attending: bool | None = None,
    interpreter_language: str = "",
    needs_advocate: bool = False,
    other_needs: str = "",
) -> NetworkMember:
    """Add someone from the person index to the family network."""
    _require(actor, FgcAction.COORDINATE, referral)
    _require_open(referral)
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ApplicationError("No person you can see has that council id", field="person")
    if referral.children.filter(person=person).exists():
        raise ApplicationError(
            f"{person.display_name} is a child this conference is about, not a member of their network",
            field="person",
        )
    if referral.network.filter(person=person).exists():
        raise ApplicationError(f"{person.display_name} is already in the family network", field="person")
    clean = _clean_member(
        referral,
        relationship=relationship,
        invitation=invitation,
        not_invited_reason=not_invited_reason,
        attending=attending,
        interpreter_language=interpreter_language,
        other_needs=other_needs,
    )
    member = NetworkMember.objects.create(
        referral=referral,
        person=person,
        lives_in_home=bool(lives_in_home),
        needs_advocate=bool(needs_advocate),
        added_by=actor,
        **clean,
    )
    _invite_to_pending(actor, member)
    return member


@records_actor()
@transaction.atomic
def network_person_add(
    *,
    actor: Any,
    referral: Referral,
    person_data: dict[str, Any],
    relationship_kind: str = "",
    relationship: str,
    **member: Any,
) -> NetworkMember:
    """Someone not yet known to the council (most of the wider family): add them to the
    person index, record how they are related to the first child, and add them to the network."""
    _require(actor, FgcAction.COORDINATE, referral)
    _require_open(referral)
    # Check the network details first, so a refusal adds nobody to the index.
    _clean_member(
        referral,
        relationship=relationship,
        invitation=member.get("invitation", Invitation.UNDECIDED),
        not_invited_reason=member.get("not_invited_reason", ""),
        attending=member.get("attending"),
        interpreter_language=member.get("interpreter_language", ""),
        other_needs=member.get("other_needs", ""),
    )
    person = person_create(actor=actor, data=person_data)
    if relationship_kind:
        first = _children(referral)[0].person
        relationship_add(actor=actor, from_person=person, to_person=first, kind=relationship_kind)
    return network_member_add(actor=actor, referral=referral, person=person, relationship=relationship, **member)


@records_actor()
@transaction.atomic
def network_member_update(
    *,
    actor: Any,
    member: NetworkMember,
    relationship: str,
    lives_in_home: bool,
    invitation: str,
    not_invited_reason: str = "",
    attending: bool | None = None,
    interpreter_language: str = "",
    needs_advocate: bool = False,
    other_needs: str = "",
    expected_version: int | None = None,
) -> NetworkMember:
    """Change what is known about a network member: invited or not, coming or not, their needs."""
    referral = member.referral
    _require(actor, FgcAction.COORDINATE, referral)
    _require_open(referral)
    member = lock_for_edit(member, expected_version)
    clean = _clean_member(
        referral,
        relationship=relationship,
        invitation=invitation,
        not_invited_reason=not_invited_reason,
        attending=attending,
        interpreter_language=interpreter_language,
        other_needs=other_needs,
    )
    if clean["invitation"] == Invitation.NOT_INVITED:
        # Kept away for safety cannot leave them holding a part in a plan still being written.
        held = PlanItem.objects.filter(member=member, plan__decision="")
        if held.exists():
            raise ApplicationError(
                f"{member.person.display_name} has {held.count()} action(s) in the family's plan. Give them to "
                "someone else first, then record that they are not to be invited",
                field="invitation",
            )
    for key, value in clean.items():
        setattr(member, key, value)
    member.lives_in_home = bool(lives_in_home)
    member.needs_advocate = bool(needs_advocate)
    bump_version(member)
    member.save()
    _invite_to_pending(actor, member)
    return member


@records_actor()
@transaction.atomic
def preparation_record(
    *, actor: Any, referral: Referral, contacted_on: dt.date | None, kind: str, with_whom: str, notes: str
) -> PreparationContact:
    """Record a visit, call or letter of the coordinator's preparation."""
    _require(actor, FgcAction.COORDINATE, referral)
    _require_open(referral)
    _require_allocated(referral)
    contacted_on = _past_date(contacted_on, field="contacted_on", what="of the contact")
    if contacted_on < referral.referred_on:
        raise ApplicationError(
            f"Preparation cannot be before the referral, on {_spoken(referral.referred_on)}", field="contacted_on"
        )
    if kind not in ContactKind.values:
        raise ApplicationError("Choose the kind of contact: a visit, a call or a letter", field="kind")
    with_whom = _text(with_whom, field="with_whom", message="Enter who the contact was with", max_length=300)
    notes = _text(notes, field="notes", message="Enter what was discussed")
    return PreparationContact.objects.create(
        referral=referral, contacted_on=contacted_on, kind=kind, with_whom=with_whom, notes=notes, recorded_by=actor
    )


# Conferences.


def _member_email(person: Person) -> str:
    detail = ContactDetail.objects.filter(person=person, kind="email").order_by("pk").first()
    return detail.value if detail else ""


@records_actor()
@transaction.atomic
def conference_convene(
    *,
    actor: Any,
    referral: Referral,
    starts_at: dt.datetime,
    location: str = "",
    kind: str = ConferenceKind.INITIAL,
) -> Conference:
    """Convene the conference (or a review) in the meetings engine, chaired by the
    coordinator; invite the network members who are invited and the referrer."""
    _require(actor, FgcAction.COORDINATE, referral)
    current = _lock(referral)
    _require_open(current)
    _require_allocated(current)
    if kind not in ConferenceKind.values:
        raise ApplicationError("Choose a conference or a review", field="kind")
    if current.conferences.filter(held_on__isnull=True).exclude(meeting__status=MeetingStatus.CANCELLED).exists():
        raise ApplicationError(
            "A conference is already convened for this family. Record it before convening another", field="starts_at"
        )
    agreed = current.plans.filter(decision=PlanDecision.AGREED, ended_on__isnull=True).exists()
    if kind == ConferenceKind.REVIEW and not agreed:
        raise ApplicationError("A review needs a family plan that was agreed. Convene a conference first", field="kind")
    if kind == ConferenceKind.INITIAL and agreed:
        raise ApplicationError("The family already has an agreed plan: convene a review instead", field="kind")
    if starts_at is None:
        raise ApplicationError("Enter the date and time of the conference", field="starts_at")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    day = timezone.localdate(starts_at)
    if day < current.allocated_on:
        raise ApplicationError(
            f"The conference cannot be before the coordinator was allocated, on {_spoken(current.allocated_on)}",
            field="starts_at",
        )
    invited = [m for m in current.network.select_related("person") if m.invitation == Invitation.INVITED]
    if kind == ConferenceKind.INITIAL and not invited:
        raise ApplicationError(
            "Invite at least one member of the family network before convening the conference", field="starts_at"
        )
    children = _children(current)
    names = ", ".join(c.person.display_name for c in children)
    label = ConferenceKind(kind).label
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.FGC,
        title=f"{label} for {names}"[:200],
        starts_at=starts_at,
        location=location,
        chair=current.coordinator,
        subjects=[c.person for c in children],
    )
    invitees = [
        Invitee(name=m.person.display_name, email=_member_email(m.person), role=m.relationship[:100], person=m.person)
        for m in invited
    ]
    referrer = current.referred_by
    if referrer.is_active:
        invitees.append(
            Invitee(
                name=referrer.full_name or referrer.username,
                email=referrer.email,
                role="Referrer",
                user=referrer,
                agency=referrer.agency,
            )
        )
    meeting_invite(actor=actor, meeting=meeting, invitees=invitees)
    return Conference.objects.create(referral=current, meeting=meeting, kind=kind, convened_for=day)


def _require_conference(actor: Any, conference: Conference, *, held: bool | None = None) -> Referral:
    referral = conference.referral
    _require(actor, FgcAction.COORDINATE, referral)
    _require_open(referral)
    if conference.meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError("This conference was cancelled. Convene a new one instead")
    if held is True and conference.held_on is None:
        raise ApplicationError("Record the information giving first: that is when the conference began")
    if held is False and conference.held_on is not None:
        raise ApplicationError("The information giving of this conference is already recorded")
    return referral


def _mark_held(actor: Any, conference: Conference) -> None:
    """The meeting is held: the referrer and the network members who came attended."""
    meeting = conference.meeting
    attending = {m.person_id: m.attending for m in conference.referral.network.all()}
    marks: dict[int, str] = {}
    for inv in meeting.invitations.all():
        if inv.user_id and inv.user_id == conference.referral.referred_by_id:
            marks[inv.pk] = Attendance.ATTENDED
        elif inv.person_id in attending and attending[inv.person_id] is not None:
            marks[inv.pk] = Attendance.ATTENDED if attending[inv.person_id] else Attendance.ABSENT
    if marks:
        attendance_record(actor=actor, meeting=meeting, attendance=marks)


@records_actor()
@transaction.atomic
def conference_information_record(
    *, actor: Any, conference: Conference, information: str, bottom_lines: str = ""
) -> Conference:
    """Stage 1, information giving: what the referrer and professionals told the family:
    the worries, the help available, and any bottom lines a plan must meet."""
    referral = _require_conference(actor, conference, held=False)
    if conference.kind != ConferenceKind.INITIAL:
        raise ApplicationError("Record a review with its progress and outcome")
    day = conference.convened_for
    if timezone.localdate() < day:
        raise ApplicationError(f"You can record the conference from its day, {_spoken(day)}")
    conference.information = _text(
        information, field="information", message="Enter the information the professionals gave the family"
    )
    conference.bottom_lines = (bottom_lines or "").strip()
    conference.held_on = day
    conference.recorded_by = actor
    conference.save()
    _mark_held(actor, conference)
    for row in _children(referral):
        clock_stop(rule_key="fgc_conference", subject=row, met_on=day)
    _chronology(
        referral,
        actor=actor,
        kind="fgc_conference",
        occurred_on=day,
        summary="Family group conference held",
        detail=conference.bottom_lines and f"Bottom lines: {conference.bottom_lines}",
        source=conference,
        significance="high",
    )
    return conference


@records_actor()
@transaction.atomic
def conference_private_time_record(
    *, actor: Any, conference: Conference, started_at: dt.time | None, ended_at: dt.time | None
) -> Conference:
    """Stage 2, private family time: the professionals left and the family made their plan."""
    _require_conference(actor, conference, held=True)
    if conference.plan_decided:
        raise ApplicationError("The plan is already decided: private family time cannot change now")
    if started_at is None:
        raise ApplicationError("Enter the time private family time started", field="started_at")
    if ended_at is None:
        raise ApplicationError("Enter the time private family time ended", field="ended_at")
    if ended_at <= started_at:
        raise ApplicationError("Private family time must end after it started", field="ended_at")
    conference.private_time_from = started_at
    conference.private_time_to = ended_at
    conference.save(update_fields=["private_time_from", "private_time_to"])
    return conference


def _plan_for(conference: Conference) -> FamilyPlan:
    plan = FamilyPlan.objects.select_for_update().filter(conference=conference).first()
    return plan or FamilyPlan.objects.create(referral=conference.referral, conference=conference)


def _plan_changed(plan: FamilyPlan) -> None:
    """A line added or taken out is a new version of the plan: a decision on the old one is refused."""
    bump_version(plan)
    plan.save(update_fields=["version"])


@records_actor()
@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    conference: Conference,
    what: str,
    member: NetworkMember | None = None,
    professional: str = "",
    by_when: dt.date | None = None,
    ongoing: bool = False,
) -> PlanItem:
    """Add a line to the family's plan: what will happen, who does it, by when."""
    referral = _require_conference(actor, conference, held=True)
    if conference.private_time_from is None:
        raise ApplicationError("Record private family time first: the family make their plan in it")
    plan = _plan_for(conference)
    if plan.decision:
        raise ApplicationError("The plan is already decided. Changes wait for the review")
    what = _text(what, field="what", message="Enter what will happen", max_length=2000, label="What will happen")
    professional = (professional or "").strip()
    if member is not None and professional:
        raise ApplicationError("Choose a member of the family network or name a professional, not both", field="who")
    if member is None and not professional:
        raise ApplicationError("Choose who will do it: a member of the family network or a professional", field="who")
    if member is not None and member.referral_id != referral.pk:
        raise ApplicationError("Choose a member of this family's network", field="who")
    if member is not None and member.kept_away:
        # Someone kept away from the conference for safety cannot be given a part in the plan:
        # it would bring them into the children's care by the back door.
        raise ApplicationError(
            f"{member.person.display_name} is not to be invited ({member.not_invited_reason}), so cannot be given "
            "an action in the family's plan. Choose someone else",
            field="who",
        )
    if len(professional) > 200:
        raise ApplicationError("Professional must be 200 characters or fewer", field="professional")
    if by_when is not None and by_when < conference.held_on:
        raise ApplicationError("By when must be the day of the conference or later", field="by_when")
    if by_when is None and not ongoing:
        raise ApplicationError("Enter by when, or say it is ongoing", field="by_when")
    _plan_changed(plan)
    return PlanItem.objects.create(
        plan=plan, what=what, member=member, professional=professional, by_when=by_when, ongoing=bool(ongoing)
    )


@records_actor()
@transaction.atomic
def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    """Take out a line added by mistake, while the plan is still being written."""
    _require_conference(actor, item.plan.conference, held=True)
    plan = FamilyPlan.objects.select_for_update().get(pk=item.plan_id)
    if plan.decision:
        raise ApplicationError("The plan is already decided. Changes wait for the review")
    item.delete()
    _plan_changed(plan)


@records_actor()
@transaction.atomic
def plan_decide(
    *,
    actor: Any,
    conference: Conference,
    decision: str,
    contingency: str = "",
    reasons: str = "",
    expected_version: int | None = None,
) -> FamilyPlan:
    """Stage 3, agreeing the plan: the referrer accepts the family's plan unless it is unsafe
    (then the reasons are recorded). An agreed plan starts the clock for its review.

    `expected_version` is the version of the plan the decision was made on: a line added or
    taken out since means the decision is refused, not recorded against a plan nobody read."""
    referral = _require_conference(actor, conference, held=True)
    if conference.private_time_from is None:
        raise ApplicationError("Record private family time first: the family make their plan in it")
    check_version(
        FamilyPlan.objects.select_for_update().filter(conference=conference).first(),
        expected_version,
        message="Someone changed the plan while you were deciding on it. Your decision has not been saved: "
        "read the plan as it is now and decide again.",
    )
    plan = _plan_for(conference)
    if plan.decision:
        raise ApplicationError("The plan is already decided")
    if decision not in PlanDecision.values:
        raise ApplicationError("Choose whether the referrer agreed the family's plan", field="decision")
    day = conference.held_on
    if decision == PlanDecision.AGREED:
        if not plan.items.exists():
            raise ApplicationError("Add at least one thing the plan says will happen before it is agreed")
        plan.contingency = _text(
            contingency,
            field="contingency",
            message="Enter the contingency: what the family will do if the plan is not working",
        )
        plan.decision_reasons = (reasons or "").strip()
    else:
        plan.decision_reasons = _text(
            reasons,
            field="reasons",
            message="Enter why the plan is not agreed: what about it is not safe for the child",
        )
        plan.contingency = (contingency or "").strip()
    plan.decision = decision
    plan.decided_on = day
    if decision == PlanDecision.AGREED:
        earlier = referral.plans.filter(decision=PlanDecision.AGREED, ended_on__isnull=True).exclude(pk=plan.pk)
        earlier.update(ended_on=day)
        due = None
        for row in _children(referral):
            clock = clock_start(
                rule_key="fgc_review", person=row.person, started_on=day, subject=row, owner=referral.coordinator
            )
            due = clock.due_on if due is None else min(due, clock.due_on)
        plan.review_due_on = due
        Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.PLAN_AGREED)
    plan.save()
    items = "; ".join(f"{i.what} ({i.who})" for i in plan.items.select_related("member__person"))
    _chronology(
        referral,
        actor=actor,
        kind="fgc_plan",
        occurred_on=day,
        summary="Family plan agreed at the family group conference"
        if decision == PlanDecision.AGREED
        else "Family plan not agreed at the family group conference: not safe for the child",
        detail=items if decision == PlanDecision.AGREED else plan.decision_reasons,
        source=plan,
        significance="high",
    )
    return plan


@records_actor()
@transaction.atomic
def review_record(*, actor: Any, conference: Conference, progress: str, outcome: str) -> Conference:
    """A review conference: how the plan went; then either another review, or close."""
    referral = _require_conference(actor, conference, held=False)
    if conference.kind != ConferenceKind.REVIEW:
        raise ApplicationError("This is not a review conference")
    day = conference.convened_for
    if timezone.localdate() < day:
        raise ApplicationError(f"You can record the review from its day, {_spoken(day)}")
    progress = _text(progress, field="progress", message="Enter how the family's plan has gone")
    if outcome not in ReviewOutcome.values:
        raise ApplicationError("Choose what happens next: another review, or close", field="outcome")
    conference.progress = progress
    conference.review_outcome = outcome
    conference.held_on = day
    conference.recorded_by = actor
    conference.save()
    _mark_held(actor, conference)
    rows = _children(referral)
    for row in rows:
        clock_stop(rule_key="fgc_review", subject=row, met_on=day)
    _chronology(
        referral,
        actor=actor,
        kind="fgc_review",
        occurred_on=day,
        summary="Family group conference review held: "
        + ("the plan continues" if outcome == ReviewOutcome.CONTINUE else "the plan has done its work"),
        detail=progress,
        source=conference,
    )
    plan = referral.plans.filter(decision=PlanDecision.AGREED, ended_on__isnull=True).first()
    if outcome == ReviewOutcome.CONTINUE:
        due = None
        for row in rows:
            clock = clock_start(
                rule_key="fgc_review", person=row.person, started_on=day, subject=row, owner=referral.coordinator
            )
            due = clock.due_on if due is None else min(due, clock.due_on)
        if plan is not None:
            plan.review_due_on = due
            plan.save(update_fields=["review_due_on"])
    else:
        current = _lock(referral)
        _close(current, actor=actor, closed_on=day, reason="The review found the family's plan has done its work")
    return conference
