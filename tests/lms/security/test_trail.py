"""The security audit trail: append-only, kept for the retention period, and fed by role and
group changes, rights on accounts, exports, imports and closing a training year."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from lms.courses.services import years
from lms.security import audit
from lms.security.models import SecurityEvent
from lms.security.tasks import purge_expired_events

Kind = SecurityEvent.Kind


def as_request_of(rf, user, path="/admin/"):
    request = rf.get(path, REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Test browser")
    request.user = user
    return request


def test_events_cannot_be_changed_or_deleted(curator):
    event = audit.record(Kind.EXPORT, actor=curator, summary="enrolments (csv)")
    event.summary = "nothing happened"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.filter(pk=event.pk).update(summary="nothing")
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.summary == "enrolments (csv)"


def test_the_retention_purge_removes_only_old_events(curator, settings):
    settings.LMS_AUDIT_RETENTION_DAYS = 180
    now = timezone.now()
    old = SecurityEvent.objects.create(kind=Kind.SIGN_IN, actor=curator,
                                       created_at=now - datetime.timedelta(days=181))
    kept = SecurityEvent.objects.create(kind=Kind.SIGN_IN, actor=curator,
                                        created_at=now - datetime.timedelta(days=179))
    removed = purge_expired_events()
    assert removed >= 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=kept.pk).exists()


def test_events_name_who_what_when_and_where(rf, curator, trainee):
    token = audit.bind_request(as_request_of(rf, curator))
    try:
        event = audit.record(Kind.EXPORT, summary="trainees (xlsx)")
    finally:
        audit.unbind(token)
    assert (event.actor, event.actor_name, event.address, event.user_agent, event.channel) == (
        curator, "curator", "192.0.2.7", "Test browser", SecurityEvent.Channel.ADMIN)
    assert abs((timezone.now() - event.created_at).total_seconds()) < 5


def test_the_address_behind_a_declared_proxy(rf, curator, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    request.user = curator
    assert audit.record(Kind.SIGN_IN, request=request).address == "203.0.113.5"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert audit.record(Kind.SIGN_IN, request=request).address == "10.0.0.1"


def test_role_and_group_changes_are_recorded(rf, curator, trainee):
    superuser = type(curator).objects.create_superuser("root", "root@example.org", "x")
    first_pk = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    token = audit.bind_request(as_request_of(rf, superuser))
    try:
        trainee.groups.add(Group.objects.get(name="Curator"))
        trainee.groups.remove(Group.objects.get(name="Curator"))
        Group.objects.get(name="Instructor").user_set.add(trainee)
        trainee.is_superuser = True
        trainee.save()
    finally:
        audit.unbind(token)
    events = list(SecurityEvent.objects.filter(pk__gt=first_pk, subject=trainee, kind__in=[
        Kind.ROLE_CHANGED, Kind.ACCOUNT_CHANGED]).order_by("pk"))
    assert [(e.kind, e.detail) for e in events] == [
        (Kind.ROLE_CHANGED, {"added": ["Curator"]}),
        (Kind.ROLE_CHANGED, {"removed": ["Curator"]}),
        (Kind.ROLE_CHANGED, {"added": ["Instructor"]}),
        (Kind.ACCOUNT_CHANGED, {"is_superuser": [False, True]}),
    ]
    assert {e.actor for e in events} == {superuser}
    # The trail says what changed in its reader's language, made from the detail when read.
    assert [e.what() for e in events] == ["added to Curator", "removed from Curator",
                                          "added to Instructor", "superuser status: no → yes"]
    with translation.override("zh-hans"):
        described = [e.what() for e in events]
    assert described[3] == "超级用户状态：否 → 是" and described[0].startswith("加入")
    assert all(not text.isascii() for text in described), described


def test_imports_and_exports_read_in_the_readers_language(db):
    imported = audit.record(Kind.IMPORT, summary="trainees: new.xlsx",
                            detail={"what": "trainees", "file": "new.xlsx", "created": 3,
                                    "updated": 1})
    exported = audit.record(Kind.EXPORT, summary="Enrolments (xlsx)",
                            detail={"what": "Enrolments", "format": "xlsx", "rows": 12})
    assert imported.what() == "Trainees from new.xlsx: 3 new, 1 updated"
    assert exported.what() == "Enrolments (xlsx, 12 rows)"
    with translation.override("zh-hans"):
        assert imported.what() == "从 new.xlsx 导入学员：新建 3 人，更新 1 人"
    # An event whose detail has another shape (kept from before) shows its summary.
    odd = audit.record(Kind.IMPORT, summary="as written", detail={"created": "many"})
    assert odd.what() == "as written"


def test_closing_and_reopening_a_year_are_recorded(curator):
    superuser = type(curator).objects.create_superuser("root", "root@example.org", "x")
    years.training_year_close(year=2025, by=curator)
    years.training_year_close(year=2025, by=curator)  # already closed: nothing new
    years.training_year_reopen(year=2025, by=superuser)
    closed = SecurityEvent.objects.get(kind=Kind.YEAR_CLOSED)
    assert closed.actor == curator and closed.detail["year"] == 2025
    assert closed.detail["wagtail_log"]  # the entry of Wagtail's own history
    assert SecurityEvent.objects.get(kind=Kind.YEAR_REOPENED).actor == superuser


def test_an_admin_export_is_recorded(client, curator):
    from django.urls import reverse

    client.force_login(curator)
    response = client.get(reverse("enrolments:index") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    event = SecurityEvent.objects.get(kind=Kind.EXPORT)
    assert event.actor == curator and event.detail["format"] == "csv"
    assert event.channel == SecurityEvent.Channel.ADMIN


def test_the_api_offers_no_way_to_change_the_trail(client, db):
    schema = json.loads(client.get("/api/v1/schema/",
                                    HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    for path, operations in schema["paths"].items():
        if "security" in path or "audit" in path:
            assert set(operations) <= {"get", "parameters"}, path


def test_postgresql_itself_refuses_to_change_an_event(curator):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (the services lane); the model refuses everywhere")
    event = audit.record(Kind.SIGN_IN, actor=curator)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE lms_security_securityevent SET actor_name = 'someone' "
                       "WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.actor_name == "curator"


def test_removing_an_account_keeps_its_events_and_names(curator, trainee):
    event = audit.record(Kind.SIGN_IN, actor=trainee)
    trainee.delete()
    event.refresh_from_db()
    assert event.actor is None and event.subject is None
    assert (event.actor_name, event.subject_name) == ("trainee", "trainee")
