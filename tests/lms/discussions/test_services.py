"""Discussions through the services: who may write where, nesting, editing with history, votes,
flags, hiding, locking and closing, questions with endorsed and accepted answers."""

import pytest
from django.utils import timezone

from lms.discussions import services
from lms.discussions.models import Post, PostFlag, PostRevision, PostVote, Subscription, Thread
from lms.discussions.services import DiscussionRefused
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.discussions.factories import course_with_people, debate_setup, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return course_with_people()


def refused(code, call, **kwargs):
    with pytest.raises(DiscussionRefused) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_trainee_starts_a_thread_and_follows_it(people):
    thread = start(people, body="Budgets <script>alert(1)</script> **matter**")
    opening = thread.posts.get()
    assert (opening.depth, opening.author, thread.page_id) == (0, people["ann"],
                                                               people["lecture"].pk)
    assert "<strong>matter</strong>" in opening.html and "<script" not in opening.html
    assert opening.enrolment.user == people["ann"]
    assert Subscription.objects.filter(thread=thread, user=people["ann"]).exists()


def test_only_people_of_the_course_write(people):
    stranger = UserFactory(username="stranger")
    refused("not_enrolled", start, people=people, user=stranger)
    other = make_course("D9", lectures=1)
    refused("page_not_in_course", services.thread_start, course=people["course"],
            page=other.get_children().first(), user=people["ann"], title="x", body="y")
    refused("kind_for_moderators", start, people=people, kind=Thread.Kind.DEBATE)
    refused("empty_title", start, people=people, title="   ")
    refused("empty_post", start, people=people, body="  ")
    refused("motion_required", start, people=people, user=people["teacher"],
            kind=Thread.Kind.DEBATE)
    assert not Thread.objects.exists() and not Post.objects.exists()
    debate = start(people, user=people["teacher"], kind=Thread.Kind.DEBATE,
                   debate=debate_setup(timezone.now()))
    assert debate.kind == "debate" and debate.debate.rounds.count() == 3


def test_replies_nest_to_a_bounded_depth_and_count(people):
    thread = start(people)
    one = services.post_reply(thread_id=thread.pk, user=people["bo"], body="Depth one")
    two = services.post_reply(thread_id=thread.pk, user=people["ann"], body="Two",
                              parent_id=one.pk)
    three = services.post_reply(thread_id=thread.pk, user=people["bo"], body="Three",
                                parent_id=two.pk)
    assert [one.depth, two.depth, three.depth] == [1, 2, 3]
    refused("too_deep", services.post_reply, thread_id=thread.pk, user=people["ann"],
            body="Four", parent_id=three.pk)
    other = start(people, title="Another")
    refused("parent_not_found", services.post_reply, thread_id=thread.pk, user=people["ann"],
            body="x", parent_id=other.posts.get().pk)
    thread.refresh_from_db()
    assert thread.reply_count == 3
    assert Subscription.objects.filter(thread=thread).count() == 2


def test_edits_keep_the_earlier_text(people):
    thread = start(people)
    opening = thread.posts.get()
    services.post_edit(post_id=opening.pk, user=people["ann"], body="Second thoughts")
    services.post_edit(post_id=opening.pk, user=people["ann"], body="Third thoughts")
    opening.refresh_from_db()
    assert opening.body == "Third thoughts" and opening.edited_at is not None
    assert list(PostRevision.objects.filter(post=opening).order_by("pk")
                .values_list("body", flat=True)) == ["Let us *discuss*.", "Second thoughts"]
    refused("not_yours", services.post_edit, post_id=opening.pk, user=people["bo"], body="Mine")


def test_one_vote_per_person_kept_in_the_score(people):
    thread = start(people)
    opening = thread.posts.get()
    vote = services.post_vote
    assert vote(post_id=opening.pk, user=people["bo"], value=1).score == 1
    assert vote(post_id=opening.pk, user=people["bo"], value=1).score == 1  # again: no change
    assert vote(post_id=opening.pk, user=people["teacher"], value=1).score == 2
    assert vote(post_id=opening.pk, user=people["bo"], value=-1).score == 0
    assert vote(post_id=opening.pk, user=people["bo"], value=0).score == 1
    assert PostVote.objects.filter(post=opening).count() == 1
    refused("own_post", vote, post_id=opening.pk, user=people["ann"], value=1)
    refused("bad_vote", vote, post_id=opening.pk, user=people["bo"], value=5)
    opening.refresh_from_db()
    assert opening.score == 1


