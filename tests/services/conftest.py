"""Fixtures of the services lane: a real PostgreSQL database and a Celery worker on Redis."""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

# The browser of the end-to-end tests, for the services lane's own browser test.
from tests.e2e.conftest import browser, page  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def services_lane(db):
    """Skip (or fail under CI=true) unless the suite runs on PostgreSQL with REDIS_URL set."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        message = "services lane needs DATABASE_URL=postgres://… and REDIS_URL (see scripts/test.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def worker(log_path):
    """Run a `celery worker` process of its own, on the test database and media folder,
    consuming the default and video queues, logging to `log_path` (a file of its own); yields
    (process, log path) once it is ready."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--queues=default,video", "--purge", "--without-gossip",
             "--without-mingle", "--loglevel=info", f"--hostname={name}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        yield process, log_path
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def celery_worker_process(services_lane, tmp_path):
    """A real worker for the test (see `worker`)."""
    with worker(tmp_path / "worker.log") as started:
        yield started


def wait_for(predicate, *, timeout=60, interval=0.2, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    detail = log_path.read_text() if log_path else ""
    pytest.fail(f"condition not met within {timeout}s\n{detail}")
