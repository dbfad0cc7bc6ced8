"""Every write to meetings: one function per business action, in a transaction.

Services check who may act (selectors.can_manage and friends), refuse bad input with an
ApplicationError naming the field, and leave the audit trail through django-auditlog
(registered in apps.py, with the actor from @records_actor). Emails (invitations with an
iCalendar attachment, circulated minutes) are sent by a task enqueued once the
transaction commits, so nothing is sent for a change that was rolled back; the same work
is a management command (send_meeting_invitations), and both are idempotent.

Holding a meeting and recording a decision land in each subject's chronology
(jigsaw.chronology.services.chronology_record, idempotent per source record).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version, lock_for_edit
from jigsaw.people.models import Person
from jigsaw.records.disclosures import DisclosureRoute, disclosures_record

from .ical import invitation_email, minutes_email
from .models import (
    Action,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MeetingSubject,
    Minutes,
    Reply,
    Report,
)
from .pdf import minutes_pdf
from .selectors import Quorum, can_contribute, can_convene, can_manage, meeting_quorum

__all__ = [
    "Invitee",
    "Quorum",
    "action_add",
    "action_complete",
    "attendance_record",
    "decision_record",
    "invitation_reply",
    "invitations_send",
    "meeting_cancel",
    "meeting_convene",
    "meeting_held",
    "meeting_invite",
    "meeting_quorum",
    "meeting_reschedule",
    "meeting_subject_add",
    "meeting_subject_notes",
    "minutes_approve",
    "minutes_circulate",
    "minutes_draft",
    "minutes_pdf",
    "minutes_send",
    "report_submit",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitee:
    """Someone to invite: a professional (user and/or agency), a family member (person), or anyone by email."""

    name: str
    email: str
    agency: Any = None
    role: str = ""
    user: Any = None
    person: Person | None = None


def _chronology_for_subjects(
    *,
    meeting: Meeting,
    actor: Any,
    kind: str,
    occurred_on: date,
    summary: str,
    significance: str,
    source: Any,
    person: Person | None = None,
    detail: str = "",
) -> None:
    """The event lands in the chronology of each person the meeting is about (or of the one
    it concerns), restricted like the meeting, once per source record."""
    subjects = [person] if person is not None else [s.person for s in meeting.subjects.select_related("person")]
    for subject in subjects:
        chronology_record(
            person=subject,
            occurred_on=occurred_on,
            kind=kind,
            summary=summary,
            detail=detail,
            recorded_by=actor,
            source_agency=getattr(actor, "agency", None),
            significance=significance,
            source=source,
            restricted_area=meeting.restricted_area,
        )


# Checks shared by the services.


def _clean_text(value: str | None, *, field: str, message: str, max_length: int | None = None, label: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(f"{label or field.capitalize()} must be {max_length} characters or fewer", field=field)
    return text


def _aware(value: datetime) -> datetime:
    """Times without a zone are London times (what a user typed)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _clean_times(starts_at: datetime | None, ends_at: datetime | None) -> tuple[datetime, datetime | None]:
    if starts_at is None:
        raise ApplicationError("Enter the date and time the meeting starts", field="starts_at")
    starts_at = _aware(starts_at)
    ends_at = _aware(ends_at) if ends_at is not None else None
    if ends_at is not None and ends_at <= starts_at:
        raise ApplicationError("The meeting must end after it starts", field="ends_at")
    return starts_at, ends_at


def _clean_link(link: str) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            raise ApplicationError(
                "Enter the online link as a full web address, like https://meet.example.org/abc", field="online_link"
            ) from None
    return link


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("chair", "convened_by").get(pk=meeting.pk)


def _require_manage(actor: Any, meeting: Meeting) -> None:
    if not can_manage(actor, meeting):
        raise ApplicationError("You cannot change this meeting")


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError("This meeting was cancelled. Convene a new meeting instead")


