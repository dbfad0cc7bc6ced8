"""LADO test fixtures: a LADO team with a duty rota, a police officer, a child, and `referral`,
which records one through the real service. Time stands still on Wednesday 18 November 2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.allegations import services
from jigsaw.allegations.choices import Engagement, HarmTest, Sector
from jigsaw.people.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 18)  # a Wednesday


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


@pytest.fixture
def lado(make_user):
    return make_user(Role.LADO_OFFICER, full_name="Grace Whitfield", email="grace.whitfield@council.example")


@pytest.fixture
def lado2(make_user):
    return make_user(Role.LADO_OFFICER, full_name="Omar Haddad", email="omar.haddad@council.example")


@pytest.fixture
def rota(lado, lado2):
    """Grace on duty Monday to Wednesday of this week, Omar on Thursday, Friday and next Monday."""
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    services.duty_week_set(
        actor=lado,
        week_start=monday,
        officers={monday + dt.timedelta(days=n): (lado if n < 3 else lado2) for n in range(5)},
    )
    services.duty_slot_set(actor=lado, on=monday + dt.timedelta(days=7), officer=lado2)
    return {"grace": lado, "omar": lado2}


@pytest.fixture
def police(make_user):
    agency = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    return make_user(
        Role.PARTNER_PRACTITIONER,
        agency=agency,
        team=TeamFactory(agency=agency, name="Public protection unit"),
        full_name="DC Sam Hollis",
        email="sam.hollis@police.example",
    )


@pytest.fixture
def child(db):
    return PersonFactory(given_names="Amelia", family_name="Rowntree", date_of_birth=dt.date(2015, 3, 2))


@pytest.fixture
def referral(lado, rota, child):
    """referral(**overrides) -> a referral recorded by the LADO officer about a new person."""

    def _make(**overrides):
        data = {
            "actor": lado,
            "received_at": at(TODAY, 9, 30),
            "referrer_name": "Helen Marsh",
            "referrer_organisation": "Ferry Road Primary School",
            "referrer_role": "Headteacher",
            "referrer_contact": "01632 960123",
            "employer_name": "Ferry Road Primary School",
            "employer_sector": Sector.EDUCATION,
            "subject_role": "Teaching assistant",
            "engagement": Engagement.PAID,
            "employer_aware_on": TODAY - dt.timedelta(days=1),
            "allegation": "A pupil said the teaching assistant grabbed her arm hard enough to bruise.",
            "harm_tests": [HarmTest.HARMED],
            "new_subject": {
                "given_names": "Declan",
                "family_name": "Fairweather",
                "date_of_birth": dt.date(1988, 6, 1),
            },
            "children": [child],
        }
        data.update(overrides)
        if "subject" in overrides and "new_subject" not in overrides:
            data.pop("new_subject")
        return services.referral_record(**data)

    return _make


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client signed in as that user, two-factor passed."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _client(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        client.user = user
        return client

    return _client
