"""Shared by the harness modules: the repository root, run defaults, BenchError and log()."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
HEALTH_PATH = "/api/v1/health/"

# Defaults for a 2-core machine: the server gets one core (one worker process), the load
# generator the other; a median over alternating rounds absorbs what noise is left.
DEFAULTS = {"duration": 3.0, "rounds": 3, "warmup": 0.5, "concurrency": 4, "workers": 1,
            "threads": 4}
QUICK_DEFAULTS = {**DEFAULTS, "duration": 0.6, "rounds": 1, "warmup": 0.2}


class BenchError(Exception):
    """A bench could not measure what it meant to (server down, non-200 answer, bad setup)."""


def log(message):
    """Progress goes to stderr so that stdout holds only the results."""
    print(message, file=sys.stderr, flush=True)
