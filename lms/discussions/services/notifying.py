"""Notifications of discussions: a new post for the thread's followers, an endorsement, an
accepted answer or a hidden post for its author; and marking them read. Rows name the post,
never its author: who wrote it is decided when the notification is shown to its reader."""

from django.contrib.auth import get_backends
from django.db import transaction
from django.utils import timezone

from lms.courses.models import CoursePage
from lms.discussions.models import EmailPreference, Notification, SeminarMember, Subscription


def _may_read(post, followers, course_id):
    """Of these followers, those who may read the post: in a seminar, a group's post is for
    its members and the course's moderators only."""
    if post.group_id is None:
        return followers
    allowed = set(SeminarMember.objects.filter(group_id=post.group_id)
                  .values_list("user_id", flat=True))
    # The course's moderators (lms.courses.selectors.may_see_progress): its instructors, and
    # whoever Django's permission backends give the enrolment lists (a query each).
    allowed.update(CoursePage.instructors.through.objects.filter(
        coursepage_id=course_id, user_id__in=followers).values_list("user_id", flat=True))
    for backend in get_backends():
        if hasattr(backend, "with_perm"):
            allowed.update(backend.with_perm("lms_courses.view_enrolment")
                           .filter(pk__in=followers).values_list("pk", flat=True))
    return [user_id for user_id in followers if user_id in allowed]


def notify_followers(post, now, course_id):
    """Tell everyone following the post's thread who may read it, but its author, of the new
    post."""
    followers = _may_read(post, list(
        Subscription.objects.filter(thread_id=post.thread_id).exclude(user_id=post.author_id)
        .values_list("user_id", flat=True)), course_id)
    notes = Notification.objects.bulk_create([
        Notification(user_id=user_id, kind=Notification.Kind.REPLY, thread_id=post.thread_id,
                     post=post, created_at=now) for user_id in followers])
    _email_soon([note.pk for note in notes])


def _email_soon(ids):
    """Queue the e-mail of new notifications once the transaction that made them commits."""
    from lms.discussions.tasks import email_notifications

    if ids:
        transaction.on_commit(lambda: email_notifications.delay(ids))


def notify_author(post, kind, now, *, by=None):
    """Tell a post's author what happened to it (not when they did it themselves)."""
    if post.author_id is None or (by is not None and by.pk == post.author_id):
        return
    note, created = Notification.objects.get_or_create(
        user_id=post.author_id, kind=kind, post=post, read_at=None,
        defaults={"thread_id": post.thread_id, "created_at": now})
    if created:
        _email_soon([note.pk])


def notifications_read(*, user, ids=None, now=None):
    """Mark the user's notifications read: these `ids`, or all of them. Returns how many."""
    now = now or timezone.now()
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=now)


def email_frequency(user):
    """How the user's discussion notifications come by e-mail (the daily digest by default)."""
    chosen = EmailPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    return chosen or EmailPreference.Frequency.DAILY


def email_frequency_set(*, user, frequency):
    EmailPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})
