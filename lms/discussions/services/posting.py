"""Writing in discussions: starting a thread, replying, editing (earlier versions kept), voting
and following a thread."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses.services import completion_check
from lms.discussions import conf
from lms.discussions.models import (
    ParticipationRule,
    Post,
    PostRevision,
    PostVote,
    Subscription,
    Thread,
)
from lms.discussions.selectors import may_moderate
from lms.discussions.services.common import (
    DiscussionRefused,
    locked,
    open_check,
    rate_check,
    rendered,
    standing_to_write,
    thread_touched,
)
from lms.discussions.services.debating import (
    debate_create,
    debate_setup_checked,
    speech_check,
)
from lms.discussions.services.notifying import notify_followers
from lms.discussions.services.seminars import post_group

# Trainees start discussions and questions; seminars and debates are set up by the course's
# instructors and the training office.
TRAINEE_KINDS = (Thread.Kind.DISCUSSION, Thread.Kind.QUESTION)


def _page_check(course, page):
    """A thread's page is one below the course (a lecture); the course itself is its board."""
    if page is None or page.pk == course.pk:
        return None
    if not (page.path.startswith(course.path) and page.depth > course.depth):
        raise DiscussionRefused("page_not_in_course", _(
            "That page is not part of this course."), status=400)
    return page


def _participation_check(enrolment, course_id, now):
    """A post may complete the course when it requires participation."""
    if enrolment is not None and ParticipationRule.objects.filter(course_id=course_id).exists():
        completion_check(enrolment=enrolment, now=now)


def _follow(thread, user, now):
    Subscription.objects.get_or_create(thread=thread, user=user, defaults={"created_at": now})


def thread_start(*, course, user, title, body, kind=Thread.Kind.DISCUSSION, page=None,
                 anonymous=False, debate=None, now=None):
    """Start a thread on a course's page (or its board) with its opening post; its author
    follows it. A debate needs `debate`: {"motion", "side_mode", "rounds": [{"kind",
    "opens_at", "closes_at"}]}. Returns the thread."""
    now = now or timezone.now()
    standing = standing_to_write(course, user)
    moderator = standing.oversees
    if kind not in Thread.Kind.values:
        raise DiscussionRefused("bad_kind", _("Unknown kind of thread."), status=400)
    if kind not in TRAINEE_KINDS and not moderator:
        raise DiscussionRefused("kind_for_moderators", _(
            "Seminars and debates are set up by the course's instructors."))
    page = _page_check(course, page)
    title = " ".join((title or "").split())
    if not title:
        raise DiscussionRefused("empty_title", _("Give the thread a title."), status=400)
    if len(title) > Thread._meta.get_field("title").max_length:
        raise DiscussionRefused("title_too_long", _("A title is at most 200 characters."),
                                status=400)
    text, html = rendered(body)
    if debate and kind != Thread.Kind.DEBATE:
        raise DiscussionRefused("not_a_debate", _(
            "Only a debate has a motion and rounds."), status=400)
    debate_setup = debate_setup_checked(debate) if kind == Thread.Kind.DEBATE else None
    # Instructors and staff speak in their own name.
    anonymous = bool(anonymous) and not moderator
    with transaction.atomic():
        rate_check(user, now, moderator)
        thread = Thread.objects.create(
            course=course, page=page, kind=kind, title=title, author=user,
            created_at=now, last_posted_at=now)
        enrolment = standing.enrolment if standing.records_progress else None
        Post.objects.create(thread=thread, depth=0, author=user, anonymous=anonymous, body=text,
                            html=html, created_at=now, enrolment=enrolment)
        if debate_setup is not None:
            debate_create(thread, debate_setup)
        _follow(thread, user, now)
        _participation_check(enrolment, course.pk, now)
    return thread


