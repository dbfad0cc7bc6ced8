"""When a plan starts or ends, every agency involved is told by email (a real SMTP server here),
and who was told, when, is recorded."""

import datetime as dt
import socket
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from jigsaw.protection import services
from jigsaw.protection.models import PlanNotification
from jigsaw.protection.tests.conftest import LONDON

LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)
AGENCIES = {
    "anil.mehta@gp.example": "Ferry Road Surgery",
    "priya.shah@school.example": "Ferry Road Primary School",
    "sam.hollis@police.example": "Northbridge Police",
    "jo.whitaker@health.example": "Northbridge Community Health",
}


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


def plan_emails(sink, address: str, event: str) -> list:
    return [m for m in sink.to(address) if m["Subject"].startswith(f"Child protection plan {event}")]


def confirm_all(plan, event: str, actor) -> list:
    """The chair confirms the list as it stands: every agency listed is told."""
    waiting = PlanNotification.objects.filter(plan=plan, event=event, confirmed_at__isnull=True)
    return services.plan_notifications_confirm(
        actor=actor, plan=plan, event=event, chosen=list(waiting.values_list("pk", flat=True))
    )


@pytest.fixture
def on_plan(journey, smtp_sink, django_capture_on_commit_callbacks):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        journey.icpc(dt.date(2027, 1, 7))
    # Nothing goes before the chair confirms who is told.
    assert plan_emails(smtp_sink, "anil.mehta@gp.example", "started") == []
    with django_capture_on_commit_callbacks(execute=True):
        confirm_all(journey.plan, "started", journey.people.chair)
    return journey


def test_the_gp_school_and_police_are_told_when_a_plan_starts(on_plan, smtp_sink):
    for address in ("anil.mehta@gp.example", "priya.shah@school.example", "sam.hollis@police.example"):
        (message,) = plan_emails(smtp_sink, address, "started")
        assert message["Subject"] == "Child protection plan started: Amelia Rowntree"
        body = message.get_content()
        assert "became the subject of a child protection plan on 7 January 2027" in body
        assert "Category of abuse: Neglect" in body
        assert "Lead practitioner: Tom Okafor, tom.okafor@council.example" in body
    # The mother is told by her social worker, not by an agency notification.
    assert plan_emails(smtp_sink, "gemma.rowntree@home.example", "started") == []


def test_who_was_told_and_when_is_recorded(on_plan):
    rows = {n.email: n for n in PlanNotification.objects.filter(plan=on_plan.plan, event="started")}
    for address, agency in AGENCIES.items():
        assert rows[address].agency_name == agency
        assert rows[address].sent_at == LATER
    assert rows["sam.hollis@police.example"].recipient_name == "DC Sam Hollis"
    assert "gemma.rowntree@home.example" not in rows


def test_the_agencies_are_told_when_the_plan_ends(on_plan, smtp_sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_end(
            actor=on_plan.people.manager, plan=on_plan.plan, ended_on=dt.date(2027, 3, 1), reason="left_uk"
        )
        confirm_all(on_plan.plan, "ended", on_plan.people.manager)
    for address in ("anil.mehta@gp.example", "priya.shah@school.example", "sam.hollis@police.example"):
        (message,) = plan_emails(smtp_sink, address, "ended")
        body = message.get_content()
        assert "ended on 1 March 2027" in body
        assert "Reason: Left the UK permanently" in body
    ended = PlanNotification.objects.filter(plan=on_plan.plan, event="ended")
    assert set(ended.values_list("email", flat=True)) >= set(AGENCIES)
    assert all(n.sent_at is not None for n in ended)


def test_the_command_sends_nothing_twice(on_plan, smtp_sink):
    before = len(smtp_sink.messages)
    out = StringIO()
    call_command("send_plan_notifications", stdout=out)
    assert out.getvalue().strip() == "Sent 0 plan notifications; 0 still waiting."
    assert len(smtp_sink.messages) == before


def test_a_mail_server_that_is_down_is_tried_again_later(
    journey, settings, smtp_sink, django_capture_on_commit_callbacks
):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    working = settings.MAILERS
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        journey.icpc(dt.date(2027, 1, 7))
        confirm_all(journey.plan, "started", journey.people.chair)
    waiting = PlanNotification.objects.filter(plan=journey.plan)
    assert waiting.exists() and all(n.sent_at is None and n.last_error for n in waiting)
    assert plan_emails(smtp_sink, "anil.mehta@gp.example", "started") == []

    settings.MAILERS = working
    out = StringIO()
    call_command("send_plan_notifications", stdout=out)
    assert out.getvalue().startswith(f"Sent {waiting.count()} plan notifications; 0 still waiting.")
    assert len(plan_emails(smtp_sink, "anil.mehta@gp.example", "started")) == 1