def _require_started(meeting: Meeting, what: str) -> None:
    if timezone.localdate() < meeting.local_date:
        day = meeting.local_date
        raise ApplicationError(f"You can {what} from the day of the meeting, {day.day} {day:%B %Y}")


def _subject_of(meeting: Meeting, person: Person | None, field: str = "person") -> Person | None:
    if person is not None and not meeting.subjects.filter(person=person).exists():
        raise ApplicationError("Choose one of the people this meeting is about", field=field)
    return person


def _send_invitations_after_commit(meeting: Meeting) -> None:
    from .tasks import send_meeting_invitations

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting_id))


# Convening, rescheduling, cancelling.


@records_actor()
@transaction.atomic
def meeting_convene(
    *,
    actor: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    location: str = "",
    online_link: str = "",
    chair: Any = None,
    subjects: Iterable[Person] = (),
    restricted_area: str = "",
) -> Meeting:
    """Convene a meeting about the given people (none for a board meeting)."""
    if kind not in MeetingKind.values:
        raise ApplicationError("Choose a kind of meeting", field="kind")
    title = _clean_text(title, field="title", message="Enter a title for the meeting", max_length=200, label="Title")
    starts_at, ends_at = _clean_times(starts_at, ends_at)
    location = (location or "").strip()
    if len(location) > 300:
        raise ApplicationError("Place must be 300 characters or fewer", field="location")
    online_link = _clean_link(online_link)
    restricted_area = restricted_area or ""
    if restricted_area not in RestrictedArea.values:
        raise ApplicationError("Choose a restricted area, or none", field="restricted_area")
    if restricted_area and getattr(actor, "restricted_area", "") != restricted_area:
        raise ApplicationError("Only members of that restricted team can convene its meetings", field="restricted_area")
    people = list({p.pk: p for p in subjects}.values())
    if not can_convene(actor, people):
        raise ApplicationError(
            "You can only convene a meeting about people whose records you can see", field="subjects"
        )
    if chair is not None and not (chair.is_active and chair.role):
        raise ApplicationError("Choose a chair who can use Jigsaw", field="chair")
    meeting = Meeting.objects.create(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        chair=chair,
        convened_by=actor,
        restricted_area=restricted_area,
    )
    for person in people:
        MeetingSubject.objects.create(meeting=meeting, person=person)
    return meeting


@records_actor()
@transaction.atomic
def meeting_subject_add(*, actor: Any, meeting: Meeting, person: Person, notes: str = "") -> MeetingSubject:
    """Add a person the meeting is about (a complex strategy meeting grows as the enquiry does)."""
    _require_manage(actor, meeting)
    _require_not_cancelled(meeting)
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ApplicationError("No person you can see has that council id", field="person")
    if meeting.subjects.filter(person=person).exists():
        raise ApplicationError(f"This meeting is already about {person.display_name}", field="person")
    return MeetingSubject.objects.create(meeting=meeting, person=person, notes=(notes or "").strip())


@records_actor()
@transaction.atomic
def meeting_subject_notes(
    *, actor: Any, subject: MeetingSubject, notes: str, expected_version: int | None = None
) -> MeetingSubject:
    """What the meeting is about for this one person; seen only by those who may see them."""
    _require_manage(actor, subject.meeting)
    if not Person.objects.visible_to(actor).filter(pk=subject.person_id).exists():
        raise ApplicationError("You cannot write notes about this person")
    current = lock_for_edit(subject, expected_version)
    current.notes = (notes or "").strip()
    bump_version(current)
    current.save(update_fields=["notes", "version"])
    return current


