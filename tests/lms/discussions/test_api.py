"""The discussion API: reading and writing as each role, anonymity that holds in every field,
hidden posts gone for trainees, bad input refused with nothing stored, bounded queries on a
thread of 5,000 posts."""

import json

import pytest
from django.utils import timezone

from lms.discussions import services
from lms.discussions.models import Post, Thread
from tests.lms.core.factories import UserFactory
from tests.lms.discussions.factories import course_with_people, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return course_with_people("A1")


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_threads_of_a_lecture_and_of_the_board(api_client, people):
    on_lecture = start(people)
    on_board = services.thread_start(course=people["course"], user=people["bo"],
                                     title="Board thread", body="Hello")
    client = as_user(api_client, people["ann"])
    course = people["course"].pk
    rows = client.get(f"/api/v1/threads/?course={course}&page_id={people['lecture'].pk}")
    assert [row["id"] for row in rows.json()["results"]] == [on_lecture.pk]
    board = client.get(f"/api/v1/threads/?course={course}&board=true").json()["results"]
    assert [row["id"] for row in board] == [on_board.pk]
    everything = client.get(f"/api/v1/threads/?course={course}").json()
    assert everything["count"] == 2
    assert client.get("/api/v1/threads/").status_code == 400
    assert client.get("/api/v1/threads/?course=abc").status_code == 400
    assert client.get(f"/api/v1/threads/?course={course}&kind=poll").status_code == 400


def test_strangers_read_nothing(api_client, people):
    thread = start(people)
    client = as_user(api_client, UserFactory(username="outsider"))
    assert client.get(f"/api/v1/threads/?course={people['course'].pk}").status_code == 403
    assert client.get(f"/api/v1/threads/{thread.pk}/").status_code == 403
    assert client.get(f"/api/v1/threads/{thread.pk}/posts/").status_code == 403
    reply = client.post(f"/api/v1/threads/{thread.pk}/posts/", {"body": "Hi"}, format="json")
    assert reply.status_code == 403 and reply.json()["code"] == "not_enrolled"
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/v1/threads/{thread.pk}/").status_code in (401, 403)
    assert Post.objects.count() == 1


