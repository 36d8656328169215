"""Resumable uploads over tus 1.0.0 (videos/uploads/): the protocol through Django's test client
— creation, HEAD, PATCH in pieces, the refusals and their codes, termination, expiry and its
clean-up, the lease against two requests at once, a body cut short — then the real tuspy client
against a live server, a dropped connection resumed included."""

import base64
import http.client
import io
import os
import socket
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from tusclient import client as tus_client
from wagtail.models import Collection

from lms.video import resumable, tasks, tus
from lms.video.models import Video, VideoUpload
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOADS = "/api/v1/videos/uploads/"
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LMS_VIDEO_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def clip(make_clip):
    return make_clip(seconds=1, size="320x240").read_bytes()


@pytest.fixture
def queued(monkeypatch):
    """The ids of the videos sent to processing (the worker itself is not the point here)."""
    sent = []
    monkeypatch.setattr(tasks.process_video, "delay", sent.append)
    return sent


def metadata(**values):
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}"
                    for key, value in values.items())


def create(client, length, *, headers=None, **values):
    values = values or {"filename": "budget-law.mp4"}
    return client.post(UPLOADS, headers={**TUS, "Upload-Length": str(length),
                                         "Upload-Metadata": metadata(**values),
                                         **(headers or {})})


def patch(client, url, offset, data, *, headers=None, **extra):
    return client.generic("PATCH", url, data, content_type=OCTETS,
                          headers={**TUS, "Upload-Offset": str(offset), **(headers or {})},
                          CONTENT_TYPE=OCTETS, **extra)


def head(client, url):
    return client.head(url, headers=TUS)


