"""Seminars: the facilitator's prompts for everyone, trainees in groups by category or unit,
each group's posts seen by the group and the moderators only — in lists, single posts, votes
and notifications."""

import pytest

from lms.courses.models import LecturePage
from lms.discussions import services
from lms.discussions.models import Notification, Post, SeminarGroup, Subscription, Thread
from lms.discussions.services import DiscussionRefused
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.discussions.factories import start
from tests.lms.quizzes.factories import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    course = make_course("SM", lectures=1)
    heads, clerks = CategoryFactory(name="County heads"), CategoryFactory(name="Clerks")
    people = {"course": course, "lecture": LecturePage.objects.child_of(course).get()}
    for name, category in (("ann", heads), ("bo", clerks), ("cy", heads), ("di", None)):
        people[name] = UserFactory(username=f"sm-{name}", first_name=name.title(),
                                   category=category)
        enrol(people[name], course)
    people["teacher"] = UserFactory(username="sm-teacher", first_name="Teacher",
                                    roles=("instructor",))
    course.instructors.add(people["teacher"])
    course.save()
    return people


def refused(code, call, **kwargs):
    with pytest.raises(DiscussionRefused) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message


def seminar(people):
    return start(people, user=people["teacher"], kind=Thread.Kind.SEMINAR,
                 title="Serving the public", body="Discuss in your groups: what changed?")


def test_groups_by_category_with_a_group_for_those_without(people):
    thread = seminar(people)
    refused("not_moderator", services.groups_form, thread_id=thread.pk, by=people["ann"],
            basis="category")
    refused("bad_grouping", services.groups_form, thread_id=thread.pk, by=people["teacher"],
            basis="age")
    refused("not_a_seminar", services.groups_form, thread_id=start(people).pk,
            by=people["teacher"], basis="category")
    refused("no_group", services.post_reply, thread_id=thread.pk, user=people["ann"],
            body="Before groups")
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    groups = {group.name: sorted(user.username for user in group.members.all())
              for group in SeminarGroup.objects.filter(thread=thread)}
    assert groups == {"Clerks": ["sm-bo"], "County heads": ["sm-ann", "sm-cy"],
                      "No category": ["sm-di"]}
    assert [g.name for g in SeminarGroup.objects.filter(thread=thread)][-1] == "No category"
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    services.post_reply(thread_id=thread.pk, user=people["ann"], body="Ours")
    refused("groups_in_use", services.groups_form, thread_id=thread.pk, by=people["teacher"],
            basis="unit")
    assert SeminarGroup.objects.filter(thread=thread).count() == 3


