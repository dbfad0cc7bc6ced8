"""Quorum: who must be in the room, per kind of meeting, configurable by the partnership."""

import pytest

from jigsaw.meetings.services import attendance_record, meeting_quorum

from .conftest import invite_agencies

pytestmark = pytest.mark.django_db


def attend(actor, meeting, invitations, **by_role):
    attendance_record(
        actor=actor, meeting=meeting, attendance={i.pk: by_role.get(i.role, "attended") for i in invitations}
    )
    meeting.refresh_from_db()


def test_strategy_discussion_is_quorate_with_social_care_police_and_health(todays_meeting, worker, agencies):
    invitations = invite_agencies(worker, todays_meeting, agencies, ("csc", "police", "health"))
    attend(worker, todays_meeting, invitations)
    quorum = meeting_quorum(todays_meeting)
    assert quorum.met and quorum.missing == []


def test_strategy_discussion_without_police_is_not_quorate(todays_meeting, worker, agencies):
    invitations = invite_agencies(worker, todays_meeting, agencies, ("csc", "police", "health"))
    attend(worker, todays_meeting, invitations, police="apologies")
    quorum = meeting_quorum(todays_meeting)
    assert not quorum.met
    assert quorum.missing == ["Police"]


def test_conference_needs_social_care_and_two_other_agencies(todays_meeting, worker, agencies):
    todays_meeting.kind = "icpc"
    todays_meeting.save()
    invitations = invite_agencies(worker, todays_meeting, agencies, ("csc", "police", "school"))
    attend(worker, todays_meeting, invitations, school="absent")
    quorum = meeting_quorum(todays_meeting)
    assert not quorum.met
    assert quorum.missing == ["1 more agency besides children's social care"]

    attendance_record(actor=worker, meeting=todays_meeting, attendance={invitations[2].pk: "attended"})
    assert meeting_quorum(todays_meeting).met


def test_the_partnership_can_change_the_rule(todays_meeting, worker, agencies, settings):
    settings.JIGSAW_MEETING_QUORUM = {"strategy_discussion": {"required": ["csc", "police", "health", "education"]}}
    invitations = invite_agencies(worker, todays_meeting, agencies, ("csc", "police", "health"))
    attend(worker, todays_meeting, invitations)
    quorum = meeting_quorum(todays_meeting)
    assert not quorum.met
    assert quorum.missing == ["Education"]


def test_a_meeting_with_no_rule_has_no_quorum_to_meet(todays_meeting):
    todays_meeting.kind = "board"
    quorum = meeting_quorum(todays_meeting)
    assert quorum.met and not quorum.applies
