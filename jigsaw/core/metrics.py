"""Metrics an operator can scrape (Prometheus text format, prometheus-client) at `/metrics/`.

- `jigsaw_http_request_duration_seconds` (histogram by method, view name and status): measured
  by `MetricsMiddleware` in each web process. Under gunicorn with several workers set
  `PROMETHEUS_MULTIPROC_DIR` to an empty directory (deploy/gunicorn.conf.py clears it at start
  and marks dead workers), so one scrape sums every worker.
- Read from the database at each scrape, so the same from any instance: the task queue
  (`jigsaw_tasks_ready`, `jigsaw_tasks_oldest_ready_age_seconds`, `jigsaw_tasks_running`,
  `jigsaw_tasks_running_longest_seconds`, `jigsaw_tasks_failed`), notification emails not
  yet delivered (`jigsaw_emails_unsent`, `jigsaw_emails_failing`, the oldest's age) and
  `jigsaw_deadlines_overdue` (running clocks past their due date). Counts only: no labels
  that could name a person; restricted teams' deadlines and notices are not counted at all.

Who may read it: `metrics_allowed` — a bearer token (`JIGSAW_METRICS_TOKEN`), or, when no
token is set, a request made straight to the app on the loopback address (not through a
proxy: a proxied request carries X-Forwarded-For). Anyone else gets the 404 any unknown page gets.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "jigsaw_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["method", "view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

LOOPBACK = {"127.0.0.1", "::1"}


class MetricsMiddleware:
    """Times every response but static files (WhiteNoise answers those before us)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The view's name, never the path: paths hold ids and would make a series per person.
        view = match.view_name if match else "unmatched"
        REQUEST_SECONDS.labels(request.method, view, str(response.status_code)).observe(time.perf_counter() - started)
        return response


class DatabaseStateCollector(Collector):
    """Gauges read from the database when scraped (cheap indexed counts)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from jigsaw.core.health import queue_state

        now = timezone.now()
        state = queue_state()
        if state is not None:
            yield _gauge("jigsaw_tasks_ready", "Tasks waiting for a worker", state.ready)
            yield _gauge(
                "jigsaw_tasks_oldest_ready_age_seconds",
                "How long the oldest waiting task has waited",
                state.oldest_ready_age_seconds,
            )
            yield _gauge("jigsaw_tasks_running", "Tasks a worker has claimed and not finished", state.running)
            yield _gauge(
                "jigsaw_tasks_running_longest_seconds",
                "How long the longest-running task has run (a killed worker leaves one running for ever)",
                state.running_longest_seconds,
            )
            yield _gauge("jigsaw_tasks_failed", "Failed task results still kept", state.failed)
            yield _gauge("jigsaw_tasks_failed_last_hour", "Tasks that failed in the last hour", state.failed_last_hour)

        from jigsaw.notifications.models import Notification

        # Restricted teams' work (LADO, Channel) is left out of every count: restricted means
        # invisible everywhere, an operator's dashboard included.
        unsent = Notification.objects.unsent().filter(restricted_area="")
        yield _gauge("jigsaw_emails_unsent", "Notification emails not yet delivered", unsent.count())
        yield _gauge(
            "jigsaw_emails_failing",
            "Notification emails whose last attempt failed (the mail relay refused or was down)",
            unsent.filter(attempts__gt=0).count(),
        )
        oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
        yield _gauge(
            "jigsaw_emails_oldest_unsent_age_seconds",
            "How long the oldest undelivered notification email has waited",
            (now - oldest).total_seconds() if oldest else 0,
        )

        from jigsaw.timescales.models import Clock
        from jigsaw.timescales.rules import all_rules

        restricted_rules = [rule.key for rule in all_rules() if rule.restricted_area]
        clocks = Clock.objects.open().exclude(rule_key__in=restricted_rules)
        today = timezone.localdate()
        yield _gauge(
            "jigsaw_deadlines_overdue",
            "Running deadlines past their due date",
            clocks.filter(due_on__lt=today).count(),
        )
        yield _gauge(
            "jigsaw_deadlines_due_within_week",
            "Running deadlines due in the next seven days",
            clocks.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7)).count(),
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def metrics_allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "JIGSAW_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    if not getattr(settings, "JIGSAW_METRICS_LOOPBACK", True):
        return False
    # A proxy on the same machine also connects from 127.0.0.1: a forwarded request is not local.
    forwarded = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META
    return request.META.get("REMOTE_ADDR") in LOOPBACK and not forwarded


def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: sum the histograms every worker has written.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry)
    # Read from the database here, once, whichever registry held the histograms.
    body += generate_latest(_database_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _database_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseStateCollector())
    return registry