@records_actor()
@transaction.atomic
def meeting_reschedule(
    *,
    actor: Any,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime | None = None,
    location: str | None = None,
    online_link: str | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Move the meeting; every invitee gets the updated invitation (same UID, next SEQUENCE)."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    check_version(current, expected_version)
    _require_not_cancelled(current)
    if current.status == MeetingStatus.HELD:
        raise ApplicationError("This meeting has already been held. Convene a new meeting instead")
    starts_at, ends_at = _clean_times(starts_at, ends_at)
    new = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": current.location if location is None else location.strip(),
        "online_link": current.online_link if online_link is None else _clean_link(online_link),
    }
    if all(getattr(current, k) == v for k, v in new.items()):
        raise ApplicationError("Change the date, time or place to reschedule the meeting", field="starts_at")
    for key, value in new.items():
        setattr(current, key, value)
    current.ical_sequence += 1
    bump_version(current)
    current.save()
    _send_invitations_after_commit(current)
    return current


@records_actor()
@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """Cancel the meeting; every invitee who had the invitation gets a METHOD:CANCEL."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    if current.status == MeetingStatus.HELD:
        raise ApplicationError("This meeting has already been held, so it cannot be cancelled")
    current.cancelled_reason = _clean_text(reason, field="reason", message="Enter why the meeting is cancelled")
    current.status = MeetingStatus.CANCELLED
    current.cancelled_at = timezone.now()
    current.ical_sequence += 1
    current.save()
    _send_invitations_after_commit(current)
    return current


# Invitations and replies.


@records_actor()
@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting, invitees: Iterable[Invitee]) -> list[Invitation]:
    """Invite people and agencies. Each invitee with an email address is sent the invitation
    with an iCalendar (METHOD:REQUEST) attachment once this commits.

    An email address that belongs to a Jigsaw user links the invitation to them (so the
    meeting is in their list and they can reply in Jigsaw); their agency is the default."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    User = get_user_model()
    created: list[Invitation] = []
    for invitee in invitees:
        name = _clean_text(
            invitee.name, field="name", message="Enter the name of the person invited", max_length=200, label="Name"
        )
        email = (invitee.email or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ApplicationError(
                    "Enter an email address in the correct format, like name@example.org", field="email"
                ) from None
        user = invitee.user
        if user is None and email:
            matches = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
            user = matches[0] if len(matches) == 1 else None
        same = Q(pk__in=[])
        if email:
            same |= Q(email__iexact=email)
        if user is not None:
            same |= Q(user=user)
        existing = current.invitations.filter(same).first()
        if existing is not None:
            raise ApplicationError(
                f"{existing.name}{f' ({existing.email})' if existing.email else ''} is already invited to this meeting",
                field="email",
            )
        if invitee.person is not None and not Person.objects.visible_to(actor).filter(pk=invitee.person.pk).exists():
            raise ApplicationError("No person you can see has that council id", field="person")
        agency = invitee.agency or (user.agency if user is not None and user.agency_id else None)
        created.append(
            Invitation.objects.create(
                meeting=current,
                name=name,
                email=email,
                agency=agency,
                role=(invitee.role or "").strip()[:100],
                user=user,
                person=invitee.person,
                invited_by=actor,
            )
        )
    if any(i.email for i in created):
        _send_invitations_after_commit(current)
    _tell_invited_users(current, created, actor)
    return created


def _tell_invited_users(meeting: Meeting, invitations: Iterable[Invitation], actor: Any) -> None:
    """Each invited Jigsaw user hears of it in "Your notifications", linking to the meeting. A
    restricted meeting's notice says no more than that there is a meeting."""
    from django.urls import reverse

    from jigsaw.notifications.kinds import MEETING_INVITATION
    from jigsaw.notifications.services import notify

    local = timezone.localtime(meeting.starts_at)
    when = f"{local.day} {local:%B %Y} at {local:%H:%M}"
    for invitation in invitations:
        if invitation.user_id is None or invitation.user_id == getattr(actor, "pk", None):
            continue
        title = (
            f"You are invited to a meeting on {when}"
            if meeting.restricted_area
            else f"You are invited: {meeting.title}, {when}"
        )
        notify(
            recipient=invitation.user,
            kind=MEETING_INVITATION,
            title=title,
            url=reverse("meetings:detail", args=[meeting.pk]),
            dedupe_key=f"meeting-{meeting.pk}-invitation-{invitation.user_id}",
        )


@records_actor()
@transaction.atomic
def invitation_reply(*, actor: Any, invitation: Invitation, reply: str) -> Invitation:
    """Record a reply: by the invitee in Jigsaw, or by an organiser who was told by phone or email."""
    meeting = invitation.meeting
    if invitation.user_id != getattr(actor, "pk", None) and not can_manage(actor, meeting):
        raise ApplicationError("You cannot reply for this person")
    _require_not_cancelled(meeting)
    if reply not in (Reply.ACCEPTED, Reply.DECLINED, Reply.TENTATIVE):
        raise ApplicationError("Choose accepted, declined or tentative", field="reply")
    invitation.reply = reply
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "replied_at"])
    return invitation


