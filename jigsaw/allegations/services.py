"""Allegations against staff (LADO): every write, as a named business action.

Each service checks who may act (permissions.lado_can), refuses bad input with an
ApplicationError naming the field, and leaves the audit trail through django-auditlog
(apps.py, with the actor from @records_actor). Every event lands in the chronology
restricted to the LADO team; every clock uses the LADO rules (deadlines.py), which only
the LADO team sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, RestrictedArea
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.choices import Significance
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.core.locking import bump_version, check_version
from jigsaw.meetings.models import MeetingKind, MeetingStatus
from jigsaw.meetings.services import Invitee, meeting_convene, meeting_invite
from jigsaw.people.models import Person
from jigsaw.people.services import person_create
from jigsaw.timescales.calendar import is_working_day
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from . import deadlines
from .choices import HARM_FIELDS, AllegationKind, Capacity, Engagement, FollowUp, HarmTest, Outcome, Sector
from .models import Allegation, AllegationAccess, AllegationChild, AllegationMeeting, DutySlot
from .permissions import LadoAction, lado_can, lado_team
from .selectors import duty_officer_for, lado_officers

__all__ = [
    "Invitee",
    "advice_record",
    "allegation_access_end",
    "allegation_allocate",
    "allegation_conclude",
    "allegation_invite",
    "allegation_meeting_convene",
    "duty_slot_set",
    "duty_week_set",
    "referral_record",
]

LADO = RestrictedArea.LADO.value
SERVICE = "LADO allegation"
_POLICE_OUTCOMES = frozenset({FollowUp.POLICE_CHARGE, FollowUp.POLICE_CAUTION, FollowUp.POLICE_NFA})
_EMPLOYER_ACTION = frozenset({FollowUp.DISCIPLINARY, FollowUp.DISMISSAL, FollowUp.TRAINING})
_DISPROVED = frozenset({Outcome.FALSE, Outcome.MALICIOUS})


def _require(actor: Any, action: LadoAction) -> None:
    if not lado_can(actor, action):
        raise ApplicationError("Only the LADO team can do this")


def _spoken(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _text(value: Any, *, field: str, message: str, max_length: int | None = None, label: str = "") -> str:
    text = " ".join(str(value or "").split()) if max_length else str(value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(f"{label} must be {max_length} characters or fewer", field=field)
    return text


def _optional(value: Any, *, field: str, max_length: int, label: str) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > max_length:
        raise ApplicationError(f"{label} must be {max_length} characters or fewer", field=field)
    return text


def _received(received_at: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    if received_at is None:
        raise ApplicationError("Enter the date the LADO received it", field="received_on")
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > timezone.now():
        raise ApplicationError("The date and time received must be in the past", field="received_on")
    received_on = timezone.localdate(received_at)
    if received_on < dt.date(2000, 1, 1):
        raise ApplicationError("The date received must be after 2000", field="received_on")
    return received_at, received_on


def _employer(employer_name: str, employer_sector: str, *, required: bool) -> tuple[str, str]:
    if required:
        name = _text(
            employer_name,
            field="employer_name",
            message="Enter the employer or organisation",
            max_length=200,
            label="Employer",
        )
    else:
        name = _optional(employer_name, field="employer_name", max_length=200, label="Employer")
    sector = employer_sector or ""
    if (sector and sector not in Sector.values) or (required and not sector):
        raise ApplicationError("Choose the employer's sector", field="employer_sector")
    return name, sector


def _referrer(name: str, organisation: str, role: str, contact: str) -> dict[str, str]:
    return {
        "referrer_name": _text(
            name,
            field="referrer_name",
            message="Enter the name of the person who referred",
            max_length=200,
            label="Referrer's name",
        ),
        "referrer_organisation": _optional(
            organisation, field="referrer_organisation", max_length=200, label="Referrer's organisation"
        ),
        "referrer_role": _optional(role, field="referrer_role", max_length=200, label="Referrer's role"),
        "referrer_contact": _optional(contact, field="referrer_contact", max_length=200, label="Referrer's contact"),
    }


def _visible(actor: Any, person: Person, *, field: str) -> Person:
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ApplicationError("No person you can see has that council id", field=field)
    return person


def _chronology(
    *, actor: Any, person: Person, occurred_on: dt.date, kind: str, summary: str, source: Any, significance: str
) -> None:
    chronology_record(
        person=person,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        recorded_by=actor,
        source_agency=getattr(actor, "agency", None),
        significance=significance,
        source=source,
        restricted_area=LADO,
    )


def _involve(*, user: Any, person: Person | None, kind: str, on: dt.date) -> None:
    """Put the case on the worker's "My work", but only for a subject whose record is itself
    restricted to the LADO team: an involvement on anyone else would tell every worker who can
    see that person that a LADO case exists (people's "open services")."""
    if user is None or person is None or person.restricted_area != LADO:
        return
    open_involvement = Involvement.objects.filter(person=person, user=user, service=SERVICE).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    if not open_involvement.exists():
        Involvement.objects.create(person=person, user=user, kind=kind, service=SERVICE, started_on=on)


# The duty rota.


@records_actor()
@transaction.atomic
def duty_slot_set(*, actor: Any, on: dt.date, officer: Any | None) -> DutySlot | None:
    """Put an officer on duty for a working day (None takes the day off the rota)."""
    _require(actor, LadoAction.SET_ROTA)
    if on.weekday() >= 5:
        raise ApplicationError(f"The duty rota is Monday to Friday: {_spoken(on)} is a weekend day", field="on")
    if officer is None:
        DutySlot.objects.filter(on=on).delete()
        return None
    if not is_working_day(on):
        raise ApplicationError(f"{_spoken(on)} is a bank holiday: nobody is on duty", field="on")
    if not lado_officers().filter(pk=officer.pk).exists():
        raise ApplicationError(f"{officer} is not a LADO officer in the LADO team", field="officer")
    slot, _ = DutySlot.objects.update_or_create(on=on, defaults={"officer": officer, "set_by": actor})
    return slot


@records_actor()
@transaction.atomic
def duty_week_set(*, actor: Any, week_start: dt.date, officers: Mapping[dt.date, Any | None]) -> list[DutySlot]:
    """Set the rota for one week, Monday to Friday."""
    _require(actor, LadoAction.SET_ROTA)
    if week_start.weekday() != 0:
        raise ApplicationError("The week must start on a Monday", field="week_start")
    week = {week_start + dt.timedelta(days=n) for n in range(5)}
    slots = []
    for day, officer in sorted(officers.items()):
        if day not in week:
            raise ApplicationError(f"{_spoken(day)} is not in the week starting {_spoken(week_start)}", field="on")
        slot = duty_slot_set(actor=actor, on=day, officer=officer)
        if slot is not None:
            slots.append(slot)
    return slots


# Referrals and advice.


def _harm_fields(harm_tests: Iterable[str]) -> dict[str, bool]:
    chosen = set(harm_tests or ())
    unknown = chosen - set(HarmTest.values)
    if unknown:
        raise ApplicationError("Choose harm tests from the list", field="harm_tests")
    if not chosen:
        raise ApplicationError("Choose at least one harm test the allegation meets", field="harm_tests")
    return {name: test in chosen for test, name in HARM_FIELDS.items()}


@records_actor()
@transaction.atomic
def referral_record(
    *,
    actor: Any,
    received_at: dt.datetime,
    referrer_name: str,
    employer_name: str,
    employer_sector: str,
    subject_role: str,
    engagement: str,
    employer_aware_on: dt.date | None,
    allegation: str,
    harm_tests: Sequence[str],
    subject: Person | None = None,
    new_subject: Mapping[str, Any] | None = None,
    children: Sequence[Person] = (),
    referrer_organisation: str = "",
    referrer_role: str = "",
    referrer_contact: str = "",
) -> Allegation:
    """Record a referral about an adult in a position of trust; it goes to the officer on duty.

    The subject is a person already known (not changed: their record keeps its restriction)
    or a new person only the LADO team can see. The one-working-day referral is shown as met
    or late; the meeting and resolution clocks start.
    """
    _require(actor, LadoAction.RECORD_REFERRAL)
    # Every rule the referral breaks is gathered and refused together, so the person typing it
    # sees all of them at once rather than one per try.
    with refusals() as refuse:
        received = refuse.check(lambda: _received(received_at))
        received_at, received_on = received if received else (None, None)
        referrer = refuse.check(
            lambda: _referrer(referrer_name, referrer_organisation, referrer_role, referrer_contact)
        )
        employer_sector_pair = refuse.check(lambda: _employer(employer_name, employer_sector, required=True))
        role = refuse.check(
            lambda: _text(
                subject_role,
                field="subject_role",
                message="Enter the person's role, for example teacher or coach",
                max_length=200,
                label="Role",
            )
        )
        if engagement not in Engagement.values:
            refuse.add("Choose whether the role is paid or voluntary", field="engagement")
        if employer_aware_on is None:
            refuse.add("Enter the date the employer first knew of the allegation", field="employer_aware_on")
        elif received_on is not None and employer_aware_on > received_on:
            refuse.add(
                "The date the employer first knew must be the same as or before the date the LADO received the "
                "referral",
                field="employer_aware_on",
            )
        text = refuse.check(lambda: _text(allegation, field="allegation", message="Enter what is alleged"))
        harm = refuse.check(lambda: _harm_fields(harm_tests))
        if (subject is None) == (not new_subject):
            refuse.add(
                "Give the council id of the person if they are already known, or their name if they are not, not both",
                field="subject",
            )
        elif subject is not None:
            refuse.check(lambda: _visible(actor, subject, field="subject"))
        kids = list({c.pk: c for c in children}.values())
        for child in kids:
            refuse.check(lambda child=child: _visible(actor, child, field="children"))
            if subject is not None and child.pk == subject.pk:
                refuse.add("The person the allegation is about cannot also be one of the children", field="children")
    employer, sector = employer_sector_pair
    if subject is None:
        subject = person_create(actor=actor, data=dict(new_subject or {}), restricted_area=LADO)

    officer = duty_officer_for(received_on)
    case = Allegation.objects.create(
        kind=AllegationKind.REFERRAL,
        subject=subject,
        subject_role=role,
        engagement=engagement,
        employer_name=employer,
        employer_sector=sector,
        employer_aware_on=employer_aware_on,
        received_at=received_at,
        received_on=received_on,
        allegation=text,
        duty_officer=officer,
        recorded_by=actor,
        **referrer,
        **harm,
    )
    for child in kids:
        AllegationChild.objects.create(allegation=case, person=child)

    owner = officer or actor
    _involve(user=owner, person=subject, kind=InvolvementKind.ALLOCATED, on=received_on)
    clock_start(
        rule_key=deadlines.REFERRAL.key, person=subject, started_on=employer_aware_on, subject=case, owner=owner
    )
    clock_stop(rule_key=deadlines.REFERRAL.key, subject=case, met_on=received_on)
    for rule in (deadlines.INITIAL_MEETING, deadlines.RESOLUTION, deadlines.RESOLUTION_LIMIT):
        clock_start(rule_key=rule.key, person=subject, started_on=received_on, subject=case, owner=owner)

    late = " (referred late)" if case.referred_late else ""
    _chronology(
        actor=actor,
        person=subject,
        occurred_on=received_on,
        kind="allegation_referral",
        summary=f"Allegation referred to the LADO by {referrer['referrer_organisation'] or referrer['referrer_name']}"
        f" about their role as {role} at {employer}{late}",
        source=case,
        significance=Significance.HIGH,
    )
    for child in kids:
        _chronology(
            actor=actor,
            person=child,
            occurred_on=received_on,
            kind="allegation_referral",
            summary=f"Named in an allegation referred to the LADO about an adult working at {employer}",
            source=case,
            significance=Significance.HIGH,
        )
    return case


@records_actor()
@transaction.atomic
def advice_record(
    *,
    actor: Any,
    received_at: dt.datetime,
    referrer_name: str,
    question: str,
    advice_given: str,
    employer_name: str = "",
    employer_sector: str = "",
    subject_role: str = "",
    referrer_organisation: str = "",
    referrer_role: str = "",
    referrer_contact: str = "",
) -> Allegation:
    """Record an advice-only consultation: a concern that did not meet the harm test, and the advice given."""
    _require(actor, LadoAction.RECORD_ADVICE)
    received_at, received_on = _received(received_at)
    referrer = _referrer(referrer_name, referrer_organisation, referrer_role, referrer_contact)
    employer, sector = _employer(employer_name, employer_sector, required=False)
    role = _optional(subject_role, field="subject_role", max_length=200, label="Role")
    text = _text(question, field="question", message="Enter what the caller asked about")
    advice = _text(advice_given, field="advice_given", message="Enter the advice given")
    return Allegation.objects.create(
        kind=AllegationKind.ADVICE,
        subject_role=role,
        employer_name=employer,
        employer_sector=sector,
        received_at=received_at,
        received_on=received_on,
        allegation=text,
        advice_given=advice,
        duty_officer=duty_officer_for(received_on),
        recorded_by=actor,
        **referrer,
    )


def _lock(allegation: Allegation) -> Allegation:
    return Allegation.objects.select_for_update(of=("self",)).select_related("subject").get(pk=allegation.pk)


def _require_open(case: Allegation) -> None:
    if case.kind != AllegationKind.REFERRAL:
        raise ApplicationError("An advice-only consultation has no meetings, invitations or outcome")
    if case.outcome:
        raise ApplicationError("This allegation is concluded")


@records_actor()
@transaction.atomic
def allegation_allocate(
    *, actor: Any, allegation: Allegation, officer: Any, expected_version: int | None = None
) -> Allegation:
    """Give the case to another LADO officer (their clocks follow)."""
    _require(actor, LadoAction.ALLOCATE)
    case = _lock(allegation)
    _require_open(case)
    check_version(case, expected_version)
    if officer is None or not lado_officers().filter(pk=officer.pk).exists():
        raise ApplicationError("Choose an officer in the LADO team", field="officer")
    case.duty_officer = officer
    bump_version(case)
    case.save(update_fields=["duty_officer", "version"])
    from django.contrib.contenttypes.models import ContentType

    from jigsaw.timescales.models import Clock

    Clock.objects.filter(content_type=ContentType.objects.get_for_model(Allegation), object_id=case.pk).open().update(
        owner=officer
    )
    _involve(user=officer, person=case.subject, kind=InvolvementKind.ALLOCATED, on=timezone.localdate())
    return case


@records_actor()
@transaction.atomic
def allegation_invite(*, actor: Any, allegation: Allegation, user: Any, capacity: str) -> AllegationAccess:
    """Let one professional outside the LADO team (police, the employer's HR) see this case."""
    _require(actor, LadoAction.INVITE)
    case = _lock(allegation)
    if case.kind != AllegationKind.REFERRAL:
        raise ApplicationError("An advice-only consultation is not shared")
    if user is None or not (user.is_active and user.role):
        raise ApplicationError("No one who uses Jigsaw has that username or email address", field="user")
    if capacity not in Capacity.values:
        raise ApplicationError("Choose why they are invited", field="capacity")
    if lado_team(user):
        raise ApplicationError(f"{user} is in the LADO team and can already see every case", field="user")
    if AllegationAccess.objects.filter(allegation=case, user=user).exists():
        raise ApplicationError(f"{user} is already invited to this case", field="user")
    access = AllegationAccess.objects.create(allegation=case, user=user, capacity=capacity, granted_by=actor)
    _involve(user=user, person=case.subject, kind=InvolvementKind.INVITED, on=access.granted_on)
    return access


@records_actor()
@transaction.atomic
def allegation_access_end(*, actor: Any, access: AllegationAccess, ended_on: dt.date | None = None) -> AllegationAccess:
    """Stop sharing the case with someone (from today, unless another date is given)."""
    _require(actor, LadoAction.INVITE)
    ended_on = ended_on or timezone.localdate()
    if ended_on < access.granted_on:
        raise ApplicationError("Access cannot end before it was given", field="ended_on")
    access.ended_on = ended_on
    access.save(update_fields=["ended_on"])
    # Their view of the subject's record ends too: an involvement counts to the end of its last
    # day, so it ends the day before (or goes, if it began today).
    for involvement in Involvement.objects.filter(
        person_id=access.allegation.subject_id, user=access.user, service=SERVICE, ended_on__isnull=True
    ):
        last_day = ended_on - dt.timedelta(days=1)
        if last_day < involvement.started_on:
            involvement.delete()
        else:
            involvement.ended_on = last_day
            involvement.save(update_fields=["ended_on"])
    return access


@records_actor()
@transaction.atomic
def allegation_meeting_convene(
    *,
    actor: Any,
    allegation: Allegation,
    starts_at: dt.datetime,
    location: str = "",
    online_link: str = "",
    others: Sequence[Invitee] = (),
) -> AllegationMeeting:
    """Convene an allegation management meeting (meetings engine, restricted to the LADO team);
    everyone invited to the case is invited, with the others named."""
    _require(actor, LadoAction.CONVENE_MEETING)
    case = _lock(allegation)
    _require_open(case)
    if (
        starts_at is not None
        and timezone.localdate(starts_at if timezone.is_aware(starts_at) else timezone.make_aware(starts_at))
        < case.received_on
    ):
        raise ApplicationError("The meeting cannot be before the referral was received", field="starts_at")
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.LADO,
        title=f"Allegation management meeting: {case.reference}",
        starts_at=starts_at,
        location=location,
        online_link=online_link,
        chair=actor,
        subjects=[case.subject],
        restricted_area=LADO,
    )
    invitees = [
        Invitee(
            name=a.user.full_name or a.user.username,
            email=a.user.email or "",
            agency=a.user.agency,
            role=a.get_capacity_display(),
            user=a.user,
        )
        for a in case.access.filter(ended_on__isnull=True).select_related("user", "user__agency")
    ]
    seen = {i.email.lower() for i in invitees if i.email}
    invitees += [i for i in others if not (i.email and i.email.lower() in seen)]
    if invitees:
        meeting_invite(actor=actor, meeting=meeting, invitees=invitees)
    # The meeting deadline is met when the meeting is held (allegation_meeting_held), not booked.
    return AllegationMeeting.objects.create(allegation=case, meeting=meeting)


