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


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own set-up, except that each worker's database is copied from a migrated
    template made once (jigsaw/core/testing/template_db.py) instead of migrated again."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from jigsaw.core.testing.template_db import prepare_test_databases

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        if django_db_use_migrations and not keepdb and prepare_test_databases(aliases):
            keepdb = True  # the tables are there: let Django only connect and run post-migrate
            copied = True
        else:
            copied = False
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if copied or not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)