def upload_in(client, data, pieces, **values):
    """Create an upload and send `data` in `pieces` PATCHes; returns (url, last answer)."""
    url = create(client, len(data), **values)["Location"]
    size = -(-len(data) // pieces)
    for start in range(0, len(data), size):
        answer = patch(client, url, start, data[start:start + size])
        assert answer.status_code == 204, answer.content
        assert int(answer["Upload-Offset"]) == min(start + size, len(data))
    return url, answer


def read_original(video):
    with default_storage.open(video.original.name) as handle:
        return handle.read()


def uploader(instructor):
    client = Client()
    client.force_login(instructor)
    return client


# --- The protocol, through the test client ---------------------------------------------------------


def test_options_say_what_the_server_supports_without_signing_in(client, settings):
    settings.LMS_VIDEO_MAX_BYTES = 5 * 1024 ** 3
    answer = client.options(UPLOADS)
    assert answer.status_code == 204
    assert answer["Tus-Version"] == "1.0.0"
    assert answer["Tus-Extension"] == "creation,termination,expiration"
    assert answer["Tus-Max-Size"] == str(5 * 1024 ** 3)


def test_an_upload_in_pieces_becomes_a_queued_video(client, instructor, clip, queued, folders,
                                                    django_capture_on_commit_callbacks):
    client.force_login(instructor)
    office = Collection.get_first_root_node().add_child(name="Office recordings")
    created = create(client, len(clip), filename="budget-law.mp4",
                     title="Lecture 3: the budget law", collection=str(office.pk))
    assert created.status_code == 201, created.content
    url = created["Location"]
    assert url.startswith(UPLOADS) and created["Tus-Resumable"] == "1.0.0"
    expires = parsedate_to_datetime(created["Upload-Expires"])
    assert timedelta(hours=23) < expires - timezone.now() <= timedelta(hours=24)

    started = head(client, url)
    assert started.status_code == 200
    assert (started["Upload-Offset"], started["Upload-Length"]) == ("0", str(len(clip)))
    assert started["Cache-Control"] == "no-store"
    # As it was sent (pairs in any order: PostgreSQL's JSON keeps no key order).
    sent = metadata(filename="budget-law.mp4", title="Lecture 3: the budget law",
                    collection=str(office.pk))
    assert set(started["Upload-Metadata"].split(",")) == set(sent.split(","))

    third = len(clip) // 3
    for start, end in ((0, third), (third, 2 * third)):
        answer = patch(client, url, start, clip[start:end])
        assert answer.status_code == 204
        assert answer["Upload-Offset"] == str(end) and "Lms-Video-Id" not in answer
    assert head(client, url)["Upload-Offset"] == str(2 * third)
    with django_capture_on_commit_callbacks(execute=True):
        last = patch(client, url, 2 * third, clip[2 * third:])
    assert last.status_code == 204 and last["Upload-Offset"] == str(len(clip))

    video = Video.objects.get()
    assert last["Lms-Video-Id"] == str(video.pk)
    assert last["Lms-Video-Url"] == f"/api/v1/videos/{video.pk}/"
    assert "Lms-Video-Id" in last["Access-Control-Expose-Headers"]
    assert (video.title, video.uploaded_by, video.collection) == (
        "Lecture 3: the budget law", instructor, office)
    assert video.status == Video.Status.QUEUED and queued == [video.pk]
    assert read_original(video) == clip
    assert video.original.name.endswith(".mp4")
    assert list(folders.iterdir()) == []  # the received file went into the storage
    finished = head(client, url)
    assert (finished.status_code, finished["Upload-Offset"]) == (200, str(len(clip)))
    assert finished["Lms-Video-Id"] == str(video.pk) and "Upload-Expires" not in finished
    assert client.get(last["Lms-Video-Url"]).json()["status"] == "queued"


def test_the_title_defaults_to_the_file_name(client, instructor, clip, queued):
    client.force_login(instructor)
    upload_in(client, clip, 1, filename="第一讲 数字政府.mp4")
    assert Video.objects.get().title == "第一讲 数字政府"


def test_a_wrong_offset_is_a_conflict(client, instructor, clip):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    assert patch(client, url, 0, clip[:1000]).status_code == 204
    for offset in (0, 500, 2000):
        answer = patch(client, url, offset, clip[offset:offset + 1000])
        assert answer.status_code == 409 and answer.json()["code"] == "offset_mismatch"
    assert head(client, url)["Upload-Offset"] == "1000"


@pytest.mark.parametrize("version", [None, "0.2.2", "1.0"])
def test_another_protocol_version_is_refused(client, instructor, version):
    client.force_login(instructor)
    headers = {"Upload-Length": "1000"} | ({"Tus-Resumable": version} if version else {})
    answer = client.post(UPLOADS, headers=headers)
    assert answer.status_code == 412 and answer["Tus-Version"] == "1.0.0"
    assert answer.json()["code"] == "tus_version"
    assert not VideoUpload.objects.exists()


def test_a_file_over_the_limit_is_refused_before_a_byte_is_sent(client, instructor, settings,
                                                                 folders):
    settings.LMS_VIDEO_MAX_BYTES = 1024 * 1024
    client.force_login(instructor)
    answer = create(client, 1024 * 1024 + 1)
    assert answer.status_code == 413
    assert answer.json() == {"code": "too_large",
                             "detail": "The file is larger than the 1 MB allowed."}
    assert create(client, 1024 * 1024).status_code == 201
    assert VideoUpload.objects.count() == 1 and len(list(folders.iterdir())) == 1


@pytest.mark.parametrize("length", [None, "", "-1", "abc", "1e3", " 12", "+5", "1.5"])
def test_a_missing_or_wrong_length_is_a_bad_request(client, instructor, length):
    client.force_login(instructor)
    headers = {**TUS} | ({"Upload-Length": length} if length is not None else {})
    answer = client.post(UPLOADS, headers=headers)
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_length"


def test_an_empty_file_is_refused(client, instructor):
    client.force_login(instructor)
    answer = create(client, 0)
    assert answer.status_code == 400
    assert answer.json() == {"code": "empty", "detail": "The file is empty."}


@pytest.mark.parametrize("header", [
    "filename !!!notbase64",
    "filename YQ",  # base64 without its padding
    "filename a b",
    "title dGl0bGU=,title dGl0bGU=",
    "filename /w==",  # a byte that is not UTF-8
    " ,filename",  # empty key then a key alone: the empty one is skipped, "filename" is fine
])
def test_unreadable_metadata_is_a_bad_request(client, instructor, header):
    client.force_login(instructor)
    answer = client.post(UPLOADS, headers={**TUS, "Upload-Length": "1000",
                                           "Upload-Metadata": header})
    if header == " ,filename":
        assert answer.status_code == 201
        return
    assert answer.status_code == 400, header
    assert answer.json()["code"] == "invalid_metadata"
    assert not VideoUpload.objects.exists()


@pytest.mark.parametrize("collection", ["999999", "abc", "9" * 40])
def test_an_unknown_collection_is_a_bad_request(client, instructor, collection):
    client.force_login(instructor)
    answer = create(client, 1000, filename="a.mp4", collection=collection)
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_collection"


def test_anonymous_people_and_trainees_may_not_upload(client, api_client, trainee, instructor):
    assert create(client, 1000).status_code in (401, 403)
    assert create(api_client, 1000).status_code == 401
    client.force_login(trainee)
    answer = create(client, 1000)
    assert answer.status_code == 403 and answer.json()["code"] == "permission_denied"
    client.force_login(instructor)
    url = create(client, 1000)["Location"]
    client.force_login(trainee)
    assert head(client, url).status_code == 403
    assert not Video.objects.exists()


def test_an_upload_is_its_owner_s_alone(client, instructor, curator, clip):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    for someone in (UserFactory(username="colleague", roles=("instructor",)), curator):
        client.force_login(someone)
        assert head(client, url).status_code == 404
        assert patch(client, url, 0, clip).status_code == 404
        assert client.delete(url, headers=TUS).status_code == 404
    assert head(client, f"{UPLOADS}0b7f6a3e-5a8f-4c0e-9d1e-0123456789ab/").status_code == 404
    assert head(client, f"{UPLOADS}not-a-uuid/").status_code == 404
    assert VideoUpload.objects.get().offset == 0


def test_termination_removes_the_upload_and_its_bytes(client, instructor, clip, folders):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    patch(client, url, 0, clip[:5000])
    assert client.delete(url, headers=TUS).status_code == 204
    assert not VideoUpload.objects.exists() and list(folders.iterdir()) == []
    assert head(client, url).status_code == 404
    assert patch(client, url, 5000, clip[5000:]).status_code == 404


def test_the_body_must_be_offset_octets(client, instructor, clip):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    answer = client.generic("PATCH", url, clip, content_type="application/octet-stream",
                            headers={**TUS, "Upload-Offset": "0"})
    assert answer.status_code == 415
    for offset in (None, "-1", "x"):
        headers = {"Upload-Offset": offset} if offset else {}
        answer = client.generic("PATCH", url, clip[:10], content_type=OCTETS,
                                headers={**TUS, **headers})
        assert answer.status_code == 400 and answer.json()["code"] == "invalid_offset"


def test_bytes_past_the_length_are_refused(client, instructor, clip):
    client.force_login(instructor)
    url = create(client, 1000)["Location"]
    answer = patch(client, url, 0, clip[:1001])
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"
    assert head(client, url)["Upload-Offset"] == "0"


def test_a_text_file_named_mp4_is_refused_when_complete_and_removed(client, instructor, folders):
    client.force_login(instructor)
    text = b"Minutes of the meeting\n" * 20  # under the 512 bytes the content is judged by
    url = create(client, len(text), filename="lecture.mp4")["Location"]
    assert patch(client, url, 0, text[:200]).status_code == 204  # too little to judge yet
    answer = patch(client, url, 200, text[200:])
    assert answer.status_code == 400
    assert answer.json() == {"code": "not_a_video", "detail": "This is not a video file (its "
                             "content was checked, not its name)."}
    assert not VideoUpload.objects.exists() and not Video.objects.exists()
    assert list(folders.iterdir()) == []
    assert head(client, url).status_code == 404


def test_what_is_not_a_video_is_refused_by_its_first_bytes_not_gigabytes_later(client,
                                                                             instructor):
    client.force_login(instructor)
    url = create(client, 3 * 1024 ** 3, filename="lecture.mp4")["Location"]
    answer = patch(client, url, 0, b"%PDF-1.7\n" + b"x" * 2000)
    assert answer.status_code == 400 and answer.json()["code"] == "not_a_video"
    assert not VideoUpload.objects.exists()


def test_a_retried_last_request_makes_one_video(client, instructor, clip, queued,
                                                django_capture_on_commit_callbacks):
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        url, last = upload_in(client, clip, 2)
    # The answer was lost on the way: the client sends the last piece again…
    half = -(-len(clip) // 2)
    again = patch(client, url, half, clip[half:])
    assert again.status_code == 409
    # …or asks where the upload stands, or sends nothing at its end: the same video each time.
    assert head(client, url)["Lms-Video-Id"] == last["Lms-Video-Id"]
    empty = patch(client, url, len(clip), b"")
    assert empty.status_code == 204 and empty["Lms-Video-Id"] == last["Lms-Video-Id"]
    assert Video.objects.count() == 1 and len(queued) == 1


def test_an_expired_upload_is_gone_and_the_clean_up_removes_it(client, instructor, clip,
                                                               folders, settings):
    settings.LMS_SESSION_IDLE_MINUTES = 24 * 60  # the session outlives the hours travelled
    settings.LMS_VIDEO_UPLOAD_EXPIRY_SECONDS = 3600
    client.force_login(instructor)
    stale_url = create(client, len(clip))["Location"]
    patch(client, stale_url, 0, clip[:4000])
    later = parsedate_to_datetime(head(client, stale_url)["Upload-Expires"]) + timedelta(
        minutes=30)
    # Files no upload owns, as a crash between creating the file and its row leaves them: one
    # written two hours before the clean-up, one ten minutes before (maybe being created now).
    old_stray = folders / "6f1c3a52-8b0e-4a55-9a1e-2b8c0a7d9e10.part"
    young_stray = folders / "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5.part"
    for stray, age in ((old_stray, timedelta(hours=2)), (young_stray, timedelta(minutes=10))):
        stray.write_bytes(b"x")
        os.utime(stray, ((later - age).timestamp(),) * 2)

    with time_machine.travel(later, tick=False):
        fresh_url = create(client, len(clip))["Location"]
        assert head(client, stale_url).status_code == 410
        gone = patch(client, stale_url, 4000, clip[4000:])
        assert gone.status_code == 410 and gone.json()["code"] == "upload_expired"
        assert head(client, fresh_url).status_code == 200
        assert tasks.expire_uploads() == 1

    assert [f"{UPLOADS}{pk}/" for pk in VideoUpload.objects.values_list("pk", flat=True)] == [
        fresh_url]
    assert head(client, stale_url).status_code == 404
    names = sorted(path.name for path in folders.iterdir())
    assert names == sorted([f"{VideoUpload.objects.get().pk}.part", young_stray.name])


def test_each_byte_received_puts_the_expiry_off(client, instructor, clip, settings):
    settings.LMS_SESSION_IDLE_MINUTES = 24 * 60  # the session outlives the hours travelled
    settings.LMS_VIDEO_UPLOAD_EXPIRY_SECONDS = 3600
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    with time_machine.travel(timezone.now() + timedelta(minutes=50), tick=False):
        answer = patch(client, url, 0, clip[:1000])
        assert parsedate_to_datetime(answer["Upload-Expires"]) == (
            timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    with time_machine.travel(timezone.now() + timedelta(minutes=100), tick=False):
        assert head(client, url).status_code == 200
        assert tasks.expire_uploads() == 0


def test_a_finished_upload_is_cleaned_up_and_its_video_stays(client, instructor, clip, queued):
    client.force_login(instructor)
    upload_in(client, clip, 1)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert tasks.expire_uploads() == 1
    assert not VideoUpload.objects.exists() and Video.objects.count() == 1


def test_a_second_request_while_one_is_receiving_is_refused(client, instructor, clip):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    upload = VideoUpload.objects.get()
    # What a request receiving this upload's bytes holds (see the live test for the real thing).
    VideoUpload.objects.filter(pk=upload.pk).update(
        receiver="7c4b3f5e-0d1e-4f2a-9b8c-6d5e4f3a2b1c",
        receiving_until=timezone.now() + timedelta(seconds=resumable.LEASE_SECONDS))
    answer = patch(client, url, 0, clip)
    assert answer.status_code == 423 and answer.json()["code"] == "upload_busy"
    assert head(client, url)["Upload-Offset"] == "0"
    # A lease not renewed (its process died) lapses: the upload goes on.
    VideoUpload.objects.filter(pk=upload.pk).update(
        receiving_until=timezone.now() - timedelta(seconds=1))
    assert patch(client, url, 0, clip[:1000]).status_code == 204


def test_the_body_is_read_in_pieces_past_django_s_memory_limit(client, instructor, clip,
                                                               settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(instructor)
    data = clip[:1024] + os.urandom(3 * 1024 * 1024)

    class Recorded(io.BytesIO):
        largest = 0

        def read(self, size=-1):
            Recorded.largest = max(Recorded.largest, size if size >= 0 else 1 << 62)
            return super().read(size)

    url = create(client, len(data) + 1000)["Location"]
    answer = patch(client, url, 0, b"", **{"wsgi.input": Recorded(data),
                                           "CONTENT_LENGTH": str(len(data))})
    assert answer.status_code == 204 and answer["Upload-Offset"] == str(len(data))
    assert Recorded.largest <= resumable.CHUNK_BYTES


class CutShort(io.BytesIO):
    """A body whose connection breaks after its first `keep` bytes."""

    def __init__(self, data, keep, *, error=False):
        super().__init__(data[:keep])
        self.error = error

    def read(self, size=-1):
        chunk = super().read(size)
        if not chunk and self.error:
            raise ConnectionResetError("connection reset by peer")
        return chunk


@pytest.mark.parametrize("error", [False, True], ids=["closed", "reset"])
def test_a_dropped_connection_keeps_what_arrived_and_the_upload_resumes(
        client, instructor, clip, queued, error, django_capture_on_commit_callbacks):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    kept = len(clip) // 2 + 123
    patch(client, url, 0, b"", **{"wsgi.input": CutShort(clip, kept, error=error),
                                  "CONTENT_LENGTH": str(len(clip))})
    assert head(client, url)["Upload-Offset"] == str(kept)
    assert VideoUpload.objects.get().receiver is None  # the lease went back
    with django_capture_on_commit_callbacks(execute=True):
        assert patch(client, url, kept, clip[kept:]).status_code == 204
    assert read_original(Video.objects.get()) == clip


def test_bytes_a_dead_request_wrote_past_the_recorded_offset_are_cut_off(client, instructor,
                                                                         clip, folders, queued):
    client.force_login(instructor)
    url = create(client, len(clip))["Location"]
    patch(client, url, 0, clip[:1000])
    with (folders / f"{VideoUpload.objects.get().pk}.part").open("ab") as partial:
        partial.write(b"garbage a dying process wrote and never recorded")
    assert patch(client, url, 1000, clip[1000:]).status_code == 204
    assert read_original(Video.objects.get()) == clip


def test_the_browser_s_session_needs_the_csrf_token(instructor, clip):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(instructor)
    assert create(browser, len(clip)).status_code == 403
    browser.get("/admin/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    created = create(browser, len(clip), headers={"X-CSRFToken": token})
    assert created.status_code == 201
    url = created["Location"]
    assert patch(browser, url, 0, clip[:100]).status_code == 403
    assert patch(browser, url, 0, clip[:100], headers={"X-CSRFToken": token}).status_code == 204
    assert head(browser, url).status_code == 200  # a safe method needs no token


def test_the_schema_documents_the_upload_endpoints(client):
    paths = client.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}
                       ).json()["paths"]
    assert "post" in paths["/api/v1/videos/uploads/"]
    # (drf-spectacular leaves HEAD out of OpenAPI documents.)
    assert {"patch", "delete"} <= set(paths["/api/v1/videos/uploads/{upload_id}/"])


def test_the_admin_s_add_screen_uploads_through_the_widget(client, instructor):
    client.force_login(instructor)
    html = client.get(reverse("lms_video:add")).content.decode()
    assert '<lms-video-upload endpoint="/api/v1/videos/uploads/"' in html
    assert 'done-url="/admin/videos/"' in html and 'max-bytes="4294967296"' in html
    assert "lms_video/widgets/lms-video-upload.js" in html
    assert 'enctype="multipart/form-data"' in html  # the plain form, without JavaScript


@pytest.mark.parametrize("filename, stored", [("../../etc/passwd.mp4", "passwd.mp4"),
                                              ("..", "upload-"), ("讲座 一.mp4", "讲座_一.mp4")])
def test_whatever_the_file_is_called_it_is_stored_safely(client, instructor, clip, queued,
                                                         filename, stored):
    client.force_login(instructor)
    upload_in(client, clip, 1, filename=filename)
    assert os.path.basename(Video.objects.get().original.name).startswith(stored)


def test_the_wire_format(settings):
    assert tus.parse_metadata("") == {}
    assert tus.parse_metadata("filename ZGVtby5tcDQ=, is_confidential") == {
        "filename": b"demo.mp4", "is_confidential": None}
    for bad in ("filename ZGVtby5tcDQ", "a b c", "é YQ==", "k YQ==,k YQ=="):
        with pytest.raises(tus.MetadataError):
            tus.parse_metadata(bad)
    with pytest.raises(tus.MetadataError):
        tus.metadata_text({"title": b"a\x00b"}, "title")
    assert tus.encode_metadata({"title": "预算", "flag": None}) == "title 6aKE566X,flag"
    assert [tus.parse_size(v) for v in ("0", "42", "-1", "", None, "4e3", "١٢")] == [
        0, 42, None, None, None, None, None]


# --- The real tuspy client against a live server -----------------------------------------------


@pytest.fixture
def live_instructor(transactional_db, live_server, monkeypatch, settings, tmp_path):
    """An instructor's token and a tuspy client for the live server, processing left out."""
    if not Collection.objects.exists():  # emptied by an earlier test's flush
        Collection.add_root(name="Root")
    user = UserFactory(username="live-instructor", roles=("instructor",))
    token = Token.objects.create(user=user)
    sent = []
    monkeypatch.setattr(tasks.process_video, "delay", sent.append)
    headers = {"Authorization": f"Token {token.key}"}
    return tus_client.TusClient(f"{live_server.url}{UPLOADS}", headers=headers), headers, sent


def test_tuspy_uploads_a_video_in_chunks(live_instructor, make_clip, folders):
    server, _headers, sent = live_instructor
    source = make_clip("lecture.mp4", seconds=2, size="320x240")
    upload = server.uploader(file_path=str(source), chunk_size=40 * 1024,
                          metadata={"filename": "lecture.mp4", "title": "预算法 第二讲"})
    assert len(source.read_bytes()) > 3 * 40 * 1024  # several PATCHes
    upload.upload()
    video = Video.objects.get()
    assert video.title == "预算法 第二讲" and sent == [video.pk]
    assert read_original(video) == source.read_bytes()
    assert upload.request.response_headers["lms-video-id"] == str(video.pk)
    assert list(folders.iterdir()) == []


def raw_patch(url, headers, offset, body, *, declared):
    """Start a PATCH declaring `declared` bytes and send only `body`; returns the open socket
    (close it to drop the connection, or send the rest and read the answer)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("PATCH", parts.path)
    for name, value in {**headers, **TUS, "Upload-Offset": str(offset), "Content-Type": OCTETS,
                        "Content-Length": str(declared)}.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(body)
    return connection


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the server did not get there in time")
        time.sleep(0.05)


def test_tuspy_resumes_after_a_dropped_connection(live_instructor, make_clip):
    server, headers, sent = live_instructor
    source = make_clip("lecture.mp4", seconds=2, size="320x240")
    data = source.read_bytes()
    first = server.uploader(file_path=str(source), chunk_size=len(data),
                         metadata={"filename": "lecture.mp4"})
    url = first.create_url()

    # The network fails while the body is under way: 60 % of it has gone when the line drops.
    sent_before_drop = len(data) * 6 // 10
    connection = raw_patch(url, headers, 0, data[:sent_before_drop], declared=len(data))
    connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()
    upload = VideoUpload.objects.get()

    def settled():
        upload.refresh_from_db()
        return upload.receiver is None and upload.offset > 0
    wait_for(settled)
    assert upload.offset == sent_before_drop

    # A new uploader for the same address asks where it stands and sends the rest.
    again = server.uploader(file_path=str(source), url=url, chunk_size=16 * 1024)
    assert again.offset == sent_before_drop
    again.upload()
    video = Video.objects.get()
    assert read_original(video) == data and sent == [video.pk]


def test_a_second_request_during_a_live_one_is_locked_out_until_it_ends(live_instructor,
                                                                       make_clip):
    server, headers, _sent = live_instructor
    data = make_clip("lecture.mp4", seconds=2, size="320x240").read_bytes()
    url = server.uploader(file_stream=io.BytesIO(data), chunk_size=len(data)).create_url()
    slow = raw_patch(url, headers, 0, data[:10_000], declared=len(data))
    upload = VideoUpload.objects.get()

    def receiving():
        upload.refresh_from_db()
        return upload.receiver is not None
    wait_for(receiving)
    other = requests.patch(url, data=data, headers={**headers, **TUS, "Upload-Offset": "0",
                                                    "Content-Type": OCTETS}, timeout=30)
    assert other.status_code == 423

    slow.send(data[10_000:])
    answer = slow.getresponse()
    assert answer.status == 204 and answer.getheader("Upload-Offset") == str(len(data))
    assert answer.getheader("Lms-Video-Id") == str(Video.objects.get().pk)
    slow.close()