def allegation_meeting_held(*, meeting: Any, **_: Any) -> None:
    """The meetings engine's `meeting_held` signal: an allegation management meeting that took
    place meets the case's meeting deadline, on the day it took place."""
    link = AllegationMeeting.objects.filter(meeting=meeting).select_related("allegation").first()
    if link is not None:
        clock_stop(rule_key=deadlines.INITIAL_MEETING.key, subject=link.allegation, met_on=meeting.held_on)


@records_actor()
@transaction.atomic
def allegation_conclude(
    *,
    actor: Any,
    allegation: Allegation,
    outcome: str,
    concluded_on: dt.date | None,
    followed_by: Sequence[str],
    notes: str = "",
) -> Allegation:
    """Record the outcome (KCSIE Part 4) and what followed; the resolution clocks stop."""
    _require(actor, LadoAction.RECORD_OUTCOME)
    case = _lock(allegation)
    _require_open(case)
    if outcome not in Outcome.values:
        raise ApplicationError("Choose the outcome of the allegation", field="outcome")
    if concluded_on is None:
        raise ApplicationError("Enter the date the allegation was concluded", field="concluded_on")
    if concluded_on > timezone.localdate():
        raise ApplicationError("The date concluded must be today or in the past", field="concluded_on")
    if concluded_on < case.received_on:
        raise ApplicationError(
            f"The date concluded cannot be before the referral was received, on {_spoken(case.received_on)}",
            field="concluded_on",
        )
    waiting = (
        case.meetings.select_related("meeting")
        .filter(meeting__status=MeetingStatus.CONVENED)
        .order_by("meeting__starts_at")
        .first()
    )
    if waiting is not None:
        day = waiting.meeting.local_date
        raise ApplicationError(
            f"The allegation management meeting set for {_spoken(day)} has not been held. Record that it took "
            "place (or cancel it) before recording the outcome",
            field="outcome",
        )
    chosen = list(dict.fromkeys(followed_by or ()))
    if any(code not in FollowUp.values for code in chosen):
        raise ApplicationError("Choose what followed from the list", field="followed_by")
    if not chosen:
        raise ApplicationError("Choose what followed, or that the employer took no further action", field="followed_by")
    if FollowUp.NO_FURTHER_ACTION in chosen and set(chosen) & _EMPLOYER_ACTION:
        raise ApplicationError(
            "Choose either no further action by the employer or the action the employer took, not both",
            field="followed_by",
        )
    if len(set(chosen) & _POLICE_OUTCOMES) > 1:
        raise ApplicationError("Choose one police outcome: charged, caution or no further action", field="followed_by")
    if outcome in _DISPROVED and set(chosen) & {FollowUp.DISCIPLINARY, FollowUp.DISMISSAL, FollowUp.DBS_REFERRAL}:
        raise ApplicationError(
            "A false or malicious allegation cannot lead to disciplinary action, dismissal or a DBS referral",
            field="followed_by",
        )
    case.outcome = outcome
    case.concluded_on = concluded_on
    case.followed_by = [str(code) for code in chosen]
    case.outcome_notes = (notes or "").strip()
    case.save(update_fields=["outcome", "concluded_on", "followed_by", "outcome_notes"])

    for key in deadlines.RESOLUTION_RULES:
        clock_stop(rule_key=key, subject=case, met_on=concluded_on)
    clock_cancel(
        rule_key=deadlines.INITIAL_MEETING.key,
        subject=case,
        stopped_on=concluded_on,
        reason="Concluded without an allegation management meeting",
    )
    label = Outcome(outcome).label
    _chronology(
        actor=actor,
        person=case.subject,
        occurred_on=concluded_on,
        kind="allegation_outcome",
        summary=f"Allegation concluded by the LADO: {label}",
        source=case,
        significance=Significance.HIGH,
    )
    for child in case.children.select_related("person"):
        _chronology(
            actor=actor,
            person=child.person,
            occurred_on=concluded_on,
            kind="allegation_outcome",
            summary=f"Allegation about an adult working at {case.employer_name} concluded by the LADO: {label}",
            source=case,
            significance=Significance.STANDARD,
        )
    still_open = Allegation.objects.filter(
        subject=case.subject, concluded_on__isnull=True, kind=AllegationKind.REFERRAL
    )
    if not still_open.exclude(pk=case.pk).exists():
        Involvement.objects.filter(person=case.subject, service=SERVICE, ended_on__isnull=True).update(
            ended_on=max(concluded_on, timezone.localdate())
        )
    return case
