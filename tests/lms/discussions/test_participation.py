"""Required participation as a completion criterion, and the participation table the course's
instructors read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.courses import completion
from lms.courses.models import Enrolment, LecturePage
from lms.courses.services import lecture_mark_done
from lms.discussions import services
from lms.discussions.models import ParticipationRule
from tests.lms.discussions.factories import course_with_people, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return course_with_people("P1")


def progress_of(user, course, name="participation"):
    enrolment = Enrolment.objects.get(user=user, course=course)
    return next((p.done, p.total) for p in completion.progress(enrolment) if p.name == name)


def test_posts_complete_a_course_that_requires_them(people):
    course, ann = people["course"], people["ann"]
    ParticipationRule.objects.create(course=course, posts_required=2)
    lecture_mark_done(user=ann, lecture=LecturePage.objects.child_of(course).get())
    assert Enrolment.objects.get(user=ann, course=course).status == "enrolled"
    thread = start(people, user=ann)
    assert progress_of(ann, course) == (1, 2)
    hidden = services.post_reply(thread_id=thread.pk, user=ann, body="Hidden later")
    services.post_hide(post_id=hidden.pk, by=people["teacher"], reason="Off topic")
    assert progress_of(ann, course) == (1, 2)  # a hidden post does not count
    services.post_reply(thread_id=thread.pk, user=ann, body="Counted")
    assert progress_of(ann, course) == (2, 2)
    assert Enrolment.objects.get(user=ann, course=course).status == "completed"


def test_posts_after_the_due_date_do_not_count(people):
    course, bo = people["course"], people["bo"]
    ParticipationRule.objects.create(course=course, posts_required=1,
                                     due_at=timezone.now() - timedelta(days=1))
    start(people, user=bo)
    assert progress_of(bo, course) == (0, 1)


def test_no_rule_no_criterion(people):
    start(people)
    assert progress_of(people["ann"], people["course"]) == (0, 0)


def test_the_participation_table(api_client, people):
    course = people["course"]
    ParticipationRule.objects.create(course=course, posts_required=3)
    thread = start(people, user=people["ann"])
    reply = services.post_reply(thread_id=thread.pk, user=people["bo"], body="One")
    services.post_vote(post_id=reply.pk, user=people["ann"], value=1)
    services.post_vote(post_id=reply.pk, user=people["teacher"], value=1)
    services.post_reply(thread_id=thread.pk, user=people["teacher"], body="Note")
    url = f"/api/v1/courses/{course.pk}/participation/"
    api_client.force_authenticate(people["ann"])
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(people["teacher"])
    table = api_client.get(url).json()
    rows = {row["user"]["name"]: row for row in table["people"]}
    assert table["rule"]["posts_required"] == 3
    assert (rows["Ann"]["threads"], rows["Ann"]["replies"], rows["Ann"]["counted"]) == (1, 0, 1)
    assert (rows["Bo"]["replies"], rows["Bo"]["upvotes"], rows["Bo"]["counted"]) == (1, 2, 1)
    assert rows["Teacher"]["trainee"] is False and rows["Teacher"]["counted"] is None
    assert [row["user"]["name"] for row in table["people"]] == ["Ann", "Bo", "Teacher"]
