"""Setting up debates and seminars in the Wagtail admin: only on courses the user oversees,
rounds checked by the services (an error on the form, nothing stored), seminars grouped at
once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.discussions.models import Debate, SeminarGroup, Thread
from tests.lms.discussions.factories import course_with_people

pytestmark = pytest.mark.django_db


def when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def people():
    return course_with_people("S1")


def debate_form(people, **changes):
    now = timezone.now()
    form = {"place": f"page:{people['lecture'].pk}", "title": "Open budgets",
            "body": "Vote first, then debate.", "motion": "Every budget line goes online",
            "side_mode": "assigned",
            "opening_opens": when(now + timedelta(days=1)),
            "opening_closes": when(now + timedelta(days=2)),
            "closing_opens": when(now + timedelta(days=3)),
            "closing_closes": when(now + timedelta(days=4))}
    form.update(changes)
    return form


def test_instructors_set_up_a_debate_on_their_course(client, people):
    client.force_login(people["teacher"])
    listing = client.get(reverse("discussion_moderation:setup"))
    assert listing.status_code == 200
    form = client.get(reverse("discussion_moderation:debate_new")).content.decode()
    assert f'value="page:{people["lecture"].pk}"' in form
    url = reverse("discussion_moderation:debate_new")
    backwards = client.post(url, debate_form(people, closing_closes=when(timezone.now())))
    assert backwards.status_code == 200
    assert "A round must close after it opens." in backwards.content.decode()
    assert not Thread.objects.exists()
    ancient = client.post(url, debate_form(people, opening_opens="0001-01-01 00:00"))
    assert ancient.status_code == 200 and not Thread.objects.exists()
    made = client.post(url, debate_form(people))
    assert made.status_code == 302
    debate = Debate.objects.get()
    assert debate.side_mode == "assigned" and debate.thread.page_id == people["lecture"].pk
    assert [item.kind for item in debate.rounds.all()] == ["opening", "closing"]
    assert "Open budgets" in client.get(reverse("discussion_moderation:setup")).content.decode()


def test_other_courses_and_trainees_get_nothing(client, people):
    other = course_with_people("S2")
    client.force_login(other["teacher"])
    forged = client.post(reverse("discussion_moderation:debate_new"), debate_form(people))
    assert forged.status_code == 200 and not Thread.objects.exists()
    assert "Open budgets" not in client.get(
        reverse("discussion_moderation:setup")).content.decode()
    client.force_login(people["ann"])
    assert client.get(reverse("discussion_moderation:setup")).status_code in (302, 403)
    assert client.post(reverse("discussion_moderation:seminar_new"), {
        "place": f"course:{people['course'].pk}", "title": "x", "body": "y",
        "group_by": "category"}).status_code in (302, 403)
    assert not Thread.objects.exists()


def test_a_seminar_is_grouped_at_once(client, people):
    client.force_login(people["teacher"])
    made = client.post(reverse("discussion_moderation:seminar_new"), {
        "place": f"course:{people['course'].pk}", "title": "Serving the public",
        "body": "What changed in your unit?", "group_by": "unit"})
    assert made.status_code == 302
    thread = Thread.objects.get(kind="seminar")
    assert thread.page_id is None
    groups = SeminarGroup.objects.filter(thread=thread)
    assert [group.name for group in groups] == ["No work unit"]
    assert groups.get().members.count() == 2
