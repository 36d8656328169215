"""The throwaway database: pinned environment, django.setup(), migrate, migrated-template cache
(SQLite), and a PostgreSQL database created for one run and dropped after it."""

import contextlib
import hashlib
import os
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from .common import REPO_ROOT, BenchError, log

# A rate no run can reach. The period is one second on purpose: DRF keeps the timestamps of every
# request of the period in the cache and pickles that list on each request, so with "/min" one
# hammering client would make every request slower the longer the run goes (see bench/README.md).
UNLIMITED_RATE = "100000000/s"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# The server and maintenance database postgres_database() creates and drops databases through.
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_SECRET_KEY = "bench-only-secret-key-never-used-by-a-real-site-5d81c0b7"


def bench_environment(tmpdir):
    """The variables a bench pins for itself and the server (a .env file cannot change them)."""
    tmp = Path(tmpdir).resolve()
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "PASSWORD_HASHERS": FAST_HASHER,
        "API_THROTTLE_ANON": UNLIMITED_RATE,
        "API_THROTTLE_USER": UNLIMITED_RATE,
        "API_THROTTLE_AUTH": UNLIMITED_RATE,
        "REDIS_URL": "",
        "AWS_STORAGE_BUCKET_NAME": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "CELERY_BROKER_FOLDER": str(tmp / "celery"),
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),  # empty, but present: WhiteNoise warns otherwise
        "EMAIL_URL": "consolemail://",
        "LANGUAGE_CODE": "en",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(tmpdir, *, overrides=None, use_cache=None):
    """Set up Django on a new SQLite file in `tmpdir`, migrate it, return the server's environment.

    Call it before anything loads Django settings: it sets DATABASE_URL and the other pinned
    variables (`bench_environment`, plus `overrides`) in os.environ, then runs django.setup()
    and `migrate`. A full migrate takes about ten seconds, so the migrated schema is kept as a
    template in the temp directory, keyed by the content of every migration file; the next runs
    copy it and `migrate` only confirms there is nothing left to apply. BENCH_NO_DB_CACHE=1 or
    use_cache=False migrates from scratch.
    """
    pinned = {**bench_environment(tmpdir), **(overrides or {})}
    Path(pinned["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    _refuse_if_django_loaded(pinned["DATABASE_URL"])
    os.environ.update(pinned)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    db = settings.DATABASES["default"]
    if use_cache is None:
        use_cache = os.environ.get("BENCH_NO_DB_CACHE", "") in ("", "0")
    use_cache = use_cache and db["ENGINE"] == "django.db.backends.sqlite3"
    db_path = Path(db["NAME"])
    started = time.perf_counter()
    template = _template_path(pinned) if use_cache else None
    from_template = template is not None and template.exists()
    if from_template:
        shutil.copyfile(template, db_path)
    call_command("migrate", verbosity=0, interactive=False)
    connections.close_all()
    if template is not None and not from_template:
        _save_template(db_path, template)
    how = "copied from the migrated template" if from_template else "migrated from scratch"
    log(f"database ready in {time.perf_counter() - started:.1f} s ({how}): {db_path}")
    return {**os.environ, **pinned}


@contextlib.contextmanager
def postgres_database(admin_url=None, *, prefix="cadre_bench"):
    """A new, empty PostgreSQL database for one run, dropped on exit: yields its DATABASE_URL.

    Pass the URL to prepare_database(tmpdir, overrides={"DATABASE_URL": url}), in a process
    that has not loaded Django yet. `admin_url` (default BENCH_POSTGRES_URL, else the local
    server as user postgres) names the server and a database to connect to for CREATE and DROP
    DATABASE. BenchError when the server cannot be reached. The database is dropped WITH (FORCE)
    so that a connection left open (a crashed child process) cannot keep it alive.
    """
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    admin_url = admin_url or os.environ.get("BENCH_POSTGRES_URL") or POSTGRES_ADMIN_URL
    parts = urlsplit(admin_url)
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
        raise BenchError(f"PostgreSQL is unreachable at {parts.hostname}:{parts.port or 5432} "
                         f"({first_line})") from error
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def close_db_connections():
    """Close the bench process's own connections before the server starts using the database."""
    from django.db import connections

    connections.close_all()


def _refuse_if_django_loaded(database_url):
    from django.conf import settings

    if settings.configured and os.environ.get("DATABASE_URL") != database_url:
        raise BenchError("prepare_database() must run before Django settings are loaded, "
                         "and only once per process")


def _template_path(pinned):
    import django
    from django.apps import apps

    # What migrate writes depends on the migration files, Django and the language (Wagtail's
    # first locale); the other pinned variables (throttles, paths) do not change the schema.
    digest = hashlib.sha256(f"{django.get_version()} {pinned.get('LANGUAGE_CODE')}\n".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for file in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{config.label}/{file.name}\n".encode())
            digest.update(file.read_bytes())
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    folder = Path(tempfile.gettempdir()) / f"cadre-lms-bench-{uid}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"migrated-{digest.hexdigest()[:20]}.sqlite3"


def _save_template(db_path, template):
    part = template.with_name(f"{template.name}.{os.getpid()}.part")
    source, target = sqlite3.connect(db_path), sqlite3.connect(part)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        source.close()
        target.close()
    os.replace(part, template)
    for stale in template.parent.glob("migrated-*.sqlite3"):
        if stale != template:
            stale.unlink(missing_ok=True)
