"""Notifications by e-mail (Django's locmem backend): at once or as a daily digest, as each
reader chose; never naming a peer's anonymous author; a hidden post is not mailed."""

import pytest
from django.core import mail

from lms.discussions import emails, services
from tests.lms.discussions.factories import course_with_people, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    people = course_with_people("E1")
    for key in ("ann", "bo", "teacher"):
        people[key].email = f"{key}@example.org"
        people[key].save()
    return people


def test_at_once_for_those_who_chose_it(people, django_capture_on_commit_callbacks,
                                        api_client):
    api_client.force_authenticate(people["ann"])
    assert api_client.get("/api/v1/me/discussion-settings/").json() == {"email": "daily"}
    assert api_client.put("/api/v1/me/discussion-settings/", {"email": "weekly"},
                          format="json").status_code == 400
    assert api_client.put("/api/v1/me/discussion-settings/", {"email": "immediate"},
                          format="json").json() == {"email": "immediate"}
    thread = start(people, user=people["ann"], title="Budget transparency")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread_id=thread.pk, user=people["bo"],
                            body="A *frank* view from me", anonymous=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    assert "Budget transparency" in message.body and "A frank view from me" in message.body
    assert "posted anonymously" in message.body
    assert "Bo" not in message.body and "e1-bo" not in message.body
    assert "/courses/e1/e1-l1/" in message.body  # where the thread is
    # Mailed once: the digest does not send it again.
    assert emails.send_daily_digests() == 0


def test_the_daily_digest_gathers_what_is_new(people, django_capture_on_commit_callbacks):
    thread = start(people, user=people["ann"])
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread_id=thread.pk, user=people["bo"], body="First")
        rude = services.post_reply(thread_id=thread.pk, user=people["teacher"], body="Oops")
        services.post_reply(thread_id=thread.pk, user=people["teacher"], body="Second")
    assert mail.outbox == []  # the default is the digest
    services.post_hide(post_id=rude.pk, by=people["teacher"], reason="Posted by mistake")
    assert emails.send_daily_digests() == 2  # Ann (3 posts, one hidden) and Bo (teacher's)
    to_ann = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    assert "2 new notifications" in to_ann.subject
    assert "First" in to_ann.body and "Second" in to_ann.body and "Oops" not in to_ann.body
    assert "by Teacher" in to_ann.body
    assert emails.send_daily_digests() == 0


def test_never_means_never(people, django_capture_on_commit_callbacks):
    services.email_frequency_set(user=people["ann"], frequency="never")
    thread = start(people, user=people["ann"])
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread_id=thread.pk, user=people["bo"], body="Hello")
    assert emails.send_daily_digests() == 0 and mail.outbox == []
