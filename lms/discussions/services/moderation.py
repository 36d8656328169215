"""Moderating discussions: trainees flag posts; the course's instructors and the training office
hide and restore posts with a reason, lock, close and pin threads, endorse answers; a question's
author (or a moderator) accepts one answer."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.discussions.models import Notification, Post, PostFlag, Thread
from lms.discussions.selectors import may_moderate
from lms.discussions.services.common import (
    DiscussionRefused,
    locked,
    moderator_check,
    standing_to_write,
    thread_touched,
)
from lms.discussions.services.notifying import notify_author


def _post_locked(post_id):
    post = (locked(Post.objects).select_related("thread__course")
            .filter(pk=post_id).first())
    if post is None:
        raise DiscussionRefused("not_found", _("No such post."), status=404)
    return post


def _reason(reason):
    reason = " ".join((reason or "").split())
    if not reason:
        raise DiscussionRefused("reason_required", _("Give a reason: the author will see it."),
                                status=400)
    return reason[:500]


def post_flag(*, post_id, user, reason, note="", now=None):
    """Report a post to the moderators (once per user and post). Returns the flag."""
    now = now or timezone.now()
    if reason not in PostFlag.Reason.values:
        raise DiscussionRefused("bad_reason", _("Choose why you are flagging this post."),
                                status=400)
    with transaction.atomic():
        post = _post_locked(post_id)
        if post.hidden and not may_moderate(user, post.thread.course_id):
            raise DiscussionRefused("not_found", _("No such post."), status=404)
        standing_to_write(post.thread.course, user)
        if post.author_id == user.pk:
            raise DiscussionRefused("own_post", _("You cannot flag your own post."))
        try:
            with transaction.atomic():
                flag = PostFlag.objects.create(post=post, user=user, reason=reason,
                                               note=(note or "").strip()[:500], created_at=now)
        except IntegrityError:
            raise DiscussionRefused("already_flagged", _(
                "You have already flagged this post; the moderators will look at it."),
                status=409) from None
        Post.objects.filter(pk=post.pk).update(open_flags=post.open_flags + 1)
    return flag


def _recount(thread):
    """The thread's replies a trainee sees (not hidden, nor below a hidden post), and whether
    its opening is hidden."""
    rows = list(Post.objects.filter(thread=thread).values_list("pk", "parent_id", "hidden_at"))
    hidden = {pk for pk, _parent, at in rows if at is not None}
    parent_of = {pk: parent for pk, parent, _at in rows}

    def shown(pk):
        while pk is not None:
            if pk in hidden:
                return False
            pk = parent_of.get(pk)
        return True

    count = sum(1 for pk, parent, _at in rows if parent is not None and shown(pk))
    opening_hidden = any(parent is None and at is not None for _pk, parent, at in rows)
    Thread.objects.filter(pk=thread.pk).update(reply_count=count, opening_hidden=opening_hidden)
    thread_touched(thread.pk)


def _resolve_flags(post, by, outcome, now):
    PostFlag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=by, outcome=outcome)
    Post.objects.filter(pk=post.pk).update(open_flags=0)


def post_hide(*, post_id, by, reason, now=None):
    """Hide a post (and what hangs below it) from trainees everywhere, with a reason; its open
    flags are resolved. Hiding a thread's opening hides the thread."""
    now = now or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        post = _post_locked(post_id)
        moderator_check(by, post.thread.course_id)
        thread = locked(Thread.objects).get(pk=post.thread_id)
        if not post.hidden:
            post.hidden_at, post.hidden_by, post.hidden_reason = now, by, reason
            post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
            notify_author(post, Notification.Kind.HIDDEN, now, by=by)
        _resolve_flags(post, by, PostFlag.Outcome.HIDDEN, now)
        _recount(thread)
    return post


def flags_dismiss(*, post_id, by, now=None):
    """Keep a flagged post as it is: its open flags are dismissed."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _post_locked(post_id)
        moderator_check(by, post.thread.course_id)
        _resolve_flags(post, by, PostFlag.Outcome.DISMISSED, now)
    return post


def post_restore(*, post_id, by, now=None):
    """Show a hidden post again; flags raised since are dismissed."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _post_locked(post_id)
        moderator_check(by, post.thread.course_id)
        thread = locked(Thread.objects).get(pk=post.thread_id)
        if post.hidden:
            post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
            post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _resolve_flags(post, by, PostFlag.Outcome.DISMISSED, now)
        _recount(thread)
    return post


def thread_status_set(*, thread_id, by, status, reason="", now=None):
    """Open, lock (only moderators post) or close (nobody posts) a thread; locking and closing
    need a reason, shown in the thread."""
    now = now or timezone.now()
    if status not in Thread.Status.values:
        raise DiscussionRefused("bad_status", _("Unknown thread status."), status=400)
    with transaction.atomic():
        thread = locked(Thread.objects).filter(pk=thread_id).first()
        if thread is None:
            raise DiscussionRefused("not_found", _("No such thread."), status=404)
        moderator_check(by, thread.course_id)
        thread.status = status
        thread.status_reason = "" if status == Thread.Status.OPEN else _reason(reason)
        thread.status_changed_at, thread.status_changed_by = now, by
        thread.save(update_fields=["status", "status_reason", "status_changed_at",
                                   "status_changed_by"])
    return thread


def thread_pin(*, thread_id, by, pinned=True):
    """Pin a thread to the top of its page's list (or unpin it)."""
    thread = Thread.objects.filter(pk=thread_id).first()
    if thread is None:
        raise DiscussionRefused("not_found", _("No such thread."), status=404)
    moderator_check(by, thread.course_id)
    Thread.objects.filter(pk=thread.pk).update(pinned=bool(pinned))
    thread.pinned = bool(pinned)
    return thread


def post_endorse(*, post_id, by, endorse=True, now=None):
    """An instructor's endorsement of an answer (a reply in a question thread), or its removal."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _post_locked(post_id)
        moderator_check(by, post.thread.course_id)
        if post.thread.kind != Thread.Kind.QUESTION or post.depth != 1:
            raise DiscussionRefused("not_an_answer", _(
                "Only answers to a question are endorsed."), status=400)
        post.endorsed_at, post.endorsed_by = (now, by) if endorse else (None, None)
        post.save(update_fields=["endorsed_at", "endorsed_by"])
        thread_touched(post.thread_id)
        if endorse:
            notify_author(post, Notification.Kind.ENDORSED, now, by=by)
    return post


def answer_accept(*, post_id, by, accept=True, now=None):
    """The question's author (or a moderator) accepts one answer; accepting another replaces
    it, and `accept=False` takes it back."""
    now = now or timezone.now()
    with transaction.atomic():
        post = _post_locked(post_id)
        thread = locked(Thread.objects).get(pk=post.thread_id)
        if thread.author_id != by.pk and not may_moderate(by, thread.course_id):
            raise DiscussionRefused("not_yours", _(
                "Only the person who asked, or a moderator, accepts an answer."))
        if thread.kind != Thread.Kind.QUESTION or post.depth != 1 or post.hidden:
            raise DiscussionRefused("not_an_answer", _(
                "Only a visible answer to a question is accepted."), status=400)
        if accept:
            thread.accepted_post = post
            notify_author(post, Notification.Kind.ACCEPTED, now, by=by)
        elif thread.accepted_post_id == post.pk:
            thread.accepted_post = None
        thread.save(update_fields=["accepted_post"])
        thread_touched(thread.pk)
    return thread
