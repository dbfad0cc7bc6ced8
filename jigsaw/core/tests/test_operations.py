"""The production shape's own endpoints and plumbing: health, metrics, request ids, JSON logs."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.tasks import task_backends
from django.utils import timezone

from jigsaw.audit.models import AuditEntry
from jigsaw.core import logs
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_start

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    yield
    task_backends._settings = None  # the next test's settings are read afresh


def queue_a_task(*, waited: timedelta) -> None:
    from django_tasks_db.models import DBTaskResult

    from jigsaw.notifications.tasks import send_notifications

    result = send_notifications.using(backend="default").enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - waited)


class TestHealth:
    def test_answers_without_sign_in_and_writes_no_audit(self, client, db, database_queue):
        before = AuditEntry.objects.count()
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.json()["database"] == "ok"
        assert response.json()["queue"] == "ok"
        assert "no-store" in response["Cache-Control"]
        assert AuditEntry.objects.count() == before

    def test_a_queue_no_worker_has_touched_for_too_long_is_a_503(self, client, db, database_queue, settings):
        settings.JIGSAW_HEALTH_QUEUE_MAX_AGE_SECONDS = 600
        queue_a_task(waited=timedelta(minutes=5))
        assert client.get("/health/").json()["tasks"]["ready"] == 1
        assert client.get("/health/").status_code == 200
        queue_a_task(waited=timedelta(minutes=20))
        response = client.get("/health/")
        assert response.status_code == 503
        assert response.json()["queue"] == "backed up"
        assert response.json()["tasks"]["ready"] == 2
        # The load balancer's check still keeps the web server in service.
        assert client.get("/health/web/").status_code == 200

    def test_a_database_that_does_not_answer_is_a_503(self, client, db, monkeypatch):
        class Unreachable:
            def cursor(self):
                raise OperationalError("connection refused")

        monkeypatch.setattr("jigsaw.core.health.connection", Unreachable())
        for url in ("/health/", "/health/web/"):
            response = client.get(url)
            assert response.status_code == 503
            assert response.json()["database"] == "fail"


class TestMetrics:
    def test_the_operator_on_the_machine_reads_them(self, client, db, database_queue):
        child = PersonFactory()
        clock_start(rule_key="referral_decision", person=child, started_on=timezone.localdate() - timedelta(days=30))
        queue_a_task(waited=timedelta(minutes=3))
        client.get("/health/web/")
        body = client.get("/metrics/").content.decode()
        assert 'jigsaw_http_request_duration_seconds_count{method="GET",status="200",view="core:health-web"}' in body
        assert "jigsaw_tasks_ready 1.0" in body
        oldest = next(line for line in body.splitlines() if line.startswith("jigsaw_tasks_oldest_ready_age_seconds "))
        assert 170 < float(oldest.split()[1]) < 400
        assert "jigsaw_deadlines_overdue 1.0" in body
        assert child.family_name not in body

    def test_refused_through_a_proxy_or_from_elsewhere(self, client, db):
        assert client.get("/metrics/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
        assert client.get("/metrics/", REMOTE_ADDR="192.0.2.10").status_code == 404

    def test_with_a_token_set_only_the_token_opens_them(self, client, db, settings):
        settings.JIGSAW_METRICS_TOKEN = "scrape-secret-" + "x" * 20
        assert client.get("/metrics/").status_code == 404
        assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
        ok = client.get(
            "/metrics/", HTTP_AUTHORIZATION=f"Bearer {settings.JIGSAW_METRICS_TOKEN}", REMOTE_ADDR="192.0.2.10"
        )
        assert ok.status_code == 200
        assert "jigsaw_emails_unsent" in ok.content.decode()


class TestRequestIds:
    def test_every_response_carries_one(self, client, db):
        first = client.get("/health/web/")["X-Request-ID"]
        second = client.get("/health/web/")["X-Request-ID"]
        assert len(first) == 32 and first != second

    def test_the_proxys_id_is_kept_when_it_is_a_plain_token(self, client, db):
        assert client.get("/health/web/", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
        smuggled = client.get("/health/web/", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')["X-Request-ID"]
        assert "\n" not in smuggled and len(smuggled) == 32

    def test_the_request_line_is_logged_with_it(self, client, db, caplog):
        with caplog.at_level(logging.INFO, logger="jigsaw.request"):
            response = client.get("/health/web/", HTTP_X_REQUEST_ID="req-1")
        assert response.status_code == 200
        line = next(r for r in caplog.records if r.name == "jigsaw.request")
        assert line.view == "core:health-web"
        assert line.status == 200
        assert logs.JsonFormatter().format(line) and json.loads(logs.JsonFormatter().format(line))["view"]


class TestJsonLogs:
    def test_a_line_is_one_json_object_with_the_request_id_and_extras(self):
        token = logs.request_id.set("abc123")
        try:
            record = logging.getLogger("jigsaw.test").makeRecord(
                "jigsaw.test", logging.WARNING, __file__, 1, "outbox %s failed", (12,), None, extra={"task_id": "t-1"}
            )
            logs.RequestIdFilter().filter(record)
        finally:
            logs.request_id.reset(token)
        line = json.loads(logs.JsonFormatter().format(record))
        assert line["message"] == "outbox 12 failed"
        assert line["level"] == "WARNING"
        assert line["request_id"] == "abc123"
        assert line["task_id"] == "t-1"

    def test_a_task_run_inside_a_request_gives_the_request_its_id_back(self, client, db, caplog):
        from jigsaw.notifications.tasks import send_notifications

        token = logs.request_id.set("outer")
        try:
            with caplog.at_level(logging.INFO, logger="jigsaw.tasks"):
                send_notifications.enqueue()  # the test settings run it at once
            started = next(r for r in caplog.records if r.getMessage() == "task started")
            assert started.task_id
            assert logs.request_id.get() == "outer"
        finally:
            logs.request_id.reset(token)


class TestKilledWorker:
    def test_a_task_left_running_is_put_back_and_runs_again(self, transactional_db, database_queue):
        # Transactional: the worker closes its database connection when it stops (on PostgreSQL the
        # test would otherwise lose the connection its enclosing transaction was on).

        from django.core.management import call_command
        from django_tasks_db.models import DBTaskResult

        from jigsaw.notifications.tasks import send_notifications

        stale = send_notifications.enqueue()
        recent = send_notifications.enqueue()
        DBTaskResult.objects.get(pk=stale.id).claim("killed-worker")
        DBTaskResult.objects.filter(pk=stale.id).update(started_at=timezone.now() - timedelta(hours=2))
        DBTaskResult.objects.get(pk=recent.id).claim("live-worker")  # still honestly running

        call_command("tasks_requeue_stale", "--older-than", "60")

        assert DBTaskResult.objects.get(pk=stale.id).status == "READY"
        assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"
        # A worker takes it again, and it runs to the end.
        call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "next")
        assert DBTaskResult.objects.get(pk=stale.id).status == "SUCCESSFUL"
