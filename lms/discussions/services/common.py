"""What the writes of lms.discussions share: their refusal, the checks of who may write on a
course, and the text of a post (length, Markdown rendered once and sanitised)."""

from datetime import timedelta

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.discussions import conf
from lms.discussions.models import Post, Thread
from lms.discussions.selectors import course_standing, may_moderate
from lms.platform.markup import markdown_html
from lms.platform.refusals import Refused


class DiscussionRefused(Refused):
    """A discussion rule says no (see lms.platform.refusals.Refused)."""


def standing_to_write(course, user):
    """The user's CourseStanding on the course if they may write in its discussions (trainees
    on the course in an open year, its instructors and staff), else DiscussionRefused."""
    if not user.is_authenticated:
        raise DiscussionRefused("not_authenticated", _("Sign in to take part."), status=401)
    standing = course_standing(course, user)
    if not standing.may_take:
        if standing.enrolment is not None and standing.year_closed:
            raise DiscussionRefused("year_closed", _(
                "This course's training year is closed: its discussions are read only."))
        raise DiscussionRefused("not_enrolled", _(
            "Only trainees on this course, its instructors and the training office take part "
            "in its discussions."))
    return standing


def moderator_check(user, course_id):
    if not may_moderate(user, course_id):
        raise DiscussionRefused("not_moderator", _(
            "Only the course's instructors and the training office moderate its discussions."))


def open_check(thread, user):
    """Posts go into open threads; a locked thread takes only its moderators' posts."""
    if thread.status == Thread.Status.CLOSED:
        raise DiscussionRefused("thread_closed", _(
            "This thread is closed: it takes no more posts."), status=409)
    if thread.status == Thread.Status.LOCKED and not may_moderate(user, thread.course_id):
        raise DiscussionRefused("thread_locked", _(
            "This thread is locked by a moderator: it takes no posts for now."), status=409)


def rate_check(user, now, moderator):
    """At most LMS_DISCUSSION_RATE_POSTS posts in LMS_DISCUSSION_RATE_SECONDS by a trainee."""
    if moderator:
        return
    limit = conf.get("LMS_DISCUSSION_RATE_POSTS")
    seconds = conf.get("LMS_DISCUSSION_RATE_SECONDS")
    recent = Post.objects.filter(author=user, created_at__gt=now - timedelta(seconds=seconds))
    if recent.count() >= limit:
        raise DiscussionRefused("rate_limited", ngettext(
            "You have written %(count)d post in the last %(minutes)d minutes: wait a little "
            "before posting again.",
            "You have written %(count)d posts in the last %(minutes)d minutes: wait a little "
            "before posting again.", limit) % {"count": limit,
                                               "minutes": max(1, seconds // 60)}, status=429)


def rendered(body):
    """(Markdown as written, safe HTML) of a post's text, or DiscussionRefused if it is empty
    or too long."""
    text = (body or "").strip()
    if not text:
        raise DiscussionRefused("empty_post", _("Write something first."), status=400)
    limit = conf.get("LMS_DISCUSSION_MAX_LENGTH")
    if len(text) > limit:
        raise DiscussionRefused("post_too_long", _(
            "A post is at most %(limit)d characters; this one has %(length)d.") % {
                "limit": limit, "length": len(text)}, status=400)
    return text, markdown_html(text)


def locked(rows):
    """`rows` (a queryset) to lock for an update of theirs, as every write here locks them:
    the rows of this model only, and FOR NO KEY UPDATE on PostgreSQL, which still lets a post
    or a vote referring to the row be inserted meanwhile (its foreign key's KEY SHARE lock) —
    a plain FOR UPDATE there would deadlock a vote on a post with a reply to it."""
    return rows.select_for_update(of=("self",), no_key=True)


def thread_touched(thread_id):
    """Raise the thread's version: what is cached of its posts is read afresh. Called inside
    the transaction of every write that changes what the thread's posts show."""
    Thread.objects.filter(pk=thread_id).update(version=F("version") + 1)
