"""A rule in hours (the return home interview: 72 hours) keeps the moment it falls due, so the
clock, "My work" and the missing screens agree to the hour."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.choices import DeadlineStatus
from jigsaw.timescales.clocks import clock_recompute_all, clock_start
from jigsaw.timescales.selectors import user_deadlines

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
RETURNED = dt.datetime(2027, 1, 11, 16, 30, tzinfo=LONDON)  # a Monday, half past four


@pytest.fixture
def rhi(make_user):
    worker = make_user(full_name="Priya Worker")
    clock = clock_start(
        rule_key="missing_rhi",
        person=PersonFactory(),
        started_on=RETURNED.date(),
        started_at=RETURNED,
        owner=worker,
    )
    return clock, worker


def test_the_clock_falls_due_72_hours_after_the_return_to_the_hour(rhi):
    clock, _ = rhi
    assert clock.due_at == dt.datetime(2027, 1, 14, 16, 30, tzinfo=LONDON)
    assert clock.due_on == dt.date(2027, 1, 14)
    assert clock_recompute_all() == 0  # no calendar change moves an hour


def test_my_work_calls_it_overdue_once_the_hour_has_passed_not_at_midnight(rhi):
    clock, worker = rhi
    with time_machine.travel(dt.datetime(2027, 1, 14, 16, 0, tzinfo=LONDON), tick=False):
        [line] = user_deadlines(user=worker)
        assert line.status != DeadlineStatus.OVERDUE
    with time_machine.travel(dt.datetime(2027, 1, 14, 16, 45, tzinfo=LONDON), tick=False):
        [line] = user_deadlines(user=worker)
        assert line.status == DeadlineStatus.OVERDUE
        assert line.due_at == clock.due_at


def test_a_day_rule_has_no_hour(make_user):
    clock = clock_start(rule_key="strategy_discussion", person=PersonFactory(), started_on=RETURNED.date())
    assert clock.due_at is None


def test_the_overdue_notice_comes_when_the_hour_passes_not_the_next_day(rhi):
    from jigsaw.notifications.models import Notification
    from jigsaw.timescales.digest import overdue_hours_notify, overdue_notify

    clock, worker = rhi
    with time_machine.travel(dt.datetime(2027, 1, 14, 16, 15, tzinfo=LONDON), tick=False):
        assert overdue_hours_notify() == 0  # a quarter of an hour to go
    with time_machine.travel(dt.datetime(2027, 1, 14, 16, 45, tzinfo=LONDON), tick=False):
        assert overdue_notify() == 0  # counted by date, the daily run would wait until tomorrow
        assert overdue_hours_notify() == 1
        assert overdue_hours_notify() == 0  # the next quarter hour tells nobody again
    [told] = Notification.objects.filter(recipient=worker)
    assert told.kind == "deadline_overdue"
    assert told.dedupe_key == f"overdue-{clock.pk}"
    assert told.body == "It was due at 16:30 on Thursday 14 January 2027."
    with time_machine.travel(dt.datetime(2027, 1, 15, 6, 45, tzinfo=LONDON), tick=False):
        assert overdue_notify() == 0  # and the next morning's run does not tell it twice
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_the_hour_rule_notifier_runs_every_quarter_hour():
    from crontask import scheduler

    from jigsaw.timescales.tasks import notify_overdue_hour_deadlines

    jobs = {job.name: {f.name: str(f) for f in job.trigger.fields} for job in scheduler.get_jobs()}
    job = jobs[notify_overdue_hour_deadlines.name]
    assert (job["minute"], job["hour"]) == ("*/15", "*")
