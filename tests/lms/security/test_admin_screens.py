"""The Security screens of the Wagtail admin: the audit trail (filters, exports, read-only,
bounded queries) and sign-in lockouts (seen and lifted by the training office only)."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.security.models import SecurityEvent

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
EVENTS = "/admin/security/events/"
LOCKOUTS = "/admin/security/lockouts/"
# 16:30:05 UTC on 1 March is 00:30:05 on 2 March in Shanghai.
MOMENT = datetime(2026, 3, 1, 16, 30, 5, tzinfo=UTC)
ADDRESS = "10.9.8.7"


@pytest.fixture(autouse=True)
def _shanghai(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


def event(summary, *, kind=Kind.SIGN_IN, actor_name="", subject_name="", address=None,
          channel=SecurityEvent.Channel.SITE, created_at=MOMENT):
    return SecurityEvent.objects.create(kind=kind, actor_name=actor_name,
                                        subject_name=subject_name, address=address,
                                        channel=channel, summary=summary, created_at=created_at)


@pytest.fixture
def trail(db):
    """Four events (their summaries name them), besides those the fixtures' sign-ins record."""
    return {
        "failed": event("ev-failed", kind=Kind.SIGN_IN_FAILED, subject_name="zhangsan",
                        address="10.0.0.1"),
        "locked": event("ev-locked", kind=Kind.LOCKED_OUT, subject_name="zhangsan",
                        address="10.0.0.1", created_at=MOMENT + timedelta(minutes=1)),
        "admin": event("ev-admin", kind=Kind.PASSWORD_SET, actor_name="curator",
                       subject_name="lisi", address="10.0.1.2",
                       channel=SecurityEvent.Channel.ADMIN,
                       created_at=MOMENT - timedelta(days=3)),
        "system": event("ev-system", kind=Kind.IMPORT, actor_name="wangwu",
                        channel=SecurityEvent.Channel.SYSTEM,
                        created_at=MOMENT - timedelta(days=10)),
    }


