"""POST videos/ (multipart) and GET videos/{id}/: who may upload, what is refused and why, and
the status and progress an uploader follows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.video.models import Video
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db

VIDEOS = "/api/v1/videos/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(client, path=None, *, content=None, name="lecture.mp4", **fields):
    data = content if content is not None else path.read_bytes()
    return client.post(VIDEOS, {"file": SimpleUploadedFile(name, data), **fields},
                       format="multipart")


def test_an_instructor_uploads_and_follows_processing(api_client, instructor, make_clip,
                                                      django_capture_on_commit_callbacks):
    api_client.force_authenticate(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api_client, make_clip(), title="Lecture 1: the budget law")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["status"]) == ("Lecture 1: the budget law", "queued")
    followed = api_client.get(f"{VIDEOS}{body['id']}/").json()
    assert (followed["status"], followed["progress"]) == ("ready", 100)
    assert [r["name"] for r in followed["renditions"]] == ["360p"]
    assert Video.objects.get().uploaded_by == instructor


def test_the_title_defaults_to_the_file_name(api_client, curator, make_clip):
    api_client.force_authenticate(curator)
    assert upload(api_client, make_clip(), name="budget-law.mp4").json()["title"] == "budget-law"


def test_trainees_and_strangers_may_not_upload(api_client, trainee, make_clip):
    assert upload(api_client, make_clip()).status_code == 401
    api_client.force_authenticate(trainee)
    response = upload(api_client, make_clip())
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Video.objects.exists()


@pytest.mark.parametrize("content, says", [
    (b"Minutes of the meeting\n" * 40, "not a video file"),  # named .mp4: the name lies
    (b"", "empty"),
])
def test_what_is_not_a_video_is_refused_and_nothing_is_kept(api_client, instructor, content,
                                                           says):
    api_client.force_authenticate(instructor)
    response = upload(api_client, content=content, name="lecture.mp4")
    assert response.status_code == 400
    assert says in response.json()["errors"]["file"][0]
    assert not Video.objects.exists()


def test_the_content_decides_not_the_name(api_client, instructor, make_clip):
    api_client.force_authenticate(instructor)
    assert upload(api_client, make_clip(), name="recording.bin").status_code == 201


def test_a_file_over_the_limit_is_refused(api_client, instructor, make_clip, settings):
    settings.LMS_VIDEO_MAX_BYTES = 1024
    api_client.force_authenticate(instructor)
    response = upload(api_client, make_clip())
    assert response.status_code == 400 and "larger than" in response.json()["errors"]["file"][0]
    assert not Video.objects.exists()


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(api_client,
                                                                           instructor, settings):
    settings.LMS_VIDEO_MAX_BYTES = 1024 * 1024
    api_client.force_authenticate(instructor)
    # The body is a few bytes, the header claims 5 GB: refused on the header alone.
    response = api_client.generic("POST", VIDEOS, b"--x--", content_type="multipart/form-data; "
                                  "boundary=x", CONTENT_LENGTH=str(5 * 1024 ** 3))
    assert response.status_code == 400
    assert "larger than the 1 MB allowed" in response.json()["errors"]["file"][0]
    assert not Video.objects.exists()


def test_the_library_s_people_follow_a_video_trainees_do_not(api_client, instructor, curator,
                                                             trainee, make_clip):
    api_client.force_authenticate(instructor)
    url = f"{VIDEOS}{upload(api_client, make_clip()).json()['id']}/"
    for person, allowed in ((UserFactory(username="colleague", roles=("instructor",)), True),
                            (curator, True), (trainee, False)):
        api_client.force_authenticate(person)
        assert api_client.get(url).status_code == (200 if allowed else 403), person
    assert api_client.get(f"{VIDEOS}999999/").status_code == 404


def test_why_it_failed_is_told_in_the_reader_s_language(api_client, instructor, make_clip,
                                                       django_capture_on_commit_callbacks):
    whole = make_clip(seconds=2).read_bytes()
    api_client.force_authenticate(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        # An MP4 cut short a third of the way: its first bytes say MP4, so it is taken, and
        # processing finds it cannot be read.
        created = upload(api_client, content=whole[: len(whole) // 3])
    assert created.status_code == 201
    url = f"{VIDEOS}{created.json()['id']}/"
    english = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = api_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert english["status"] == "failed" and english["error"].startswith("The ")
    assert chinese["error"] != english["error"] and "文件" in chinese["error"]
