"""A subject access request's deadline: one calendar month from receipt (the same date next
month, or that month's last day if it has no such date), standing still while the council
waits for proof of identity or for clarification, and three months from receipt when extended
for a complex request (the requester told within the first month)."""

from __future__ import annotations

import datetime as dt

from jigsaw.timescales.calendar import add_calendar_months

from .models import SubjectAccessRequest

MONTHS = 1
EXTENDED_MONTHS = 3  # the first month and two more


def paused_days(request: SubjectAccessRequest, today: dt.date) -> int:
    return sum(((p.ended_on or today) - p.started_on).days for p in request.pauses.all())


def is_paused(request: SubjectAccessRequest) -> bool:
    return any(p.ended_on is None for p in request.pauses.all())


def first_month_ends(request: SubjectAccessRequest, today: dt.date) -> dt.date:
    """The end of the first month (when the requester must have been told of an extension)."""
    return add_calendar_months(request.received_on, MONTHS) + dt.timedelta(days=paused_days(request, today))


def due_on(request: SubjectAccessRequest, today: dt.date) -> dt.date:
    months = EXTENDED_MONTHS if request.extended_on else MONTHS
    return add_calendar_months(request.received_on, months) + dt.timedelta(days=paused_days(request, today))
