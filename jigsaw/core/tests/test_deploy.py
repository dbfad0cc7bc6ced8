"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "JIGSAW_AUDIT_HMAC_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_environment():
    result = run_check(
        {
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "DATABASE_URL": "postgres://jigsaw@db.council.example:5432/jigsaw",
            "ALLOWED_HOSTS": "jigsaw.council.example",
            "JIGSAW_AUDIT_HMAC_KEY": "another-long-random-key-kept-apart-from-the-database",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"DATABASE_URL": "postgres://jigsaw@db.council.example:5432/jigsaw"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