def post_reply(*, thread_id, user, body, parent_id=None, anonymous=False, side=None, now=None):
    """Reply to a thread's opening (no `parent_id`) or to one of its posts, nested at most
    LMS_DISCUSSION_MAX_DEPTH deep; the thread's counters follow and the author follows the
    thread. In a debate a trainee speaks for their side (`side`, if given, must be theirs)
    while a round is open; in a seminar a trainee writes in their group's space. Returns the
    post."""
    now = now or timezone.now()
    text, html = rendered(body)
    with transaction.atomic():
        # The thread's row is the lock its counters and status are kept under.
        thread = (locked(Thread.objects).select_related("course")
                  .filter(pk=thread_id).first())
        if thread is None:
            raise DiscussionRefused("not_found", _("No such thread."), status=404)
        standing = standing_to_write(thread.course, user)
        moderator = standing.oversees
        if not moderator and thread.opening_hidden:
            raise DiscussionRefused("not_found", _("No such thread."), status=404)
        open_check(thread, user)
        parents = Post.objects.filter(thread=thread)
        parent = (parents.filter(pk=parent_id) if parent_id else parents.filter(depth=0)).first()
        if parent is None or (parent.hidden and not moderator):
            raise DiscussionRefused("parent_not_found", _(
                "The post you are replying to is not in this thread."), status=400)
        # Another group's post is refused as if it did not exist, before anything about it
        # (its depth) is told.
        group_id = (post_group(thread, standing, parent)
                    if thread.kind == Thread.Kind.SEMINAR else None)
        if parent.depth + 1 > conf.get("LMS_DISCUSSION_MAX_DEPTH"):
            raise DiscussionRefused("too_deep", _(
                "Replies nest only so deep: reply to the post above this one."), status=400)
        speech_side, debate_round = "", None
        if thread.kind == Thread.Kind.DEBATE:
            # Debaters speak in their own name: their side's debaters are listed by name.
            if anonymous and not moderator:
                raise DiscussionRefused("anonymous_in_debate", _(
                    "In a debate everyone speaks in their own name."), status=400)
            speech_side, debate_round = speech_check(thread, standing, side, now)
        elif side:
            raise DiscussionRefused("not_a_debate", _(
                "Only debates have sides."), status=400)
        rate_check(user, now, moderator)
        post = Post.objects.create(
            thread=thread, parent=parent, depth=parent.depth + 1, author=user,
            anonymous=bool(anonymous) and not moderator, body=text, html=html, created_at=now,
            enrolment=standing.enrolment if standing.records_progress else None,
            side=speech_side, round=debate_round, group_id=group_id)
        Thread.objects.filter(pk=thread.pk).update(reply_count=thread.reply_count + 1,
                                                   last_posted_at=now, version=F("version") + 1)
        _follow(thread, user, now)
        notify_followers(post, now, thread.course_id)
        _participation_check(post.enrolment, thread.course_id, now)
    return post


def post_edit(*, post_id, user, body, now=None):
    """The author rewrites their post; what it said before is kept as a revision. Not in a
    closed or locked thread, nor once hidden."""
    now = now or timezone.now()
    text, html = rendered(body)
    with transaction.atomic():
        post = (locked(Post.objects).select_related("thread")
                .filter(pk=post_id).first())
        if post is None or post.author_id != user.pk:
            raise DiscussionRefused("not_yours", _("Only its author edits a post."))
        if post.hidden:
            raise DiscussionRefused("post_hidden", _(
                "A moderator hid this post: it cannot be edited."), status=409)
        open_check(post.thread, user)
        if text == post.body:
            return post
        PostRevision.objects.create(post=post, body=post.body,
                                    written_at=post.edited_at or post.created_at,
                                    replaced_at=now, replaced_by=user)
        post.body, post.html, post.edited_at = text, html, now
        post.save(update_fields=["body", "html", "edited_at"])
        thread_touched(post.thread_id)
    return post


def post_vote(*, post_id, user, value, now=None):
    """The user's vote on a post: +1, -1, or 0 to take it back. One vote per user and post,
    however many requests race; not on one's own post nor a hidden one. Returns the post with
    its score."""
    now = now or timezone.now()
    if value not in (-1, 0, 1):
        raise DiscussionRefused("bad_vote", _("A vote is 1, -1 or 0."), status=400)
    with transaction.atomic():
        # The post's row is the lock its score is kept under.
        post = (locked(Post.objects).select_related("thread__course")
                .filter(pk=post_id).first())
        if post is None or (post.hidden and not may_moderate(user, post.thread.course_id)):
            raise DiscussionRefused("not_found", _("No such post."), status=404)
        standing_to_write(post.thread.course, user)
        if post.author_id == user.pk:
            raise DiscussionRefused("own_post", _("You cannot vote on your own post."))
        vote = PostVote.objects.filter(post=post, user=user).first()
        old = vote.value if vote else 0
        if value == old:
            return post
        if vote is None:
            try:
                with transaction.atomic():
                    PostVote.objects.create(post=post, user=user, value=value, created_at=now)
            except IntegrityError:  # a racing request of the same user got there first
                return Post.objects.get(pk=post.pk)
        elif value == 0:
            vote.delete()
        else:
            vote.value, vote.created_at = value, now
            vote.save(update_fields=["value", "created_at"])
        post.score += value - old
        Post.objects.filter(pk=post.pk).update(score=post.score)
        thread_touched(post.thread_id)
    return post


def thread_subscribe(*, thread_id, user, follow=True, now=None):
    """Follow a thread (or stop following it) to hear of its new posts."""
    now = now or timezone.now()
    thread = Thread.objects.select_related("course").filter(pk=thread_id).first()
    if thread is None:
        raise DiscussionRefused("not_found", _("No such thread."), status=404)
    standing = standing_to_write(thread.course, user) if follow else None
    if follow and standing is not None:
        _follow(thread, user, now)
    else:
        Subscription.objects.filter(thread=thread, user=user).delete()
    return follow
