"""What the API shows of threads and posts, as the viewer may see them: an anonymous post's
author only to its author and the course's moderators, hidden posts only to moderators (with
why), flags only to moderators."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from lms.discussions import conf, selectors
from lms.discussions.models import Subscription
from lms.platform.markup import plain_text

EXCERPT = 140


@dataclass(frozen=True)
class Viewer:
    user: object
    moderator: bool

    @classmethod
    def of(cls, user, course_id):
        return cls(user=user, moderator=selectors.may_moderate(user, course_id))


def _person(user):
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def author_shown(post, viewer):
    """The author as this viewer may know them: None for a peer's anonymous post."""
    if post.anonymous and not viewer.moderator and post.author_id != viewer.user.pk:
        return None
    return _person(post.author)


def post_data(post, viewer, *, votes, children=None, accepted_id=None):
    """A post with, when `children` is given, the replies below it (nested)."""
    mine = viewer.user.is_authenticated and post.author_id == viewer.user.pk
    data = {
        "id": post.pk, "thread": post.thread_id, "parent": post.parent_id, "depth": post.depth,
        "author": author_shown(post, viewer), "anonymous": post.anonymous, "mine": mine,
        "html": post.html, "body": post.body if mine else None,
        "created_at": post.created_at, "edited_at": post.edited_at, "score": post.score,
        "my_vote": votes.get(post.pk, 0),
        "endorsed_by": _person(post.endorsed_by) if post.endorsed_at else None,
        "accepted": post.pk == accepted_id,
        "can_reply": post.depth < conf.get("LMS_DISCUSSION_MAX_DEPTH") and not post.hidden,
        "url": reverse("api-discussion-post", args=[post.pk]),
    }
    if viewer.moderator:
        data["moderation"] = {"hidden": post.hidden, "hidden_reason": post.hidden_reason,
                              "hidden_at": post.hidden_at, "open_flags": post.open_flags}
    if children is not None:
        data["replies"] = [post_data(child, viewer, votes=votes, children=children,
                                     accepted_id=accepted_id)
                           for child in children.get(post.pk, [])]
    return data


def thread_data(thread, opening, viewer, *, votes, following=None):
    """A thread with its opening post; `following` whether the viewer follows it."""
    return {
        "id": thread.pk, "course": thread.course_id, "page": thread.page_id,
        "kind": thread.kind, "title": thread.title,
        "author": author_shown(opening, viewer) if opening else None,
        "anonymous": bool(opening and opening.anonymous), "created_at": thread.created_at,
        "last_posted_at": thread.last_posted_at, "reply_count": thread.reply_count,
        "pinned": thread.pinned, "status": thread.status,
        "status_reason": thread.status_reason or None,
        "accepted_post": thread.accepted_post_id,
        "following": following,
        "opening": post_data(opening, viewer, votes=votes) if opening else None,
        "url": reverse("api-discussion-thread", args=[thread.pk]),
        "posts_url": reverse("api-discussion-thread-posts", args=[thread.pk]),
    }


def thread_list(threads, viewer):
    """Threads of a list page with their openings and the viewer's votes (two queries)."""
    openings = selectors.opening_posts([thread.pk for thread in threads])
    votes = selectors.my_votes(viewer.user, [post.pk for post in openings.values()])
    return [thread_data(thread, openings.get(thread.pk), viewer, votes=votes)
            for thread in threads]


def thread_detail(thread, viewer):
    openings = selectors.opening_posts([thread.pk])
    opening = openings.get(thread.pk)
    votes = selectors.my_votes(viewer.user, [opening.pk] if opening else [])
    following = (viewer.user.is_authenticated
                 and Subscription.objects.filter(thread=thread, user=viewer.user).exists())
    return thread_data(thread, opening, viewer, votes=votes, following=following)


def post_tree(top_posts, thread, viewer):
    """A page of a thread's replies, each with the replies below it (two queries: the replies
    below, the viewer's votes)."""
    children = selectors.replies_under(top_posts, moderator=viewer.moderator,
                                       max_depth=conf.get("LMS_DISCUSSION_MAX_DEPTH"))
    ids = [post.pk for post in top_posts] + [post.pk for group in children.values()
                                             for post in group]
    votes = selectors.my_votes(viewer.user, ids)
    return [post_data(post, viewer, votes=votes, children=children,
                      accepted_id=thread.accepted_post_id) for post in top_posts]


def _excerpt(html):
    text = plain_text(html)
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def notification_list(notes, user):
    """Notifications as their reader sees them: the post's author as the reader may know them
    (no one for a peer's anonymous post), an excerpt, the thread."""
    moderates = {}
    rows = []
    for note in notes:
        course_id = note.thread.course_id
        if course_id not in moderates:
            moderates[course_id] = selectors.may_moderate(user, course_id)
        viewer = Viewer(user=user, moderator=moderates[course_id])
        rows.append({
            "id": note.pk, "kind": note.kind, "text": note.get_kind_display(),
            "thread": {"id": note.thread_id, "title": note.thread.title,
                       "url": reverse("api-discussion-thread", args=[note.thread_id])},
            "page": note.thread.page_id, "post": note.post_id,
            "author": author_shown(note.post, viewer), "excerpt": _excerpt(note.post.html),
            "created_at": note.created_at, "read": note.read_at is not None,
        })
    return rows



def participation_rows(course, rows, rule):
    """The participation table of a course (for its moderators), trainees first, by name
    (one more query: the names of those who wrote without an enrolment)."""
    missing = [user_id for user_id, row in rows.items() if row["user"] is None]
    if missing:
        for user in get_user_model().objects.filter(pk__in=missing):
            rows[user.pk]["user"] = user
    people = [{"user": _person(row["user"]), "trainee": row["enrolment"] is not None,
               "threads": row["threads"], "replies": row["replies"], "upvotes": row["upvotes"],
               "endorsed": row["endorsed"],
               "counted": row["counted"] if rule is not None else None}
              for row in rows.values() if row["user"] is not None]
    people.sort(key=lambda item: (not item["trainee"], item["user"]["name"].casefold()))
    return {"course": course.pk,
            "rule": None if rule is None else {"posts_required": rule.posts_required,
                                               "due_at": rule.due_at},
            "people": people}
