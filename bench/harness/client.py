"""One-off HTTP requests to the local server, for checks outside the measurements."""

import http.client
import json
from urllib.parse import urlsplit

from .common import BenchError


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
