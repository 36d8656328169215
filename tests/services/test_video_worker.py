"""Services lane: a video goes through Redis to a real worker on PostgreSQL and comes out a
ladder; a worker killed mid-transcode leaves it processing, and once the stuck job is queued
again another worker makes a complete, correct ladder."""

import signal
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from lms.video import services
from lms.video.models import Video
from tests.services.conftest import wait_for, worker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _root_collection(transactional_db):
    """Transactional tests flush the root collection the migrations made; put it back."""
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def clip(tmp_path, seconds, size="854x480"):
    path = tmp_path / f"clip-{seconds}.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def ffmpeg_running(source_name):
    """Whether an ffmpeg process is working on this source (read from /proc)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "ffmpeg" in command and source_name in command:
                return True
    return False


def create(path):
    with path.open("rb") as handle:
        return services.video_create(title=path.stem, file=File(handle, name=path.name))


def ready(video, log_path):
    def check():
        video.refresh_from_db()
        return video.status in (Video.Status.READY, Video.Status.FAILED)
    wait_for(check, timeout=120, log_path=log_path)
    assert video.status == Video.Status.READY, video.error
    master = default_storage.open(video.output("master.m3u8")).read().decode()
    assert master.count("#EXT-X-STREAM-INF") == len(video.renditions) >= 2
    for rendition in video.renditions:
        variant = default_storage.open(video.output(f"{rendition['name']}/index.m3u8")).read()
        assert b"#EXT-X-ENDLIST" in variant
    assert default_storage.exists(video.output("fallback.mp4"))


def test_a_video_is_processed_by_a_real_worker(media, celery_worker_process, tmp_path):
    _process, log_path = celery_worker_process
    video = create(clip(tmp_path, 3))
    ready(video, log_path)
    assert "process_video[" in log_path.read_text()


def test_a_worker_killed_mid_transcode(media, services_lane, tmp_path, request):
    first, log_path = request.getfixturevalue("celery_worker_process")
    video = create(clip(tmp_path, 40, size="1280x720"))

    def transcoding():
        video.refresh_from_db()
        return video.status == Video.Status.PROCESSING and video.progress > 0
    wait_for(transcoding, timeout=60, interval=0.1, log_path=log_path)
    first.send_signal(signal.SIGKILL)  # no warm shutdown: the message stays unacknowledged
    first.wait()
    # Its ffmpeg dies with it rather than running on for nothing.
    wait_for(lambda: not ffmpeg_running(video.original.name), timeout=10, log_path=log_path)
    video.refresh_from_db()
    assert video.status == Video.Status.PROCESSING and video.output_dir == ""
    # Later, the periodic job finds it stuck and queues it again; a new worker takes it.
    later = timezone.now() + timezone.timedelta(
        seconds=services.processing_seconds(video.duration or 40) * 3 + 601)
    with worker(tmp_path / "second-worker.log") as (_second, second_log):
        assert services.requeue_stuck(later) == 1
        ready(video, second_log)
    assert video.attempts == 2
