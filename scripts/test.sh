#!/usr/bin/env bash
# The whole suite: lint, the default lane (SQLite, eager tasks, browser tests) and the services
# lane (PostgreSQL + Redis + a real Celery worker) when those services are reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"
"$BIN/ruff" check .

echo "== default lane: SQLite, eager tasks, browser"
"$BIN/pytest" -m "not services" "$@"

# The services lane of one run has a database and Redis keys of its own, so two runs on one
# machine (two checkouts, CI jobs sharing the services) never drop each other's database or take
# each other's tasks. SERVICES_DATABASE_URL and SERVICES_REDIS_URL choose the servers; the
# database name in the URL is replaced by the run's name, and pytest-django creates and drops
# test_<name>. Redis keys of the run start with "<name>:" (REDIS_KEY_PREFIX).
run="cadre_$$_$RANDOM"

# On exit, whatever the run leaves behind (a run cut short, or --reuse-db); its status is kept.
forget_run() {
    local status=$?
    "$BIN/python" scripts/services_lane.py forget "$database_url" "$redis_url" "$run" \
        || echo "could not clean up $run" >&2
    exit "$status"
}

echo "== services lane: PostgreSQL, Redis, Celery worker"
if why=$("$BIN/python" scripts/services_lane.py up); then
    database_url=$("$BIN/python" scripts/services_lane.py database-url \
        "${SERVICES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" "$run")
    redis_url="${SERVICES_REDIS_URL:-redis://127.0.0.1:6379/15}"
    trap forget_run EXIT
    DATABASE_URL="$database_url" REDIS_URL="$redis_url" REDIS_KEY_PREFIX="$run" \
        "$BIN/pytest" -m "not e2e" "$@"
elif [ "${CI:-}" = "true" ]; then
    echo "services lane required under CI=true but $why" >&2
    exit 1
else
    echo "services lane skipped: $why (start PostgreSQL and Redis to run it)"
fi
