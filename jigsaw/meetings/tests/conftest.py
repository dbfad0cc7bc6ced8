"""Fixtures for meeting tests: agencies of each kind, a chair, a worker, a child, a meeting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import Invitee, meeting_convene
from jigsaw.people.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")


def at(days: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    """A London time `days` from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def agencies(db):
    return {
        "csc": AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE),
        "police": AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE),
        "health": AgencyFactory(name="Northbridge Community Health", kind=AgencyKind.HEALTH),
        "gp": AgencyFactory(name="Ferry Road Surgery", kind=AgencyKind.HEALTH),
        "school": AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION),
    }


@pytest.fixture
def chair(make_user):
    return make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair", email="priya.nair@council.example")


@pytest.fixture
def worker(make_user):
    return make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor", email="tom.okafor@council.example")


@pytest.fixture
def child(db):
    return PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000101")


@pytest.fixture
def police_officer(make_user, child):
    officer = make_user(Role.PARTNER_PRACTITIONER, full_name="DC Sam Hollis", email="sam.hollis@police.example")
    InvolvementFactory(user=officer, person=child, kind="invited", service="Child protection")
    return officer


@pytest.fixture
def conference(worker, chair, child):
    """An initial child protection conference next week, about one child, chaired."""
    return meeting_convene(
        actor=worker,
        kind=MeetingKind.ICPC,
        title="Initial child protection conference",
        starts_at=at(7, 10),
        ends_at=at(7, 12),
        location="Room 2, Civic Centre, Northbridge",
        chair=chair,
        subjects=[child],
    )


@pytest.fixture
def todays_meeting(worker, chair, child):
    """A strategy discussion that started this morning (so attendance and minutes can be recorded)."""
    now = timezone.localtime()
    start = now.replace(hour=0, minute=5, second=0, microsecond=0)
    return meeting_convene(
        actor=worker,
        kind=MeetingKind.STRATEGY_DISCUSSION,
        title="Strategy discussion",
        starts_at=start,
        online_link="https://meet.council.example/strategy-1",
        chair=chair,
        subjects=[child],
    )


def invite_agencies(actor, meeting, agencies, kinds=("csc", "police", "health")):
    from jigsaw.meetings.services import meeting_invite

    return meeting_invite(
        actor=actor,
        meeting=meeting,
        invitees=[
            Invitee(name=f"{agencies[k].name} representative", email=f"{k}@{k}.example", agency=agencies[k], role=k)
            for k in kinds
        ],
    )
