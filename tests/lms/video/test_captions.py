"""Captions: SRT and WebVTT read, checked and stored as WebVTT, one file per language; what is
not captions is refused with a reason and changes nothing; the admin screen is the video's
owners' and the office's."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.video.captions import caption_set, to_webvtt
from lms.video.models import Caption, Video
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db

SRT = ("1\n00:00:01,000 --> 00:00:03,500\n同志们好\n\n"
       "2\n00:00:04,000 --> 00:00:06,250\n今天讲数字政府建设\n")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def video(instructor):
    return Video.objects.create(title="Lecture", original="videos/originals/x.mp4",
                                uploaded_by=instructor, status=Video.Status.READY)


def test_srt_becomes_webvtt():
    content, cues = to_webvtt(SRT.encode("utf-8"))
    assert cues == 2
    assert content.startswith("WEBVTT")
    assert "00:00:01.000 --> 00:00:03.500\n同志们好" in content


def test_a_chinese_srt_in_gb18030_with_windows_line_ends():
    content, cues = to_webvtt(SRT.replace("\n", "\r\n").encode("gb18030"))
    assert cues == 2 and "今天讲数字政府建设" in content


def test_webvtt_with_a_byte_order_mark():
    vtt = "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nGood morning, comrades\n"
    content, cues = to_webvtt(("\ufeff" + vtt).encode("utf-8"))
    assert cues == 1 and "Good morning, comrades" in content


@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    (b"Minutes of the meeting, not captions.\n", "neither an SRT nor a WebVTT"),
    (b"1\n00:00:05,000 --> 00:00:02,000\nBackwards\n", "ends before it starts"),
    (b"x" * (3 * 1024 * 1024), "at most 2 MB"),
    (b"\xff\xfe\x00\xd8 binary \x81", "UTF-8 or GB18030"),
])
def test_what_is_not_usable_is_refused_with_a_reason(data, says):
    with pytest.raises(ValidationError) as refused:
        to_webvtt(data)
    assert says in refused.value.messages[0]


def test_one_file_per_language_the_latest_replacing(video, django_capture_on_commit_callbacks):
    first = caption_set(video=video, language="zh-hans", data=SRT.encode())
    with django_capture_on_commit_callbacks(execute=True):
        second = caption_set(video=video, language="zh-hans", data=SRT.replace(
            "同志们好", "各位学员好").encode())
    caption_set(video=video, language="en", data=b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n")
    assert list(video.captions.values_list("language", flat=True)) == ["en", "zh-hans"]
    assert "各位学员好" in second.file.read().decode()
    assert not first.file.storage.exists(first.file.name)  # the replaced file is gone


def test_the_admin_screen(client, instructor, curator, video):
    url = reverse("lms_video:captions", args=[video.pk])
    colleague = UserFactory(username="colleague", roles=("instructor",))
    client.force_login(colleague)
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"language": "zh-hans",
                                 "file": SimpleUploadedFile("x.srt", SRT.encode())})
    assert response.status_code in (302, 403) and not Caption.objects.exists()  # forged
    client.force_login(instructor)
    response = client.post(url, {"language": "zh-hans",
                                 "file": SimpleUploadedFile("lecture.srt", SRT.encode())})
    assert response.status_code == 302
    assert Caption.objects.get().cue_count == 2
    html = client.post(url, {"language": "en", "file": SimpleUploadedFile(
        "notes.txt", b"not captions")}).content.decode()
    assert "neither an SRT nor a WebVTT" in html and Caption.objects.count() == 1
    client.force_login(curator)
    assert client.post(url, {"delete": "zh-hans"}).status_code == 302
    assert not Caption.objects.exists()


def test_the_api_lists_a_video_s_captions_each_named_in_its_language(api_client, instructor,
                                                                   video):
    caption_set(video=video, language="zh-hans", data=SRT.encode())
    api_client.force_authenticate(instructor)
    body = api_client.get(f"/api/v1/videos/{video.pk}/").json()
    # Not processed yet: nothing to play, so no address of its captions either.
    assert body["captions"] == [{"language": "zh-hans", "label": "简体中文",
                                 "cues": 2, "url": None}]


def test_short_cues_within_one_second_are_kept():
    srt = "1\n00:00:00,075 --> 00:00:00,675\n好\n\n2\n00:00:01,200 --> 00:00:01,900\n的\n"
    content, cues = to_webvtt(srt.encode())
    assert cues == 2 and "00:00:01.200 --> 00:00:01.900" in content
    with pytest.raises(ValidationError):
        to_webvtt(b"1\n00:00:01,900 --> 00:00:01,200\nBackwards within a second\n")
