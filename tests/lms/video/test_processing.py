"""Processing a video, end to end with the bundled ffmpeg on small generated clips: the status
moves uploaded → queued → processing → ready or failed with a reason, the ladder, the MP4
fallback, the poster and the thumbnail land in the storage, and the work is idempotent."""

import os
import re

import av
import pytest
from django.core.files import File
from django.core.files.storage import default_storage

from lms.video import services
from lms.video.models import Video

pytestmark = pytest.mark.django_db

Status = Video.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Create a video from a file as an upload does; its processing (an eager task here) runs
    when the transaction commits."""

    def create(path, title="Lecture"):
        with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
            video = services.video_create(title=title, file=File(handle, name=os.path.basename(path)))
        video.refresh_from_db()
        return video
    return create


def read(name):
    with default_storage.open(name) as handle:
        return handle.read()


def test_a_video_becomes_a_ladder_with_fallback_poster_and_thumbnail(make_clip, upload):
    video = upload(make_clip(seconds=4, size="854x480"))
    assert video.status == Status.READY and video.progress == 100 and video.error == ""
    assert video.duration == pytest.approx(4.0, abs=0.1)
    assert (video.width, video.height, video.has_audio) == (854, 480, True)
    assert [(r["name"], r["width"], r["height"]) for r in video.renditions] == [
        ("480p", 854, 480), ("360p", 640, 360)]
    master = read(video.output("master.m3u8")).decode()
    assert master.count("#EXT-X-STREAM-INF") == 2 and "RESOLUTION=854x480" in master
    assert master.count("TYPE=AUDIO") == 1  # the sound once, shared by both rungs
    variant = read(video.output("480p/index.m3u8")).decode()
    assert "#EXT-X-ENDLIST" in variant
    segments = re.findall(r"#EXTINF:([\d.]+)", variant)
    assert segments and all(float(length) <= 6.1 for length in segments)
    # Keyframes every 2 s in every rung.
    with av.open(default_storage.path(video.output("480p/segment_00000.ts"))) as segment:
        stream = segment.streams.video[0]
        keys = [round(float(packet.pts * stream.time_base) - 1.4, 1)
                for packet in segment.demux(stream) if packet.is_keyframe and packet.pts is not None]
    assert len(keys) == 2 and keys[1] - keys[0] == pytest.approx(2.0, abs=0.1)
    with av.open(default_storage.path(video.output("fallback.mp4"))) as fallback:
        assert fallback.streams.video[0].height == 360 and len(fallback.streams.audio) == 1
        assert fallback.duration / av.time_base == pytest.approx(4.0, abs=0.2)
    with av.open(default_storage.path(video.output("poster.jpg"))) as poster:
        assert (poster.streams.video[0].width, poster.streams.video[0].height) == (854, 480)
    assert default_storage.exists(video.output("thumbnail.jpg"))


def test_a_portrait_video_without_sound(make_clip, upload):
    video = upload(make_clip(size="640x360", rotate=90, audio=False))
    assert video.status == Status.READY and video.has_audio is False
    assert [(r["width"], r["height"]) for r in video.renditions] == [(360, 640)]
    master = read(video.output("master.m3u8")).decode()
    assert "TYPE=AUDIO" not in master and "RESOLUTION=360x640" in master


@pytest.mark.parametrize("content, reason", [
    (b"", "The file is empty."),
    (b"Minutes of the meeting\n" * 50, "The file is not a video that can be read."),
])
def test_a_file_that_is_not_a_video_fails_with_its_reason(tmp_path, upload, content, reason):
    path = tmp_path / "lecture.mp4"
    path.write_bytes(content)
    video = upload(path)
    assert (video.status, video.error, video.output_dir) == (Status.FAILED, reason, "")


def test_a_sound_file_fails_with_its_reason(sound_only, upload):
    video = upload(sound_only)
    assert video.status == Status.FAILED and "no picture" in video.error


def test_a_second_delivery_changes_nothing(make_clip, upload):
    video = upload(make_clip())
    assert services.video_process(video.pk) is None  # ready: not queued, nothing to do
    again = Video.objects.get(pk=video.pk)
    assert (again.status, again.output_dir, again.attempts) == (Status.READY, video.output_dir, 1)


def test_reprocessing_replaces_the_ladder_whole(make_clip, upload, django_capture_on_commit_callbacks):
    video = upload(make_clip())
    first = video.output_dir
    with django_capture_on_commit_callbacks(execute=True):
        services.video_queue(video)
    video.refresh_from_db()
    assert video.status == Status.READY and video.output_dir != first and video.attempts == 2
    assert not default_storage.exists(f"{first}/master.m3u8")  # the old ladder is gone
    assert default_storage.exists(video.output("master.m3u8"))


def test_a_processing_that_runs_out_of_time_is_stopped(make_clip, upload, monkeypatch):
    monkeypatch.setattr(services, "processing_seconds", lambda duration: 0.05)
    video = upload(make_clip(seconds=6, size="1280x720"))
    assert video.status == Status.FAILED and "longer than allowed" in video.error
    assert video.output_dir == ""


def test_progress_is_written_as_ffmpeg_goes(make_clip, upload, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY_SECONDS", 0)
    seen = []
    real = services._progress_writer

    def spying(video_id):
        write = real(video_id)

        def record(percent):
            write(percent)
            seen.append(Video.objects.get(pk=video_id).progress)
        return record
    monkeypatch.setattr(services, "_progress_writer", spying)
    video = upload(make_clip(seconds=4))
    assert video.progress == 100
    assert seen and seen == sorted(seen) and 0 < max(seen) < 100


def test_lost_processing_is_queued_again(make_clip, upload):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    dead = upload(make_clip(), title="Worker died")
    Video.objects.filter(pk=dead.pk).update(
        status=Status.PROCESSING, processing_started_at=now - timedelta(hours=3))
    running = upload(make_clip(), title="Still running")
    Video.objects.filter(pk=running.pk).update(status=Status.PROCESSING,
                                               processing_started_at=now - timedelta(minutes=2))
    lost = upload(make_clip(), title="Message lost")
    Video.objects.filter(pk=lost.pk).update(status=Status.QUEUED,
                                            queued_at=now - timedelta(hours=2))
    waiting = upload(make_clip(), title="Waiting its turn")
    Video.objects.filter(pk=waiting.pk).update(status=Status.QUEUED,
                                               queued_at=now - timedelta(minutes=5))
    assert services.requeue_stuck(now) == 2
    statuses = dict(Video.objects.values_list("title", "status"))
    assert statuses == {"Worker died": Status.QUEUED, "Still running": Status.PROCESSING,
                        "Message lost": Status.QUEUED, "Waiting its turn": Status.QUEUED}
    assert Video.objects.get(pk=lost.pk).queued_at > now - timedelta(minutes=1)
