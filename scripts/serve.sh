#!/usr/bin/env bash
# Serve the site on 127.0.0.1:$PORT with a background Celery worker; Ctrl-C (or a TERM sent to
# this script) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
BIN=.venv/bin

# --beat: the worker also runs the periodic jobs (CELERY_BEAT_SCHEDULE); in production run one
# `celery -A config beat` beside the workers instead.
mkdir -p var
"$BIN/celery" -A config worker --loglevel=warning --queues=default,video \
    --concurrency="${WORKER_CONCURRENCY:-2}" --hostname="cadre-worker@%h" \
    --beat --schedule=var/celerybeat-schedule &
WORKER=$!
SERVER=""
stop_both() {
    kill -TERM ${SERVER:+"$SERVER"} "$WORKER" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop_both EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Cadre LMS: http://127.0.0.1:${PORT}/  (admin: /admin/, API: /api/v1/docs/) — Ctrl-C stops"
# In the background so that a signal reaches the traps at once: bash runs traps only after the
# foreground command ends, and runserver would go on serving after a TERM sent to this script.
"$BIN/python" manage.py runserver "127.0.0.1:${PORT}" &
SERVER=$!
wait "$SERVER"
