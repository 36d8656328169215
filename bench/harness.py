"""Bench harness: a throwaway database, a real gunicorn server, a load driver, ratio reports."""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/api/v1/health/"
WSGI_APP = "config.wsgi:application"

# A rate no run can reach. The period is one second on purpose: DRF keeps the timestamps of every
# request of the period in the cache and pickles that list on each request, so with "/min" one
# hammering client would make every request slower the longer the run goes (see README.md).
UNLIMITED_RATE = "100000000/s"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
BENCH_SECRET_KEY = "bench-only-secret-key-never-used-by-a-real-site-5d81c0b7"

# Defaults for a 2-core machine: the server gets one core (one worker process), the load
# generator the other; a median over alternating rounds absorbs what noise is left.
DEFAULTS = {"duration": 3.0, "rounds": 3, "warmup": 0.5, "concurrency": 4, "workers": 1,
            "threads": 4}
QUICK_DEFAULTS = {**DEFAULTS, "duration": 0.6, "rounds": 1, "warmup": 0.2}


class BenchError(Exception):
    """A bench could not measure what it meant to (server down, non-200 answer, bad setup)."""


# --- Command line -----------------------------------------------------------------------------


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


def log(message):
    """Progress goes to stderr so that stdout holds only the results."""
    print(message, file=sys.stderr, flush=True)


# --- Database ---------------------------------------------------------------------------------


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


# --- Server -----------------------------------------------------------------------------------


class ServerURL(str):
    """The base URL of a running server (a plain str) that also knows the server's process id."""

    pid: int | None

    def __new__(cls, url, pid=None):
        instance = super().__new__(cls, url)
        instance.pid = pid
        return instance


