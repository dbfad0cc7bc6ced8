"""Fixtures shared by every app's tests."""

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import UserFactory


@pytest.fixture
def make_user(db):
    """make_user(role=Role.SOCIAL_WORKER, **fields) -> a saved user of that role."""

    def _make(role: str = Role.SOCIAL_WORKER, **fields):
        return UserFactory(role=role, **fields)

    return _make


@pytest.fixture
def signed_in(client, make_user):
    """signed_in(role) -> a test client signed in (two-factor passed) as a new user of that role."""

    def _sign_in(role: str = Role.SOCIAL_WORKER, **fields):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = make_user(role, **fields)
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        client.user = user
        return client

    return _sign_in


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar():
    """A closure day added in one test must not stay cached for the next."""
    from jigsaw.timescales.calendar import calendar_cache_clear

    calendar_cache_clear()
    yield
    calendar_cache_clear()
