"""<lms-video-upload> in the admin's add screen, in a real browser against the real tus API: an
upload in several PATCHes ending in the library, one resumed after the page was left mid-way,
and the server's refusal shown in words."""

import subprocess

import imageio_ffmpeg
import pytest
from django.core.files.storage import default_storage
from wagtail.models import Collection

from lms.video import tasks
from lms.video.models import Video, VideoUpload
from tests.e2e.conftest import sign_in
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = "**/api/v1/videos/uploads/**"


@pytest.fixture
def instructor_page(live_server, page, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LMS_VIDEO_UPLOAD_DIR = str(tmp_path / "uploads")
    monkeypatch.setattr(tasks.process_video, "delay", lambda video_id: None)
    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    UserFactory(username="laoshi", first_name="Chen Lixin", roles=("instructor",))
    sign_in(page, live_server.url, "laoshi", "pass-laoshi")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while uploading
    return page


@pytest.fixture
def clip(tmp_path):
    path = tmp_path / "budget-law.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    return path


def open_add_screen(page, base_url, chunk_size):
    page.goto(f"{base_url}/admin/videos/new/")
    widget = page.locator("lms-video-upload")
    widget.and_(page.locator("[state=idle]")).wait_for(state="attached")
    widget.evaluate("(element, size) => { element.chunkSize = size; }", chunk_size)
    return widget


def stored(video):
    with default_storage.open(video.original.name) as handle:
        return handle.read()


def test_an_upload_in_pieces_ends_in_the_library(live_server, instructor_page, clip):
    page = instructor_page
    patches = []
    page.on("request", lambda request: patches.append(request.url)
            if request.method == "PATCH" else None)
    open_add_screen(page, live_server.url, 16 * 1024)
    page.set_input_files("input[name=original]", str(clip))
    assert page.input_value("#id_title") == "budget-law"  # from the file's name
    page.fill("#id_title", "Lecture 2: the budget law")
    page.click("[data-video-upload-submit]")
    page.wait_for_url(f"{live_server.url}/admin/videos/")
    video = Video.objects.get()
    assert video.title == "Lecture 2: the budget law" and video.status == "queued"
    assert stored(video) == clip.read_bytes()
    assert len(patches) >= clip.stat().st_size // (16 * 1024)
    assert "Lecture 2: the budget law" in page.content()


def test_an_upload_left_mid_way_resumes_where_the_server_stands(live_server, instructor_page,
                                                               clip):
    page = instructor_page
    creations, held = [], []
    page.on("request", lambda request: creations.append(request.url)
            if request.method == "POST" and "/uploads/" in request.url else None)

    def hold_after_the_first(route):
        if route.request.method == "PATCH" and held:
            return  # never answered: the page is left while this one is under way
        if route.request.method == "PATCH":
            held.append(route.request.url)
        route.continue_()

    page.route(UPLOADS, hold_after_the_first)
    widget = open_add_screen(page, live_server.url, 16 * 1024)
    page.set_input_files("input[name=original]", str(clip))
    page.click("[data-video-upload-submit]")
    widget.and_(page.locator("[state=uploading]")).wait_for()
    page.wait_for_function("() => document.querySelector('lms-video-upload').shadowRoot"
                           ".querySelector('[data-field=percent]')?.textContent !== '0%'")
    assert VideoUpload.objects.get().offset == 16 * 1024

    page.unroute(UPLOADS)
    widget = open_add_screen(page, live_server.url, 16 * 1024)  # the tab comes back later
    page.set_input_files("input[name=original]", str(clip))
    widget.locator("[data-field=resumable]").wait_for()
    page.click("[data-video-upload-submit]")
    page.wait_for_url(f"{live_server.url}/admin/videos/")
    assert len(creations) == 1  # the same upload went on, not a new one
    assert stored(Video.objects.get()) == clip.read_bytes()


def test_the_server_s_refusal_is_shown_in_words(live_server, instructor_page, tmp_path):
    page = instructor_page
    fake = tmp_path / "minutes.mp4"
    fake.write_bytes(b"Minutes of the meeting\n" * 100)
    widget = open_add_screen(page, live_server.url, 1024 * 1024)
    page.set_input_files("input[name=original]", str(fake))
    page.click("[data-video-upload-submit]")
    widget.and_(page.locator("[state=error]")).wait_for()
    assert "This is not a video file" in widget.locator("[data-field=message]").inner_text()
    assert not Video.objects.exists() and not VideoUpload.objects.exists()
