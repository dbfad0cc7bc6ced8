"""Bad input gets a clear message that names the field, and nothing is saved."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Meeting, MeetingKind, Minutes
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    action_complete,
    attendance_record,
    decision_record,
    invitation_reply,
    meeting_cancel,
    meeting_convene,
    meeting_invite,
    meeting_reschedule,
    minutes_draft,
    report_submit,
)

from .conftest import at

pytestmark = pytest.mark.django_db


def refused(match: str, field: str | None = None):
    class _Check:
        def __enter__(self):
            self.ctx = pytest.raises(ApplicationError, match=match)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            result = self.ctx.__exit__(*exc)
            assert self.info.value.field == field, f"field {self.info.value.field!r}, expected {field!r}"
            return result

    return _Check()


def test_a_meeting_that_ends_before_it_starts(worker, child):
    with refused("The meeting must end after it starts", "ends_at"):
        meeting_convene(
            actor=worker,
            kind=MeetingKind.ICPC,
            title="Conference",
            starts_at=at(5, 14),
            ends_at=at(5, 13),
            subjects=[child],
        )
    assert not Meeting.objects.exists()


def test_the_database_refuses_it_too(worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(kind="icpc", title="x", starts_at=at(5, 14), ends_at=at(5, 13), convened_by=worker)


def test_a_kind_that_is_not_a_kind_and_an_empty_title(worker, child):
    with refused("Choose a kind of meeting", "kind"):
        meeting_convene(actor=worker, kind="picnic", title="x", starts_at=at(5), subjects=[child])
    with refused("Enter a title for the meeting", "title"):
        meeting_convene(actor=worker, kind="icpc", title="   ", starts_at=at(5), subjects=[child])
    with refused("full web address", "online_link"):
        meeting_convene(
            actor=worker, kind="icpc", title="x", starts_at=at(5), online_link="teams meeting", subjects=[child]
        )


def test_an_action_due_in_the_past(todays_meeting, worker):
    with refused("The due date must be today or in the future", "due_on"):
        action_add(
            actor=worker,
            meeting=todays_meeting,
            description="Visit",
            owner=worker,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    with refused("Enter who will do this action", "owner_name"):
        action_add(actor=worker, meeting=todays_meeting, description="Visit", due_on=timezone.localdate())


def test_an_action_done_in_the_future(todays_meeting, worker):
    action = action_add(
        actor=worker, meeting=todays_meeting, description="Visit", owner_name="Health visitor", due_on=at(3).date()
    )
    with refused("today or in the past", "done_on"):
        action_complete(actor=worker, action=action, done_on=timezone.localdate() + dt.timedelta(days=1))
    assert action_complete(actor=worker, action=action).done_on == timezone.localdate()
    with refused("This action was done on"):
        action_complete(actor=worker, action=action)


def test_attendance_for_an_invitation_of_another_meeting(todays_meeting, conference, worker):
    [other] = meeting_invite(
        actor=worker, meeting=conference, invitees=[Invitee(name="GP", email="gp@surgery.example")]
    )
    [ours] = meeting_invite(
        actor=worker, meeting=todays_meeting, invitees=[Invitee(name="GP", email="gp@surgery.example")]
    )
    with refused(f"Invitation {other.pk} is not an invitation to this meeting", "attendance"):
        attendance_record(actor=worker, meeting=todays_meeting, attendance={ours.pk: "attended", other.pk: "attended"})
    ours.refresh_from_db()
    assert ours.attendance == "unknown"  # nothing half-saved
    with refused("Choose attended, sent apologies or absent for GP", "attendance"):
        attendance_record(actor=worker, meeting=todays_meeting, attendance={ours.pk: "maybe"})


def test_attendance_and_minutes_wait_for_the_day_of_the_meeting(conference, worker):
    [inv] = meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="GP", email="gp@surgery.example")])
    with refused("You can record attendance from the day of the meeting"):
        attendance_record(actor=worker, meeting=conference, attendance={inv.pk: "attended"})
    with refused("You can write the minutes from the day of the meeting"):
        minutes_draft(actor=worker, meeting=conference, text="Minutes", expected_version=0)
    assert not Minutes.objects.exists()


def test_a_decision_dated_before_the_meeting(todays_meeting, worker):
    with refused("A decision cannot be dated before the meeting", "decided_at"):
        decision_record(actor=worker, meeting=todays_meeting, text="Section 47", decided_at=at(-2))
    with refused("Enter the decision", "text"):
        decision_record(actor=worker, meeting=todays_meeting, text="")


def test_invitations_need_a_name_and_a_real_email_and_come_once(conference, worker):
    with refused("Enter the name of the person invited", "name"):
        meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="", email="a@b.example")])
    with refused("Enter an email address in the correct format", "email"):
        meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="A", email="not an email")])
    meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="A", email="a@b.example")])
    with refused(r"A \(a@b.example\) is already invited", "email"):
        meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="A again", email="A@B.example")])


def test_replies_and_reports(conference, worker):
    [inv] = meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="A", email="a@b.example")])
    with refused("Choose accepted, declined or tentative", "reply"):
        invitation_reply(actor=worker, invitation=inv, reply="perhaps")
    assert invitation_reply(actor=worker, invitation=inv, reply="accepted").replied_at is not None
    with refused("Enter the report", "text"):
        report_submit(actor=worker, meeting=conference, text=" ")


def test_a_cancelled_meeting_stays_cancelled(conference, worker):
    with refused("Enter why the meeting is cancelled", "reason"):
        meeting_cancel(actor=worker, meeting=conference, reason="")
    meeting_cancel(actor=worker, meeting=conference, reason="Family moved away")
    with refused("This meeting was cancelled"):
        meeting_reschedule(actor=worker, meeting=conference, starts_at=at(9))
    with refused("This meeting was cancelled"):
        meeting_invite(actor=worker, meeting=conference, invitees=[Invitee(name="A", email="a@b.example")])


def test_rescheduling_to_the_same_time_is_not_a_reschedule(conference, worker):
    with refused("Change the date, time or place", "starts_at"):
        meeting_reschedule(actor=worker, meeting=conference, starts_at=conference.starts_at, ends_at=conference.ends_at)
    with refused("The meeting must end after it starts", "ends_at"):
        meeting_reschedule(actor=worker, meeting=conference, starts_at=at(9, 14), ends_at=at(9, 14))