@records_actor()
@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, attendance: Mapping[int, str]) -> list[Invitation]:
    """Record who attended, who sent apologies and who was absent ({invitation id: attendance}).

    Once anyone has attended, the meeting is held, which lands in each subject's chronology."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    _require_started(current, "record attendance")
    if not attendance:
        raise ApplicationError("Record attendance for at least one person", field="attendance")
    invitations = {i.pk: i for i in current.invitations.all()}
    allowed = (Attendance.ATTENDED, Attendance.APOLOGIES, Attendance.ABSENT)
    for raw_id, value in attendance.items():
        try:
            key = int(raw_id)
        except (TypeError, ValueError):
            key = None
        if key not in invitations:
            raise ApplicationError(f"Invitation {raw_id} is not an invitation to this meeting", field="attendance")
        if value not in allowed:
            name = invitations[key].name
            raise ApplicationError(f"Choose attended, sent apologies or absent for {name}", field="attendance")
    changed = []
    for raw_id, value in attendance.items():
        inv = invitations[int(raw_id)]
        if inv.attendance != value:
            inv.attendance = value
            inv.save(update_fields=["attendance"])
        changed.append(inv)
    if current.status == MeetingStatus.CONVENED and any(
        i.attendance == Attendance.ATTENDED for i in invitations.values()
    ):
        # Someone attended, so it took place; when exactly, the chair may say (meeting_held) first.
        _mark_held(current, actor=actor, held_at=min(current.starts_at, timezone.now()))
    return changed


def _mark_held(meeting: Meeting, *, actor: Any, held_at: datetime) -> None:
    from .signals import meeting_held as held_signal

    meeting.status = MeetingStatus.HELD
    meeting.held_at = held_at
    meeting.save(update_fields=["status", "held_at", "updated_at"])
    _chronology_for_subjects(
        meeting=meeting,
        actor=actor,
        kind="meeting_held",
        occurred_on=meeting.held_on,
        summary=f"{meeting.get_kind_display()} held" + (f", chaired by {meeting.chair}" if meeting.chair_id else ""),
        significance="standard",
        source=meeting,
    )
    held_signal.send(sender=Meeting, meeting=meeting, actor=actor)


@records_actor()
@transaction.atomic
def meeting_held(*, actor: Any, meeting: Meeting, held_at: datetime | None) -> Meeting:
    """Record that the meeting took place, and when (it may not be when it was set). Deadlines a
    meeting meets are met now (meetings.signals.meeting_held), never when it is booked."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    if current.status == MeetingStatus.HELD:
        day = current.held_on or current.local_date
        raise ApplicationError(f"This meeting was already recorded as held on {day.day} {day:%B %Y}")
    if held_at is None:
        raise ApplicationError("Enter the date and time the meeting took place", field="held_at")
    held_at = _aware(held_at)
    if held_at > timezone.now():
        raise ApplicationError("The date and time it took place must be in the past", field="held_at")
    _mark_held(current, actor=actor, held_at=held_at)
    return current


# Papers, minutes, decisions and actions.


