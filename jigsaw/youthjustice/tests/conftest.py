"""Youth justice test fixtures: a youth justice officer, a young person born on 1 March 2011 and
a case opened for him, all on a fixed day (Tuesday 15 June 2027)."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import Role
from jigsaw.people.tests.factories import PersonFactory

TODAY = dt.date(2027, 6, 15)


@pytest.fixture(autouse=True)
def _on_a_fixed_day(django_db_setup, django_db_blocker):
    with time_machine.travel(dt.datetime(2027, 6, 15, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


@pytest.fixture
def officer(make_user):
    return make_user(Role.YOUTH_JUSTICE_OFFICER, full_name="Jo Ashworth", email="jo.ashworth@yjs.example")


@pytest.fixture
def young_person(db):
    return PersonFactory(given_names="Callum", family_name="Brierley", date_of_birth=dt.date(2011, 3, 1))


@pytest.fixture
def case(officer, young_person):
    from jigsaw.youthjustice.services import case_open

    return case_open(actor=officer, person=young_person, referred_on=dt.date(2027, 1, 4), referral_reason="Police")


@pytest.fixture
def yj(officer, young_person, case):
    return SimpleNamespace(officer=officer, person=young_person, case=case)