def test_start_reply_vote_flag_through_the_api(api_client, people):
    client = as_user(api_client, people["ann"])
    created = client.post("/api/v1/threads/", {
        "course": people["course"].pk, "page": people["lecture"].pk, "kind": "question",
        "title": "Who approves the budget?", "body": "I am *not sure*."}, format="json")
    assert created.status_code == 201, created.content
    thread = created.json()
    assert thread["following"] is True and "<em>not sure</em>" in thread["opening"]["html"]
    client = as_user(api_client, people["bo"])
    answer = client.post(thread["posts_url"], {"body": "The people's congress."}, format="json")
    assert answer.status_code == 201
    answer = answer.json()
    voted = client.post(f"/api/v1/posts/{thread['opening']['id']}/vote/", {"value": 1},
                        format="json")
    assert voted.status_code == 200 and voted.json()["score"] == 1
    assert voted.json()["my_vote"] == 1
    own = client.post(f"/api/v1/posts/{answer['id']}/vote/", {"value": 1}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "own_post"
    client = as_user(api_client, people["ann"])
    flag = client.post(f"/api/v1/posts/{answer['id']}/flag/", {"reason": "spam"}, format="json")
    assert flag.status_code == 201
    again = client.post(f"/api/v1/posts/{answer['id']}/flag/", {"reason": "spam"},
                        format="json")
    assert again.status_code == 409
    accepted = client.post(f"/api/v1/posts/{answer['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    client = as_user(api_client, people["teacher"])
    endorsed = client.post(f"/api/v1/posts/{answer['id']}/endorse/", {}, format="json")
    assert endorsed.json()["endorsed_by"]["name"] == "Teacher"
    posts = client.get(thread["posts_url"]).json()["results"]
    assert posts[0]["moderation"]["open_flags"] == 1


@pytest.mark.parametrize("body, field", [
    ({"course": 1}, "title"),
    ({"course": "x", "title": "t", "body": "b"}, "course"),
    ({"course": 1, "title": "t", "body": "b", "kind": "poll"}, "kind"),
])
def test_bad_threads_are_400s(api_client, people, body, field):
    response = as_user(api_client, people["ann"]).post("/api/v1/threads/", body, format="json")
    assert response.status_code == 400 and field in json.dumps(response.json())
    assert not Thread.objects.exists()


def test_bad_posts_store_nothing(api_client, people):
    thread = start(people)
    client = as_user(api_client, people["bo"])
    url = f"/api/v1/threads/{thread.pk}/posts/"
    assert client.post(url, {"body": ""}, format="json").json()["code"] == "empty_post"
    assert client.post(url, {"body": "x", "parent": 999999}, format="json").json()["code"] == (
        "parent_not_found")
    assert client.post(url, {"body": "x" * 20001}, format="json").json()["code"] == (
        "post_too_long")
    services.thread_status_set(thread_id=thread.pk, by=people["teacher"], status="locked",
                               reason="Pause")
    locked = client.post(url, {"body": "x"}, format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "thread_locked"
    assert "locked" in locked.json()["detail"]
    assert Post.objects.count() == 1
    assert client.post("/api/v1/threads/999999/posts/", {"body": "x"}, format="json"
                       ).status_code == 404


def anonymous_thread(people):
    thread = start(people, user=people["ann"], anonymous=True, title="A delicate matter")
    services.post_reply(thread_id=thread.pk, user=people["ann"], body="Anonymous reply",
                        anonymous=True)
    return thread


def authors_in(data):
    """Every "author" value anywhere in an API answer."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "author":
                yield value
            else:
                yield from authors_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from authors_in(item)


def test_anonymity_holds_in_every_field(api_client, people):
    thread = anonymous_thread(people)
    ann = people["ann"]
    client = as_user(api_client, people["bo"])
    payloads = [
        client.get(f"/api/v1/threads/?course={people['course'].pk}").content.decode(),
        client.get(f"/api/v1/threads/{thread.pk}/").content.decode(),
        client.get(f"/api/v1/threads/{thread.pk}/posts/").content.decode(),
        client.get(f"/api/v1/posts/{thread.posts.get(depth=0).pk}/").content.decode(),
    ]
    for payload in payloads:
        assert ann.username not in payload and "Ann" not in payload
        authors = list(authors_in(json.loads(payload)))
        assert authors and all(author is None for author in authors)
    # The author knows their own posts; the course's instructor knows who wrote them.
    own = as_user(api_client, ann).get(f"/api/v1/threads/{thread.pk}/").json()
    assert own["opening"]["mine"] is True and own["author"]["name"] == "Ann"
    seen = as_user(api_client, people["teacher"]).get(f"/api/v1/threads/{thread.pk}/").json()
    assert seen["author"]["name"] == "Ann" and seen["anonymous"] is True


def test_hidden_posts_are_gone_for_trainees(api_client, people):
    thread = start(people)
    rude = services.post_reply(thread_id=thread.pk, user=people["bo"], body="RUDE-TEXT")
    services.post_reply(thread_id=thread.pk, user=people["ann"], body="BELOW-RUDE",
                        parent_id=rude.pk)
    services.post_hide(post_id=rude.pk, by=people["teacher"], reason="Rude")
    client = as_user(api_client, people["ann"])
    for url in (f"/api/v1/threads/{thread.pk}/posts/", f"/api/v1/threads/{thread.pk}/",
                f"/api/v1/threads/?course={people['course'].pk}"):
        text = client.get(url).content.decode()
        assert "RUDE-TEXT" not in text and "BELOW-RUDE" not in text
    assert client.get(f"/api/v1/threads/{thread.pk}/").json()["reply_count"] == 0
    listed = client.get(f"/api/v1/threads/?course={people['course'].pk}").json()
    assert [row["id"] for row in listed["results"]] == [thread.pk]  # a hidden reply hides no thread
    assert client.get(f"/api/v1/posts/{rude.pk}/").status_code == 404
    moderator = as_user(api_client, people["teacher"]).get(
        f"/api/v1/threads/{thread.pk}/posts/").json()["results"]
    assert moderator[0]["moderation"]["hidden"] is True
    assert moderator[0]["replies"][0]["html"] == "<p>BELOW-RUDE</p>\n"
    # Hiding the opening hides the thread.
    services.post_hide(post_id=thread.posts.get(depth=0).pk, by=people["teacher"],
                       reason="Off topic")
    client = as_user(api_client, people["ann"])
    assert client.get(f"/api/v1/threads/{thread.pk}/").status_code == 404
    assert client.get(f"/api/v1/threads/{thread.pk}/posts/").status_code == 404
    below = Post.objects.get(body="BELOW-RUDE")
    assert client.get(f"/api/v1/posts/{below.pk}/").status_code == 404
    refused = client.post(f"/api/v1/threads/{thread.pk}/posts/", {"body": "x"}, format="json")
    assert refused.status_code == 404
    assert client.get(f"/api/v1/threads/?course={people['course'].pk}").json()["count"] == 0
    # Restoring it brings the thread back, everywhere.
    services.post_restore(post_id=thread.posts.get(depth=0).pk, by=people["teacher"])
    assert client.get(f"/api/v1/threads/{thread.pk}/").status_code == 200
    assert client.get(f"/api/v1/threads/{thread.pk}/posts/").status_code == 200
    assert client.get(f"/api/v1/threads/?course={people['course'].pk}").json()["count"] == 1
    assert client.post(f"/api/v1/threads/{thread.pk}/posts/", {"body": "Back"},
                       format="json").status_code == 201


def test_moderation_endpoints_refuse_trainees(api_client, people):
    thread = start(people)
    post_id = thread.posts.get().pk
    client = as_user(api_client, people["bo"])
    for url, body in ((f"/api/v1/posts/{post_id}/hide/", {"reason": "x"}),
                      (f"/api/v1/posts/{post_id}/restore/", {}),
                      (f"/api/v1/threads/{thread.pk}/status/", {"status": "closed",
                                                                "reason": "x"}),
                      (f"/api/v1/threads/{thread.pk}/pin/", {})):
        response = client.post(url, body, format="json")
        assert response.status_code == 403 and response.json()["code"] == "not_moderator", url
    thread.refresh_from_db()
    assert thread.status == "open" and not thread.pinned
    teacher = as_user(api_client, people["teacher"])
    pinned = teacher.post(f"/api/v1/threads/{thread.pk}/pin/", {}, format="json")
    assert pinned.json()["pinned"] is True


def test_editing_through_the_api(api_client, people):
    thread = start(people)
    post_id = thread.posts.get().pk
    edited = as_user(api_client, people["ann"]).patch(f"/api/v1/posts/{post_id}/",
                                                      {"body": "Better **words**"},
                                                      format="json")
    assert edited.status_code == 200 and "<strong>words</strong>" in edited.json()["html"]
    assert edited.json()["body"] == "Better **words**" and edited.json()["edited_at"]
    other = as_user(api_client, people["bo"]).patch(f"/api/v1/posts/{post_id}/",
                                                     {"body": "Hijack"}, format="json")
    assert other.status_code == 403 and other.json()["code"] == "not_yours"
    assert Post.objects.get(pk=post_id).body == "Better **words**"


def test_a_long_thread_lists_in_bounded_queries(api_client, people,
                                                django_assert_max_num_queries):
    thread = start(people)
    opening = thread.posts.get()
    now = timezone.now()
    tops = Post.objects.bulk_create([
        Post(thread=thread, parent=opening, depth=1, author=people["bo"], body=f"Top {n}",
             html=f"<p>Top {n}</p>", created_at=now - timezone.timedelta(seconds=n))
        for n in range(2500)])
    Post.objects.bulk_create([
        Post(thread=thread, parent=top, depth=2, author=people["ann"], body="Re", html="<p>Re</p>",
             created_at=now, anonymous=bool(n % 2))
        for n, top in enumerate(tops)])
    Thread.objects.filter(pk=thread.pk).update(reply_count=5000)
    client = as_user(api_client, people["ann"])
    with django_assert_max_num_queries(10):
        page = client.get(f"/api/v1/threads/{thread.pk}/posts/?order=top").json()
    assert page["count"] == 2500 and len(page["results"]) == 20
    assert all(len(post["replies"]) == 1 for post in page["results"])
    with django_assert_max_num_queries(10):
        later = client.get(f"/api/v1/threads/{thread.pk}/posts/?page=100").json()
    assert len(later["results"]) == 20


def test_notifications_reach_followers_without_naming_anonymous_authors(api_client, people):
    thread = start(people)  # Ann starts it and so follows it
    services.post_reply(thread_id=thread.pk, user=people["bo"], body="From someone",
                        anonymous=True)
    client = as_user(api_client, people["ann"])
    assert client.get("/api/v1/me/notifications/unread/").json() == {"unread": 1}
    notes = client.get("/api/v1/me/notifications/").json()["results"]
    assert [(note["kind"], note["author"], note["excerpt"]) for note in notes] == [
        ("reply", None, "From someone")]
    assert "Bo" not in json.dumps(notes) and people["bo"].username not in json.dumps(notes)
    # Bo follows now too (he posted); the teacher's reply reaches both, named.
    teacher = services.post_reply(thread_id=thread.pk, user=people["teacher"], body="Noted")
    bo_notes = as_user(api_client, people["bo"]).get("/api/v1/me/notifications/").json()
    assert [note["author"]["name"] for note in bo_notes["results"]] == ["Teacher"]
    # A hidden post's notifications go; its author is told it was hidden.
    services.post_hide(post_id=teacher.pk, by=people["teacher"], reason="Mistake")
    client = as_user(api_client, people["ann"])
    assert [note["excerpt"] for note in
            client.get("/api/v1/me/notifications/").json()["results"]] == ["From someone"]
    rude = services.post_reply(thread_id=thread.pk, user=people["bo"], body="Rude")
    services.post_hide(post_id=rude.pk, by=people["teacher"], reason="Rude")
    bo_notes = as_user(api_client, people["bo"]).get("/api/v1/me/notifications/").json()
    assert [note["kind"] for note in bo_notes["results"]] == ["hidden"]
    # Marking read.
    client = as_user(api_client, people["ann"])
    assert client.post("/api/v1/me/notifications/read/", {}, format="json").status_code == 400
    read = client.post("/api/v1/me/notifications/read/", {"all": True}, format="json")
    assert read.json() == {"unread": 0}
    assert client.get("/api/v1/me/notifications/?unread=true").json()["count"] == 0


def test_endorsed_and_accepted_answers_are_told_to_their_author(api_client, people):
    question = start(people, kind=Thread.Kind.QUESTION)
    answer = services.post_reply(thread_id=question.pk, user=people["bo"], body="An answer")
    services.post_endorse(post_id=answer.pk, by=people["teacher"])
    services.answer_accept(post_id=answer.pk, by=people["ann"])
    kinds = [note["kind"] for note in as_user(api_client, people["bo"]).get(
        "/api/v1/me/notifications/").json()["results"]]
    assert sorted(kinds) == ["accepted", "endorsed"]


def test_view_restrictions_hide_threads_and_refuse_writes(api_client, people):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    on_lecture = start(people)
    on_board = services.thread_start(course=people["course"], user=people["bo"],
                                     title="Board thread", body="Hello")
    restriction = PageViewRestriction.objects.create(
        page=people["lecture"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Leading cadres only"))
    client = as_user(api_client, people["bo"])
    course = people["course"].pk
    listed = client.get(f"/api/v1/threads/?course={course}").json()
    assert [row["id"] for row in listed["results"]] == [on_board.pk]
    assert client.get(f"/api/v1/threads/?course={course}&page_id={people['lecture'].pk}"
                      ).status_code == 404
    opening = on_lecture.posts.get()
    for response in (
            client.get(f"/api/v1/threads/{on_lecture.pk}/"),
            client.get(f"/api/v1/threads/{on_lecture.pk}/posts/"),
            client.get(f"/api/v1/posts/{opening.pk}/"),
            client.post(f"/api/v1/threads/{on_lecture.pk}/posts/", {"body": "x"}, format="json"),
            client.post(f"/api/v1/posts/{opening.pk}/vote/", {"value": 1}, format="json"),
            client.post(f"/api/v1/posts/{opening.pk}/flag/", {"reason": "spam"}, format="json"),
            client.post("/api/v1/threads/", {"course": course, "page": people["lecture"].pk,
                                             "title": "t", "body": "b"}, format="json")):
        assert response.status_code == 404, response.content
    assert Post.objects.count() == 2 and Thread.objects.count() == 2
    assert not opening.votes.exists() and not opening.flags.exists()
    # The whole course behind a restriction: nothing of its discussions either.
    restriction.delete()
    PageViewRestriction.objects.create(page=people["course"], password="secret",
                                       restriction_type=PageViewRestriction.PASSWORD)
    assert client.get(f"/api/v1/threads/?course={course}").status_code == 404
    assert client.get(f"/api/v1/threads/{on_board.pk}/").status_code == 404


def _reads_posts(api_client, user, thread):
    """The thread's first page as `user` reads it (status, and whether it came as a
    moderator's: hidden posts, flags), read as a new user object each time, as authentication
    gives each request."""
    from django.contrib.auth import get_user_model

    api_client.force_authenticate(get_user_model().objects.get(pk=user.pk))
    answer = api_client.get(f"/api/v1/threads/{thread.pk}/posts/")
    if answer.status_code != 200:
        return answer.status_code, None
    results = answer.json()["results"]
    return 200, [("moderation" in row) for row in results]


def test_who_reads_a_thread_and_who_moderates_it(api_client, people):
    """The standing the thread's own query reads (enrolment, closed year, teaching) gives the
    same answers as the course's rules: trainees of any enrolment of the course's year read
    (a withdrawn one, one in a closed year, looking back), not as moderators; an instructor
    moderates, enrolled or not; the training office moderates without teaching; an enrolment
    of another year is no enrolment."""
    from django.contrib.auth.models import Permission

    from lms.courses.models import Enrolment, TrainingYear, course_training_year
    from tests.lms.quizzes.factories import enrol

    thread = start(people)
    services.post_reply(thread_id=thread.pk, user=people["bo"], body="A point")
    course, year = people["course"], course_training_year(people["course"])
    withdrawn = UserFactory(username="a1-withdrawn")
    enrol(withdrawn, course, status=Enrolment.Status.WITHDRAWN)
    pending = UserFactory(username="a1-pending")
    enrol(pending, course, status=Enrolment.Status.PENDING)
    other_year = UserFactory(username="a1-other-year")
    Enrolment.objects.create(user=other_year, course=course, year=year - 1,
                             status=Enrolment.Status.ENROLLED, source="elective")
    teaching_trainee = UserFactory(username="a1-teaching-trainee", roles=("instructor",))
    enrol(teaching_trainee, course)
    course.instructors.add(teaching_trainee)
    course.save()  # the page's instructors are kept with the page
    office = UserFactory(username="a1-office", roles=("trainee",))
    office.user_permissions.add(Permission.objects.get(codename="view_enrolment"))
    assert _reads_posts(api_client, people["ann"], thread) == (200, [False])
    assert _reads_posts(api_client, withdrawn, thread) == (200, [False])
    assert _reads_posts(api_client, pending, thread) == (200, [False])
    assert _reads_posts(api_client, other_year, thread) == (403, None)
    assert _reads_posts(api_client, people["teacher"], thread) == (200, [True])
    assert _reads_posts(api_client, teaching_trainee, thread) == (200, [True])
    assert _reads_posts(api_client, office, thread) == (200, [True])
    # The year closed: its trainees still read, looking back; its instructor still moderates.
    TrainingYear.objects.create(year=year, closed_at=timezone.now())
    assert _reads_posts(api_client, people["ann"], thread) == (200, [False])
    assert _reads_posts(api_client, withdrawn, thread) == (200, [False])
    assert _reads_posts(api_client, teaching_trainee, thread) == (200, [True])
    assert _reads_posts(api_client, other_year, thread) == (403, None)
    # Taken off the course: no longer an instructor, but still a trainee of the year.
    course.instructors.remove(teaching_trainee)
    course.save()
    assert _reads_posts(api_client, teaching_trainee, thread) == (200, [False])
    # A hidden opening hides the thread from trainees, not from those who moderate.
    services.post_hide(post_id=thread.posts.get(depth=0).pk, by=people["teacher"],
                       reason="Off topic")
    assert _reads_posts(api_client, people["ann"], thread)[0] == 404
    assert _reads_posts(api_client, office, thread) == (200, [True])


def test_view_restrictions_elsewhere_or_passed_leave_threads_readable(api_client, people):
    """Only a restriction on or above the thread's pages is asked; one elsewhere in the tree
    changes nothing, one the reader passes (their group) neither, one they do not pass hides
    the thread (a 404)."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from tests.lms.courses.factories import make_course

    thread = start(people)
    other = make_course("A2", lectures=1)
    PageViewRestriction.objects.create(page=other, password="secret",
                                       restriction_type=PageViewRestriction.PASSWORD)
    assert _reads_posts(api_client, people["bo"], thread) == (200, [])
    leaders = Group.objects.create(name="Leading cadres")
    restriction = PageViewRestriction.objects.create(
        page=people["lecture"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(leaders)
    assert _reads_posts(api_client, people["bo"], thread) == (404, None)
    assert api_client.get(f"/api/v1/threads/{thread.pk}/").status_code == 404
    people["bo"].groups.add(leaders)
    assert _reads_posts(api_client, people["bo"], thread) == (200, [])
    assert _reads_posts(api_client, people["ann"], thread) == (404, None)
    # Above the course page (the catalogue): the course's threads are behind it too.
    restriction.delete()
    PageViewRestriction.objects.create(page=people["course"].get_parent(), password="secret",
                                       restriction_type=PageViewRestriction.PASSWORD)
    assert _reads_posts(api_client, people["bo"], thread) == (404, None)