@records_actor()
@transaction.atomic
def report_submit(
    *, actor: Any, meeting: Meeting, text: str, agency: Any = None, person: Person | None = None
) -> Report:
    """An agency's report to the meeting (for a conference: before it, so people can read it)."""
    if not can_contribute(actor, meeting):
        raise ApplicationError("You cannot submit a report to this meeting")
    _require_not_cancelled(meeting)
    text = _clean_text(text, field="text", message="Enter the report")
    person = _subject_of(meeting, person)
    return Report.objects.create(
        meeting=meeting,
        agency=agency or (actor.agency if actor.agency_id else None),
        author=actor,
        text=text,
        person=person,
    )


@records_actor()
@transaction.atomic
def minutes_draft(*, actor: Any, meeting: Meeting, text: str, expected_version: int | None) -> Minutes:
    """Write (or rewrite) the draft minutes. Approved minutes are final.

    `expected_version` is the version of the minutes the writer started from (0: there were
    none yet): a save over someone else's newer draft is refused, not written over it.
    """
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    _require_started(current, "write the minutes")
    text = _clean_text(text, field="text", message="Enter the minutes")
    minutes = Minutes.objects.select_for_update().filter(meeting=current).first()
    if minutes is not None and minutes.approved_at:
        raise ApplicationError("The chair has approved these minutes, so they can no longer be changed", field="text")
    try:
        check_version(minutes, expected_version)
    except ApplicationError:
        raise ApplicationError(_minutes_changed(minutes), field="text") from None
    if minutes is None:
        return Minutes.objects.create(meeting=current, text=text, drafted_by=actor)
    minutes.text = text
    minutes.drafted_by = actor
    minutes.drafted_at = timezone.now()
    bump_version(minutes)
    minutes.save()
    return minutes


def _minutes_changed(minutes: Minutes | None) -> str:
    if minutes is None:
        return "The minutes you were changing are no longer there. Open the minutes again"
    return (
        f"{minutes.drafted_by} saved the minutes while you were writing. Your changes have not been saved: "
        "read the minutes as they are now and make your changes again."
    )


@records_actor()
@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting, expected_version: int) -> Minutes:
    """The chair approves the minutes they read. Nobody else can.

    `expected_version` is the version the chair read: if anyone saved the minutes since,
    the chair is asked to read them again rather than approve text they have not seen.
    """
    current = _lock(meeting)
    if current.chair_id is None:
        raise ApplicationError("This meeting has no chair, and only the chair can approve the minutes")
    if current.chair_id != getattr(actor, "pk", None):
        raise ApplicationError(f"Only the chair, {current.chair}, can approve the minutes")
    minutes = Minutes.objects.select_for_update().filter(meeting=current).first()
    if minutes is None:
        raise ApplicationError("There are no minutes to approve yet. Write the minutes first")
    if minutes.approved_at:
        raise ApplicationError(f"You approved these minutes on {minutes.approved_at.day} {minutes.approved_at:%B %Y}")
    if minutes.version != expected_version:
        raise ApplicationError(
            f"{minutes.drafted_by} changed the minutes after you opened them. They have not been approved: "
            "read the minutes as they are now, then approve them."
        )
    minutes.approved_by = actor
    minutes.approved_at = max(timezone.now(), minutes.drafted_at)
    minutes.save(update_fields=["approved_by", "approved_at"])
    return minutes


