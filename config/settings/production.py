"""Production: everything from the environment, and refuses to start without a real secret."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env


def tasks_backend(name: str) -> dict:
    """TASKS for JIGSAW_TASKS_BACKEND: "database" (django-tasks-db) or "celery" (django-tasks-celery)."""
    if name == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if name == "celery":
        return {"default": {"BACKEND": "django_tasks_celery.CeleryBackend"}}
    raise ValueError(f"JIGSAW_TASKS_BACKEND must be database or celery, not {name!r}")


DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: a missing key stops the start
# The audit chain's key: separate from SECRET_KEY, kept out of the database, never changed
# (there are no key versions yet: a new key fails verification of the whole chain).
JIGSAW_AUDIT_HMAC_KEY = env("JIGSAW_AUDIT_HMAC_KEY")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Secure cookies always, but for a benchmark on the loopback address over plain HTTP (bench/).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("JIGSAW_SECURE_COOKIES", default=True)
JIGSAW_DEMO_MODE = False

# The load balancer's and the monitoring's plain-HTTP checks are not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics/$"]

# Static files: WhiteNoise serves collectstatic's output with hashed names, compressed, cached a year.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "jigsaw.core.staticstorage.StaticStorage"},
}
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))

# A read replica for reads that tolerate a few seconds' delay (jigsaw/core/dbrouter.py, docs/scaling.md).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["jigsaw.core.dbrouter.ReplicaRouter"]

# The task queue: the database (default: nothing more to run) or a broker, by a setting.
# JIGSAW_TASKS_BACKEND=celery uses django-tasks-celery (Django's task framework on Celery, with
# CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0): see docs/scaling.md before switching.
TASKS = tasks_backend(env("JIGSAW_TASKS_BACKEND", default="database"))

# Logs: one JSON object a line on standard output, each with the request's id (jigsaw/core/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jigsaw.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "jigsaw.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # One line per request from jigsaw.core.logs; gunicorn's access log is then switched off.
        "jigsaw.request": {"level": env("JIGSAW_REQUEST_LOG_LEVEL", default="INFO")},
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
    },
}