@contextlib.contextmanager
def wsgi_server(env, workers=1, threads=4, *, startup_timeout=30.0, app=WSGI_APP):
    """Run gunicorn on a free 127.0.0.1 port; yield its base URL once health/ answers 200.

    The server runs in its own process group and is stopped (then killed if it lingers) on exit,
    exceptions included. Its log is printed to stderr if it said anything at level warning.
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(threads),
        "--log-level", "warning",
        "--graceful-timeout", "5",
    ]
    with tempfile.TemporaryFile() as server_log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=server_log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        startup_failed = False
        try:
            url = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            try:
                _wait_until_ready(process, url, server_log, startup_timeout)
            except BenchError:
                startup_failed = True  # the error carries the log already
                raise
            log(f"gunicorn (pid {process.pid}) ready in {time.perf_counter() - started:.1f} s "
                f"at {url}")
            yield ServerURL(url, process.pid)
        finally:
            _stop(process)
            output = "" if startup_failed else _tail(server_log)
            if output.strip():
                log(f"--- gunicorn log ---\n{output.rstrip()}\n--- end of gunicorn log ---")


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(process, url, server_log, timeout):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with status {process.returncode} before "
                             f"answering {HEALTH_PATH}:\n{_tail(server_log)}")
        try:
            status, _headers, body = fetch(url, HEALTH_PATH, timeout=2.0)
        except (OSError, http.client.HTTPException) as error:
            last_error = error
            time.sleep(0.1)
            continue
        if status == 200:
            return
        raise BenchError(f"{HEALTH_PATH} answered {status} at startup: {body[:300]!r}\n"
                         f"{_tail(server_log)}")
    raise BenchError(f"gunicorn did not answer {HEALTH_PATH} within {timeout:g} s "
                     f"(last error: {last_error}):\n{_tail(server_log)}")


def _stop(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()  # the arbiter stops its workers gracefully
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    # Whatever is left of the server's own process group (a stuck worker) is killed.
    if process.poll() is None or _group_members(process.pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _tail(server_log, limit=6000):
    server_log.flush()
    server_log.seek(0)
    data = server_log.read()
    server_log.seek(0, os.SEEK_END)
    text = data[-limit:].decode(errors="replace")
    return ("…" + text) if len(data) > limit else text


def _proc_stats():
    """(pid, process group, CPU seconds) of every live process in /proc; empty off Linux."""
    if not os.path.isdir("/proc"):
        return []
    tick = os.sysconf("SC_CLK_TCK")
    stats = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:
                data = file.read()
        except OSError:
            continue
        fields = data[data.rindex(b")") + 2:].split()
        if fields[0] == b"Z":  # exited, waiting to be reaped: holds no CPU and no port
            continue
        stats.append((int(entry.name), int(fields[2]), (int(fields[11]) + int(fields[12])) / tick))
    return stats


def _group_members(pgid):
    return [pid for pid, group, _cpu in _proc_stats() if group == pgid]


def _group_cpu_seconds(pgid):
    if pgid is None or not os.path.isdir("/proc"):
        return None
    return sum(cpu for _pid, group, cpu in _proc_stats() if group == pgid)


# --- Client -----------------------------------------------------------------------------------


def _local_address(base_url):
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
        raise BenchError(f"benches only send traffic to http://127.0.0.1, not to {base_url}")
    return "127.0.0.1", parts.port or 80


def fetch(base_url, path, headers=None, *, method="GET", body=None, timeout=10.0):
    """One request on a new connection: (status, headers, body bytes)."""
    host, port = _local_address(base_url)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def fetch_json(base_url, path, headers=None, *, method="GET", data=None):
    """One JSON request that must answer 200; returns the decoded body."""
    headers = {"Accept": "application/json", **(headers or {})}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    status, _headers, content = fetch(base_url, path, headers, method=method, body=body)
    if status != 200:
        raise BenchError(f"{method} {path} answered {status}: {content[:500]!r}")
    try:
        return json.loads(content)
    except ValueError as error:
        raise BenchError(f"{method} {path} did not answer JSON: {content[:300]!r}") from error


@dataclass(frozen=True)
class Measurement:
    """Throughput and latency of one endpoint over one measuring window."""

    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    server_cpu: float | None  # cores the server's processes used during the window
    client_cpu: float | None  # cores this (load generating) process used during the window

    def __float__(self):
        return self.rps

    def describe(self):
        cpu = ""
        if self.server_cpu is not None:
            cpu += f", server {self.server_cpu:.2f} cores"
        if self.client_cpu is not None:
            cpu += f", client {self.client_cpu:.2f} cores"
        return (f"{self.rps:8.1f} req/s, p50 {self.p50_ms:.2f} ms, p95 {self.p95_ms:.2f} ms"
                f"{cpu} ({self.requests} requests in {self.seconds:.2f} s)")


class _Client:
    """One keep-alive HTTP/1.1 connection sending the same request in a loop until told to stop."""

    def __init__(self, host, port, path, headers, start, stop, cap, stop_event, timeout):
        self.host, self.port, self.path, self.headers = host, port, path, headers
        self.start, self.stop, self.cap = start, stop, cap
        self.stop_event, self.timeout = stop_event, timeout
        self.ends = array("d")  # completion times inside the window
        self.latencies = array("d")
        self.capped_at = None
        self.error = None

    def run(self):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            while not self.stop_event.is_set():
                sent = time.perf_counter()
                if sent >= self.stop:
                    break
                connection.request("GET", self.path, headers=self.headers)
                response = connection.getresponse()
                body = response.read()
                done = time.perf_counter()
                if response.status != 200:
                    self.error = (f"GET {self.path} answered {response.status} "
                                  f"{response.reason}: {body[:300]!r}")
                    break
                if done >= self.start:
                    self.ends.append(done)
                    self.latencies.append(done - sent)
                    if len(self.ends) >= self.cap:
                        self.capped_at = done
                        break
        except Exception as error:  # reported by measure(), which fails loudly
            self.error = f"GET {self.path} failed: {type(error).__name__}: {error}"
        finally:
            if self.error or self.capped_at:
                self.stop_event.set()
            connection.close()


def measure(base_url, path, headers=None, *, duration=DEFAULTS["duration"],
            concurrency=DEFAULTS["concurrency"], warmup=DEFAULTS["warmup"],
            max_requests=2_000_000, timeout=10.0):
    """Drive `concurrency` keep-alive connections at GET `path`; return a Measurement.

    Each connection sends its next request as soon as the last one is answered. The first
    `warmup` seconds are not counted; then every response completed within `duration` seconds
    counts. Any answer other than 200, or a connection error, raises BenchError. The run stops
    after `duration` seconds or `max_requests` responses, whichever comes first.
    """
    host, port = _local_address(base_url)
    headers = dict(headers or {})
    server_pid = getattr(base_url, "pid", None)
    now = time.perf_counter()
    start, stop = now + warmup, now + warmup + duration
    stop_event = threading.Event()
    clients = [
        _Client(host, port, path, headers, start, stop, max(1, max_requests // concurrency),
                stop_event, timeout)
        for _ in range(concurrency)
    ]
    threads = [threading.Thread(target=c.run, name=f"bench-client-{i}", daemon=True)
               for i, c in enumerate(clients)]
    try:
        for thread in threads:
            thread.start()
        stop_event.wait(max(0.0, start - time.perf_counter()))
        cpu_start, server_start = time.process_time(), _group_cpu_seconds(server_pid)
        window_start = time.perf_counter()
        stop_event.wait(max(0.0, stop - time.perf_counter()))
        cpu_end, server_end = time.process_time(), _group_cpu_seconds(server_pid)
        window = time.perf_counter() - window_start
        deadline = time.perf_counter() + timeout + 5
        for thread in threads:
            thread.join(max(0.0, deadline - time.perf_counter()))
        if any(thread.is_alive() for thread in threads):
            raise BenchError(f"GET {path}: clients still waiting {timeout + 5:g} s after the end")
    finally:
        stop_event.set()
    errors = [client.error for client in clients if client.error]
    if errors:
        raise BenchError(f"{len(errors)} of {concurrency} connections failed; first: {errors[0]}")

    end = min([stop] + [c.capped_at for c in clients if c.capped_at is not None])
    latencies = sorted(
        latency
        for client in clients
        for done, latency in zip(client.ends, client.latencies, strict=True)
        if start <= done < end
    )
    if len(latencies) < 2:
        raise BenchError(f"GET {path}: fewer than 2 responses in {end - start:.2f} s")
    server_cpu = client_cpu = None
    if window > 0:
        client_cpu = (cpu_end - cpu_start) / window
        if server_start is not None and server_end is not None:
            server_cpu = (server_end - server_start) / window
    return Measurement(
        path=path,
        requests=len(latencies),
        seconds=end - start,
        rps=len(latencies) / (end - start),
        p50_ms=1000 * _percentile(latencies, 50),
        p95_ms=1000 * _percentile(latencies, 95),
        server_cpu=server_cpu,
        client_cpu=client_cpu,
    )


def _percentile(ordered, percent):
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


# --- Rounds and reports -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One endpoint to measure: a name for the report, a path and the request headers."""

    name: str
    path: str
    headers: dict | None = None


