"""The load driver: keep-alive client threads hammering one path, measured as a Measurement."""

import http.client
import threading
import time
from array import array
from dataclasses import dataclass

from .client import _local_address
from .common import DEFAULTS, BenchError
from .server import _group_cpu_seconds


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

    def __init__(self, host, port, path, headers, start, stop, cap, stop_event, timeout,
                 method="GET", body=None, expect=(200,)):
        self.host, self.port, self.path, self.headers = host, port, path, headers
        self.method, self.body, self.expect = method, body, expect
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
                connection.request(self.method, self.path, headers=self.headers,
                                   body=self.body() if self.body else None)
                response = connection.getresponse()
                body = response.read()
                done = time.perf_counter()
                if response.status not in self.expect:
                    self.error = (f"{self.method} {self.path} answered {response.status} "
                                  f"{response.reason}: {body[:300]!r}")
                    break
                if done >= self.start:
                    self.ends.append(done)
                    self.latencies.append(done - sent)
                    if len(self.ends) >= self.cap:
                        self.capped_at = done
                        break
        except Exception as error:  # reported by measure(), which fails loudly
            self.error = f"{self.method} {self.path} failed: {type(error).__name__}: {error}"
        finally:
            if self.error or self.capped_at:
                self.stop_event.set()
            connection.close()


def measure(base_url, path, headers=None, *, duration=DEFAULTS["duration"],
            concurrency=DEFAULTS["concurrency"], warmup=DEFAULTS["warmup"],
            max_requests=2_000_000, timeout=10.0, method="GET", bodies=None, paths=None,
            expect=(200,)):
    """Drive `concurrency` keep-alive connections at GET `path` (or `method`, each connection
    sending the bodies `bodies(its number)` gives, to `paths(its number)` when given: each
    connection its own trainee's resource); return a Measurement.

    Each connection sends its next request as soon as the last one is answered. The first
    `warmup` seconds are not counted; then every response completed within `duration` seconds
    counts. Any answer whose status is not in `expect` (200 only, unless told: a sign-in
    answers 302, a refused one 429), or a connection error, raises BenchError. The run stops
    after `duration` seconds or `max_requests` responses, whichever comes first.
    """
    expect = tuple(expect)
    host, port = _local_address(base_url)
    headers = dict(headers or {})
    server_pid = getattr(base_url, "pid", None)
    now = time.perf_counter()
    start, stop = now + warmup, now + warmup + duration
    stop_event = threading.Event()
    clients = [
        _Client(host, port, paths(i) if paths else path, headers, start, stop,
                max(1, max_requests // concurrency),
                stop_event, timeout, method, bodies(i) if bodies else None, expect)
        for i in range(concurrency)
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
            raise BenchError(f"{method} {path}: clients still waiting {timeout + 5:g} s after "
                             "the end")
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
        raise BenchError(f"{method} {path}: fewer than 2 responses in {end - start:.2f} s")
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
