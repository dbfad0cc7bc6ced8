"""Missing children test fixtures: the exploitation and missing team, a manager, business
support, a police officer, and a 15-year-old who goes missing. Time stands still at midday
on Thursday 10 December 2026 (UK time) unless a test moves it."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=LONDON)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def ago(hours: float) -> dt.datetime:
    return NOW - dt.timedelta(hours=hours)


@dataclass
class Team:
    practitioner: Any
    manager: Any
    social_worker: Any
    support: Any
    police: Any
    child: Any


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def team(db, make_user, frozen):
    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    return Team(
        practitioner=make_user(
            Role.EXPLOITATION_MISSING,
            agency=csc,
            team=TeamFactory(agency=csc, name="Exploitation and missing"),
            full_name="Lena Marsh",
        ),
        manager=make_user(Role.TEAM_MANAGER, agency=csc, full_name="Ruth Adeyemi"),
        social_worker=make_user(Role.SOCIAL_WORKER, agency=csc, full_name="Tom Okafor"),
        support=make_user(Role.BUSINESS_SUPPORT, agency=csc, full_name="Dawn Pickering"),
        police=make_user(
            Role.PARTNER_PRACTITIONER,
            agency=police,
            team=TeamFactory(agency=police, name="Missing persons unit"),
            full_name="DC Sam Hollis",
        ),
        child=PersonFactory(
            given_names="Jayden", family_name="Corrigan", council_id="NB0000701", date_of_birth=dt.date(2011, 6, 4)
        ),
    )


def episode_data(went_missing_at: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "M",
        "missing_from": "home",
        "went_missing_at": went_missing_at,
        "reported_to_police": True,
        "police_reference": "NB-2026-1234",
        "reported_at": went_missing_at + dt.timedelta(hours=1),
        "risk_level": "medium",
        "risk_notes": "Seen with older young people near the station",
        **extra,
    }
