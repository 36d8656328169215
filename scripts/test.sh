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

run_database_url() {
    "$BIN/python" - "$1" "$run" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

url, name = sys.argv[1:]
print(urlunsplit(urlsplit(url)._replace(path="/" + name)))
PY
}

# On exit, whatever the run leaves behind: its test database (pytest-django drops it, unless
# the run was cut short or given --reuse-db) and its Redis keys. The run's status is kept.
forget_run() {
    local status=$?
    "$BIN/python" - "$database_url" "$redis_url" "$run" <<'PY' || echo "could not clean up $run" >&2
import sys

import environ
import psycopg
import redis

database_url, redis_url, name = sys.argv[1:]
db = environ.Env.db_url_config(database_url)
with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"],
                     password=db["PASSWORD"] or None, dbname="postgres",
                     autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')
client = redis.Redis.from_url(redis_url)
for key in client.scan_iter(f"{name}:*"):
    client.delete(key)
PY
    exit "$status"
}

echo "== services lane: PostgreSQL, Redis, Celery worker"
if why=$("$BIN/python" scripts/services_up.py); then
    database_url=$(run_database_url "${SERVICES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}")
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
