"""A video lecture end to end, in a real browser against the real server: an enrolled trainee
plays a processed video (its HLS segments load through signed addresses, captions show),
leaves, comes back where they stopped, and the watched share rises only as they really watch;
a copied playlist address gives others 403."""

import subprocess
import time

import imageio_ffmpeg
import pytest
from django.core.files import File
from wagtail.models import Collection

from lms.video import captions, services
from lms.video.models import VideoWatch
from tests.e2e.conftest import law_term, sign_in
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECONDS = 24
VTT = {"zh-hans": "WEBVTT\n\n00:00.000 --> 00:24.000\n依法行政的基本要求\n",
       "en": "WEBVTT\n\n00:00.000 --> 00:24.000\nWhat lawful administration asks\n"}


@pytest.fixture
def lecture(settings, tmp_path):
    """LAW-1's first lecture showing a processed 24 s video with Chinese and English captions;
    Li Na (xiaoli) is on the course."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LMS_VIDEO_HEARTBEAT_SECONDS = 2
    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    source = tmp_path / "lecture.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={SECONDS}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(source)], check=True)
    _category, course, _trainee = law_term()
    teacher = UserFactory(username="laoshi", roles=("instructor",))
    with source.open("rb") as handle:
        video = services.video_create(title="依法行政", file=File(handle, name="lecture.mp4"),
                                      uploaded_by=teacher, queue=False)
    assert services.video_process_now(video).status == "ready"
    for language, text in VTT.items():
        captions.caption_set(video=video, language=language, data=text.encode())
    lecture = course.get_children().specific().first()
    lecture.body = [("video", {"video": video, "heading": ""}), *[
        (block.block_type, block.value) for block in lecture.body]]
    lecture.save_revision().publish()
    return lecture


def watched(lecture_video=None):
    watch = VideoWatch.objects.first()
    return 0.0 if watch is None else watch.watched_seconds


def test_a_trainee_watches_leaves_and_resumes(live_server, page, browser, lecture, screenshot):
    segments = []
    page.on("response", lambda response: segments.append(response.status)
            if response.url.endswith(".ts") else None)
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.goto(live_server.url + lecture.url)
    player = page.locator("lms-video-player[state=ready]")
    player.wait_for()
    assert "watch" in page.locator("[data-self-mark-refusal]").inner_text()
    player.locator("[data-control=captions]").select_option("zh-hans")
    started = time.monotonic()
    page.evaluate("() => { const v = document.querySelector('lms-video-player').video;"
                  " v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('lms-video-player').video.currentTime > 5", timeout=20000)
    assert segments and all(status == 200 for status in segments)
    shown = page.evaluate("""() => {
        const v = document.querySelector('lms-video-player').video;
        const track = [...v.textTracks].find((t) => t.mode === 'showing');
        return track && track.activeCues && track.activeCues.length
            ? [track.language, track.activeCues[0].text] : null; }""")
    assert shown == ["zh-hans", "依法行政的基本要求"]
    screenshot(page, "video-lecture-playing")
    page.wait_for_timeout(2500)  # a regular heartbeat while playing
    page.goto(live_server.url + "/learning/")  # leaves: the last heartbeat goes out
    elapsed = time.monotonic() - started
    page.wait_for_timeout(500)
    credited = watched()
    # Credited: what was played, never more than the time it took (at 1×, the rate played).
    assert 5 < credited <= elapsed + 0.5
    watch = VideoWatch.objects.get()
    assert 6 < watch.position < SECONDS - 5 and watch.playing_since is None
    # Away from the page, nothing more is credited.
    page.wait_for_timeout(2000)
    assert watched() == credited

    page.goto(live_server.url + lecture.url)
    player.wait_for()
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('lms-video-player').video.currentTime"
        f" - {watch.position}) < 1")
    assert "Resumed at" in player.locator("[data-notice=resumed]").inner_text()
    page.wait_for_timeout(3000)  # back on the page but not playing: nothing accrues
    assert watched() == credited
    page.evaluate("() => { const v = document.querySelector('lms-video-player').video;"
                  " v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('lms-video-player').video.ended", timeout=30000)
    page.wait_for_function(
        "() => !document.querySelector('[data-self-mark-refusal]')", timeout=10000)
    watch.refresh_from_db()
    assert watch.completed_at is not None and watch.watched_seconds >= 0.95 * SECONDS
    assert "You have finished this lecture." in page.locator("[data-lecture-progress]").inner_text()
    screenshot(page, "video-lecture-watched")

    # The playlist's signed address is no use to anyone else.
    master = page.evaluate("""async () => {
        const r = await fetch(document.querySelector('lms-video-player').getAttribute('api'));
        return (await r.json()).playback.hls; }""")
    assert page.request.get(live_server.url + master).status == 200
    anonymous = browser.new_context()
    assert anonymous.request.get(live_server.url + master).status == 403
    stranger = browser.new_context()
    UserFactory(username="stranger", roles=("trainee",))
    other = stranger.new_page()
    sign_in(other, live_server.url, "stranger", "pass-stranger")
    assert other.request.get(live_server.url + master).status == 403
    api = other.request.get(f"{live_server.url}/api/v1/videos/{watch.video_id}/"
                            f"?lecture={lecture.pk}")
    assert api.status == 403
    anonymous.close()
    stranger.close()


def test_the_lecture_on_a_phone_in_chinese(live_server, phone_page, lecture, screenshot):
    sign_in(phone_page, live_server.url, "xiaoli", "pass-xiaoli")
    phone_page.goto(live_server.url + lecture.url)
    phone_page.locator("lms-video-player[state=ready]").wait_for()
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone_page, "video-lecture-phone-zh")
