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

echo "== services lane: PostgreSQL, Redis, Celery worker"
if why=$("$BIN/python" scripts/services_up.py); then
    DATABASE_URL="${SERVICES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" \
    REDIS_URL="${SERVICES_REDIS_URL:-redis://127.0.0.1:6379/15}" \
        "$BIN/pytest" -m "not e2e" "$@"
elif [ "${CI:-}" = "true" ]; then
    echo "services lane required under CI=true but $why" >&2
    exit 1
else
    echo "services lane skipped: $why (start PostgreSQL and Redis to run it)"
fi
