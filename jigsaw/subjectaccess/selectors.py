"""Subject access reads: the list and report, one request, and the DPO's "My work" lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .deadlines import due_on, first_month_ends, is_paused
from .models import RequestStatus, SubjectAccessRequest
from .permissions import is_dpo


@dataclass
class RequestLine:
    request: SubjectAccessRequest
    due_on: dt.date
    paused: bool
    first_month_ends: dt.date

    @property
    def on_time(self) -> bool | None:
        if self.request.answered_on is None:
            return None
        return self.request.answered_on <= self.due_on


def _line(request: SubjectAccessRequest, today: dt.date) -> RequestLine:
    return RequestLine(request, due_on(request, today), is_paused(request), first_month_ends(request, today))


def requests_list(*, user: Any, today: dt.date | None = None) -> list[RequestLine]:
    if not is_dpo(user):
        return []
    today = today or timezone.localdate()
    qs = SubjectAccessRequest.objects.select_related("person", "owner").prefetch_related("pauses")
    return [_line(r, today) for r in qs]


@dataclass
class Report:
    received: int
    open: int
    paused: int
    extended: int
    answered_on_time: int
    answered_late: int
    open_overdue: int


def requests_report(*, lines: list[RequestLine], today: dt.date | None = None) -> Report:
    today = today or timezone.localdate()
    open_lines = [line for line in lines if line.request.answered_on is None]
    return Report(
        received=len(lines),
        open=len(open_lines),
        paused=sum(1 for line in open_lines if line.paused),
        extended=sum(1 for line in lines if line.request.extended_on),
        answered_on_time=sum(1 for line in lines if line.on_time is True),
        answered_late=sum(1 for line in lines if line.on_time is False),
        open_overdue=sum(1 for line in open_lines if not line.paused and line.due_on < today),
    )


def request_get(*, user: Any, request_id: int, audit: bool = True) -> RequestLine:
    if not is_dpo(user):
        raise Http404
    request = (
        SubjectAccessRequest.objects.filter(pk=request_id)
        .select_related("person", "owner")
        .prefetch_related("pauses")
        .first()
    )
    if request is None:
        raise Http404
    if audit:
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=request,
            purpose="opened a subject access request",
            subject_person_id=request.person_id,
        )
    return _line(request, timezone.localdate())


def requests_to_answer(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": the open requests `whose` is responsible for, each due date as it stands."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if not is_dpo(viewer):
        return []
    qs = (
        SubjectAccessRequest.objects.filter(owner=whose)
        .exclude(status=RequestStatus.ANSWERED)
        .select_related("person")
        .prefetch_related("pauses")
    )
    items = []
    for request in qs:
        line = _line(request, today)
        paused = " (clock paused)" if line.paused else ""
        items.append(
            WorkItem(
                title=f"Answer subject access request {request.reference}{paused}",
                url=reverse("subjectaccess:detail", args=[request.pk]),
                about=request.person.display_name,
                due_on=line.due_on,
                status=deadline_status(line.due_on, None, today),
                group="Subject access requests",
            )
        )
    return items
