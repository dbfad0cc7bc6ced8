"""Chronology test fixtures: a child, the agencies around them, and an API client with a real token."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory, TeamFactory
from jigsaw.api.services import api_token_issue
from jigsaw.people.tests.factories import PersonFactory


@pytest.fixture
def child(db):
    return PersonFactory(
        given_names="Amelia", family_name="Rowntree", council_id="NB0000101", date_of_birth=dt.date(2015, 3, 2)
    )


@pytest.fixture
def police(db):
    return AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)


@pytest.fixture
def health(db):
    return AgencyFactory(name="Northbridge NHS Trust", kind=AgencyKind.HEALTH)


@pytest.fixture
def officer(make_user, child, police):
    """A police officer involved with the child."""
    user = make_user(Role.PARTNER_PRACTITIONER, full_name="DC Priya Sharma", agency=police)
    InvolvementFactory(user=user, person=child, kind="invited", service="Child protection")
    return user


@pytest.fixture
def health_visitor(make_user, child, health):
    team = TeamFactory(agency=health, name="Health visiting")
    user = make_user(Role.PARTNER_PRACTITIONER, full_name="Joan Hartley", agency=health, team=team)
    InvolvementFactory(user=user, person=child, kind="invited", service="Child protection")
    return user


@pytest.fixture
def api_as():
    """api_as(user) -> an APIClient sending a real token of that user."""

    def _client(user) -> APIClient:
        secret = api_token_issue(actor=None, user=user, name="Partner case system", days=30).secret
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        client.user = user
        return client

    return _client


@pytest.fixture
def as_client(client):
    """as_client(user) -> the test client signed in as that user, two-factor passed."""

    def _sign_in(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        client.user = user
        return client

    return _sign_in
