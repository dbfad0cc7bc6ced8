"""Invitations arrive by real SMTP with an iCalendar invitation a calendar program understands."""

import pytest
from django.core.management import call_command
from icalendar import Calendar

from jigsaw.meetings.services import Invitee, meeting_cancel, meeting_invite, meeting_reschedule

from .conftest import LONDON, at

pytestmark = pytest.mark.django_db


def calendar_of(message) -> tuple[Calendar, object]:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one calendar attachment"
    cal = Calendar.from_ical(parts[0].get_content())
    return cal, parts[0]


def test_invitation_arrives_with_a_calendar_request(
    smtp_sink, django_capture_on_commit_callbacks, conference, worker, agencies
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invite(
            actor=worker,
            meeting=conference,
            invitees=[
                Invitee(
                    name="DC Sam Hollis", email="sam.hollis@police.example", agency=agencies["police"], role="Police"
                )
            ],
        )

    [message] = smtp_sink.to("sam.hollis@police.example")
    assert message["Subject"] == "Invitation: Initial child protection conference"
    assert "Room 2, Civic Centre" in message.get_body(("plain",)).get_content()
    cal, part = calendar_of(message)
    assert part.get_param("method") == "REQUEST"
    assert cal["METHOD"] == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == at(7, 10)
    assert event.decoded("DTSTART").tzinfo.key == "Europe/London"
    assert event.decoded("DTEND") == at(7, 12)
    assert str(event["UID"]) == conference.ical_uid
    assert int(event["SEQUENCE"]) == 0
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:sam.hollis@police.example"
    assert attendee.params["CN"] == "DC Sam Hollis"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["RSVP"] == "TRUE"
    assert str(event["ORGANIZER"]) == "mailto:priya.nair@council.example"  # the chair
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_reschedule_sends_the_same_uid_with_the_next_sequence(
    smtp_sink, django_capture_on_commit_callbacks, conference, worker, agencies
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invite(
            actor=worker, meeting=conference, invitees=[Invitee(name="School nurse", email="nurse@health.example")]
        )
    with django_capture_on_commit_callbacks(execute=True):
        moved = meeting_reschedule(actor=worker, meeting=conference, starts_at=at(8, 14), ends_at=at(8, 15, 30))

    first, second = smtp_sink.to("nurse@health.example")
    assert second["Subject"] == "Updated invitation: Initial child protection conference"
    cal, _ = calendar_of(second)
    [event] = cal.walk("VEVENT")
    assert moved.ical_sequence == 1
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == str(calendar_of(first)[0].walk("VEVENT")[0]["UID"]) == conference.ical_uid
    assert event.decoded("DTSTART") == at(8, 14)


def test_cancellation_sends_method_cancel_to_those_invited(
    smtp_sink, django_capture_on_commit_callbacks, conference, worker
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invite(
            actor=worker,
            meeting=conference,
            invitees=[Invitee(name="Gemma Rowntree", email="gemma@example.org", role="Parent")],
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=worker, meeting=conference, reason="The family has moved out of the area")

    _, cancel = smtp_sink.to("gemma@example.org")
    assert cancel["Subject"].startswith("Cancelled:")
    cal, part = calendar_of(cancel)
    assert part.get_param("method") == "CANCEL"
    assert cal["METHOD"] == "CANCEL"
    [event] = cal.walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_sending_again_sends_nothing_twice(smtp_sink, django_capture_on_commit_callbacks, conference, worker):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="GP", email="gp@surgery.example")])
    call_command("send_meeting_invitations", "--meeting", str(conference.pk))
    call_command("send_meeting_invitations")
    assert len(smtp_sink.to("gp@surgery.example")) == 1


def test_the_command_sends_what_the_worker_did_not(smtp_sink, conference, worker):
    # Outside a committed transaction nothing is enqueued: as if the worker were down.
    meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="GP", email="gp@surgery.example")])
    assert smtp_sink.messages == []
    call_command("send_meeting_invitations", "--meeting", str(conference.pk))
    [message] = smtp_sink.to("gp@surgery.example")
    cal, _ = calendar_of(message)
    assert cal.walk("VEVENT")[0].decoded("DTSTART").astimezone(LONDON).hour == 10


def test_a_jigsaw_user_invited_by_email_is_linked(conference, worker, police_officer):
    [invitation] = meeting_invite(
        actor=worker, meeting=conference, invitees=[Invitee(name="Sam Hollis", email="SAM.HOLLIS@police.example")]
    )
    assert invitation.user == police_officer
    assert invitation.agency == police_officer.agency
