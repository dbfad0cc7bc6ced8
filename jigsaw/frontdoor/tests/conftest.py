"""Front door test fixtures: the people who work there, a family, and a contact builder."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory
from jigsaw.people.matching import index_persons
from jigsaw.people.tests.factories import AddressFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in UK time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def officer(make_user):
    return make_user(Role.BUSINESS_SUPPORT)


@pytest.fixture
def social_worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


@pytest.fixture
def manager(make_user):
    return make_user(Role.TEAM_MANAGER)


@pytest.fixture
def police(db):
    return AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)


@pytest.fixture
def school(db):
    return AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)


@pytest.fixture
def family(db):
    """A known child (with an address) and their mother, in the search index."""
    child = PersonFactory(given_names="Amelia", family_name="Rowntree", date_of_birth=dt.date(2015, 3, 2))
    mother = PersonFactory(given_names="Gemma", family_name="Rowntree", date_of_birth=dt.date(1990, 6, 1))
    AddressFactory(person=child, line_1="9 Ferry Road", postcode="LS28 5QS")
    index_persons([child.pk, mother.pk])
    return {"child": child, "mother": mother}


@pytest.fixture
def contact_data(school):
    """contact_data(**overrides) -> the `data` of contact_record for a teacher's phone call."""

    def _data(**overrides):
        data = {
            "received_at": at(2026, 11, 19, 9, 30),
            "channel": "phone",
            "caller_kind": "professional",
            "caller_name": "Priya Shah",
            "caller_agency": school,
            "caller_role": "Designated safeguarding lead",
            "caller_contact_details": "0113 496 0000",
            "relationship_to_family": "Class teacher",
            "how_they_know_family": "Amelia is in year 6",
            "family_aware": "yes",
            "consent": "given",
            "worries": "Amelia came to school with a bruise on her cheek and said she was scared to go home.",
            "level_of_need": "specialist",
            "advice_to_caller": "Call the police on 999 if she is in immediate danger.",
        }
        data.update(overrides)
        return data

    return _data
