"""The video chooser of the lecture editor and the lecture's video block: who may choose, what
the list shows, and the block's place in a lecture body."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lms.courses.blocks import LectureBody
from lms.video.models import Video
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def videos(instructor):
    return [Video.objects.create(title=title, original="videos/originals/x.mp4", duration=65,
                                 status=status, uploaded_by=instructor)
            for title, status in [("预算法导论", "ready"), ("行政许可法", "processing")]]


def test_instructors_choose_among_the_library_with_status_and_length(client, instructor,
                                                                     videos):
    client.force_login(instructor)
    response = client.get(reverse("video_chooser:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "预算法导论" in html and "行政许可法" in html and "1:05" in html
    assert "Processing" in html
    # A word inside a Chinese title finds it.
    found = client.get(reverse("video_chooser:choose_results"), {"q": "许可"}).content.decode()
    assert "行政许可法" in found and "预算法导论" not in found
    chosen = client.get(reverse("video_chooser:chosen", args=[videos[0].pk])).json()
    assert chosen["result"]["title"] == "预算法导论"


def test_those_outside_the_library_cannot_choose(client, videos):
    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in (reverse("video_chooser:choose"), reverse("video_chooser:choose_results"),
                reverse("video_chooser:chosen", args=[videos[0].pk])):
        assert client.get(url).status_code in (302, 403), url


def test_the_lecture_body_offers_a_video_block(videos):
    body = LectureBody()
    assert "video" in body.child_blocks
    value = body.to_python([{"type": "video", "value": {"video": videos[0].pk, "heading": "导论"}}])
    assert value[0].value["video"] == videos[0]
