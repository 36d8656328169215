"""Requests per second of the sign-in form with django-axes on, as a ratio of the same form with
it off, in one run, via two gunicorn servers on the same database. Aim: ≥ 0.8 for a successful
sign-in (the lockout bookkeeping costs at most a fifth of a sign-in).

Two servers are started from the same database and settings, one with AXES_ENABLED=true, the
other with AXES_ENABLED=false, and measured in alternating rounds:

- successful sign-in: POST /accounts/login/ with the right password and a CSRF token, no
  session cookie, so every request is a fresh sign-in (302); axes on against axes off;
- the sign-in form: GET /accounts/login/ (200); on against off;
- failed sign-in: a wrong password, each request another username so no lockout happens (the
  form again, 200); on against off;
- refused while locked out: a username locked from 127.0.0.1 (five wrong passwords), then the
  RIGHT password, refused (429) on the axes-on server; against a failed sign-in with axes off.

Passwords are hashed with MD5 in every bench (fast test data): hashing does not hide the cost of
axes here. With the site's default PBKDF2 one hash takes longer than everything else of a
sign-in, and the ratio would be closer to 1.

    .venv/bin/python bench/bench_signin.py
    BENCH_QUICK=1 .venv/bin/python bench/bench_signin.py   # a smoke run
    BENCH_SIGNIN_DATABASE=postgresql .venv/bin/python bench/bench_signin.py  # on PostgreSQL
"""

