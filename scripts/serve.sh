#!/usr/bin/env bash
# Serve the site on 127.0.0.1:$PORT with a background Celery worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
BIN=.venv/bin

"$BIN/celery" -A config worker --loglevel=warning --queues=default,video \
    --concurrency="${WORKER_CONCURRENCY:-2}" --hostname="cadre-worker@%h" &
WORKER=$!
stop_worker() {
    kill -TERM "$WORKER" 2>/dev/null || true
    wait "$WORKER" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

echo "Cadre LMS: http://127.0.0.1:${PORT}/  (admin: /admin/, API: /api/v1/docs/) — Ctrl-C stops"
"$BIN/python" manage.py runserver "127.0.0.1:${PORT}"
