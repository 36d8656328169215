"""Command line of a bench: the common options, the set-up line, exit codes on failure."""

import argparse
import os
import signal
import sys

from .common import DEFAULTS, QUICK_DEFAULTS, BenchError


def quick_mode():
    """True when BENCH_QUICK asks for a smoke run (a few seconds, numbers only indicative)."""
    return os.environ.get("BENCH_QUICK", "").strip().lower() not in ("", "0", "false", "no")


def parse_args(description, argv=None):
    """The options every bench script takes; BENCH_QUICK=1 shortens the defaults."""
    defaults = QUICK_DEFAULTS if quick_mode() else DEFAULTS
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--duration", type=float, default=defaults["duration"],
                        help="seconds of each measurement (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=defaults["rounds"],
                        help="alternating rounds; medians are reported (default %(default)s)")
    parser.add_argument("--warmup", type=float, default=defaults["warmup"],
                        help="unmeasured seconds before each measurement (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=defaults["concurrency"],
                        help="keep-alive client connections (default %(default)s)")
    parser.add_argument("--workers", type=int, default=defaults["workers"],
                        help="gunicorn worker processes (default %(default)s)")
    parser.add_argument("--threads", type=int, default=defaults["threads"],
                        help="threads per gunicorn worker, gthread (default %(default)s)")
    args = parser.parse_args(argv)
    for name in ("duration", "rounds", "concurrency", "workers", "threads"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name} must be positive")
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    args.quick = quick_mode()
    return args


def describe_setup(args):
    """One line saying how the run is set up, for the top of a bench's output."""
    mode = " (BENCH_QUICK: smoke run, figures are only indicative)" if args.quick else ""
    return (f"gunicorn gthread {args.workers} worker(s) x {args.threads} thread(s), "
            f"{args.concurrency} keep-alive client connections, {args.rounds} round(s) of "
            f"{args.duration:g} s per endpoint (+{args.warmup:g} s warm-up){mode}")


def run(main):
    """Run a bench's main(): BenchError or Ctrl-C exits non-zero with a message, not a traceback.

    SIGTERM is turned into SystemExit so the `with` blocks still stop the server.
    """
    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    try:
        main()
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("bench interrupted", file=sys.stderr)
        sys.exit(130)