import contextlib
import itertools
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as `python bench/bench_signin.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.harness.database import postgres_database

AIM = 0.8
LOGIN_PATH = "/accounts/login/"
USERNAME = "bench-signer"
PASSWORD = "Bench-signer-7c2e"
LOCKED_USERNAME = "bench-locked"
LOCKED_PASSWORD = "Bench-locked-41d9"
WRONG_USERNAME = "bench-mistaken"  # a real account given a wrong password, for the checks
WRONG_PASSWORD = "not-the-password"
FAILURE_LIMIT = 5  # AXES_FAILURE_LIMIT of the settings (checked below)

_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
# A different username for every failed attempt, across connections, rounds and servers.
_failure_numbers = itertools.count()


def build_accounts():
    """The trainee who signs in, the one to be locked out, one given a wrong password."""
    from django.conf import settings

    from lms.core.services import trainee_create

    if settings.AXES_FAILURE_LIMIT != FAILURE_LIMIT:
        raise harness.BenchError(f"AXES_FAILURE_LIMIT is {settings.AXES_FAILURE_LIMIT}, the "
                                 f"bench expects {FAILURE_LIMIT}")
    for username, full_name, password in (
            (USERNAME, "Li Signer", PASSWORD),
            (LOCKED_USERNAME, "Zhao Locked", LOCKED_PASSWORD),
            (WRONG_USERNAME, "Qian Mistaken", "Bench-mistaken-9f03")):
        trainee_create(username=username, full_name=full_name, password=password)
    harness.close_db_connections()


def count_queries():
    """Queries of one request of each kind, in-process (Django's test client, the bench
    database), with axes on and off: {(case, on/off): (queries, of which axes' tables)}."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    logging.getLogger("django.request").setLevel(logging.ERROR)  # each 429 is a warning
    counts = {}
    for enabled in (True, False, True, False):  # the first pass fills caches; the second counts
        label = "on" if enabled else "off"
        with override_settings(AXES_ENABLED=enabled):
            requests = {
                "sign-in": {"username": USERNAME, "password": PASSWORD},
                "form": None,
                "failed": {"username": f"nobody-inprocess-{label}-{len(counts)}",
                           "password": WRONG_PASSWORD},
            }
            for name, data in requests.items():
                client = Client(HTTP_HOST="127.0.0.1")
                with CaptureQueriesContext(connection) as queries:
                    response = (client.get(LOGIN_PATH) if data is None
                                else client.post(LOGIN_PATH, data))
                if response.status_code != {"sign-in": 302}.get(name, 200):
                    raise harness.BenchError(f"in-process {name} with axes {label} answered "
                                             f"{response.status_code}")
                counts[name, label] = _counted(queries)
    with override_settings(AXES_ENABLED=True):  # an attempt refused while locked out
        locked = {"username": "nobody-locked-inprocess", "password": WRONG_PASSWORD}
        for _attempt in range(FAILURE_LIMIT + 1):
            with CaptureQueriesContext(connection) as queries:
                status = Client(HTTP_HOST="127.0.0.1").post(LOGIN_PATH, locked).status_code
        if status != 429:
            raise harness.BenchError(f"in-process, a locked-out attempt answered {status}")
        counts["locked", "on"] = _counted(queries)
    harness.close_db_connections()
    return counts


def _counted(queries):
    """(statements, of which on axes' tables)"""
    return len(queries), sum(1 for q in queries.captured_queries if '"axes_' in q["sql"])


def csrf_pair(base_url):
    """(csrftoken cookie, csrfmiddlewaretoken of the form) from one GET of the form."""
    status, headers, body = harness.fetch(base_url, LOGIN_PATH)
    if status != 200:
        raise harness.BenchError(f"GET {LOGIN_PATH} answered {status}: {body[:300]!r}")
    cookie = _CSRF_COOKIE.search(headers.get("Set-Cookie", ""))
    field = _CSRF_FIELD.search(body)
    if not cookie or not field:
        raise harness.BenchError(f"GET {LOGIN_PATH}: no csrftoken cookie or form token "
                                 f"(Set-Cookie: {headers.get('Set-Cookie')!r})")
    return cookie.group(1), field.group(1).decode()


def form_headers(cookie):
    """No session cookie: every POST is a first sign-in."""
    return {"Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded"}


def form_body(token, username, password):
    return urlencode({"csrfmiddlewaretoken": token, "username": username,
                      "password": password, "next": ""}).encode()


def post(base_url, headers, body):
    status, answer_headers, answer = harness.fetch(base_url, LOGIN_PATH, headers,
                                                   method="POST", body=body)
    return status, answer_headers, answer


def same_body(body):
    """bodies(connection) giving the same body on every request."""
    return lambda _index: (lambda: body)


def failing_bodies(token, server):
    """bodies(connection): a wrong password for a new username on every request."""
    def bodies(index):
        def body():
            return form_body(token, f"nobody-{server}-{index}-{next(_failure_numbers)}",
                             WRONG_PASSWORD)
        return body
    return bodies


def check_server(base_url, label, headers, token):
    """A right password signs in (302 with a session), a wrong one shows the form again."""
    status, answer_headers, answer = post(base_url, headers, form_body(token, USERNAME,
                                                                       PASSWORD))
    if status != 302 or "sessionid=" not in answer_headers.get("Set-Cookie", ""):
        raise harness.BenchError(f"axes {label}: a right password answered {status} "
                                 f"without a session: {answer[:300]!r}")
    for username in (WRONG_USERNAME, f"nobody-check-{label}"):
        status, _headers, answer = post(base_url, headers, form_body(token, username,
                                                                     WRONG_PASSWORD))
        if status != 200 or b'name="password"' not in answer:
            raise harness.BenchError(f"axes {label}: a wrong password for {username} answered "
                                     f"{status}, not the form again: {answer[:300]!r}")


def lock_out(on_url, off_url, on_headers, on_token, off_headers, off_token):
    """Lock LOCKED_USERNAME from 127.0.0.1 on the axes-on server and check that the lock holds:
    the last wrong password and then the right one answer 429; the axes-off server still
    signs them in (so the password is the right one and only the lockout refuses it)."""
    for attempt in range(1, FAILURE_LIMIT + 1):
        status, _headers, answer = post(on_url, on_headers,
                                        form_body(on_token, LOCKED_USERNAME, WRONG_PASSWORD))
        wanted = 429 if attempt == FAILURE_LIMIT else 200
        if status != wanted:
            raise harness.BenchError(f"wrong password {attempt}/{FAILURE_LIMIT} for "
                                     f"{LOCKED_USERNAME} answered {status}, not {wanted}: "
                                     f"{answer[:300]!r}")
    status, answer_headers, answer = post(on_url, on_headers,
                                          form_body(on_token, LOCKED_USERNAME, LOCKED_PASSWORD))
    if status != 429 or "sessionid=" in answer_headers.get("Set-Cookie", ""):
        raise harness.BenchError(f"the right password of the locked-out {LOCKED_USERNAME} "
                                 f"answered {status}, not 429: {answer[:300]!r}")
    status, answer_headers, _answer = post(off_url, off_headers,
                                           form_body(off_token, LOCKED_USERNAME,
                                                     LOCKED_PASSWORD))
    if status != 302 or "sessionid=" not in answer_headers.get("Set-Cookie", ""):
        raise harness.BenchError(f"with axes off {LOCKED_USERNAME} did not sign in with the "
                                 f"right password ({status}): the lockout check proves nothing")


def lockout_record():
    """(failures axes counts for the locked username, its audit events) from the database."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    from lms.security.models import SecurityEvent

    failures = AccessAttempt.objects.filter(username=LOCKED_USERNAME).aggregate(
        n=Sum("failures_since_start"))["n"] or 0
    events = SecurityEvent.objects.filter(subject_name=LOCKED_USERNAME).count()
    harness.close_db_connections()
    return failures, events


def signed_in_count():
    from lms.security.models import SecurityEvent, UserSession

    counts = (SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN).count(),
              UserSession.objects.count())
    harness.close_db_connections()
    return counts


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_signin: {harness.describe_setup(args)}; two servers, AXES_ENABLED "
                f"true and false, password hasher {harness.FAST_HASHER.rsplit('.', 1)[-1]}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir, \
            contextlib.ExitStack() as stack:
        overrides = {}
        if os.environ.get("BENCH_SIGNIN_DATABASE", "sqlite").strip().lower() in ("postgres",
                                                                                 "postgresql"):
            overrides["DATABASE_URL"] = stack.enter_context(postgres_database())
            harness.log("database: a new PostgreSQL database for this run")
        env = harness.prepare_database(tmpdir, overrides=overrides)
        build_accounts()
        queries = count_queries()
        sign_ins_before = signed_in_count()
        env_on, env_off = {**env, "AXES_ENABLED": "true"}, {**env, "AXES_ENABLED": "false"}
        server = {"workers": args.workers, "threads": args.threads}
        with harness.wsgi_server(env_on, **server) as on_url, \
                harness.wsgi_server(env_off, **server) as off_url:
            on_cookie, on_token = csrf_pair(on_url)
            off_cookie, off_token = csrf_pair(off_url)
            on_headers, off_headers = form_headers(on_cookie), form_headers(off_cookie)
            check_server(on_url, "on", on_headers, on_token)
            check_server(off_url, "off", off_headers, off_token)
            lock_out(on_url, off_url, on_headers, on_token, off_headers, off_token)
            locked_before = lockout_record()

            def pair(name, path, expect, bodies=None, method="GET"):
                return [harness.Case(f"{name}, axes {label}", path,
                                     headers if method == "POST" else None, method=method,
                                     bodies=bodies(label, token) if bodies else None,
                                     url=url, expect=expect)
                        for label, url, headers, token in (
                            ("off", off_url, off_headers, off_token),
                            ("on", on_url, on_headers, on_token))]

            signin = pair("sign-in", LOGIN_PATH, (302,), method="POST",
                          bodies=lambda _label, token: same_body(
                              form_body(token, USERNAME, PASSWORD)))
            form = pair("form", LOGIN_PATH, (200,))
            failed = pair("failed sign-in", LOGIN_PATH, (200,), method="POST",
                          bodies=lambda label, token: failing_bodies(token, label))
            locked = harness.Case(
                "refused while locked out, axes on", LOGIN_PATH, on_headers, method="POST",
                bodies=same_body(form_body(on_token, LOCKED_USERNAME, LOCKED_PASSWORD)),
                url=on_url, expect=(429,))
            cases = [*signin, *form, *failed, locked]
            results = harness.run_rounds(None, cases, rounds=args.rounds,
                                         duration=args.duration, concurrency=args.concurrency,
                                         warmup=args.warmup)
            locked_after = lockout_record()
            sign_ins_after = signed_in_count()

    def comparison(target, baseline):
        return harness.Comparison(target.name, baseline.name, results[target.name],
                                  results[baseline.name])

    signin_ratio = harness.report_comparison(comparison(signin[1], signin[0]))
    print(f"aim ≥ {AIM} for the successful sign-in: "
          f"{'pass' if signin_ratio >= AIM else 'UNDER'}")
    harness.report_comparison(comparison(form[1], form[0]))
    harness.report_comparison(comparison(failed[1], failed[0]))
    harness.report_comparison(comparison(locked, failed[0]))
    cheaper = harness.report_comparison(comparison(locked, failed[1]))
    print(f"refused while locked out is {'cheaper' if cheaper > 1 else 'NOT cheaper'} than a "
          f"failed sign-in with axes on")
    print("SQL statements per request in-process, BEGIN and COMMIT included (axes on / off; on "
          "axes' tables): " + "; ".join(
        f"{name} {queries[name, 'on'][0]} / {queries[name, 'off'][0]} "
        f"({queries[name, 'on'][1]} / {queries[name, 'off'][1]})"
        for name in ("sign-in", "form", "failed"))
          + f"; refused while locked out {queries['locked', 'on'][0]} ({queries['locked', 'on'][1]})")
    signed = (sign_ins_after[0] - sign_ins_before[0], sign_ins_after[1] - sign_ins_before[1])
    print(f"sign-ins recorded during the run: {signed[0]} audit events, {signed[1]} sessions")
    if locked_after != locked_before:
        raise harness.BenchError(f"attempts refused while locked out wrote something: axes "
                                 f"failures and audit events {locked_before} → {locked_after}")
    if signed[0] < 2 or signed[1] < 2:
        raise harness.BenchError(f"the sign-ins recorded nothing in the audit trail or the "
                                 f"sessions ({signed})")


if __name__ == "__main__":
    harness.run(main)