@dataclass(frozen=True)
class Comparison:
    """A target's measurements beside the baseline's of the same rounds."""

    name: str
    baseline_name: str
    target: list
    baseline: list

    @property
    def value(self):
        return statistics.median(m.rps for m in self.target)

    @property
    def baseline_value(self):
        return statistics.median(m.rps for m in self.baseline)

    @property
    def ratio(self):
        return self.value / self.baseline_value

    @property
    def round_ratios(self):
        return [t.rps / b.rps for t, b in zip(self.target, self.baseline, strict=True)]


def run_rounds(base_url, cases, *, rounds=DEFAULTS["rounds"], duration=DEFAULTS["duration"],
               concurrency=DEFAULTS["concurrency"], warmup=DEFAULTS["warmup"]):
    """Measure every case once per round, in order, for `rounds` rounds: {name: [Measurement]}.

    Alternating (A, B, A, B, ...) instead of all A then all B spreads slow drifts of the machine
    (another process, CPU frequency) over every case rather than onto one.
    """
    results = {case.name: [] for case in cases}
    width = max(len(case.name) for case in cases)
    for round_number in range(1, rounds + 1):
        for case in cases:
            measurement = measure(base_url, case.path, case.headers, duration=duration,
                                  concurrency=concurrency, warmup=warmup)
            results[case.name].append(measurement)
            log(f"  round {round_number}/{rounds}  {case.name:<{width}}  {measurement.describe()}")
    return results


def compare(base_url, baseline, targets, *, rounds=DEFAULTS["rounds"],
            duration=DEFAULTS["duration"], concurrency=DEFAULTS["concurrency"],
            warmup=DEFAULTS["warmup"]):
    """Alternate the baseline Case with the target Cases over `rounds`: a Comparison per target."""
    results = run_rounds(base_url, [baseline, *targets], rounds=rounds, duration=duration,
                         concurrency=concurrency, warmup=warmup)
    return [Comparison(target.name, baseline.name, results[target.name], results[baseline.name])
            for target in targets]


def _arrow():
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "→".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "->"
    return "→"


def report(name, value, baseline, *, baseline_name="no-op", round_ratios=None):
    """Print `name: X req/s vs no-op Y req/s → ratio X/Y` on stdout; return the ratio."""
    ratio = float(value) / float(baseline)
    line = (f"{name}: {float(value):.1f} req/s vs {baseline_name} {float(baseline):.1f} req/s "
            f"{_arrow()} ratio {ratio:.2f}")
    if round_ratios and len(round_ratios) > 1:
        line += f" (per round: {', '.join(f'{r:.2f}' for r in round_ratios)})"
    print(line, flush=True)
    return ratio


def report_comparison(comparison):
    """report() a Comparison: medians of its rounds and the ratio of each round."""
    return report(comparison.name, comparison.value, comparison.baseline_value,
                  baseline_name=comparison.baseline_name, round_ratios=comparison.round_ratios)
