"""Faults (issue 15): the mail relay down for an hour, and a worker killed mid-task.

The relay is a real SMTP server on the loopback address, stopped and started again. While it
is down, invitations and notifications wait (tried with back-off, not at every run), an
administrator sees the failures; once it is back each goes out exactly once.
"""

import datetime as dt
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.meetings.models import Invitation
from jigsaw.meetings.services import Invitee, meeting_invite
from jigsaw.meetings.tasks import send_owed_meeting_messages
from jigsaw.notifications.models import Notification
from jigsaw.notifications.services import notifications_send, notify
from jigsaw.notifications.tasks import send_notifications

pytestmark = pytest.mark.django_db


class Relay:
    """A mail relay on a fixed loopback port that can be taken down and brought back."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.received: list[str] = []  # one envelope recipient per message delivered
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"

    def up(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def relay(settings):
    relay = Relay()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": relay.port, "timeout": 5},
        }
    }
    yield relay
    relay.down()


def test_an_hour_without_the_relay_then_everything_goes_once(
    relay, make_user, conference, worker, agencies, django_capture_on_commit_callbacks, signed_in
):
    start = timezone.now()
    staff = [make_user(Role.SOCIAL_WORKER, email=f"worker{i}@council.example") for i in range(3)]
    with time_machine.travel(start, tick=False) as clock:
        # The relay is down: what is decided now is kept, not lost.
        with django_capture_on_commit_callbacks(execute=True):
            for user in staff:
                notify(recipient=user, kind="allocation", title="A contact is allocated to you", url="/front-door/")
            meeting_invite(
                actor=worker,
                meeting=conference,
                invitees=[Invitee(name="DC Sam Hollis", email="sam.hollis@police.example", agency=agencies["police"])],
            )
        assert relay.received == []
        unsent = Notification.objects.unsent()
        assert unsent.count() == 3 and all(n.attempts == 1 and n.last_error for n in unsent)
        assert Invitation.objects.get(email="sam.hollis@police.example").sent_at is None

        # An administrator sees the failures meanwhile, without sign of what the notices are about.
        admin = signed_in(Role.SYSTEM_ADMINISTRATOR, is_staff=True)
        page = admin.get("/django-admin/notifications/notification/?delivery=failing").content.decode()
        for user in staff:
            assert user.email in page
        assert "A contact is allocated to you" not in page
        assert "jigsaw_emails_failing 3.0" in admin.get("/metrics/").content.decode()

        # The scheduler's runs through the hour: back-off, not an attempt every five minutes.
        for minutes in range(5, 61, 5):
            clock.move_to(start + dt.timedelta(minutes=minutes))
            send_notifications.call()
            send_owed_meeting_messages.call()
        attempts = sorted(Notification.objects.values_list("attempts", flat=True))
        assert attempts == [4, 4, 4]  # at 0, 5, 15 and 35 minutes; not 13 times each
        assert relay.received == []

        # The relay is back: within the next hour everything goes, once.
        relay.up()
        for minutes in range(65, 121, 5):
            clock.move_to(start + dt.timedelta(minutes=minutes))
            send_notifications.call()
            send_owed_meeting_messages.call()
        assert sorted(relay.received) == sorted([*(u.email for u in staff), "sam.hollis@police.example"])
        assert Notification.objects.unsent().count() == 0
        assert Invitation.objects.get(email="sam.hollis@police.example").sent_at is not None


def test_a_worker_killed_between_two_emails_sends_neither_twice(relay, make_user):
    relay.up()
    staff = [make_user(Role.SOCIAL_WORKER, email=f"worker{i}@council.example") for i in range(3)]
    for user in staff:  # queued; no worker has run yet (outside a transaction test, nothing is sent on commit)
        notify(recipient=user, kind="allocation", title="A contact is allocated to you", url="/front-door/")
    assert Notification.objects.unsent().count() == 3

    import jigsaw.notifications.services as services

    real_email = services._email
    built = []

    def killed_on_the_second(notification):
        built.append(notification.pk)
        if len(built) == 2:
            raise SystemExit("worker killed")  # not an Exception: nothing catches it, as with SIGKILL
        return real_email(notification)

    services._email = killed_on_the_second
    try:
        with pytest.raises(SystemExit):
            notifications_send()
    finally:
        services._email = real_email
    assert len(relay.received) == 1  # the first went, and its row says so (its own transaction)
    assert Notification.objects.unsent().count() == 2

    # The task runs again (the next worker, or the scheduler five minutes on).
    assert notifications_send() == 2
    assert sorted(relay.received) == sorted(u.email for u in staff)
    assert notifications_send() == 0

    # The job that made them runs again too: the same event tells nobody twice.
    for user in staff:
        notify(recipient=user, kind="allocation", title="again", url="/front-door/", dedupe_key="contact:1:allocated")
        notify(recipient=user, kind="allocation", title="again", url="/front-door/", dedupe_key="contact:1:allocated")
    assert Notification.objects.filter(dedupe_key="contact:1:allocated").count() == 3
    notifications_send()
    assert len(relay.received) == 6  # three first notices, three for the event: one each
