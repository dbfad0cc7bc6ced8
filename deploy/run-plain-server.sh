#!/usr/bin/env bash
# Jigsaw on a plain server, without containers: the web server (gunicorn), the task worker and
# the scheduler as three processes of their own, from one environment file.
#
#   deploy/run-plain-server.sh release   once per version, BEFORE it serves: migrate (as the owner
#                                        role if JIGSAW_OWNER_DATABASE_URL is set), db_roles, collectstatic
#   deploy/run-plain-server.sh start     start web + worker(s) + scheduler in the background
#   deploy/run-plain-server.sh status    which are running, and /health/
#   deploy/run-plain-server.sh stop      stop them (gracefully: a running task is finished first)
#
# Environment: JIGSAW_ENV_FILE (default /etc/jigsaw/jigsaw.env, see deploy/jigsaw.env.example),
# JIGSAW_RUN_DIR for pid and log files (default ./var/run), JIGSAW_WORKERS task workers (default 1).
# On a server that has systemd, use deploy/systemd/ instead: the same three processes, supervised.
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_FILE=${JIGSAW_ENV_FILE:-/etc/jigsaw/jigsaw.env}
if [ -f "$ENV_FILE" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  set +a
fi
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}
PY=${JIGSAW_PYTHON:-.venv/bin/python}
GUNICORN=${JIGSAW_GUNICORN:-.venv/bin/gunicorn}
RUN=${JIGSAW_RUN_DIR:-var/run}
WORKERS=${JIGSAW_WORKERS:-1}
mkdir -p "$RUN"
[ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ] && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

start_one() {  # start_one NAME COMMAND...
  local name=$1
  shift
  if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$RUN/$name.pid"))"
    return
  fi
  nohup "$@" >>"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  echo "$name started (pid $!), log $RUN/$name.log"
}

stop_one() {
  local name=$1
  [ -f "$RUN/$name.pid" ] || return 0
  local pid
  pid=$(cat "$RUN/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "$name did not stop in 30 s: killing"; kill -KILL "$pid"; }
  fi
  rm -f "$RUN/$name.pid"
  echo "$name stopped"
}

case "${1:-}" in
  release)
    # Migrations run once, by one process, before any process of the new version serves.
    DATABASE_URL=${JIGSAW_OWNER_DATABASE_URL:-$DATABASE_URL} "$PY" manage.py migrate --noinput
    if [ -n "${JIGSAW_OWNER_DATABASE_URL:-}" ]; then
      DATABASE_URL=$JIGSAW_OWNER_DATABASE_URL "$PY" manage.py db_roles
    fi
    "$PY" manage.py collectstatic --noinput --verbosity 0
    "$PY" manage.py check --deploy --fail-level ERROR
    ;;
  start)
    start_one web "$GUNICORN" -c deploy/gunicorn.conf.py config.wsgi:application
    for i in $(seq 1 "$WORKERS"); do
      start_one "worker-$i" "$PY" manage.py db_worker --worker-id "$(hostname)-$i"
    done
    # One scheduler for the whole installation, however many machines run web and workers.
    if [ "${JIGSAW_SCHEDULER:-1}" = 1 ]; then
      start_one scheduler "$PY" manage.py crontask
    fi
    ;;
  status)
    for f in "$RUN"/*.pid; do
      [ -e "$f" ] || continue
      n=$(basename "$f" .pid)
      if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$n running (pid $(cat "$f"))"; else echo "$n NOT running"; fi
    done
    curl -fsS "http://${JIGSAW_BIND:-127.0.0.1:8000}/health/" && echo
    ;;
  stop)
    stop_one scheduler
    for f in "$RUN"/worker-*.pid; do [ -e "$f" ] && stop_one "$(basename "$f" .pid)"; done
    stop_one web
    ;;
  *)
    sed -n '2,14p' "$0"
    exit 2
    ;;
esac
