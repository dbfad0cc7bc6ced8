"""Partnership reviews fixtures: the partnership team (a partnership manager and a safeguarding
lead), a child known to children's social care, and `incident`, recorded through the real
service. Time stands still on Wednesday 18 November 2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import AgencyKind, InvolvementKind, RestrictedArea, Role
from jigsaw.access.models import Involvement
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.matching import index_persons
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.reviews import services
from jigsaw.reviews.choices import AbuseOrNeglect, Harm

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 18)  # a Wednesday


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


@pytest.fixture
def partnership_team(db):
    council = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    return TeamFactory(agency=council, name="Safeguarding children partnership", restricted_area=RestrictedArea.REVIEWS)


@pytest.fixture
def manager(make_user, partnership_team):
    return make_user(
        Role.PARTNERSHIP_MANAGER,
        team=partnership_team,
        agency=partnership_team.agency,
        full_name="Harriet Okonjo",
        email="harriet.okonjo@council.example",
    )


@pytest.fixture
def lead(make_user, partnership_team):
    """The council's safeguarding lead: a team manager in the partnership team (searches the index)."""
    return make_user(
        Role.TEAM_MANAGER,
        team=partnership_team,
        agency=partnership_team.agency,
        full_name="Deepak Varma",
        email="deepak.varma@council.example",
    )


@pytest.fixture
def social_worker(make_user):
    return make_user(Role.SOCIAL_WORKER, full_name="Lucy Brennan")


@pytest.fixture
def child(db, social_worker):
    person = PersonFactory(given_names="Tamsin", family_name="Arkwright", date_of_birth=dt.date(2019, 4, 2))
    Involvement.objects.create(
        person=person,
        user=social_worker,
        kind=InvolvementKind.ALLOCATED,
        service="Child protection",
        started_on=TODAY - dt.timedelta(days=90),
    )
    index_persons([person.pk])  # "already known?" finds people through their search keys
    return person


def record(actor, children, **overrides):
    values = {
        "incident_on": TODAY - dt.timedelta(days=3),
        "aware_on": TODAY - dt.timedelta(days=2),
        "place": "At home in Northbridge",
        "harm": Harm.SERIOUSLY_HARMED,
        "abuse_or_neglect": AbuseOrNeglect.SUSPECTED,
        "looked_after": False,
        "summary": "Admitted to hospital with injuries the parents could not explain.",
        "partners_knowledge": "",
    }
    values.update(overrides)
    return services.incident_record(actor=actor, children=children, **values)


@pytest.fixture
def incident(manager, child):
    return record(manager, [child])
