"""Sessions: an idle session ends, a session ends at its absolute lifetime, the warning's
keep-alive counts as activity, and a person lists and ends their sessions in one place."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lms.security.models import SecurityEvent, UserSession

Kind = SecurityEvent.Kind


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username,
                                                "password": f"pass-{username}"})
    assert response.status_code == 302
    return response


def test_an_idle_session_ends(client, trainee):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "trainee")
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/learning/").status_code == 200  # active again at minute 29
    with time_machine.travel(start + datetime.timedelta(minutes=58), tick=False):
        assert client.get("/learning/").status_code == 200  # 29 minutes after that
    with time_machine.travel(start + datetime.timedelta(minutes=89), tick=False):
        response = client.get("/learning/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/learning/")
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert "without activity" in page.content.decode()
        assert client.get("/api/v1/me/").status_code in (401, 403)
    event = SecurityEvent.objects.filter(kind=Kind.SESSION_EXPIRED).get()
    assert event.detail == {"reason": "idle"} and event.subject == trainee
    assert not UserSession.objects.filter(user=trainee).exists()


def test_the_api_ends_an_idle_session_too(client, trainee):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "trainee")
        assert client.get("/api/v1/me/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert client.get("/api/v1/me/").status_code == 401


def test_a_session_ends_at_its_lifetime_however_active(client, trainee, settings):
    settings.LMS_SESSION_MAX_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "trainee")
    for minutes in range(20, 120, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/learning/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=121), tick=False):
        response = client.get("/learning/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.get(kind=Kind.SESSION_EXPIRED).detail == {"reason": "lifetime"}


def test_keepalive_counts_as_activity(client, trainee):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "trainee")
    with time_machine.travel(start + datetime.timedelta(minutes=26), tick=False):
        response = client.post("/accounts/session/keepalive/")
        assert response.status_code == 200
        assert response.json()["seconds_left"] == 30 * 60
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert client.get("/learning/").status_code == 200


def test_keepalive_after_the_end_says_so(client, trainee):
    response = client.post("/accounts/session/keepalive/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_pages_carry_the_idle_warning_for_signed_in_people(client, trainee):
    assert "session-timeout" not in client.get("/").content.decode()
    sign_in(client, "trainee")
    page = client.get("/learning/").content.decode()
    assert 'data-idle-seconds="1800"' in page
    assert "session-timeout.js" in page


PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
         "like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN")
LAPTOP = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0")


def test_one_place_lists_my_sessions_and_ends_them(client, trainee, curator):
    phone, laptop = client.__class__(), client.__class__()
    phone.post("/accounts/login/", {"username": "trainee", "password": "pass-trainee"},
               HTTP_USER_AGENT=PHONE)
    laptop.post("/accounts/login/", {"username": "trainee", "password": "pass-trainee"},
                HTTP_USER_AGENT=LAPTOP)
    sign_in(client, "curator")  # someone else's session never shows
    page = laptop.get("/accounts/security/").content.decode()
    # Each browser named as people name it, the User-Agent itself kept in the title.
    assert ">WeChat Browser on iOS<" in page and ">Edge on Windows<" in page
    assert 'title="Mozilla/5.0 (Windows NT 10.0' in page
    assert page.count("<tr>") == 3  # header + two sessions
    laptop.cookies["django_language"] = "zh-hans"
    chinese = laptop.get("/accounts/security/").content.decode()
    del laptop.cookies["django_language"]
    assert "Edge（Windows）" in chinese and 'data-label="最近活动"' in chinese
    phone_row = UserSession.objects.get(user=trainee, user_agent=PHONE)
    # Someone else's session id is refused and nothing ends.
    curator_row = UserSession.objects.get(user=curator)
    laptop.post("/accounts/security/sessions/end/", {"session": curator_row.pk})
    assert client.get("/accounts/security/").status_code == 200
    # Nor does an id that is not one ("²" passes str.isdigit).
    for forged in ("²", "x", "9" * 40):
        answer = laptop.post("/accounts/security/sessions/end/", {"session": forged})
        assert answer.status_code == 302
    assert UserSession.objects.filter(user=trainee).count() == 2
    laptop.post("/accounts/security/sessions/end/", {"session": phone_row.pk})
    assert phone.get("/accounts/security/").status_code == 302  # signed out
    assert laptop.get("/accounts/security/").status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.SESSIONS_ENDED, subject=trainee).count() == 1


@pytest.mark.parametrize("path", ["/accounts/security/", "/accounts/password/"])
def test_security_pages_need_signing_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_whose_browser_went_away_is_not_listed_and_its_row_goes(client, trainee):
    from lms.security.tasks import purge_expired_events

    sign_in(client, "trainee")
    gone = UserSession.objects.create(
        user=trainee, session_key="gone-away", user_agent="Old laptop",
        created_at=timezone.now() - datetime.timedelta(hours=3),
        last_seen_at=timezone.now() - datetime.timedelta(hours=2))
    page = client.get("/accounts/security/").content.decode()
    assert "Old laptop" not in page and page.count("<tr>") == 2  # header + this session
    purge_expired_events.delay()
    assert not UserSession.objects.filter(pk=gone.pk).exists()
    assert UserSession.objects.filter(user=trainee).count() == 1
