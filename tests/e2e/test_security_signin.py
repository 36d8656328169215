"""A curator signs in with two-factor sign-in in a real browser: the password, then setting up
the authenticator (the key read off the page, as a phone app would), the recovery codes, the
admin; an export they download shows in the security audit trail; next time a recovery code
works."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from lms.security.models import SecurityEvent
from tests.e2e.conftest import law_term
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.two_factor


def authenticator_code(secret):
    """What an authenticator app shows now for a key typed into it (base32)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def password_step(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_curator_signs_in_with_totp_and_an_export_lands_in_the_trail(
        page, phone_page, live_server, screenshot):
    law_term()  # a course with a trainee enrolled, so the enrolments listing has a row
    curator = UserFactory(username="office", first_name="Wang Jing", roles=("curator",))
    base = live_server.url

    # The password, then the set-up the role requires: the admin is not reachable before it.
    password_step(page, base, "office", "pass-office")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    page.goto(f"{base}/admin/")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "security-two-factor-setup")
    secret = page.locator("code.secret").inner_text().strip()
    page.fill("#id_code", authenticator_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_selector(".recovery-codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "security-recovery-codes")
    page.click("text=I have kept them")

    # The admin opens; the curator downloads the enrolments as XLSX.
    page.goto(f"{base}/admin/")
    page.wait_for_load_state()
    assert page.url == f"{base}/admin/"
    assert page.locator("#wagtail-sidebar").count() == 1
    page.goto(base + reverse("enrolments:index"))
    page.click("#w-slim-header-buttons button[aria-label=Actions]")  # the "…" menu
    with page.expect_download() as download:
        page.click("text=Download XLSX")
    assert download.value.suggested_filename.endswith(".xlsx")

    export = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).get()
    assert export.actor == curator and export.detail["format"] == "xlsx"
    assert export.address == "127.0.0.1"
    # ... and the trail shows it to the curator.
    page.goto(f"{base}/admin/security/events/?kind=export")
    row = page.locator("table tbody tr").first
    assert "office" in row.inner_text()
    screenshot(page, "security-events")

    # Next sign-in, on a phone in Chinese, without the phone app: a recovery code.
    password_step(phone_page, base, "office", "pass-office")
    phone_page.wait_for_url("**/accounts/two-factor/verify/**")
    screenshot(phone_page, "security-two-factor-verify-zh-phone")
    phone_page.fill("#id_code", codes[0])
    phone_page.click("main button[type=submit]")
    phone_page.goto(f"{base}/accounts/security/")
    assert phone_page.locator(".sessions tbody tr").count() == 2  # the desktop and the phone
    screenshot(phone_page, "security-account-zh-phone")
    # On a phone each cell says what it is, and the desktop's "Sign out" can be seen on the
    # white panel (it once took the header's white); pressing it ends the desktop's session.
    label = phone_page.locator(".sessions td[data-label]").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content")
    assert label.startswith('"浏览器'), label
    other = phone_page.locator(".sessions tbody button", has_text="退出登录")
    assert other.evaluate("button => getComputedStyle(button).color") != "rgb(255, 255, 255)"
    other.click()
    phone_page.wait_for_load_state()
    assert phone_page.locator(".sessions tbody tr").count() == 1
    page.goto(f"{base}/accounts/security/")
    assert "/accounts/login/" in page.url
    phone_page.goto(f"{base}/admin/")
    assert "two-factor" not in phone_page.url
    kinds = set(SecurityEvent.objects.filter(subject=curator).values_list("kind", flat=True))
    assert {"sign_in", "two_factor_enabled", "recovery_code_used", "export"} <= kinds


def test_the_idle_warning_offers_to_stay_signed_in(page, live_server, settings, screenshot):
    # A one-minute idle limit with a one-minute warning: the dialog shows as the page opens.
    settings.LMS_SESSION_IDLE_MINUTES = 1
    settings.LMS_SESSION_WARNING_MINUTES = 1
    UserFactory(username="reader", first_name="Zhao Min")
    password_step(page, live_server.url, "reader", "pass-reader")
    page.wait_for_url(f"{live_server.url}/")
    dialog = page.locator("dialog#session-timeout")
    dialog.wait_for(state="visible")
    assert "Are you still there?" in dialog.inner_text()
    assert page.locator(".session-timeout__left").inner_text().startswith("0:")
    screenshot(page, "security-idle-warning")
    with page.expect_response("**/accounts/session/keepalive/") as answer:
        page.click("dialog#session-timeout button[type=submit]")
    assert answer.value.status == 200
    assert answer.value.json()["seconds_left"] >= 58  # a full minute again
    # Still signed in: the page the person is on keeps working.
    page.goto(f"{live_server.url}/accounts/security/")
    assert page.url.endswith("/accounts/security/")
    screenshot(page, "security-account")
