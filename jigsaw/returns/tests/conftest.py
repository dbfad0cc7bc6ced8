"""Fixtures for the returns: a looked-after child in the 2026 to 2027 collection year, made
through the care services on fixed dates (the care area's own placement helper)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import Role
from jigsaw.care import services as care
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.returns.years import CollectionYear

LONDON = ZoneInfo("Europe/London")
YEAR = CollectionYear(2027)  # 1 April 2026 to 31 March 2027
CAME_INTO_CARE = dt.date(2026, 5, 4)
MOVED = dt.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2027, 6, 30, 12, tzinfo=LONDON), tick=False):
        yield


@dataclass
class Scene:
    worker: Any
    child: Any
    period: Any


def placement(**fields: Any) -> care.Placement:
    values = {
        "placement_type": "U6",
        "provider": "PR1",
        "provider_name": "Mr and Mrs Ashdown",
        "urn": "SC999001",
        "postcode": "TS24 0BD",
    }
    values.update(fields)
    return care.Placement(**values)


@pytest.fixture
def scene(db, make_user):
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor")
    child = PersonFactory(
        given_names="Amelia",
        family_name="Rowntree",
        date_of_birth=dt.date(2011, 5, 1),
        sex="F",
        ethnicity="WBRI",
        upn_unknown="UN5",
        disability_codes="NONE",
    )
    period = care.period_start(
        actor=worker,
        person=child,
        started_on=CAME_INTO_CARE,
        legal_status="V2",
        category_of_need="N1",
        placement=placement(),
        home_postcode="TS25 1AA",
    )
    care.episode_change(
        actor=worker,
        period=period,
        changed_on=MOVED,
        kind="placement_new_carer",
        legal_status="V2",
        placement=placement(placement_type="K2", provider="PR4", provider_name="Hilltop House", urn="SC123456",
                            postcode="TS1 1AA", out_of_area=True, host_council="Eastmoor Council",
                            host_contact_name="Dana Field", host_contact_email="placements@eastmoor.example"),
        reason_place_change="CREQB",
    )  # fmt: skip
    return Scene(worker=worker, child=child, period=period)
