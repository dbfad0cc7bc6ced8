"""Children in care fixtures: a social worker, a manager, an IRO, a child, on fixed dates."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import Role
from jigsaw.care import services
from jigsaw.people.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2027, 6, 30)
START = dt.date(2027, 1, 4)  # a Monday


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2027, 6, 30, 12, tzinfo=LONDON), tick=False):
        yield


def placement(**fields: Any) -> services.Placement:
    values = {
        "placement_type": "U6",
        "provider": "PR1",
        "provider_name": "Mr and Mrs Ashdown",
        "urn": "SC999001",
        "postcode": "NB1 2AB",
        "out_of_area": False,
    }
    values.update(fields)
    return services.Placement(**values)


def away(**fields: Any) -> services.Placement:
    values = {
        "placement_type": "K2",
        "provider": "PR4",
        "provider_name": "Hilltop House",
        "urn": "SC123456",
        "postcode": "ZZ9 4QT",
        "out_of_area": True,
        "host_council": "Eastmoor Council",
        "host_contact_name": "Dana Field",
        "host_contact_email": "placements@eastmoor.example",
        "distance_miles": "42.5",
    }
    values.update(fields)
    return services.Placement(**values)


@dataclass
class Cast:
    worker: Any
    manager: Any
    iro: Any
    child: Any


@pytest.fixture
def cast(db, make_user):
    return Cast(
        worker=make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor", email="tom.okafor@council.example"),
        manager=make_user(Role.TEAM_MANAGER, full_name="Ruth Adeyemi"),
        iro=make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair", email="priya.nair@council.example"),
        child=PersonFactory(given_names="Amelia", family_name="Rowntree", date_of_birth=dt.date(2015, 5, 1)),
    )


@pytest.fixture
def in_care(cast):
    """Amelia, looked after from Monday 4 January 2027 (section 20), fostered in the area."""
    return services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=START,
        legal_status="V2",
        category_of_need="N1",
        placement=placement(),
        home_postcode="NB3 1XY",
    )