def test_each_group_has_its_own_space(api_client, people):
    thread = seminar(people)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    services.thread_subscribe(thread_id=thread.pk, user=people["bo"])
    prompt = services.post_reply(thread_id=thread.pk, user=people["teacher"],
                                 body="Prompt two: what next?")
    heads = services.post_reply(thread_id=thread.pk, user=people["ann"], body="Heads say")
    under_prompt = services.post_reply(thread_id=thread.pk, user=people["cy"],
                                       body="Heads again", parent_id=prompt.pk)
    clerks = services.post_reply(thread_id=thread.pk, user=people["bo"], body="Clerks say")
    assert prompt.group_id is None and heads.group_id == under_prompt.group_id
    refused("parent_not_found", services.post_reply, thread_id=thread.pk, user=people["bo"],
            body="Sneaking in", parent_id=heads.pk)
    # Bo follows the seminar but hears nothing of the heads' group.
    assert not Notification.objects.filter(user=people["bo"], post__in=[heads, under_prompt])
    assert Notification.objects.filter(user=people["teacher"], post=heads).exists()

    def seen(user, query=""):
        api_client.force_authenticate(user)
        answer = api_client.get(f"/api/v1/threads/{thread.pk}/posts/?order=oldest{query}")
        found = []
        for post in answer.json()["results"]:
            found.append(post["id"])
            found.extend(reply["id"] for reply in post["replies"])
        return found

    assert seen(people["bo"]) == [prompt.pk, clerks.pk]
    assert seen(people["cy"]) == [prompt.pk, under_prompt.pk, heads.pk]
    assert seen(people["teacher"]) == [prompt.pk, under_prompt.pk, heads.pk, clerks.pk]
    assert seen(people["teacher"], f"&group={clerks.group_id}") == [prompt.pk, clerks.pk]
    api_client.force_authenticate(people["bo"])
    assert api_client.get(f"/api/v1/posts/{heads.pk}/").status_code == 404
    vote = api_client.post(f"/api/v1/posts/{heads.pk}/vote/", {"value": 1}, format="json")
    assert vote.status_code == 404
    detail = api_client.get(f"/api/v1/threads/{thread.pk}/").json()["seminar"]
    assert detail["grouping"] == "category" and detail["my_group"] == clerks.group_id
    assert [(g["name"], g["members"], g["mine"]) for g in detail["groups"]] == [
        ("Clerks", 1, True), ("County heads", 2, False), ("No category", 1, False)]
    assert [g["people"] for g in detail["groups"]] == [
        [{"id": people["bo"].pk, "name": "Bo"}], None, None]
    formed = api_client.post(detail["urls"]["groups"], {"by": "unit"}, format="json")
    assert formed.status_code == 403
    api_client.force_authenticate(people["teacher"])
    again = api_client.post(detail["urls"]["groups"], {"by": "unit"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "groups_in_use"
    assert Post.objects.filter(thread=thread, group__isnull=False).count() == 3


def test_a_trainee_counts_only_what_they_see(api_client, people):
    thread = seminar(people)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    for n in range(3):
        services.post_reply(thread_id=thread.pk, user=people["ann"], body=f"Heads {n}")
    services.post_reply(thread_id=thread.pk, user=people["teacher"], body="A prompt")
    api_client.force_authenticate(people["bo"])
    listed = api_client.get(f"/api/v1/threads/?course={people['course'].pk}").json()
    assert listed["results"][0]["reply_count"] == 1  # the prompt, not the heads' posts
    detail = api_client.get(f"/api/v1/threads/{thread.pk}/").json()
    assert detail["reply_count"] == 1
    api_client.force_authenticate(people["cy"])
    assert api_client.get(f"/api/v1/threads/{thread.pk}/").json()["reply_count"] == 4
    api_client.force_authenticate(people["teacher"])
    assert api_client.get(f"/api/v1/threads/{thread.pk}/").json()["reply_count"] == 4


def test_units_of_one_name_in_different_places_stay_apart(people):
    from lms.core.models import TraineeProfile
    from tests.lms.core.factories import WorkUnitFactory

    county_a, county_b = WorkUnitFactory(name="County A"), WorkUnitFactory(name="County B")
    finance_a = WorkUnitFactory(name="Finance Bureau", code="a-finance", parent=county_a)
    finance_b = WorkUnitFactory(name="Finance Bureau", code="b-finance", parent=county_b)
    for name, unit in (("ann", finance_a), ("bo", finance_b), ("cy", finance_a)):
        TraineeProfile.objects.filter(user=people[name]).update(work_unit=unit)
    thread = seminar(people)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="unit")
    groups = {group.name: sorted(user.username for user in group.members.all())
              for group in SeminarGroup.objects.filter(thread=thread)}
    assert groups == {"Finance Bureau (a-finance)": ["sm-ann", "sm-cy"],
                      "Finance Bureau (b-finance)": ["sm-bo"], "No work unit": ["sm-di"]}


def test_another_groups_post_is_not_told_apart_by_its_depth(people):
    thread = seminar(people)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    post = services.post_reply(thread_id=thread.pk, user=people["ann"], body="One")
    for _level in range(2):
        post = services.post_reply(thread_id=thread.pk, user=people["cy"], body="Deeper",
                                   parent_id=post.pk)
    assert post.depth == 3
    refused("parent_not_found", services.post_reply, thread_id=thread.pk, user=people["bo"],
            body="Peeking", parent_id=post.pk)


def test_a_group_post_tells_followers_in_a_bounded_number_of_queries(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = seminar(people)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")

    def queries_of_a_post(followers):
        for n in range(followers):
            user = UserFactory(username=f"sm-follower-{followers}-{n}")
            services.thread_subscribe(thread_id=thread.pk, user=people["teacher"])
            Subscription.objects.get_or_create(thread=thread, user=user,
                                               defaults={"created_at": thread.created_at})
        with CaptureQueriesContext(connection) as caught:
            post = services.post_reply(thread_id=thread.pk, user=people["ann"], body="Hi",
                                       now=thread.created_at.replace(year=2030 + followers))
        assert not Notification.objects.filter(post=post, user__username__startswith="sm-f")
        assert Notification.objects.filter(post=post, user=people["teacher"]).exists()
        return len(caught)

    queries_of_a_post(1)  # the first post reads what is kept for the process afterwards
    assert queries_of_a_post(2) == queries_of_a_post(12)