def test_flags_hide_and_restore(people):
    thread = start(people)
    reply = services.post_reply(thread_id=thread.pk, user=people["bo"], body="Rude words")
    below = services.post_reply(thread_id=thread.pk, user=people["ann"], body="Reply",
                                parent_id=reply.pk)
    services.post_flag(post_id=reply.pk, user=people["ann"], reason="abuse")
    refused("already_flagged", services.post_flag, post_id=reply.pk, user=people["ann"],
            reason="spam")
    refused("own_post", services.post_flag, post_id=reply.pk, user=people["bo"], reason="spam")
    reply.refresh_from_db()
    assert reply.open_flags == 1
    refused("not_moderator", services.post_hide, post_id=reply.pk, by=people["ann"],
            reason="x")
    refused("reason_required", services.post_hide, post_id=reply.pk, by=people["teacher"],
            reason=" ")
    services.post_hide(post_id=reply.pk, by=people["teacher"], reason="Disrespectful")
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.hidden and reply.open_flags == 0 and thread.reply_count == 0
    assert PostFlag.objects.get().outcome == "hidden"
    # Hidden: no replies to it, no votes, no flags, no edits by trainees.
    refused("parent_not_found", services.post_reply, thread_id=thread.pk, user=people["ann"],
            body="x", parent_id=reply.pk)
    refused("not_found", services.post_vote, post_id=reply.pk, user=people["ann"], value=1)
    refused("post_hidden", services.post_edit, post_id=reply.pk, user=people["bo"], body="x")
    services.post_restore(post_id=reply.pk, by=people["teacher"])
    thread.refresh_from_db()
    assert thread.reply_count == 2 and below.pk


def test_locked_and_closed_threads(people):
    thread = start(people)
    refused("reason_required", services.thread_status_set, thread_id=thread.pk,
            by=people["teacher"], status="locked")
    services.thread_status_set(thread_id=thread.pk, by=people["teacher"], status="locked",
                               reason="Cooling off")
    refused("thread_locked", services.post_reply, thread_id=thread.pk, user=people["bo"],
            body="x")
    refused("thread_locked", services.post_edit, post_id=thread.posts.get().pk,
            user=people["ann"], body="changed")
    services.post_reply(thread_id=thread.pk, user=people["teacher"], body="A moderator's note")
    services.thread_status_set(thread_id=thread.pk, by=people["teacher"], status="closed",
                               reason="Done")
    refused("thread_closed", services.post_reply, thread_id=thread.pk, user=people["teacher"],
            body="x")
    refused("not_moderator", services.thread_status_set, thread_id=thread.pk,
            by=people["ann"], status="open")
    thread.refresh_from_db()
    assert (thread.status, thread.status_reason, thread.reply_count) == ("closed", "Done", 1)


def test_questions_endorsed_and_accepted(people):
    question = start(people, kind=Thread.Kind.QUESTION, title="Which law governs budgets?")
    answer = services.post_reply(thread_id=question.pk, user=people["bo"], body="The Budget Law")
    comment = services.post_reply(thread_id=question.pk, user=people["ann"], body="Sure?",
                                  parent_id=answer.pk)
    refused("not_moderator", services.post_endorse, post_id=answer.pk, by=people["ann"])
    refused("not_an_answer", services.post_endorse, post_id=comment.pk, by=people["teacher"])
    assert services.post_endorse(post_id=answer.pk, by=people["teacher"]).endorsed_by == (
        people["teacher"])
    refused("not_yours", services.answer_accept, post_id=answer.pk, by=people["bo"])
    assert services.answer_accept(post_id=answer.pk, by=people["ann"]).accepted_post == answer
    discussion = start(people, title="Plain")
    reply = services.post_reply(thread_id=discussion.pk, user=people["bo"], body="x")
    refused("not_an_answer", services.answer_accept, post_id=reply.pk, by=people["ann"])


def test_posting_is_rate_limited(people, settings):
    settings.LMS_DISCUSSION_RATE_POSTS = 3
    thread = start(people)
    for n in range(2):
        services.post_reply(thread_id=thread.pk, user=people["ann"], body=f"Reply {n}")
    error = refused("rate_limited", services.post_reply, thread_id=thread.pk,
                    user=people["ann"], body="One too many")
    assert error.status == 429
    for n in range(4):  # moderators are not limited
        services.post_reply(thread_id=thread.pk, user=people["teacher"], body=f"Note {n}")
    later = timezone.now() + timezone.timedelta(minutes=10)
    services.post_reply(thread_id=thread.pk, user=people["ann"], body="Later", now=later)


def test_moderators_post_in_their_own_name(people):
    thread = start(people, user=people["teacher"], anonymous=True)
    assert not thread.posts.get().anonymous
    mine = start(people, anonymous=True, title="Anonymous")
    assert mine.posts.get().anonymous


def test_hiding_the_opening_marks_the_thread_and_the_migration_marks_earlier_ones(people):
    from importlib import import_module

    from django.apps import apps

    thread, other = start(people), start(people, title="Another")
    opening = thread.posts.get(depth=0)
    services.post_hide(post_id=opening.pk, by=people["teacher"], reason="Off topic")
    thread.refresh_from_db()
    assert thread.opening_hidden
    services.post_restore(post_id=opening.pk, by=people["teacher"])
    thread.refresh_from_db()
    assert not thread.opening_hidden
    # A reply hidden is not the opening.
    reply = services.post_reply(thread_id=thread.pk, user=people["bo"], body="x")
    services.post_hide(post_id=reply.pk, by=people["teacher"], reason="Rude")
    thread.refresh_from_db()
    assert not thread.opening_hidden
    # Openings hidden before the column existed: the migration's data step marks their threads.
    Post.objects.filter(pk=other.posts.get(depth=0).pk).update(hidden_at=timezone.now())
    migration = import_module("lms.discussions.migrations.0002_thread_opening_hidden")
    migration.mark_hidden_openings(apps, None)
    assert set(Thread.objects.filter(opening_hidden=True).values_list("pk", flat=True)) == {
        other.pk}
