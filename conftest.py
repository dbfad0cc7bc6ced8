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


class _Sink:
    """What a real SMTP server received: parsed email.message.EmailMessage objects."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server (aiosmtpd) on a free local port; Django sends to it over SMTP.

    Use: `smtp_sink.messages` (email.message.EmailMessage), `smtp_sink.to("a@b")`.
    Attachments: `[p for p in msg.iter_attachments()]`, e.g. the text/calendar invitation.
    """
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()
