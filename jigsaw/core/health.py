"""Health checks for load balancers and monitoring. No personal data, no sign-in, not audited.

- `/health/` (monitoring): 200 when the database answers and the task queue can be read and
  is not backing up (the oldest waiting task is younger than
  `JIGSAW_HEALTH_QUEUE_MAX_AGE_SECONDS`, default 900: a queue older than that means no worker is
  running); 503 otherwise. The body says which check failed, with counts only.
- `/health/web/` (the load balancer): 200 when this web process and the database answer. A
  backed-up queue is no reason to take a web server out of service.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@dataclass
class QueueState:
    backend: str
    ready: int
    oldest_ready_age_seconds: float
    running: int
    running_longest_seconds: float
    failed: int
    failed_last_hour: int


def _backend_path() -> str:
    return settings.TASKS.get("default", {}).get("BACKEND", "")


def queue_state() -> QueueState | None:
    """The database queue's depth and age. None for a backend that keeps its queue elsewhere
    (a broker: watch it with the broker's own exporter, docs/scaling.md) or has none (tests).
    Raises if the queue cannot be read."""
    backend = _backend_path()
    if backend.startswith("django_tasks_db"):
        from django.db.models import Count, Min, Q
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        ready = DBTaskResult.objects.ready()
        waiting = ready.aggregate(n=Count("pk"), oldest=Min("enqueued_at"))
        running = DBTaskResult.objects.running().aggregate(n=Count("pk"), oldest=Min("started_at"))
        failed = DBTaskResult.objects.failed().aggregate(
            n=Count("pk"), recent=Count("pk", filter=Q(finished_at__gte=now - timedelta(hours=1)))
        )
        return QueueState(
            backend="database",
            ready=waiting["n"],
            oldest_ready_age_seconds=(now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0,
            running=running["n"],
            running_longest_seconds=(now - running["oldest"]).total_seconds() if running["oldest"] else 0.0,
            failed=failed["n"],
            failed_last_hour=failed["recent"],
        )
    return None


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health: the database did not answer")
        return False


@never_cache
def health_web(request: HttpRequest) -> JsonResponse:
    ok = _database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "database": "ok" if ok else "fail"}, status=200 if ok else 503
    )


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    body: dict = {"database": "ok" if _database_ok() else "fail"}
    healthy = body["database"] == "ok"
    if healthy:
        try:
            state = queue_state()
        except Exception:
            logger.exception("health: the task queue could not be read")
            body["queue"] = "fail"
            healthy = False
        else:
            if state is None:
                body["queue"] = "not checked"  # the immediate or dummy backend: nothing queues
            else:
                limit = getattr(settings, "JIGSAW_HEALTH_QUEUE_MAX_AGE_SECONDS", 900)
                backed_up = state.oldest_ready_age_seconds > limit
                body["queue"] = "backed up" if backed_up else "ok"
                body["tasks"] = {k: v for k, v in asdict(state).items() if k != "backend"}
                body["tasks"]["backend"] = state.backend
                healthy = not backed_up
    body["status"] = "ok" if healthy else "fail"
    return JsonResponse(body, status=200 if healthy else 503)
