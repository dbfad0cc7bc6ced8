"""A meeting held and its decisions land in the chronology of each child it is about."""

import pytest

from jigsaw.access.choices import Role
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import Invitee, attendance_record, decision_record, meeting_convene, meeting_invite
from jigsaw.people.tests.factories import PersonFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_holding_the_meeting_and_its_decision_reach_the_childs_chronology(todays_meeting, worker, child):
    [inv] = meeting_invite(actor=worker, meeting=todays_meeting, invitees=[Invitee(name="Tom", email="t@x.example")])
    attendance_record(actor=worker, meeting=todays_meeting, attendance={inv.pk: "attended"})
    attendance_record(actor=worker, meeting=todays_meeting, attendance={inv.pk: "attended"})  # again: no second entry
    decision_record(
        actor=worker, meeting=todays_meeting, text="Section 47 enquiry to start", dissent="Health disagreed"
    )

    entries = ChronologyEntry.objects.filter(person=child).order_by("pk")
    assert [(e.kind, e.significance) for e in entries] == [("meeting_held", "standard"), ("meeting_decision", "high")]
    held, decided = entries
    assert held.summary == "Strategy discussion held, chaired by Priya Nair"
    assert held.occurred_on == todays_meeting.local_date
    assert held.recorded_by == worker and held.source_agency == worker.agency
    assert decided.summary == "Strategy discussion decision: Section 47 enquiry to start (dissent recorded)"


def test_a_decision_about_one_child_reaches_only_that_childs_chronology(make_user):
    a, b = PersonFactory(), PersonFactory()
    unit = make_user(Role.TEAM_MANAGER)
    meeting = meeting_convene(
        actor=unit, kind=MeetingKind.COMPLEX_STRATEGY, title="Operation Larch", starts_at=at(-1), subjects=[a, b]
    )
    decision_record(actor=unit, meeting=meeting, text="Child B to be medically examined", person=b)
    assert not ChronologyEntry.objects.filter(person=a).exists()
    assert ChronologyEntry.objects.get(person=b).summary.endswith("Child B to be medically examined")
