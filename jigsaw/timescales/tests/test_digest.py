"""The daily digest, received by a real SMTP server: what arrives, and that it arrives once."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_start
from jigsaw.timescales.digest import deadline_digest_send
from jigsaw.timescales.models import DigestSent
from jigsaw.timescales.tasks import send_deadline_digest

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 11)  # a Monday


@pytest.fixture
def due(case):
    clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))  # due 7 Jan: overdue
    clock_start(rule_key="strategy_discussion", person=case.child, started_on=TODAY)  # due tomorrow
    return case


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_worker_gets_the_overdue_item_named_once(smtp_sink, due):
    result = deadline_digest_send(for_date=TODAY)
    assert result.sent == 2  # the worker, and the team manager
    [message] = smtp_sink.to("priya.worker@council.example")
    assert message["Subject"] == "Jigsaw deadlines for Monday 11 January 2027: 1 overdue, 1 due soon"
    text = text_of(message)
    assert "OVERDUE (1)" in text
    assert "Hold the initial child protection conference" in text
    assert "Was due: 7 January 2027 (2 working days overdue)" in text
    assert "DUE SOON (1)" in text and "Hold the strategy discussion" in text
    assert "AR (NB0000001)" in text
    assert "Rowntree" not in text  # initials and council id only: email leaves the case system
    # Each item links to where the work is done: the child's protection page to convene the conference.
    assert f"/protection/children/{due.child.pk}/" in text
    html = html_of(message)
    assert "Hold the initial child protection conference" in html
    assert "2 working days overdue" in html

    again = deadline_digest_send(for_date=TODAY)
    assert again.sent == 0 and again.already_sent == 2
    assert len(smtp_sink.to("priya.worker@council.example")) == 1
    assert DigestSent.objects.filter(user=due.worker, for_date=TODAY).count() == 1


def test_the_team_manager_gets_the_team(smtp_sink, due):
    deadline_digest_send(for_date=TODAY)
    [message] = smtp_sink.to("morgan.manager@council.example")
    assert message["Subject"] == "Jigsaw deadlines for Monday 11 January 2027: 1 overdue in your team"
    text = text_of(message)
    assert "YOUR TEAM" in text
    assert "- Priya Worker: 1 overdue, 1 due soon" in text
    assert "Overdue in your team:" in text
    assert "worker: Priya Worker" in text
    assert "Hold the initial child protection conference" in text


def test_nobody_else_gets_anything(smtp_sink, due, make_user):
    bystander = make_user(Role.SOCIAL_WORKER, email="bystander@council.example")
    other_child = PersonFactory()
    InvolvementFactory(user=bystander, person=other_child)
    clock_start(rule_key="assessment", person=other_child, started_on=TODAY)  # due in March: nothing soon
    make_user(Role.TEAM_MANAGER, team=TeamFactory(name="Child protection east"), email="east@council.example")
    deadline_digest_send(for_date=TODAY)
    assert smtp_sink.to("bystander@council.example") == []
    assert smtp_sink.to("east@council.example") == []
    assert len(smtp_sink.messages) == 2


def test_the_command_sends_for_a_date_and_not_twice(smtp_sink, due):
    out = StringIO()
    call_command("send_deadline_digest", "--date", "2027-01-11", stdout=out)
    assert "2 sent, 0 already sent" in out.getvalue()
    call_command("send_deadline_digest", "--date", "2027-01-11", stdout=out)
    assert "0 sent, 2 already sent" in out.getvalue()
    assert len(smtp_sink.messages) == 2
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_deadline_digest", "--date", "11/01/2027")


def test_the_task_runs_through_the_task_framework(smtp_sink, due):
    result = send_deadline_digest.enqueue(for_date="2027-01-11")
    assert result.return_value == {"for_date": "2027-01-11", "sent": 2, "already_sent": 0, "nothing_due": 0}
    assert len(smtp_sink.to("priya.worker@council.example")) == 1


@time_machine.travel(datetime(2026, 12, 28, 7, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_the_scheduled_run_sends_nothing_on_a_bank_holiday(smtp_sink, due):
    result = send_deadline_digest.enqueue()
    assert result.return_value == {"for_date": "2026-12-28", "skipped": "not a working day"}
    assert smtp_sink.messages == []


def test_the_schedule_is_weekday_mornings():
    from crontask import scheduler

    [job] = [job for job in scheduler.get_jobs() if job.name == send_deadline_digest.name]
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day_of_week"]) == ("7", "0", "mon-fri")


def test_a_lado_officers_digest_calls_the_adult_the_subject(smtp_sink, make_user):
    """An allegation against someone who works with children is about an adult, never "Child:"."""
    from jigsaw.access.choices import RestrictedArea

    officer = make_user(
        Role.LADO_OFFICER,
        team=TeamFactory(name="LADO", restricted_area=RestrictedArea.LADO),
        email="grace.whitfield@council.example",
    )
    adult = PersonFactory(given_names="Quillon", family_name="Brackenridge", restricted_area="lado")
    InvolvementFactory(user=officer, person=adult, service="LADO allegation")
    clock_start(rule_key="lado_initial_meeting", person=adult, started_on=date(2026, 12, 1), owner=officer)
    deadline_digest_send(for_date=TODAY)
    [message] = smtp_sink.to("grace.whitfield@council.example")
    text = text_of(message)
    assert f"Subject: QB ({adult.council_id})" in text
    assert "Child:" not in text
    html = html_of(message)
    assert ">Subject</th>" in html and ">Child</th>" not in html
