"""The video part of the demo: recorded lectures made and processed while it loads (no task
sent), with Chinese and English captions, in lectures the demo trainee can watch; watches
credited through the services; idempotent, and an earlier failure processed again."""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Revision

from lms.courses.models import Enrolment, LecturePage, LectureProgress, current_training_year
from lms.video import demo
from lms.video.models import Caption, LectureVideo, Video, VideoWatch

pytestmark = pytest.mark.django_db
Status = Video.Status


@pytest.fixture(autouse=True)
def _short_clips(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(demo, "CLIP_SECONDS", 3)


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    """Load the whole demo as `manage.py load_demo_data` does, its commit callbacks run; returns
    the processing tasks that were sent (none should be)."""

    def run():
        with mock.patch("lms.video.tasks.process_video.delay") as sent, \
                django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo_data", password="demo-pass-1", stdout=StringIO())
        return sent.call_count
    return run


def counts():
    return {
        "videos": sorted(Video.objects.values_list("pk", "status", "output_dir", "attempts")),
        "captions": sorted(Caption.objects.values_list("video_id", "language", "file")),
        "shown": sorted(LectureVideo.objects.values_list("lecture_id", "video_id")),
        "watches": sorted(VideoWatch.objects.values_list("enrolment_id", "video_id",
                                                         "watched_seconds", "completed_at")),
        "revisions": Revision.objects.count(),
        "progress": sorted(LectureProgress.objects.values_list("enrolment_id", "lecture_id")),
        "enrolments": sorted(Enrolment.objects.values_list("pk", "status", "completed_at")),
    }


def test_demo_lectures_show_ready_videos_with_captions_once(load, client):
    assert load() == 0
    first = counts()
    assert load() == 0
    assert counts() == first
    videos = list(Video.objects.order_by("pk"))
    assert len(videos) == len(demo.VIDEOS) >= 3
    for video in videos:
        assert video.status == Status.READY, video.error
        assert video.duration == pytest.approx(3, abs=0.2)
        assert (video.width, video.height, video.has_audio) == (1280, 720, True)
        assert [rung["name"] for rung in video.renditions] == ["720p", "480p", "360p"]
        for name in ("master.m3u8", "720p/index.m3u8", "360p/index.m3u8", "audio/index.m3u8",
                     "fallback.mp4", "poster.jpg", "thumbnail.jpg"):
            assert default_storage.exists(video.output(name)), name
        # Chinese and English, cue for cue (as many as a 3-second clip leaves time to read).
        cues = dict(video.captions.values_list("language", "cue_count"))
        assert set(cues) == {"en", "zh-hans"} and cues["en"] == cues["zh-hans"] >= 1
        # Shown in one lecture of a course its uploader teaches, before the lecture's text, and
        # published: the lecture's latest revision is the live one.
        lecture = LecturePage.objects.get(videos_shown__video=video)
        course = lecture.get_parent().specific
        assert video.title.startswith(course.code) and lecture.title in video.title
        assert course.instructors.filter(pk=video.uploaded_by_id).exists()
        assert [block.block_type for block in lecture.body][:2] == ["video", "rich_text"]
        assert lecture.live and not lecture.has_unpublished_changes
    # Everyone with progress on a lecture showing a video has watched it: nobody marked one
    # done by hand.
    for shown in LectureVideo.objects.all():
        for progress in LectureProgress.objects.filter(lecture_id=shown.lecture_id):
            assert VideoWatch.objects.filter(enrolment_id=progress.enrolment_id,
                                             video_id=shown.video_id,
                                             completed_at__isnull=False).exists()
    watches = {(w.enrolment.user.username, w.enrolment.course.code): w
               for w in VideoWatch.objects.select_related("enrolment__user", "enrolment__course")}
    assert watches[("dept01", "TH-101")].completed_at is not None
    partway = watches[("young03", "DG-502")]
    assert partway.completed_at is None and 0 < partway.watched_seconds < 3
    # The demo trainee can watch one on their plan: the lecture shows the player, which gets
    # the playback addresses, both captions and a watch to credit.
    trainee = get_user_model().objects.get(username="trainee")
    on_plan = set(Enrolment.objects.filter(user=trainee, year=current_training_year(),
                                           status=Enrolment.Status.ENROLLED)
                  .values_list("course_id", flat=True))
    lecture = next(page for page in LecturePage.objects.filter(videos_shown__isnull=False)
                   .order_by("path") if page.get_parent().pk in on_plan)
    client.force_login(trainee)
    response = client.get(lecture.url)
    assert response.status_code == 200 and b"<lms-video-player" in response.content
    video = lecture.videos_shown.get().video
    data = client.get(reverse("api-video", args=[video.pk]), {"lecture": lecture.pk}).json()
    assert data["playback"]["hls"] and data["playback"]["mp4"] and data["poster"]
    assert {caption["language"] for caption in data["captions"]} == {"en", "zh-hans"}
    assert data["watch"]["heartbeat"]["token"]


def test_demo_processes_again_a_video_left_failed(load):
    load()
    video = Video.objects.order_by("pk").first()
    Video.objects.filter(pk=video.pk).update(status=Status.FAILED, error="Lost.")
    shown = sorted(LectureVideo.objects.values_list("lecture_id", "video_id"))
    assert load() == 0
    video.refresh_from_db()
    assert video.status == Status.READY and video.attempts == 2
    assert Video.objects.count() == len(demo.VIDEOS)
    assert sorted(LectureVideo.objects.values_list("lecture_id", "video_id")) == shown