def shown(html):
    return {name for name in ("ev-failed", "ev-locked", "ev-admin", "ev-system")
            if name in html}


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def sign_in(client, username, password, address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture
def locked_trainee(trainee):
    """The trainee, paused after six wrong passwords from ADDRESS."""
    visitor = Client()
    for _attempt in range(6):
        sign_in(visitor, "trainee", "wrong-password")
    assert AccessAttempt.objects.filter(username="trainee", ip_address=ADDRESS).exists()
    assert sign_in(visitor, "trainee", "pass-trainee").status_code == 429
    return trainee


# --- Security events --------------------------------------------------------------------------


def test_curator_sees_the_trail_newest_first_in_local_time(client, curator, trail, settings):
    settings.LMS_AUDIT_RETENTION_DAYS = 183
    client.force_login(curator)
    response = client.get(EVENTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert shown(html) == {"ev-failed", "ev-locked", "ev-admin", "ev-system"}
    assert html.index("ev-locked") < html.index("ev-failed") < html.index("ev-admin") < \
        html.index("ev-system")
    assert "2026-03-02 00:30:05" in html  # Shanghai, not UTC
    assert "Sign-in failed" in html and "Password set by staff" in html  # kinds by name
    assert "kept for 183 days" in html
    assert reverse("wagtailadmin_reports:site_history") in html
    headings = re.findall(r"<th[^>]*>\s*([^<]*?)\s*</th>", html.split('id="listing-results"')[1])
    assert headings[:7] == ["When", "Event", "By", "Account", "Address", "Through", "What"]


@pytest.mark.parametrize(("query", "expected"), [
    ({"kind": "sign_in_failed"}, {"ev-failed"}),
    ({"channel": "admin"}, {"ev-admin"}),
    ({"username": "ZHANG"}, {"ev-failed", "ev-locked"}),  # the account's name, any case
    ({"username": "wangw"}, {"ev-system"}),  # who acted
    ({"address": "10.0.1.2"}, {"ev-admin"}),
    ({"address": "10.0."}, {"ev-failed", "ev-locked", "ev-admin"}),
    # Local days: the Shanghai day of 2 March holds the events of 16:30 UTC on 1 March.
    ({"date_from": "2026-03-02", "date_to": "2026-03-02"}, {"ev-failed", "ev-locked"}),
    ({"date_to": "2026-02-27"}, {"ev-admin", "ev-system"}),
    ({"date_from": "2026-02-25", "date_to": "2026-03-01"}, {"ev-admin"}),
    ({"kind": "locked_out", "username": "zhangsan", "address": "10.0.0.1"}, {"ev-locked"}),
    ({"kind": "not-a-kind"}, {"ev-failed", "ev-locked", "ev-admin", "ev-system"}),
])
def test_filters_narrow_the_trail(client, curator, trail, query, expected):
    client.force_login(curator)
    for url in (EVENTS, reverse("lms_security:events_results")):
        response = client.get(url, query)
        assert response.status_code == 200
        assert shown(response.content.decode()) == expected


def test_a_date_no_trail_can_hold_is_refused_not_a_500(client, curator, trail):
    client.force_login(curator)
    for url, query in ((EVENTS, {}), (reverse("lms_security:events_results"), {}),
                       (EVENTS, {"export": "xlsx"}), (EVENTS, {"export": "csv"})):
        response = client.get(url, {"date_from": "0001-01-01", **query})
        assert response.status_code == 200, (url, query)
    page = client.get(EVENTS, {"date_from": "0001-01-01"}).content.decode()
    assert "Give dates between the years 2000 and 2999." in page
    assert shown(page) == {"ev-failed", "ev-locked", "ev-admin", "ev-system"}  # not applied


def test_csv_export_holds_the_filtered_rows(client, curator, trail):
    client.force_login(curator)
    response = client.get(EVENTS, {"username": "zhangsan", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "security-events.csv" in response["Content-Disposition"]
    body = body_of(response)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == ["When", "Event", "By", "Account", "Address", "Through", "What", "Browser"]
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    assert [row["What"] for row in rows] == ["ev-locked", "ev-failed"]
    assert rows[1] == {"When": "2026-03-02 00:30", "Event": "Sign-in failed", "By": "",
                       "Account": "zhangsan", "Address": "10.0.0.1", "Through": "Site",
                       "What": "ev-failed", "Browser": ""}


def test_csv_cells_that_open_like_formulas_stay_text(client, curator, db):
    # Anyone can type a formula as a username at the sign-in form, or send one as a browser.
    event("=HYPERLINK(\"http://x.example\",\"a\")", kind=Kind.SIGN_IN_FAILED,
          subject_name="@SUM(1+1)", address="10.0.0.9")
    client.force_login(curator)
    body = body_of(client.get(EVENTS, {"address": "10.0.0.9", "export": "csv"}))
    header, row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    row = dict(zip(header, row, strict=True))
    assert row["What"] == "'=HYPERLINK(\"http://x.example\",\"a\")"
    assert row["Account"] == "'@SUM(1+1)" and row["Address"] == "10.0.0.9"


def test_xlsx_export_holds_the_filtered_rows_in_local_time(client, curator, trail):
    client.force_login(curator)
    response = client.get(EVENTS, {"channel": "admin", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(body_of(response))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == ["When", "Event", "By", "Account", "Address", "Through", "What",
                            "Browser"]
    [row] = [dict(zip(header, row, strict=True)) for row in rows]
    assert (row["Event"], row["By"], row["Account"], row["Address"], row["Through"],
            row["What"]) == ("Password set by staff", "curator", "lisi", "10.0.1.2", "Admin",
                             "ev-admin")
    assert row["When"] == datetime(2026, 2, 27, 0, 30, 5)  # naive Shanghai time


def test_the_trail_is_read_only_in_the_admin(client, curator, trail):
    client.force_login(curator)
    count = SecurityEvent.objects.count()
    html = client.get(EVENTS).content.decode()
    pk = trail["failed"].pk
    for url in (f"{EVENTS}{pk}/edit/", f"{EVENTS}{pk}/delete/", f"{EVENTS}edit/{pk}/",
                f"{EVENTS}delete/{pk}/", f"{EVENTS}new/", f"{EVENTS}inspect/{pk}/",
                f"{EVENTS}history/{pk}/"):
        assert url not in html
        assert client.get(url).status_code == 404
        assert client.post(url, {"summary": "changed"}).status_code == 404
    assert client.post(EVENTS, {"summary": "changed", "pk": pk}).status_code == 405
    assert SecurityEvent.objects.count() == count
    assert SecurityEvent.objects.get(pk=pk).summary == "ev-failed"


def test_the_listing_costs_the_same_queries_for_5_or_50_events(client, curator):
    client.force_login(curator)
    client.get(EVENTS)  # settle the session and caches
    for number in range(5):
        event(f"few-{number}", subject_name=f"user{number}", address="10.0.0.5")

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(EVENTS)
        assert response.status_code == 200
        return len(context), response.content.decode()

    few, html = queries()
    assert "few-4" in html
    for number in range(45):
        event(f"many-{number}", subject_name=f"user{number}", address="10.0.0.5")
    many, html = queries()
    assert "many-44" in html
    assert few == many
    assert many <= 20


def test_trainees_and_instructors_are_refused_the_trail(client, trainee, instructor, trail):
    for user in (trainee, instructor):
        client.force_login(user)
        for query in ({}, {"export": "csv"}, {"export": "xlsx"}):
            response = client.get(EVENTS, query)
            assert response.status_code in (302, 403)
            assert b"ev-failed" not in body_of(response)
        assert client.get(reverse("lms_security:events_results")).status_code in (302, 403)
        # A request as Wagtail's own scripts make it gets a plain 403.
        assert client.get(EVENTS, headers={"X-Requested-With": "XMLHttpRequest"}
                          ).status_code == 403


def test_security_menu_is_for_the_training_office(client, curator, instructor, trainee):
    client.force_login(curator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert EVENTS in html and LOCKOUTS in html
    client.force_login(instructor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert EVENTS not in html and LOCKOUTS not in html


# --- Sign-in lockouts -------------------------------------------------------------------------


def test_curator_sees_and_lifts_a_lockout(client, curator, locked_trainee):
    client.force_login(curator)
    html = client.get(LOCKOUTS).content.decode()
    assert "trainee" in html and ADDRESS in html and "Lift" in html
    response = client.post(LOCKOUTS, {"username": "trainee", "address": ADDRESS}, follow=True)
    assert response.status_code == 200
    assert "Lockout lifted for trainee · 10.9.8.7" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="trainee").exists()
    lifted = SecurityEvent.objects.get(kind=Kind.UNLOCKED)
    assert (lifted.actor_name, lifted.subject_name, lifted.channel) == ("curator", "trainee",
                                                                         "admin")
    assert lifted.detail["address"] == ADDRESS
    assert "Nobody is paused" in client.get(LOCKOUTS).content.decode()
    visitor = Client()
    assert sign_in(visitor, "trainee", "pass-trainee").status_code == 302
    assert int(visitor.session["_auth_user_id"]) == locked_trainee.pk


def test_failures_short_of_a_lockout_are_shown_with_their_number(client, curator, trainee):
    visitor = Client()
    for _attempt in range(2):
        sign_in(visitor, "trainee", "wrong-password", address="10.1.1.1")
    client.force_login(curator)
    html = client.get(LOCKOUTS).content.decode()
    assert "Nobody is paused" in html
    assert "2 failures" in html and "10.1.1.1" in html


def test_lift_by_address_only(client, curator, locked_trainee):
    client.force_login(curator)
    client.post(LOCKOUTS, {"address": ADDRESS})
    assert not AccessAttempt.objects.exists()
    assert SecurityEvent.objects.filter(kind=Kind.UNLOCKED).count() == 1


def test_lift_asks_for_a_username_or_an_address(client, curator, locked_trainee):
    client.force_login(curator)
    empty = client.post(LOCKOUTS, {"username": " ", "address": ""})
    assert empty.status_code == 200
    assert "Give a username, an address, or both." in empty.content.decode()
    bad = client.post(LOCKOUTS, {"address": "10.9.8"})
    assert bad.status_code == 200 and "valid" in bad.content.decode()
    nobody = client.post(LOCKOUTS, {"username": "somebody-else"}, follow=True)
    assert "nothing was changed" in nobody.content.decode()
    assert AccessAttempt.objects.filter(username="trainee").exists()
    assert not SecurityEvent.objects.filter(kind=Kind.UNLOCKED).exists()


def test_forged_lifts_change_nothing_and_record_nothing(client, trainee, instructor,
                                                        locked_trainee):
    attempts = list(AccessAttempt.objects.values_list("pk", "failures_since_start"))
    for user in (instructor, trainee):
        client.force_login(user)
        assert client.get(LOCKOUTS).status_code in (302, 403)
        for data in ({"username": "trainee", "address": ADDRESS}, {"username": "trainee"},
                     {"address": ADDRESS}):
            assert client.post(LOCKOUTS, data).status_code in (302, 403)
            assert client.post(LOCKOUTS, data, headers={"X-Requested-With": "XMLHttpRequest"}
                               ).status_code == 403
    assert list(AccessAttempt.objects.values_list("pk", "failures_since_start")) == attempts
    assert not SecurityEvent.objects.filter(kind=Kind.UNLOCKED).exists()
    assert sign_in(Client(), "trainee", "pass-trainee").status_code == 429


def test_lifting_needs_the_csrf_token(curator, locked_trainee):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(curator)
    assert browser.post(LOCKOUTS, {"username": "trainee", "address": ADDRESS}
                        ).status_code == 403
    assert AccessAttempt.objects.filter(username="trainee").exists()
    assert not SecurityEvent.objects.filter(kind=Kind.UNLOCKED).exists()
