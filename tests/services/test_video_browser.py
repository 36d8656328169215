"""Services lane, in a real browser: an instructor uploads a video in the admin (resumable, tus),
watches its processing by a real worker on Redis and PostgreSQL reach "Ready" on the listing,
puts it in a lecture with the page editor's Video block and chooser, and an enrolled trainee
plays it: its HLS segments load through signed addresses."""

import subprocess

import imageio_ffmpeg
import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupPagePermission

from lms.core.roles import INSTRUCTOR
from lms.courses.models import CourseIndexPage
from lms.video.models import LectureVideo, Video
from tests.e2e.conftest import law_term, sign_in
from tests.lms.core.factories import UserFactory
from tests.services.conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LMS_VIDEO_UPLOAD_DIR = str(tmp_path / "uploads")


@pytest.fixture
def term(media):
    from lms.core.services import home_page_ensure

    home_page_ensure()
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    _category, course, _trainee = law_term()
    teacher = UserFactory(username="laoshi", first_name="Chen Lixin", roles=("instructor",))
    course.instructors.add(teacher)
    # Instructors write and publish the catalogue's lectures (as the demo lets them).
    group = Group.objects.get(name=INSTRUCTOR.group_name)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=CourseIndexPage.objects.get(),
            permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                              codename=codename))
    return course


def test_upload_process_place_and_play(term, celery_worker_process, live_server, page, tmp_path,
                                       browser):
    _process, log_path = celery_worker_process
    source = tmp_path / "依法行政.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=12",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=12",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(source)], check=True)
    base = live_server.url
    sign_in(page, base, "laoshi", "pass-laoshi")

    # Upload through the admin's resumable upload.
    page.goto(f"{base}/admin/videos/new/")
    page.locator("lms-video-upload[state=idle]").wait_for(state="attached")
    page.set_input_files("input[name=original]", str(source))
    page.fill("#id_title", "依法行政的基本要求")
    page.click("[data-video-upload-submit]")
    page.wait_for_url(f"{base}/admin/videos/")
    video = Video.objects.get()
    # The listing follows the worker without a reload, until the video is ready.
    status = page.locator("td[data-video-status]")  # the one video's status cell
    assert status.get_attribute("data-video-status") in ("queued", "processing")
    assert status.get_attribute("data-video-poll").endswith(f"/videos/{video.pk}/")
    wait_for(lambda: Video.objects.get().status not in ("queued", "processing"), timeout=90,
             log_path=log_path)
    assert Video.objects.get().status == "ready", Video.objects.get().error_detail
    page.locator("td[data-video-status=ready]").wait_for()  # shown without a reload
    assert "Ready" in status.inner_text() and status.locator("progress").count() == 0

    # Into the first lecture with the Video block and the chooser, then published.
    lecture = term.get_children().specific().first()
    page.goto(f"{base}/admin/pages/{lecture.pk}/edit/")
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Video").click()
    page.get_by_role("button", name="Choose a video").click()
    page.locator(".modal").get_by_role("link", name="依法行政的基本要求").click()
    page.locator(".modal").wait_for(state="hidden")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"{base}/admin/pages/{term.pk}/")
    assert list(LectureVideo.objects.values_list("lecture_id", "video_id")) == [
        (lecture.pk, video.pk)]

    # The trainee plays it: segments come through the signed addresses.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    trainee_page = context.new_page()
    segments = []
    trainee_page.on("response", lambda response: segments.append(response.status)
                    if response.url.endswith(".ts") else None)
    sign_in(trainee_page, base, "xiaoli", "pass-xiaoli")
    trainee_page.goto(base + lecture.url)
    trainee_page.locator("lms-video-player[state=ready]").wait_for()
    trainee_page.evaluate("() => { const v = document.querySelector('lms-video-player').video;"
                          " v.muted = true; return v.play(); }")
    trainee_page.wait_for_function(
        "() => document.querySelector('lms-video-player').video.currentTime > 3", timeout=20000)
    assert segments and all(code == 200 for code in segments)
    context.close()