@records_actor()
@transaction.atomic
def minutes_circulate(*, actor: Any, meeting: Meeting) -> Minutes:
    """Send the approved minutes (PDF) to everyone who attended or sent apologies."""
    if not (can_manage(actor, meeting) or meeting.chair_id == getattr(actor, "pk", None)):
        raise ApplicationError("You cannot circulate the minutes of this meeting")
    current = _lock(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=current).first()
    if minutes is None or minutes.approved_at is None:
        raise ApplicationError("The chair must approve the minutes before they are circulated")
    if minutes.circulated_at:
        raise ApplicationError(
            f"The minutes were circulated on {minutes.circulated_at.day} {minutes.circulated_at:%B %Y}"
        )
    recipients = current.invitations.filter(attendance__in=(Attendance.ATTENDED, Attendance.APOLOGIES)).exclude(
        email=""
    )
    if not recipients.exists():
        raise ApplicationError(
            "Nobody with an email address is recorded as attending or sending apologies. Record attendance first"
        )
    minutes.circulated_at = max(timezone.now(), minutes.approved_at)
    minutes.save(update_fields=["circulated_at"])
    from .tasks import send_meeting_minutes

    meeting_id = current.pk
    transaction.on_commit(lambda: send_meeting_minutes.enqueue(meeting_id))
    return minutes


@records_actor()
@transaction.atomic
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    code: str = "",
    dissent: str = "",
    person: Person | None = None,
    decided_at: datetime | None = None,
) -> Decision:
    """Record the meeting's decision (about one subject, or all). It lands in their chronology."""
    _require_manage(actor, meeting)
    current = _lock(meeting)
    _require_not_cancelled(current)
    text = _clean_text(text, field="text", message="Enter the decision")
    decided_at = _aware(decided_at) if decided_at else timezone.now()
    if timezone.localtime(decided_at).date() < current.local_date:
        raise ApplicationError("A decision cannot be dated before the meeting", field="decided_at")
    if decided_at > timezone.now():
        raise ApplicationError("A decision cannot be dated in the future", field="decided_at")
    person = _subject_of(current, person)
    decision = Decision.objects.create(
        meeting=current,
        text=text,
        code=(code or "").strip()[:50],
        dissent=(dissent or "").strip(),
        person=person,
        decided_at=decided_at,
        recorded_by=actor,
    )
    summary = f"{current.get_kind_display()} decision: {text}"
    if decision.dissent:
        summary += " (dissent recorded)"
    _chronology_for_subjects(
        meeting=current,
        actor=actor,
        kind="meeting_decision",
        occurred_on=timezone.localdate(decided_at),
        summary=summary,
        detail=f"{text}\n\nDissent: {decision.dissent}" if decision.dissent else "",
        significance="high",
        source=decision,
        person=person,
    )
    return decision


@records_actor()
@transaction.atomic
def action_add(
    *,
    actor: Any,
    meeting: Meeting,
    description: str,
    due_on: date | None,
    owner: Any = None,
    owner_name: str = "",
    person: Person | None = None,
) -> Action:
    """An action agreed at the meeting, with who will do it and by when."""
    _require_manage(actor, meeting)
    _require_not_cancelled(meeting)
    description = _clean_text(description, field="description", message="Enter what needs to be done")
    if due_on is None:
        raise ApplicationError("Enter the date the action is due", field="due_on")
    if due_on < timezone.localdate():
        raise ApplicationError("The due date must be today or in the future", field="due_on")
    owner_name = (owner_name or "").strip()
    if owner is None and not owner_name:
        raise ApplicationError("Enter who will do this action", field="owner_name")
    if owner is not None and not owner.is_active:
        raise ApplicationError("Choose an owner who can still use Jigsaw", field="owner")
    person = _subject_of(meeting, person)
    return Action.objects.create(
        meeting=meeting,
        description=description,
        due_on=due_on,
        owner=owner,
        owner_name=owner_name[:200],
        person=person,
        created_by=actor,
    )


@records_actor()
@transaction.atomic
def action_complete(*, actor: Any, action: Action, done_on: date | None = None) -> Action:
    """Mark an action done: by its owner or by whoever runs the meeting."""
    if action.owner_id != getattr(actor, "pk", None) and not can_manage(actor, action.meeting):
        raise ApplicationError("You cannot complete this action")
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.done_on:
        raise ApplicationError(f"This action was done on {current.done_on.day} {current.done_on:%B %Y}")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ApplicationError("The date it was done must be today or in the past", field="done_on")
    if done_on < current.created_on:
        raise ApplicationError("The date it was done cannot be before the action was agreed", field="done_on")
    current.done_on = done_on
    current.save(update_fields=["done_on"])
    return current


