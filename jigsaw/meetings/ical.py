"""iCalendar invitations (RFC 5545/5546) and the emails that carry them.

The UID never changes for a meeting; SEQUENCE goes up with each reschedule or
cancellation, so calendar programs replace the earlier version instead of adding a
second meeting. Times are written in Europe/London with its VTIMEZONE, so a meeting at
2pm stays at 2pm across the clocks changing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import MIMEPart
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Invitation, Meeting, MeetingStatus

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Jigsaw//Meetings//EN"
# Calendar programs assume an hour when an invitation gives no end.
DEFAULT_LENGTH = timedelta(hours=1)


def _organizer(meeting: Meeting) -> vCalAddress:
    who = meeting.chair if meeting.chair_id and meeting.chair.email else meeting.convened_by
    email = who.email if who and who.email else settings.DEFAULT_FROM_EMAIL
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(str(who) if who else settings.JIGSAW_SERVICE_NAME)
    return address


def _where(meeting: Meeting) -> str:
    return meeting.location or ("Online" if meeting.online_link else "")


def invitation_method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"


def meeting_ical(meeting: Meeting, invitation: Invitation) -> bytes:
    """The calendar object for one invitee: METHOD:REQUEST, or METHOD:CANCEL once cancelled."""
    organizer = _organizer(meeting)
    return event_ical(
        uid=meeting.ical_uid,
        sequence=meeting.ical_sequence,
        cancelled=invitation_method(meeting) == "CANCEL",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH,
        summary=meeting.title,
        location=_where(meeting),
        url=meeting.online_link,
        description=_description(meeting),
        organizer=(str(organizer).removeprefix("mailto:"), str(organizer.params["CN"])),
        attendee=(invitation.email, invitation.name),
    )


def event_ical(
    *,
    uid: str,
    sequence: int,
    cancelled: bool,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str,
    url: str,
    description: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
) -> bytes:
    """One event for one attendee (email, name), as an invitation (METHOD:REQUEST) or its
    cancellation (METHOD:CANCEL). Used by meetings and by any area that invites people to
    something at a time (the partnership's training sessions)."""
    method = "CANCEL" if cancelled else "REQUEST"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    start = starts_at.astimezone(LONDON)
    event.add("dtstart", start)
    event.add("dtend", ends_at.astimezone(LONDON))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    who = vCalAddress(f"mailto:{organizer[0]}")
    who.params["CN"] = vText(organizer[1])
    event.add("organizer", who)
    person = vCalAddress(f"mailto:{attendee[0]}")
    person.params["CN"] = vText(attendee[1])
    person.params["ROLE"] = "REQ-PARTICIPANT"
    person.params["PARTSTAT"] = "NEEDS-ACTION"
    person.params["RSVP"] = "TRUE"
    event.add("attendee", person)
    cal.add_component(event)
    # Only the years this event needs, not the whole of 1970-2038.
    cal.add_missing_timezones(first_date=date(start.year - 1, 1, 1), last_date=date(start.year + 2, 1, 1))
    return cal.to_ical()


def ical_attachment(ical: bytes, *, cancelled: bool) -> MIMEPart:
    """The calendar object as an email part (text/calendar; method=...), as calendar programs expect."""
    method = "CANCEL" if cancelled else "REQUEST"
    part = MIMEPart()
    part.set_content(
        ical.decode(),
        subtype="calendar",
        params={"method": method},
        disposition="attachment",
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
    )
    return part


def _description(meeting: Meeting) -> str:
    lines = [meeting.get_kind_display()]
    if meeting.chair_id:
        lines.append(f"Chair: {meeting.chair}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    return "\n".join(lines)


def meeting_when(meeting: Meeting) -> str:
    """4 December 2026 at 10:00am to 12:00pm"""
    start = timezone.localtime(meeting.starts_at)
    text = f"{start.day} {start:%B %Y} at {start:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at)
        text += f" to {end:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    return text


def invitation_email(meeting: Meeting, invitation: Invitation) -> EmailMultiAlternatives:
    """The email for one invitee, with the calendar invitation attached (text/calendar; method=...)."""
    method = invitation_method(meeting)
    if method == "CANCEL":
        subject = f"Cancelled: {meeting.title}"
        opening = f"This meeting has been cancelled.{' Reason: ' + meeting.cancelled_reason if meeting.cancelled_reason else ''}"
    elif meeting.ical_sequence > 0:
        subject = f"Updated invitation: {meeting.title}"
        opening = "The details of this meeting have changed. The updated invitation is attached."
    else:
        subject = f"Invitation: {meeting.title}"
        opening = (
            "You are invited to this meeting. The invitation is attached: open it to add it to your calendar and reply."
        )
    lines = [
        f"Dear {invitation.name},",
        "",
        opening,
        "",
        f"Meeting: {meeting.title} ({meeting.get_kind_display()})",
        f"When: {meeting_when(meeting)}",
    ]
    if _where(meeting):
        lines.append(f"Where: {_where(meeting)}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    if meeting.chair_id:
        lines.append(f"Chair: {meeting.chair}")
    lines += ["", f"{settings.JIGSAW_COUNCIL_NAME}"]
    message = EmailMultiAlternatives(
        subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.email]
    )
    part = MIMEPart()
    part.set_content(
        meeting_ical(meeting, invitation).decode(),
        subtype="calendar",
        params={"method": method},
        disposition="attachment",
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
    )
    message.attach(part)
    return message


def minutes_email(meeting: Meeting, invitation: Invitation, pdf: bytes) -> EmailMultiAlternatives:
    """The approved minutes, as a PDF, for one attendee (or one who sent apologies)."""
    start = timezone.localtime(meeting.starts_at)
    body = "\n".join(
        [
            f"Dear {invitation.name},",
            "",
            f"The approved minutes of {meeting.title} on {start.day} {start:%B %Y} are attached.",
            "They are confidential: keep them securely and share them only as the chair has agreed.",
            "",
            f"{settings.JIGSAW_COUNCIL_NAME}",
        ]
    )
    message = EmailMultiAlternatives(
        subject=f"Minutes: {meeting.title}", body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.email]
    )
    message.attach(f"minutes-{meeting.pk}.pdf", pdf, "application/pdf")
    return message
