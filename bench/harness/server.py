"""The gunicorn server a bench measures: start, wait for health/, stop, CPU of its processes."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from .client import fetch
from .common import HEALTH_PATH, REPO_ROOT, BenchError, log

WSGI_APP = "config.wsgi:application"


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
        "--config", str(REPO_ROOT / "config" / "gunicorn.py"),  # the site's own settings
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
