"""The discussion part of the demo, on top of the people and courses of lms.core's and
lms.courses' demos: threads on lectures and a board, an anonymous reply, an endorsed and
accepted answer, a flag waiting for the moderators, a reply waiting in the demo trainee's
bell; loading it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.core import demo as core_demo
from lms.courses import demo as courses_demo
from lms.discussions import demo
from lms.discussions.models import (
    DebateScore,
    Notification,
    Post,
    PostFlag,
    PostVote,
    Thread,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the courses' generated covers


def test_the_discussion_demo_loads_once():
    out = StringIO()
    core_demo.load(password="demo-pass-1", stdout=out)
    courses_demo.load(password="demo-pass-1", stdout=out)
    demo.load(password="demo-pass-1", stdout=out)
    counts = (Thread.objects.count(), Post.objects.count(), PostVote.objects.count(),
              PostFlag.objects.count(), Notification.objects.count())
    demo.load(password="demo-pass-1", stdout=out)
    assert (Thread.objects.count(), Post.objects.count(), PostVote.objects.count(),
            PostFlag.objects.count(), Notification.objects.count()) == counts
    assert counts[0] == len(demo.THREADS) + 2 and counts[3] == 1
    assert Post.objects.filter(anonymous=True).exists()
    question = Thread.objects.get(kind="question")
    assert question.accepted_post is not None and question.accepted_post.endorsed_at is not None
    trainee = get_user_model().objects.get(username="trainee")
    assert Notification.objects.filter(user=trainee, read_at__isnull=True).exists()
    assert all(thread.page_id is not None for thread in Thread.objects.filter(
        course__code__in=("TH-101", "LAW-201")))

    seminar = Thread.objects.get(kind="seminar")
    assert seminar.seminar_groups.count() >= 2
    assert Post.objects.filter(thread=seminar, group__isnull=False).count() == len(
        demo.SEMINAR[-1])
    debate = Thread.objects.get(kind="debate").debate
    assert [item.state(timezone.now()) for item in debate.rounds.all()] == [
        "closed", "open", "upcoming"]
    assert debate.debaters.count() == 4 and debate.audience_votes.count() == 5
    assert Post.objects.filter(thread=debate.thread).exclude(side="").count() == 3
    assert DebateScore.objects.filter(round__debate=debate).count() == 2
    assert not debate.debaters.filter(user=trainee).exists()
