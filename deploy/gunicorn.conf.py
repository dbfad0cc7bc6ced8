"""gunicorn's settings for Jigsaw (`gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`).

Every value can be changed from the environment, so the same file serves the container,
systemd and deploy/run-plain-server.sh.
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("JIGSAW_BIND", "127.0.0.1:8000")
# Sync workers: Jigsaw's views are short and database-bound. About 2 per core, plus threads
# so that a slow PDF does not hold a whole worker (measured in docs/benchmarks.md).
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("JIGSAW_GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("JIGSAW_GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a slow leak in any library cannot grow for ever.
max_requests = int(os.environ.get("JIGSAW_GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Jigsaw writes its own JSON line per request (jigsaw.core.logs), with the request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Trust X-Forwarded-* only from the reverse proxy on this machine (or the ones named).
forwarded_allow_ips = os.environ.get("JIGSAW_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Load the app once in the master: faster start, less memory (copy on write).
preload_app = True


def on_starting(server):
    # Metrics from every worker are summed at /metrics/ (prometheus-client's multiprocess mode):
    # the directory must be empty when gunicorn starts.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def post_fork(server, worker):
    # A connection opened by the master while preloading must not be shared with a worker.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