# Sending (called by the tasks and the management command). Idempotent: each invitee gets
# each version of the invitation once, and the minutes once.


def _subject_ids(meeting: Meeting) -> list[int]:
    return list(meeting.subjects.values_list("person_id", flat=True))


def _disclosed(meeting: Meeting, inv: Invitation, about: list[int], route: str, what: str) -> None:
    """The disclosure log (jigsaw.records): what went to this invitee about each child discussed."""
    disclosures_record(
        person_ids=about,
        route=route,
        what=what,
        recipient_name=inv.name,
        recipient_email=inv.email,
        recipient_agency=inv.agency.name if inv.agency_id else "",
        purpose=f"{meeting.get_kind_display()} on {timezone.localtime(meeting.starts_at):%-d %B %Y}",
        source=meeting,
        restricted_area=meeting.restricted_area,
    )


def invitations_send(*, meeting_id: int) -> int:
    """Send whatever calendar messages are owed for the meeting. Returns how many were sent."""
    meeting = Meeting.objects.select_related("chair", "convened_by").get(pk=meeting_id)
    pending = meeting.invitations.exclude(email="").filter(
        Q(sent_sequence__isnull=True) | Q(sent_sequence__lt=meeting.ical_sequence)
    )
    if meeting.status == MeetingStatus.CANCELLED:
        # Only those who had the invitation need to be told it is off.
        pending = pending.filter(sent_sequence__isnull=False)
    sent = 0
    failures = []
    about = _subject_ids(meeting)
    for invitation_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            inv = Invitation.objects.select_for_update().get(pk=invitation_id)
            if inv.sent_sequence is not None and inv.sent_sequence >= meeting.ical_sequence:
                continue  # another worker got there first
            try:
                message = invitation_email(meeting, inv)
                message.send(using="default")
            except Exception as e:  # one bad address must not stop the others
                logger.exception("Invitation %s for meeting %s not sent", inv.pk, meeting.pk)
                failures.append(e)
                continue
            inv.sent_sequence = meeting.ical_sequence
            inv.sent_at = timezone.now()
            inv.save(update_fields=["sent_sequence", "sent_at"])
            _disclosed(meeting, inv, about, DisclosureRoute.MEETING_INVITATION, message.subject)
            sent += 1
    if failures:
        raise failures[0]  # the task is marked failed; running it again sends only what is missing
    return sent


def minutes_send(*, meeting_id: int) -> int:
    """Send the circulated minutes to attendees and those who sent apologies, once each."""
    meeting = Meeting.objects.select_related("chair", "convened_by").get(pk=meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting, circulated_at__isnull=False).first()
    if minutes is None:
        return 0
    pending = list(
        meeting.invitations.filter(
            attendance__in=(Attendance.ATTENDED, Attendance.APOLOGIES), minutes_sent_at__isnull=True
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    pdf = minutes_pdf(meeting)
    sent = 0
    failures = []
    about = _subject_ids(meeting)
    for invitation_id in pending:
        with transaction.atomic():
            inv = Invitation.objects.select_for_update().get(pk=invitation_id)
            if inv.minutes_sent_at is not None:
                continue
            try:
                minutes_email(meeting, inv, pdf).send(using="default")
            except Exception as e:
                logger.exception("Minutes of meeting %s not sent to invitation %s", meeting.pk, inv.pk)
                failures.append(e)
                continue
            inv.minutes_sent_at = timezone.now()
            inv.save(update_fields=["minutes_sent_at"])
            _disclosed(meeting, inv, about, DisclosureRoute.MINUTES_SENT, f"Minutes of {meeting.title}")
            sent += 1
    if failures:
        raise failures[0]
    return sent
