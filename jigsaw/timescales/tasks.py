"""Background jobs of the timescales app, on Django's task framework.

`python manage.py crontask` (django-crontask) enqueues them on their schedule and
`python manage.py db_worker` (django-tasks-db) runs them. Each is also a management
command that calls the same function, and each is safe to run again.
"""

from datetime import date
from typing import Any

from crontask import cron
from django.tasks import task
from django.utils import timezone

from . import calendar
from .clocks import clock_recompute_all
from .digest import deadline_digest_send, overdue_hours_notify, overdue_notify


# 07:00 on weekdays, London time (crontask reads TIME_ZONE). crontask needs day names, not numbers.
@cron("0 7 * * Mon-Fri")
@task
def send_deadline_digest(for_date: str = "") -> dict[str, Any]:
    """Email each worker and team manager their due-soon and overdue deadlines for `for_date`
    (YYYY-MM-DD; default today). Nobody gets the same date's digest twice.

    The scheduler passes no date; on a bank holiday or closure day it then sends nothing, as
    nobody is at work to read it and the next working day's digest has it all.
    """
    if for_date:
        day = date.fromisoformat(for_date)
    else:
        day = timezone.localdate()
        if not calendar.is_working_day(day):
            return {"for_date": day.isoformat(), "skipped": "not a working day"}
    # The overdue notifications first, so the digest and "Your notifications" agree.
    overdue_notify(today=day)
    result = deadline_digest_send(for_date=day)
    if result.failed:
        # Fail the task, so the worker shows it; a re-run sends only the ones that failed.
        raise RuntimeError(f"Deadline digest for {day}: could not email {', '.join(result.failed)}")
    return {
        "for_date": day.isoformat(),
        "sent": result.sent,
        "already_sent": result.already_sent,
        "nothing_due": result.nothing_due,
    }


# Nightly as a safety net (a changed local rule in settings, a closure saved in another
# process); the bank holiday services also queue it as soon as they change the calendar.
@cron("15 2 * * *")
@task
def recompute_deadlines() -> int:
    """Recompute the due date of every running deadline; returns how many moved."""
    return clock_recompute_all()


# Every day, weekends included: a deadline that falls overdue on a Saturday is told on Saturday
# to whoever is on duty, and the Monday digest has it too.
@cron("45 6 * * *")
@task
def notify_overdue_deadlines() -> int:
    """Tell whoever is responsible for each newly overdue deadline ("Your notifications", and an
    email with no case details). Once per deadline, however often it runs; returns how many were told."""
    return overdue_notify()


# Every quarter hour: a deadline counted in hours (the return home interview, 72 hours after
# the return) is told when its hour passes, not at the next morning's run.
@cron("*/15 * * * *")
@task
def notify_overdue_hour_deadlines() -> int:
    """Tell whoever is responsible for each hour-rule deadline whose hour has just passed. Once
    per deadline (shared with the daily run), however often it runs; returns how many were told."""
    return overdue_hours_notify()
