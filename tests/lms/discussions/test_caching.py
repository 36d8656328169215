"""The kept pages of a thread's posts (lms.discussions.caching): really kept, read afresh after
every write that changes what they show, never showing one reader what is another's (their
Markdown, votes, anonymous posts), nor a moderator's view to a trainee; a seminar group's page
not to another group; the same answers as reading afresh, in fewer queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from lms.discussions import caching, presenting, selectors, services
from lms.discussions.models import Post, SeminarGroup, Thread
from tests.lms.core.factories import UserFactory
from tests.lms.discussions.factories import course_with_people, start
from tests.lms.quizzes.factories import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.LMS_DISCUSSION_RATE_POSTS = 1000


@pytest.fixture
def people():
    people = course_with_people("CC")
    people["cy"] = UserFactory(username="cc-cy", first_name="Cy")
    enrol(people["cy"], people["course"])
    return people


def page(api_client, user, thread, query="order=oldest"):
    api_client.force_authenticate(user)
    answer = api_client.get(f"/api/v1/threads/{thread.pk}/posts/?{query}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def posts_of(data):
    """{id: post} of a page, replies included."""
    found = {}

    def walk(rows):
        for row in rows:
            found[row["id"]] = row
            walk(row.get("replies", []))

    walk(data["results"])
    return found


def html(row):
    return row["html"].strip()


def reply(people, user, body, *, thread, **fields):
    return services.post_reply(thread_id=thread.pk, user=people[user], body=body, **fields)


def test_a_page_is_kept_until_the_thread_changes(api_client, people):
    thread = start(people)
    post = reply(people, "bo", "First", thread=thread)
    assert html(posts_of(page(api_client, people["ann"], thread))[post.pk]) == "<p>First</p>"
    # A write that leaves the version alone is not seen: the page comes from the cache...
    Post.objects.filter(pk=post.pk).update(html="<p>Behind the cache's back</p>")
    assert html(posts_of(page(api_client, people["cy"], thread))[post.pk]) == "<p>First</p>"
    # ...until the version moves on (as every service that changes the posts moves it).
    Thread.objects.filter(pk=thread.pk).update(version=thread.version + 100)
    assert (html(posts_of(page(api_client, people["cy"], thread))[post.pk])
            == "<p>Behind the cache's back</p>")


def _write_reply(people, thread, post):
    return reply(people, "cy", "A new point", thread=thread)


def _write_reply_below(people, thread, post):
    return reply(people, "cy", "Below it", thread=thread, parent_id=post.pk)


def _write_edit(people, thread, post):
    services.post_edit(post_id=post.pk, user=people["bo"], body="Changed **words**")


def _write_vote(people, thread, post):
    services.post_vote(post_id=post.pk, user=people["cy"], value=1)


def _write_hide(people, thread, post):
    services.post_hide(post_id=post.pk, by=people["teacher"], reason="Off topic")


def _write_restore(people, thread, post):
    services.post_restore(post_id=post.pk, by=people["teacher"])


def _write_endorse(people, thread, post):
    services.post_endorse(post_id=post.pk, by=people["teacher"])


def _write_accept(people, thread, post):
    services.answer_accept(post_id=post.pk, by=people["ann"])


def _new_post(before, after, post):
    (new,) = set(after) - set(before)
    return new


# Each write, and what the next trainee to read the page must see of it.
WRITES = {
    "reply": (_write_reply, lambda data, post, before: (
        data["count"] == 2
        and html(posts_of(data)[_new_post(before, posts_of(data), post)]) == "<p>A new point</p>")),
    "reply below": (_write_reply_below, lambda data, post, before: [
        html(row) for row in posts_of(data)[post.pk]["replies"]] == ["<p>Below it</p>"]),
    "edit": (_write_edit, lambda data, post, before: (
        html(posts_of(data)[post.pk]) == "<p>Changed <strong>words</strong></p>"
        and posts_of(data)[post.pk]["edited_at"] is not None)),
    "vote": (_write_vote, lambda data, post, before: posts_of(data)[post.pk]["score"] == 1),
    "hide": (_write_hide, lambda data, post, before: (
        data["count"] == 0 and post.pk not in posts_of(data))),
    "restore": (_write_restore, lambda data, post, before: (
        data["count"] == 1 and post.pk in posts_of(data))),
    "endorse": (_write_endorse, lambda data, post, before: (
        (posts_of(data)[post.pk]["endorsed_by"] or {}).get("name") == "Teacher")),
    "accept": (_write_accept, lambda data, post, before: posts_of(data)[post.pk]["accepted"]),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_shows_on_the_next_read(api_client, people, write):
    thread = start(people, kind=Thread.Kind.QUESTION)
    post = reply(people, "bo", "An answer", thread=thread)
    if write == "restore":
        _write_hide(people, thread, post)
    change, shown = WRITES[write]
    before = page(api_client, people["ann"], thread)
    assert page(api_client, people["ann"], thread) == before  # kept, and read again
    assert not shown(before, post, posts_of(before))
    change(people, thread, post)
    after = page(api_client, people["ann"], thread)
    assert shown(after, post, posts_of(before)), after


def test_no_reader_sees_what_is_another_readers_own(api_client, people):
    thread = start(people)
    named = reply(people, "bo", "Named *point*", thread=thread)
    hidden_name = reply(people, "bo", "Said anonymously", thread=thread, anonymous=True)
    below = reply(people, "bo", "Also anonymous", thread=thread, parent_id=named.pk,
                  anonymous=True)
    anns = reply(people, "ann", "Ann's own", thread=thread)
    services.post_vote(post_id=named.pk, user=people["ann"], value=1)
    services.post_vote(post_id=hidden_name.pk, user=people["cy"], value=-1)

    # Bo reads first, so the page others read is the one his request kept.
    bos = posts_of(page(api_client, people["bo"], thread))
    assert [(bos[pk]["mine"], bos[pk]["body"], bos[pk]["author"]["name"])
            for pk in (named.pk, hidden_name.pk, below.pk)] == [
        (True, "Named *point*", "Bo"), (True, "Said anonymously", "Bo"),
        (True, "Also anonymous", "Bo")]
    assert not bos[anns.pk]["mine"] and bos[anns.pk]["body"] is None
    assert {pk: row["my_vote"] for pk, row in bos.items()} == dict.fromkeys(bos, 0)

    anns_page = page(api_client, people["ann"], thread)
    seen = posts_of(anns_page)
    assert seen[anns.pk]["mine"] and seen[anns.pk]["body"] == "Ann's own"
    assert seen[named.pk]["author"]["name"] == "Bo" and not seen[named.pk]["mine"]
    assert seen[named.pk]["body"] is None and seen[named.pk]["my_vote"] == 1
    for pk in (hidden_name.pk, below.pk):
        assert (seen[pk]["author"], seen[pk]["mine"], seen[pk]["body"]) == (None, False, None)
    assert {row["body"] for pk, row in seen.items() if pk != anns.pk} == {None}

    cys = posts_of(page(api_client, people["cy"], thread))
    assert cys[hidden_name.pk]["my_vote"] == -1 and cys[named.pk]["my_vote"] == 0
    assert not any(row["mine"] or row["body"] for row in cys.values())
    assert cys[hidden_name.pk]["author"] is None
    # And Bo, reading after them, still has his own.
    assert posts_of(page(api_client, people["bo"], thread))[hidden_name.pk]["mine"]


def test_the_moderator_sees_hidden_posts_the_kept_page_does_not(api_client, people):
    thread = start(people)
    kept = reply(people, "bo", "Kept", thread=thread)
    gone = reply(people, "cy", "Gone", thread=thread, anonymous=True)
    services.post_flag(post_id=kept.pk, user=people["ann"], reason="spam")
    services.post_hide(post_id=gone.pk, by=people["teacher"], reason="Rude")
    # The moderator reads first: nothing of theirs may be kept for the trainees.
    moderators = page(api_client, people["teacher"], thread)
    assert moderators["count"] == 2
    seen = posts_of(moderators)
    assert seen[gone.pk]["moderation"]["hidden"] and seen[gone.pk]["author"]["name"] == "Cy"
    assert seen[kept.pk]["moderation"]["open_flags"] == 1
    trainees = page(api_client, people["ann"], thread)
    assert trainees["count"] == 1 and list(posts_of(trainees)) == [kept.pk]
    assert "moderation" not in posts_of(trainees)[kept.pk]
    # And the other way round: a trainee's kept page is not what the moderator is shown.
    assert page(api_client, people["teacher"], thread) == moderators


def _tree_fixture(people):
    """A question with named and anonymous answers, replies two levels down, a hidden one,
    votes both ways, an endorsed and an accepted answer."""
    thread = start(people, kind=Thread.Kind.QUESTION)
    answers = [reply(people, user, f"Answer {n}", thread=thread, anonymous=n % 2 == 1)
               for n, user in enumerate(("bo", "cy", "ann", "bo", "cy"))]
    middle = reply(people, "ann", "Middle", thread=thread, parent_id=answers[0].pk,
                   anonymous=True)
    reply(people, "bo", "Deepest", thread=thread, parent_id=middle.pk)
    hidden = reply(people, "cy", "Hidden", thread=thread, parent_id=answers[2].pk)
    services.post_hide(post_id=hidden.pk, by=people["teacher"], reason="Rude")
    services.post_vote(post_id=answers[0].pk, user=people["ann"], value=1)
    services.post_vote(post_id=answers[1].pk, user=people["ann"], value=-1)
    services.post_vote(post_id=middle.pk, user=people["cy"], value=1)
    services.post_endorse(post_id=answers[3].pk, by=people["teacher"])
    services.answer_accept(post_id=answers[4].pk, by=people["ann"])
    return Thread.objects.get(pk=thread.pk)


def test_a_readers_page_from_the_kept_rows_is_what_reading_afresh_gives(people):
    thread = _tree_fixture(people)
    top = list(selectors.post_page(thread, moderator=False, ordering="oldest"))
    rows, own = presenting.shared_post_tree(top, thread)
    for name in ("ann", "bo", "cy"):
        viewer = presenting.Viewer.of(people[name], people["course"].pk)
        assert not viewer.moderator
        assert presenting.own_post_tree(rows, own, viewer) == presenting.post_tree(
            top, thread, viewer)


def test_pages_keep_the_pagination_of_the_queryset(api_client, people):
    thread = start(people)
    for n in range(12):
        reply(people, "bo", f"Point {n}", thread=thread)
    # The moderator's answers are read afresh through DRF's own pagination of the queryset.
    for query in ("page_size=5", "page=2&page_size=5", "page=last&page_size=5",
                  "order=top&page=3&page_size=5", "order=nonsense", "page_size=500"):
        trainees = page(api_client, people["ann"], thread, query)
        moderators = page(api_client, people["teacher"], thread, query)
        assert trainees["count"] == moderators["count"] == 12
        assert (trainees["next"], trainees["previous"]) == (moderators["next"],
                                                            moderators["previous"]), query
        assert [row["id"] for row in trainees["results"]] == [
            row["id"] for row in moderators["results"]], query
        assert page(api_client, people["ann"], thread, query) == trainees  # kept alike
    last = page(api_client, people["ann"], thread, "page=last&page_size=5")
    assert len(last["results"]) == 2 and last["next"] is None
    assert "page=2" in last["previous"]
    for user in (people["ann"], people["teacher"]):
        api_client.force_authenticate(user)
        for query in ("page=4&page_size=5", "page=0", "page=abc"):
            answer = api_client.get(f"/api/v1/threads/{thread.pk}/posts/?{query}")
            assert answer.status_code == 404, query
        answer = api_client.get(f"/api/v1/threads/{thread.pk}/posts/?page_size=abc")
        assert answer.status_code == 400


def test_each_seminar_group_has_its_own_kept_page(api_client, people):
    from tests.lms.core.factories import CategoryFactory

    heads, clerks = CategoryFactory(name="Heads"), CategoryFactory(name="Clerks")
    for name, category in (("ann", heads), ("bo", clerks), ("cy", heads)):
        profile = people[name].trainee_profile
        profile.category = category
        profile.save()
    thread = start(people, user=people["teacher"], kind=Thread.Kind.SEMINAR)
    services.groups_form(thread_id=thread.pk, by=people["teacher"], basis="category")
    prompt = reply(people, "teacher", "A prompt", thread=thread)
    ours = reply(people, "ann", "Heads say", thread=thread)
    theirs = reply(people, "bo", "Clerks say", thread=thread)
    assert SeminarGroup.objects.filter(thread=thread).count() == 2
    assert set(posts_of(page(api_client, people["ann"], thread))) == {prompt.pk, ours.pk}
    assert set(posts_of(page(api_client, people["bo"], thread))) == {prompt.pk, theirs.pk}
    assert set(posts_of(page(api_client, people["cy"], thread))) == {prompt.pk, ours.pk}


def test_the_key_holds_every_input_of_the_page(people):
    thread = start(people)

    class Counted:
        """Stands for counting the posts: how many times the count was asked for."""

        asked = 0

        def __call__(self):
            Counted.asked += 1
            return Counted.asked

    shape = {"ordering": "top", "side": None, "scope": Q(group_id__isnull=True) | Q(group_id=1)}
    assert caching.post_count(thread, shape, Counted()) == 1
    assert caching.post_count(thread, dict(reversed(shape.items())), Counted()) == 1  # kept
    for other in ({**shape, "ordering": "newest"}, {**shape, "side": "pro"},
                  {**shape, "scope": Q(group_id__isnull=True) | Q(group_id=2)},
                  {**shape, "scope": Q(group_id__isnull=True)}, {**shape, "scope": None},
                  {**shape, "scope": ~(Q(group_id__isnull=True) | Q(group_id=1))}):
        before = Counted.asked
        assert caching.post_count(thread, other, Counted()) == before + 1, other
    thread.version += 1
    assert caching.post_count(thread, shape, Counted()) == Counted.asked
    with pytest.raises(TypeError):  # a model instance might not tell two rows apart
        caching.post_count(thread, {**shape, "side": people["ann"]}, Counted())


def test_a_kept_page_answers_in_fewer_queries(api_client, people,
                                              django_assert_num_queries):
    thread = start(people)
    for n in range(30):
        post = reply(people, "bo", f"Point {n}", thread=thread, anonymous=n % 3 == 0)
        reply(people, "cy", "Agreed", thread=thread, parent_id=post.pk)
    url = f"/api/v1/threads/{thread.pk}/posts/?order=top"

    def as_new(user):
        # A new user object, as authentication gives each request: nothing remembered on it.
        api_client.force_authenticate(get_user_model().objects.get(pk=user.pk))

    # The thread with whether a view restriction sits above it; the reader's standing: their
    # enrolment (reading needs no word on its year's closing), their permissions (one query,
    # lms.security.backends) and the courses they teach; then the count, the page, the
    # replies at each of the two levels below it, the votes.
    as_new(people["ann"])
    with django_assert_num_queries(9):
        first = api_client.get(url).json()
    # Kept: the thread and the reader's standing, and the reader's votes.
    as_new(people["ann"])
    with django_assert_num_queries(5):
        again = api_client.get(url).json()
    assert again == first and first["count"] == 30 and len(first["results"]) == 20
    as_new(people["cy"])
    with django_assert_num_queries(5):  # another reader, the same kept page
        api_client.get(url)
