"""The video library in the Wagtail admin: who sees it, uploading through it, the status and
progress shown, editing one's own, and processing again — permissions checked on the server,
forged requests included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.video.models import Video
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def admin_upload(client, path=None, *, content=None, name="lecture.mp4", title="Budget law"):
    data = content if content is not None else path.read_bytes()
    return client.post(reverse("lms_video:add"), {
        "title": title, "original": SimpleUploadedFile(name, data, "video/mp4"),
        "collection": 1})


def test_an_instructor_uploads_in_the_admin_and_the_video_is_processed(
        client, instructor, make_clip, django_capture_on_commit_callbacks):
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_upload(client, make_clip())
    assert response.status_code == 302, response.content.decode()[:2000]
    video = Video.objects.get()
    assert (video.title, video.uploaded_by, video.status) == ("Budget law", instructor, "ready")
    listing = client.get(reverse("lms_video:index")).content.decode()
    assert "Budget law" in listing and "Ready" in listing and "0:02" in listing


def test_the_listing_shows_progress_while_processing(client, curator, make_clip, instructor):
    client.force_login(instructor)
    admin_upload(client, make_clip())  # its processing never runs: no commit in this test
    Video.objects.update(status=Video.Status.PROCESSING, progress=42)
    client.force_login(curator)
    html = client.get(reverse("lms_video:index")).content.decode()
    assert 'value="42"' in html and "data-video-poll" in html and "admin-progress.js" in html


def test_what_is_not_a_video_is_refused_with_a_reason(client, instructor):
    client.force_login(instructor)
    response = admin_upload(client, content=b"Minutes\n" * 100)
    assert response.status_code == 200
    assert "This is not a video file" in response.content.decode()
    assert not Video.objects.exists()


def test_trainees_do_not_see_the_library(client, trainee):
    client.force_login(trainee)
    assert client.get(reverse("lms_video:index")).status_code in (302, 403)
    assert client.get(reverse("lms_video:add")).status_code in (302, 403)


def test_instructors_change_their_own_videos_only(client, instructor, make_clip):
    client.force_login(instructor)
    admin_upload(client, make_clip(), title="Mine")
    client.get(reverse("lms_video:index"))  # shows (and so clears) the upload's message
    mine = Video.objects.get()
    colleague = UserFactory(username="colleague", roles=("instructor",))
    client.force_login(colleague)
    response = client.post(reverse("lms_video:edit", args=[mine.pk]),
                           {"title": "Taken over", "collection": 1, "max_playback_rate": "2"})
    assert response.status_code in (302, 403)
    assert client.post(reverse("lms_video:delete", args=[mine.pk])).status_code in (302, 403)
    mine.refresh_from_db()
    assert mine.title == "Mine"
    listing = client.get(reverse("lms_video:index")).content.decode()
    assert "Mine" in listing and reverse("lms_video:edit", args=[mine.pk]) not in listing
    client.force_login(instructor)
    client.post(reverse("lms_video:edit", args=[mine.pk]), {
        "title": "Mine, renamed", "collection": 1, "max_playback_rate": "1.50",
        "lock_seeking": "on"})
    mine.refresh_from_db()
    assert (mine.title, mine.max_playback_rate, mine.lock_seeking) == ("Mine, renamed", 1.5, True)


def test_processing_again(client, curator, instructor, make_clip,
                          django_capture_on_commit_callbacks):
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        admin_upload(client, make_clip())
    video = Video.objects.get()
    first = video.output_dir
    url = reverse("lms_video:reprocess", args=[video.pk])
    colleague = UserFactory(username="colleague", roles=("instructor",))
    client.force_login(colleague)
    assert client.get(url).status_code in (302, 403)  # Wagtail sends refusals to its home
    assert client.post(url).status_code in (302, 403)  # a forged form changes nothing
    assert Video.objects.get().output_dir == first
    client.force_login(curator)
    assert "Process again" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    video.refresh_from_db()
    assert video.status == "ready" and video.output_dir != first and video.attempts == 2



def test_the_library_finds_a_chinese_word_inside_a_title(client, curator):
    for title in ("第一讲 数字政府建设的总体框架", "第二讲 基层治理"):
        Video.objects.create(title=title, original="videos/originals/x.mp4")
    client.force_login(curator)
    html = client.get(reverse("lms_video:index"), {"q": "数字政府"}).content.decode()
    assert "第一讲 数字政府建设的总体框架" in html and "基层治理" not in html


def test_the_edit_screen_shows_the_stored_playback_rate(client, instructor):
    # A rate read back from the database (2.00) must be the one selected, or saving the form
    # unchanged would slow every trainee down to the first choice.
    video = Video.objects.create(title="Budget law", original="videos/originals/x.mp4",
                                 uploaded_by=instructor, max_playback_rate="1.50")
    client.force_login(instructor)
    html = client.get(reverse("lms_video:edit", args=[video.pk])).content.decode()
    assert '<option value="1.50" selected>1.5×</option>' in html
    video.max_playback_rate = Video._meta.get_field("max_playback_rate").default
    video.save()
    html = client.get(reverse("lms_video:edit", args=[video.pk])).content.decode()
    assert '<option value="2.00" selected>2×</option>' in html
