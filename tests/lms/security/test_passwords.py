"""Passwords: the complexity rule, no reuse of the last N, a forced change for accounts made by
an import or by staff, and every session and token ended when a password changes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token

from lms.core import services as core_services
from lms.security import services
from lms.security.models import AccountSecurity, PasswordHistory, SecurityEvent, UserSession
from lms.security.passwords import character_classes

Kind = SecurityEvent.Kind
User = get_user_model()


@pytest.mark.parametrize("password, classes", [
    ("abcdefghij", 1), ("abcdeFGHIJ", 2), ("abcde12345", 2), ("abcDE12345", 3),
    ("abc-12345!", 3), ("aB3$", 4), ("学习强国学习强国a1", 3), ("", 0)])
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize("password, code", [
    ("short1A!", "password_too_short"),
    ("alllowercaseletters", "password_too_simple"),
    ("lowercase-only", "password_too_simple"),
    ("12345678901", "password_entirely_numeric"),
])
def test_weak_passwords_are_refused_with_the_rule_named(db, password, code):
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert code in [error.code for error in caught.value.error_list]


def test_every_refusal_reads_in_chinese(db):
    """Django 5.2's "too short" message has a msgid its own zh-hans catalogue lacks; the
    project's overrides supply it, as every other rule's message is translated."""
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password("aB1")
    messages = [str(message) for message in caught.value.messages]
    assert "密码太短，至少需要 10 个字符。" in messages
    assert not [message for message in messages if message.isascii()], messages


def test_the_demo_password_passes(db, settings):
    validate_password(settings.LMS_DEMO_PASSWORD)


def test_the_last_five_passwords_cannot_come_back(trainee):
    passwords = [f"Fresh-pass-{n}x" for n in range(6)]
    for password in passwords:
        trainee.set_password(password)
        trainee.save()
    assert PasswordHistory.objects.filter(user=trainee).count() == 5
    for old in passwords[1:]:
        with pytest.raises(ValidationError) as caught:
            validate_password(old, trainee)
        assert caught.value.error_list[0].code == "password_reused"
    validate_password(passwords[0], trainee)  # the sixth back is allowed again
    validate_password("Entirely-new-1", trainee)


def test_the_change_form_refuses_a_reused_password(client, trainee):
    client.force_login(trainee)
    response = client.post("/accounts/password/", {
        "old_password": "pass-trainee", "new_password1": "pass-trainee",
        "new_password2": "pass-trainee"})
    assert response.status_code == 200
    assert "cannot be the same" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.check_password("pass-trainee")


def test_changing_a_password_signs_out_everywhere_else(client, trainee):
    other = client.__class__()
    other.force_login(trainee)
    token = Token.objects.create(user=trainee)
    client.force_login(trainee)
    assert other.get("/accounts/security/").status_code == 200
    response = client.post("/accounts/password/", {
        "old_password": "pass-trainee", "new_password1": "Brand-new-77",
        "new_password2": "Brand-new-77"})
    assert response.status_code == 302
    # This session stays; the other is gone, and so is the API token.
    assert client.get("/accounts/security/").status_code == 200
    assert other.get("/accounts/security/").status_code == 302
    assert not Token.objects.filter(pk=token.pk).exists()
    event = SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED).get()
    assert event.subject == trainee and event.actor == trainee
    assert event.detail["sessions_ended"] == 1
    # Django gave this session a new key; its row follows it: listed as this session, the one
    # "sign out everywhere else" keeps.
    page = client.get("/accounts/security/").content.decode()
    assert UserSession.objects.get(user=trainee).session_key == client.session.session_key
    assert page.count('badge--done">this session<') == 1


def test_a_reset_by_email_link_is_the_account_holders_own_change(rf, trainee):
    from django.contrib.auth.models import AnonymousUser

    from lms.security import audit

    services.owe_password_change([trainee.pk])
    request = rf.post("/admin/password_reset/confirm/")
    request.user = AnonymousUser()  # nobody is signed in on a reset link
    token = audit.bind_request(request)
    try:
        trainee.set_password("Reset-by-link-9")
        trainee.save()
    finally:
        audit.unbind(token)
    assert not services.must_change_password(trainee)
    event = SecurityEvent.objects.filter(subject=trainee).latest("pk")
    assert event.kind == Kind.PASSWORD_CHANGED and event.actor == trainee


def test_accounts_made_by_an_import_must_change_their_password(
        client, curator, category, unit_tree, django_capture_on_commit_callbacks):
    content = ("username,full name,work unit,category\n"
               f"newcomer,New Comer,{unit_tree['county'].code},{category.slug}\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        record = core_services.trainee_import_create(
            uploaded_by=curator, file_name="list.csv", content=content,
            initial_password="Start-here-2026")
    record.refresh_from_db()
    assert record.status == record.Status.DONE, record.errors
    newcomer = User.objects.get(username="newcomer")
    assert AccountSecurity.objects.get(user=newcomer).must_change_password
    event = SecurityEvent.objects.get(kind=Kind.IMPORT)
    assert event.actor == curator and event.detail["created"] == 1

    response = client.post("/accounts/login/", {"username": "newcomer",
                                                "password": "Start-here-2026"})
    assert response.status_code == 302
    held = client.get("/learning/")
    assert held.status_code == 302 and held["Location"].startswith("/accounts/password/")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    token = client.post("/api/v1/auth/token/", {"username": "newcomer",
                                                "password": "Start-here-2026"},
                        content_type="application/json")
    assert token.status_code == 403 and token.json()["code"] == "password_change_required"

    response = client.post("/accounts/password/?next=/learning/", {
        "old_password": "Start-here-2026", "new_password1": "My-own-secret-9",
        "new_password2": "My-own-secret-9", "next": "/learning/"})
    assert response.status_code == 302 and response["Location"] == "/learning/"
    assert client.get("/learning/").status_code == 200
    assert not AccountSecurity.objects.get(user=newcomer).must_change_password


def test_a_password_set_by_staff_must_be_changed(rf, curator, trainee):
    from lms.security import audit

    request = rf.post("/admin/users/1/")
    request.user = curator
    token = audit.bind_request(request)
    try:
        trainee.set_password("Given-by-staff-1")
        trainee.save()
    finally:
        audit.unbind(token)
    assert services.must_change_password(trainee)
    event = SecurityEvent.objects.filter(kind=Kind.PASSWORD_SET).latest("pk")
    assert event.actor == curator and event.subject == trainee


def test_demo_accounts_sign_in_without_being_held(client, db):
    from lms.core import demo

    demo._load_accounts("cadre-demo-2026", demo._load_units(), demo._load_categories())
    response = client.post("/accounts/login/", {"username": "trainee",
                                                "password": "cadre-demo-2026"})
    assert response.status_code == 302
    assert client.get("/learning/").status_code == 200
