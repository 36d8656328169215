"""Failed sign-ins: five failures lock a username from an address on every way in (the site
form, the Wagtail admin, the API token); the right password is refused while locked; the lockout
ends after the cool-off; locked-out attempts write nothing."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from lms.security.models import SecurityEvent

Kind = SecurityEvent.Kind
TOKEN = "/api/v1/auth/token/"
WAYS_IN = ["site", "admin", "api"]


def attempt(client, way, username, password):
    if way == "site":
        return client.post("/accounts/login/", {"username": username, "password": password})
    if way == "admin":
        return client.post("/admin/login/", {"username": username, "password": password})
    return client.post(TOKEN, {"username": username, "password": password},
                       content_type="application/json")


def signed_in(client, way, response):
    if way == "api":
        return response.status_code == 200 and "token" in response.json()
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def staff(db, curator):
    return curator  # has admin access, so the Wagtail admin login accepts them


@pytest.mark.parametrize("way", WAYS_IN)
def test_six_failures_lock_and_the_right_password_is_refused(client, staff, way):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            response = attempt(client, way, "curator", "wrong-password")
            assert response.status_code in (200, 400)  # the form again, or the API's 400
        # The fifth failure locks; the sixth wrong and then the right password are refused.
        assert attempt(client, way, "curator", "wrong-password").status_code == 429
        assert attempt(client, way, "curator", "wrong-password").status_code == 429
        right = attempt(client, way, "curator", "pass-curator")
        assert right.status_code == 429
        assert not signed_in(client, way, right)
        staff.refresh_from_db()
        assert staff.last_login is None
        if way == "api":
            assert right.json()["code"] == "locked_out"
        else:
            assert "Too many failed sign-ins" in right.content.decode()

    # The cool-off (15 minutes) passes: the right password signs in.
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        response = attempt(client, way, "curator", "pass-curator")
        assert signed_in(client, way, response), response.content[:500]


def test_locked_attempts_write_nothing_and_the_trail_has_the_story(client, staff):
    first_pk = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
                or 0)
    for _ in range(5):
        attempt(client, "site", "curator", "wrong-password")
    assert AccessAttempt.objects.get(username="curator").failures_since_start == 5
    events_before = SecurityEvent.objects.count()
    attempts_before = list(AccessAttempt.objects.values_list("failures_since_start",
                                                             "attempt_time"))
    for _ in range(10):
        assert attempt(client, "site", "curator", "pass-curator").status_code == 429
        assert attempt(client, "site", "curator", "wrong").status_code == 429
    assert SecurityEvent.objects.count() == events_before
    assert list(AccessAttempt.objects.values_list("failures_since_start",
                                                  "attempt_time")) == attempts_before
    kinds = list(SecurityEvent.objects.filter(pk__gt=first_pk).order_by("pk")
                 .values_list("kind", flat=True))
    assert sorted(kinds) == sorted([Kind.SIGN_IN_FAILED] * 5 + [Kind.LOCKED_OUT])
    failure = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).first()
    assert failure.subject_name == "curator"
    assert failure.address == "127.0.0.1"
    assert failure.channel == SecurityEvent.Channel.SITE


def test_a_lockout_reads_the_same_whether_the_account_exists(client, staff):
    texts = []
    for name in ("curator", "nobody-at-all"):
        first = attempt(client, "site", name, "wrong-password")
        for _ in range(4):
            attempt(client, "site", name, "wrong-password")
        locked = attempt(client, "site", name, "wrong-password")
        assert locked.status_code == 429
        text = locked.content.decode()
        assert "Too many failed sign-ins" in text
        assert name not in text
        texts.append(text.split("<main", 1)[1])
    assert texts[0] == texts[1]
    # The failing form itself never says whether the name exists either.
    assert first.status_code == 200


def test_another_address_is_not_locked_by_the_first(client, staff):
    for _ in range(6):
        attempt(client, "site", "curator", "wrong-password")
    response = client.post("/accounts/login/", {"username": "curator",
                                                "password": "pass-curator"},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_a_lockout_is_translated(client, staff):
    for _ in range(6):
        client.post("/accounts/login/", {"username": "curator", "password": "x"},
                    HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post(TOKEN, {"username": "curator", "password": "x"},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 429
    assert "登录" in response.json()["detail"]


def test_a_success_clears_earlier_failures(client, staff):
    for _ in range(4):
        attempt(client, "site", "curator", "wrong-password")
    assert signed_in(client, "site", attempt(client, "site", "curator", "pass-curator"))
    client.logout()
    for _ in range(4):
        attempt(client, "site", "curator", "wrong-password")
    assert signed_in(client, "site", attempt(client, "site", "curator", "pass-curator"))


def test_an_api_sign_in_clears_earlier_failures_and_is_in_the_trail(client, trainee):
    # A trainee's token (a curator would need a code): 4 failures, a success, 4 more: not
    # locked, as on the site.
    for _ in range(4):
        attempt(client, "api", "trainee", "wrong-password")
    assert signed_in(client, "api", attempt(client, "api", "trainee", "pass-trainee"))
    for _ in range(4):
        attempt(client, "api", "trainee", "wrong-password")
    assert signed_in(client, "api", attempt(client, "api", "trainee", "pass-trainee"))
    event = SecurityEvent.objects.filter(kind=Kind.SIGN_IN, subject__username="trainee").latest(
        "pk")
    assert event.channel == SecurityEvent.Channel.API and event.detail == {"token": True}


def test_a_clean_sign_in_writes_nothing_of_axes(client, staff, trainee):
    # Someone else's failures stay as they were (they are counted, and cleared on failures).
    attempt(client, "site", "trainee", "wrong-password")
    before = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert signed_in(client, "site", attempt(client, "site", "curator", "pass-curator"))
    on_axes = [q["sql"] for q in queries.captured_queries if "axes_" in q["sql"]]
    assert len(on_axes) == 1 and on_axes[0].lstrip().upper().startswith("SELECT")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == before
