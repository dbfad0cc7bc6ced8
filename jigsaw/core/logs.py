"""Structured logs: one JSON object a line, each carrying the request id it belongs to.

- `RequestIdMiddleware` gives every request an id (the proxy's `X-Request-ID` when it is a
  plain token, otherwise a new one), answers with it in `X-Request-ID`, and writes one
  "request" line when the response goes: method, the view's name (never the path, which can
  hold a person's id), status, milliseconds, the user's id.
- `RequestIdFilter` puts the id on every log record made while the request runs, so a
  warning from deep in a service can be found beside the request that caused it.
- Tasks: a task enqueued during a request is logged with that request's id and the task's id
  (`task_enqueued`); the worker logs under `task-<task id>` while it runs the task
  (`task_started`), so one search for the task id joins the two.
- `JsonFormatter` writes the line. Messages are what the code logs: Jigsaw's code logs ids,
  never names or case details.

Used by config/settings/production.py (LOGGING); the test and dev settings keep plain text.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("jigsaw_request_id", default="")
# A task run at once inside a request (the immediate backend) gives the request its id back after.
_outer_id: ContextVar[str] = ContextVar("jigsaw_outer_request_id", default="")

# A proxy's id is kept only when it cannot smuggle anything into a log line.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
REQUEST_HEADER = "HTTP_X_REQUEST_ID"
RESPONSE_HEADER = "X-Request-ID"

access_logger = logging.getLogger("jigsaw.request")
task_logger = logging.getLogger("jigsaw.tasks")


def new_request_id(incoming: str | None = None) -> str:
    if incoming and _SAFE_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that everything after it logs with the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id(request.META.get(REQUEST_HEADER))
        token = request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[RESPONSE_HEADER] = rid
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            access_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


# The attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def _task_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_logger.info("task enqueued", extra={"task_id": str(task_result.id), "task": task_result.task.name})


def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    # The worker has no request: its lines carry the task's id instead.
    _outer_id.set(request_id.get())
    request_id.set(f"task-{task_result.id}")
    task_logger.info("task started", extra={"task_id": str(task_result.id), "task": task_result.task.name})


def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_logger.info(
        "task finished",
        extra={"task_id": str(task_result.id), "task": task_result.task.name, "task_status": str(task_result.status)},
    )
    request_id.set(_outer_id.get())


def connect_task_signals() -> None:
    """Called from CoreConfig.ready()."""
    from django.tasks.signals import task_enqueued, task_finished, task_started

    task_enqueued.connect(_task_enqueued, dispatch_uid="jigsaw.core.logs.enqueued")
    task_started.connect(_task_started, dispatch_uid="jigsaw.core.logs.started")
    task_finished.connect(_task_finished, dispatch_uid="jigsaw.core.logs.finished")
