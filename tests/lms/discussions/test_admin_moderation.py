"""The moderation queue in the Wagtail admin: who sees which posts, hiding with a reason,
dismissing flags, restoring; forged requests for another course's posts get nothing."""

import pytest
from django.urls import reverse

from lms.discussions import services
from lms.discussions.models import ParticipationRule, Post, PostFlag
from tests.lms.core.factories import UserFactory
from tests.lms.discussions.factories import course_with_people, start

pytestmark = pytest.mark.django_db

QUEUE = "/admin/discussion-moderation/"


@pytest.fixture
def flagged():
    people = course_with_people("M1")
    thread = start(people)
    reply = services.post_reply(thread_id=thread.pk, user=people["bo"], body="FLAGGED-TEXT")
    services.post_flag(post_id=reply.pk, user=people["ann"], reason="abuse", note="Insulting")
    return people, reply


def test_the_queue_is_for_the_courses_moderators(client, flagged, curator):
    people, reply = flagged
    client.force_login(people["ann"])
    assert client.get(QUEUE).status_code in (302, 403)
    other = course_with_people("M2")["teacher"]
    client.force_login(other)
    page = client.get(QUEUE).content.decode()
    assert "FLAGGED-TEXT" not in page
    assert client.get(f"{QUEUE}{reply.pk}/").status_code == 404
    assert client.post(f"{QUEUE}{reply.pk}/", {"action": "hide", "reason": "x"}).status_code == (
        404)
    assert not Post.objects.get(pk=reply.pk).hidden
    for moderator in (people["teacher"], curator):
        client.force_login(moderator)
        page = client.get(QUEUE).content.decode()
        assert "FLAGGED-TEXT" in page and "Abusive or disrespectful" in page


def test_hide_with_a_reason_then_restore(client, flagged):
    people, reply = flagged
    client.force_login(people["teacher"])
    url = reverse("discussion_moderation:post", args=[reply.pk])
    screen = client.get(url).content.decode()
    assert "Insulting" in screen and "Bo" in screen
    refused = client.post(url, {"action": "hide", "reason": ""})
    assert refused.status_code == 200 and not Post.objects.get(pk=reply.pk).hidden
    done = client.post(url, {"action": "hide", "reason": "Disrespectful to a colleague"})
    assert done.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden and reply.hidden_reason == "Disrespectful to a colleague"
    assert PostFlag.objects.get().outcome == "hidden"
    assert "FLAGGED-TEXT" not in client.get(QUEUE).content.decode()
    assert "FLAGGED-TEXT" in client.get(QUEUE + "?show=hidden").content.decode()
    client.post(url, {"action": "restore"})
    assert not Post.objects.get(pk=reply.pk).hidden


def test_dismissing_keeps_the_post(client, flagged):
    people, reply = flagged
    client.force_login(people["teacher"])
    client.post(reverse("discussion_moderation:post", args=[reply.pk]), {"action": "dismiss"})
    reply.refresh_from_db()
    assert not reply.hidden and reply.open_flags == 0
    assert PostFlag.objects.get().outcome == "dismissed"
    assert "FLAGGED-TEXT" not in client.get(QUEUE).content.decode()


def test_the_menu_item_shows_to_moderators_only(client, flagged):
    people, _reply = flagged
    client.force_login(people["teacher"])
    assert "discussion-moderation" in client.get("/admin/").content.decode()
    client.force_login(UserFactory(username="plain-curator-less", roles=("instructor",)))
    assert "discussion-moderation" not in client.get("/admin/").content.decode()


def test_required_participation_is_set_by_the_courses_moderators(client, flagged, curator):
    people, _reply = flagged
    course = people["course"]
    url = reverse("discussion_moderation:participation_edit", args=[course.pk])
    other = course_with_people("M3")["teacher"]
    client.force_login(other)
    assert f'data-course="{course.pk}"' not in client.get(
        reverse("discussion_moderation:participation")).content.decode()
    assert client.post(url, {"action": "save", "posts_required": "3"}).status_code == 404
    assert not ParticipationRule.objects.exists()
    client.force_login(people["teacher"])
    assert client.post(url, {"action": "save", "posts_required": "0"}).status_code == 200
    assert not ParticipationRule.objects.exists()
    saved = client.post(url, {"action": "save", "posts_required": "3", "due_at": ""})
    assert saved.status_code == 302 and ParticipationRule.objects.get().posts_required == 3
    listing = client.get(reverse("discussion_moderation:participation")).content.decode()
    assert f'data-course="{course.pk}"' in listing
    client.force_login(curator)
    client.post(url, {"action": "remove"})
    assert not ParticipationRule.objects.exists()
