"""Production settings read the scale-out choices from the environment, not from code."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "JIGSAW_AUDIT_HMAC_KEY": "another-long-random-key-kept-apart-from-the-database",
    "DATABASE_URL": "postgres://jigsaw_app@db.council.example:5432/jigsaw",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'databases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS, "
    "'tasks': s.TASKS['default']['BACKEND'], 'handler': s.LOGGING['handlers']['console'].get('formatter'), "
    "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR')}))"
)


def production_settings(**extra: str) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL", "JIGSAW_TASKS_BACKEND")
    }
    env.update({**BASE_ENV, **extra})
    result = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_database_the_database_queue_and_json_logs_by_default():
    shown = production_settings()
    assert shown == {
        "databases": ["default"],
        "routers": [],
        "tasks": "django_tasks_db.DatabaseBackend",
        "handler": "json",
        "mirror": None,
    }


def test_a_replica_and_a_broker_are_settings():
    shown = production_settings(
        DATABASE_REPLICA_URL="postgres://jigsaw_app@replica.council.example:5432/jigsaw", JIGSAW_TASKS_BACKEND="celery"
    )
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["jigsaw.core.dbrouter.ReplicaRouter"]
    assert shown["mirror"] == "default"
    assert shown["tasks"] == "django_tasks_celery.CeleryBackend"
