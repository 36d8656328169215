"""Bench harness: a throwaway database, a real gunicorn server, a load driver, ratio reports.

The pieces live in submodules (common, cli, database, server, client, people, load, report); their
public names are re-exported here, so benches only need `from bench import harness`.
"""

from .cli import describe_setup, parse_args, quick_mode, run
from .client import fetch, fetch_json
from .common import DEFAULTS, HEALTH_PATH, QUICK_DEFAULTS, REPO_ROOT, BenchError, log
from .database import (
    BENCH_SECRET_KEY,
    FAST_HASHER,
    UNLIMITED_RATE,
    bench_environment,
    close_db_connections,
    prepare_database,
)
from .load import Measurement, measure
from .people import ME_PATH, TOKEN_PATH, enrolled_trainee, token_headers
from .report import Case, Comparison, compare, report, report_comparison, run_rounds
from .server import WSGI_APP, ServerURL, wsgi_server

__all__ = [
    "BENCH_SECRET_KEY",
    "DEFAULTS",
    "FAST_HASHER",
    "HEALTH_PATH",
    "ME_PATH",
    "QUICK_DEFAULTS",
    "REPO_ROOT",
    "TOKEN_PATH",
    "UNLIMITED_RATE",
    "WSGI_APP",
    "BenchError",
    "Case",
    "Comparison",
    "Measurement",
    "ServerURL",
    "bench_environment",
    "close_db_connections",
    "compare",
    "describe_setup",
    "enrolled_trainee",
    "fetch",
    "fetch_json",
    "log",
    "measure",
    "parse_args",
    "prepare_database",
    "quick_mode",
    "report",
    "report_comparison",
    "run",
    "run_rounds",
    "token_headers",
    "wsgi_server",
]
